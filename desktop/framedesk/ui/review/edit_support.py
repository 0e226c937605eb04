"""What the review editor offers to choose from: the codebook's codes for a cue, the
sourcing codebook's values for an attribution's attributes, the entity types for a mention
(typing another value works too)."""

from __future__ import annotations

from framedesk.core.errors import CodebookError
from framedesk.core.review.work import CUES
from framedesk.core.store import Project


def cue_codes(project: Project, row) -> list[str]:
    """The codes of the codebook the difference's cues use, in codebook order."""
    if row.kind != CUES:
        return []
    books = {i.data["codebook"] for items in row.difference.versions.values() for i in items}
    codes: list[str] = []
    for book in sorted(books):
        codes += [r[0] for r in project.db.execute(
            "SELECT c.code FROM codes c JOIN codebooks b ON b.id = c.codebook_id"
            " WHERE b.name = ? ORDER BY c.position, c.code", [book])]
    return list(dict.fromkeys(codes))


def entity_labels() -> dict[str, list[str]]:
    """The entity types the reader draws, for a mention's type."""
    from framedesk.ui.reader.styles import ENTITY_STYLES

    return {"label": list(ENTITY_STYLES)}


def attribute_values() -> dict[str, list[str]]:
    """attribute -> its values in the shipped sourcing codebook (empty if unreadable)."""
    try:
        from framedesk.core.codebook import load_shipped

        attrs = load_shipped("sourcing").attributes
        return {name: [c.id for c in values] for name, values in attrs.items()}
    except (CodebookError, OSError, KeyError, AttributeError):
        return {}
