"""Coding an article: frames, tone, cues, status and memo, with undo (issue 4).

`install_coding(window)` plugs it into the main window; `CodingUI` works in any host."""
