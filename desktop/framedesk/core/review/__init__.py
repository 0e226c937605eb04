"""Reviewing colleagues' files: open safely, compare, measure agreement, merge into a gold file.

Qt-free: the CLI (`framedesk agree`, `framedesk merge`) and the review window use the same API.
"""
