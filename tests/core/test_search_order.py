"""A plain search in import order is answered from the search index alone (ArticleStore.ids
fast path): it must list exactly what the general filtered query lists, in the same order."""

from __future__ import annotations

from framedesk.core.model import STATUSES, ArticleDraft
from framedesk.core.store import Project
from framedesk.core.store.articles import ArticleFilter


def _both(project: Project, query: str, descending: bool) -> tuple[list[int], list[int]]:
    plain = project.articles.ids(ArticleFilter(query=query), descending=descending)
    general = project.articles.ids(ArticleFilter(query=query, statuses=STATUSES),
                                   descending=descending)
    return plain, general


def test_plain_search_lists_what_the_filtered_query_lists(project: Project) -> None:
    texts = [f"Report {i}\n\nTalks in {'Kyiv' if i % 2 else 'Geneva'} on day {i}."
             for i in range(12)]
    ids = [i for i, _ in project.articles.add_many(ArticleDraft(text=t) for t in texts)]
    with project.atomic() as db:
        db.execute("DELETE FROM articles WHERE id = ?", [ids[1]])          # a Kyiv hit gone
        db.execute("UPDATE articles SET text = 'Now about Kyiv' WHERE id = ?", [ids[2]])
        late = db.execute("INSERT INTO articles (uid, title, text, imported_at, updated_at)"
                          " VALUES ('x1', 'Kyiv late', 'Kyiv, not yet indexed', 'now', 'now')"
                          ).lastrowid
    assert project.articles.pending_count() == 1
    for descending in (False, True):
        plain, general = _both(project, "Kyiv", descending)
        assert plain == general
        expected = [ids[2]] + [ids[i] for i in range(3, 12, 2)] + [late]  # late: pending
        assert plain == (sorted(expected, reverse=descending))
    project.articles.index_pending()   # the row inserted by other means goes into the index
    plain, general = _both(project, "kyi", False)
    assert plain == general and len(plain) == 7
    assert project.articles.ids(ArticleFilter(query="!!!")) == project.articles.ids()
