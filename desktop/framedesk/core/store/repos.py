"""Hangs the per-topic stores on a Project (project.articles, project.entities, ...), so each
topic's queries live in a small module of their own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from framedesk.core.stories import StoryStore
from framedesk.core.store.articles import ArticleStore
from framedesk.core.store.attributions import AttributionStore
from framedesk.core.store.codebooks import CodebookStore
from framedesk.core.store.coding import CodingStore
from framedesk.core.store.entities import EntityStore

if TYPE_CHECKING:
    from framedesk.core.store.project import Project


def attach_repositories(project: Project) -> None:
    project.articles = ArticleStore(project)
    project.entities = EntityStore(project)
    project.coding = CodingStore(project)
    project.attributions = AttributionStore(project)
    project.stories = StoryStore(project)
    project.codebooks = CodebookStore(project)
