"""The sourcing attributes as the analyst sees them: ids, labels, order, from the codebook.

The project's own sourcing codebook wins (the analyst may have edited it); otherwise the
shipped one. Nothing here writes to the project.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from framedesk.core.codebook import Code, load_shipped
from framedesk.core.errors import CodebookError
from framedesk.core.store import Project
from framedesk.core.store.attributions import Attribution

ATTRIBUTE_TITLES = {
    "quote_type": "Quote",
    "identification": "Identification",
    "source_type": "Source type",
    "certainty": "Certainty",
}
STATUS_TITLES = {"suggested": "suggested", "accepted": "accepted", "manual": "added by hand",
                 "rejected": "rejected"}
UNNAMED_FLAGS = ("affiliation", "reason", "inside_knowledge")


@dataclass(slots=True)
class Vocabulary:
    lists: dict[str, list[Code]] = field(default_factory=dict)

    @classmethod
    def for_project(cls, project: Project | None) -> Vocabulary:
        book = None
        if project is not None:
            book = next(iter(project.codebooks.all("sourcing")), None)
        if book is None:
            try:
                book = load_shipped("sourcing")
            except (CodebookError, OSError):
                return cls()
        return cls(book.attributes)

    def codes(self, attribute: str) -> list[Code]:
        return self.lists.get(attribute, [])

    def label(self, attribute: str, code_id: str | None) -> str:
        if not code_id:
            return "not set"
        found = next((c for c in self.codes(attribute) if c.id == code_id), None)
        return found.label if found else code_id.replace("_", " ")

    def colour(self, attribute: str, code_id: str | None) -> str | None:
        found = next((c for c in self.codes(attribute) if c.id == code_id), None)
        return found.color if found else None

    def describe(self, a: Attribution, text: str) -> list[str]:
        """Plain lines for a tooltip: the three parts and the attributes."""
        def part(name: str, span) -> str:
            if span is None:
                return f"{name}: (none)"
            words = " ".join(text[span.start:span.end].split())
            return f"{name}: {words[:117] + '...' if len(words) > 120 else words}"

        lines = [f"Attribution ({STATUS_TITLES.get(a.status, a.status)})",
                 part("Source", a.source), part("Cue", a.cue), part("Content", a.content)]
        attrs = [f"{title}: {self.label(key, getattr(a, key))}"
                 for key, title in ATTRIBUTE_TITLES.items()]
        lines.append(" · ".join(attrs))
        details = unnamed_summary(a.unnamed, self)
        if details:
            lines.append(f"Unnamed source: {details}")
        if a.entity:
            lines.append(f"Entity: {a.entity}")
        return lines


def unnamed_summary(unnamed: dict, vocabulary: Vocabulary | None = None) -> str:
    parts = []
    count = unnamed.get("count")
    if isinstance(count, int) and count > 0:
        parts.append(f"{count} source{'s' if count != 1 else ''}")
    for flag in UNNAMED_FLAGS:
        if unnamed.get(flag):
            label = vocabulary.label("unnamed_details", flag) if vocabulary else flag
            parts.append(label.lower())
    return ", ".join(parts)
