"""The dashboard: the corpus in charts (see install.py)."""
