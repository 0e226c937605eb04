"""The article list: a lazy table model over row ids, search and filters."""

from framedesk.ui.article_list.model import ID_ROLE, ArticleTableModel
from framedesk.ui.article_list.panel import ArticleListPanel

__all__ = ["ID_ROLE", "ArticleListPanel", "ArticleTableModel"]
