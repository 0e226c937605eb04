"""Sourcing in the window: attribution layers, the Sources panel and form, keys, the corpus
sourcing table and the article list's sourcing filter (install.py wires them in)."""
