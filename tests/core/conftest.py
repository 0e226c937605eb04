"""Fixtures of the entity tests: one loaded pipeline per session (loading costs about
0.3 s), and projects holding the two seed articles as the importer cleans them."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def recognizer():
    from framedesk.core.nlp.entities import EntityRecognizer

    return EntityRecognizer()


@pytest.fixture(scope="session")
def seed_drafts(seeds_dir: Path) -> list:
    """The seeds cleaned by the plain-text importer, in file order (000 before 004)."""
    from framedesk.core.exchange.plaintext import read_plaintext

    drafts = []
    for path in sorted(seeds_dir.glob("*.txt")):
        drafts.extend(read_plaintext(path, path.read_text(encoding="utf-8")))
    return drafts


@pytest.fixture
def seeded(project, seed_drafts, recognizer):
    """A project with both seeds imported and their entities found; returns the ids."""
    from framedesk.core.nlp.entities import annotate_articles

    ids = [article_id for article_id, _ in project.articles.add_many(seed_drafts)]
    annotate_articles(project, ids)
    return ids
