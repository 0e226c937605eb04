"""The Qt-free domain of Framedesk: articles, annotations, the project file, NLP, exchange.

Nothing below this package may import PySide6 or framedesk.ui (an import-linter contract
in pyproject.toml and tests/core/test_layering.py enforce it).
"""
