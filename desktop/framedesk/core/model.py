"""Plain dataclasses of the domain. Offsets are Python string indices (code points) into
`Article.text`, end exclusive, everywhere in the core, the store and the exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUSES = ("todo", "in_progress", "done", "skipped")
ATTRIBUTION_STATUSES = ("suggested", "accepted", "manual", "rejected")
MANUAL = "manual"


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(slots=True)
class ArticleDraft:
    """An article as an importer reads it, before it has an id in a project."""

    text: str
    title: str = ""
    raw: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    source_file: str | None = None
    status: str = "todo"
    extra: dict[str, Any] = field(default_factory=dict)
    # Annotations that came with the file (our own JSONL, other tools' exports).
    annotations: ImportedAnnotations | None = None
    # Store `text` exactly as the file had it (an annotation tool's file: brat, UIMA, WebAnno),
    # not normalised as scraped text is, so a round trip lines up with the tool's own files.
    keep_text: bool = False


@dataclass(slots=True)
class ImportedAnnotations:
    spans: list[dict[str, Any]] = field(default_factory=list)
    frames: list[dict[str, Any]] = field(default_factory=list)
    tone: str | None = None
    frame_cues: list[dict[str, Any]] = field(default_factory=list)
    attributions: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    memo: str | None = None
    annotator: str | None = None
    # The story the exporting project put the article in: (its story id there, its name).
    story: tuple[Any, str | None] | None = None


@dataclass(slots=True)
class Article:
    id: int
    uid: str
    title: str
    text: str
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    source_file: str | None = None
    status: str = "todo"
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Mention:
    """An entity mention: the article's own spelling, linked to one canonical entity."""

    id: int | None
    article_id: int
    start: int
    end: int
    label: str
    text: str
    canonical: str | None = None
    entity_id: int | None = None
    origin: str = MANUAL
    status: str = "auto"  # auto | manual | deleted (a deletion that survives re-running NER)
