"""Entity corrections in the window: the reader's context menu and the aliases editor."""
