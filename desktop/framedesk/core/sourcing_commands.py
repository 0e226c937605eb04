"""Sourcing actions as undoable commands: add, edit, accept, reject and delete attributions.

Same pattern as core/commands.py (the GUI runs them on the project's one QUndoStack); each
`do` and `undo` is one transaction. Undo puts the attribution back exactly as it was read,
id included, so a later command that refers to it still finds it after undo and redo.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from framedesk.core.commands import Command
from framedesk.core.store.attributions import Attribution

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

ATTRIBUTIONS = "attributions"   # the change kind views listen for (ui/changes.py)


def _must_exist(project: Project, attribution_id: int) -> Attribution:
    found = project.attributions.get(attribution_id)
    if found is None:
        raise KeyError(attribution_id)
    return found


class _AttributionCommand(Command):
    kinds = frozenset({ATTRIBUTIONS})

    def __init__(self, project: Project, attribution: Attribution) -> None:
        super().__init__(project, attribution.article_id)
        self.attribution_id = attribution.id
        self._before: Attribution | None = None

    def _revert(self) -> None:
        if self._before is not None:
            self.project.attributions.restore(self._before)


class AddAttribution(Command):
    """A new attribution by the analyst (status manual). Redo re-creates it under its id."""

    kinds = frozenset({ATTRIBUTIONS})

    def __init__(self, project: Project, attribution: Attribution) -> None:
        super().__init__(project, attribution.article_id)
        self.attribution = replace(attribution, status="manual", origin="manual")
        self.attribution_id: int | None = attribution.id
        self.text = "New attribution"

    def _apply(self) -> None:
        self.attribution.id = self.attribution_id
        self.attribution_id = self.project.attributions.add(self.attribution)

    def _revert(self) -> None:
        if self.attribution_id is not None:
            self.project.attributions.delete(self.attribution_id)


class EditAttribution(_AttributionCommand):
    """New spans or attributes for an attribution; an edited suggestion becomes accepted."""

    def __init__(self, project: Project, attribution: Attribution, what: str = "") -> None:
        if attribution.id is None:
            raise ValueError("attribution has no id")
        super().__init__(project, attribution)
        self.new = replace(attribution, unnamed=dict(attribution.unnamed))
        self.text = f"Edit attribution{': ' + what if what else ''}"

    def _apply(self) -> None:
        self._before = self.project.attributions.update(replace(self.new,
                                                                unnamed=dict(self.new.unnamed)))


class _StatusCommand(_AttributionCommand):
    status = ""

    def __init__(self, project: Project, attribution: Attribution) -> None:
        if attribution.id is None:
            raise ValueError("attribution has no id")
        super().__init__(project, attribution)

    def _apply(self) -> None:
        self._before = _must_exist(self.project, self.attribution_id)
        self.project.attributions.set_status(self.attribution_id, self.status)


class AcceptSuggestion(_StatusCommand):
    status = "accepted"

    def __init__(self, project: Project, attribution: Attribution) -> None:
        super().__init__(project, attribution)
        self.text = "Accept suggested attribution"


class RejectSuggestion(_StatusCommand):
    """The suggestion stays as a rejected row, so the extractor never proposes it again."""

    status = "rejected"

    def __init__(self, project: Project, attribution: Attribution) -> None:
        super().__init__(project, attribution)
        self.text = "Reject suggested attribution"


class DeleteAttribution(_AttributionCommand):
    marks_progress = False

    def __init__(self, project: Project, attribution: Attribution) -> None:
        if attribution.id is None:
            raise ValueError("attribution has no id")
        super().__init__(project, attribution)
        self.text = "Delete attribution"

    def _apply(self) -> None:
        self._before = self.project.attributions.delete(self.attribution_id)


def remove_command(project: Project, attribution: Attribution) -> Command:
    """Delete on the keyboard: a suggestion is rejected (and stays rejected on re-runs),
    anything the analyst made or accepted is deleted."""
    if attribution.status == "suggested":
        return RejectSuggestion(project, attribution)
    return DeleteAttribution(project, attribution)
