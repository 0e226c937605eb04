"""Entry point PyInstaller freezes: the same `framedesk` command as the console script."""

import sys

from framedesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
