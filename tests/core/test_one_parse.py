"""One parse for entities and suggestions (core/nlp/one_parse.py): an import that wants both
gets what the two runs one after the other gave, from a single nlp.pipe over the articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from framedesk.core.importing import import_paths
from framedesk.core.nlp import one_parse
from framedesk.core.nlp.attribution import suggest_for_articles
from framedesk.core.nlp.entities import annotate_articles
from framedesk.core.store import Project


def _what_the_analyst_sees(project: Project) -> tuple[set, set]:
    names = dict(project.db.execute("SELECT id, name FROM entities"))
    mentions = {(m.article_id, m.start, m.end, m.label, names.get(m.entity_id))
                for a in project.articles.ids() for m in project.entities.mentions(a)}
    suggestions = {(a.article_id, a.source and (a.source.start, a.source.end),
                    a.cue and (a.cue.start, a.cue.end),
                    a.content and (a.content.start, a.content.end), names.get(a.entity_id))
                   for i in project.articles.ids() for a in project.attributions.list(i)}
    return mentions, suggestions


def test_one_parse_gives_what_two_runs_gave(tmp_path: Path, seeds_dir: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    parses: list[int] = []
    real = one_parse.annotate_and_suggest

    def counted(*args, **kwargs):
        parses.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(one_parse, "annotate_and_suggest", counted)
    import framedesk.core.importing as importing
    monkeypatch.setattr(importing, "ONE_PARSE", True)   # off by default: see importing.py
    with Project.create(tmp_path / "one.framedesk", annotator="Ana") as one:
        summary = import_paths(one, [seeds_dir])
        assert summary.ok and summary.mentions > 0 and summary.suggestions > 0
        assert parses == [1]
        got = _what_the_analyst_sees(one)
    with Project.create(tmp_path / "two.framedesk", annotator="Ana") as two:
        summary = import_paths(two, [seeds_dir], entities=False, attributions=False)
        annotate_articles(two, summary.new_ids)
        suggest_for_articles(two, summary.new_ids)
        expected = _what_the_analyst_sees(two)
    assert got[1] == expected[1]                      # the same suggestions, same sources
    assert len(got[0] ^ expected[0]) <= len(expected[0]) // 50   # mentions: 98% the same


def test_only_the_articles_asked_for_get_suggestions(project: Project, seeds_dir: Path) -> None:
    summary = import_paths(project, [seeds_dir], entities=False, attributions=False)
    first, second = summary.new_ids
    mentions, added = one_parse.annotate_and_suggest(project, [first, second], [second])
    assert mentions > 0 and added > 0
    assert project.attributions.list(first) == []
    assert project.attributions.list(second)
    assert project.entities.mentions(first) and project.entities.mentions(second)
