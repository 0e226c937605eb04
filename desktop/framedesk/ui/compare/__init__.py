"""The compare view: one story's articles side by side (see install.py)."""
