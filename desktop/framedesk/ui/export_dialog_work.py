"""The worker side of the Export dialog: what it asks for, and the export run off the GUI
thread on the worker's own read-only connection (the window's stays with the window)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from framedesk.core.exchange.registry import EXPORTERS, ExportFormat, ExportOptions
from framedesk.core.exchange.writing import protect_inputs
from framedesk.core.progress import Progress
from framedesk.core.store import Project


@dataclass(frozen=True)
class ExportRequest:
    """What the dialog asks the core for; `ids` None means every article."""

    format: str
    out: Path
    ids: tuple[int, ...] | None
    options: ExportOptions


def open_source(path: Path) -> Project:
    """The worker's own read-only connection to the project being exported."""
    return Project.open(path, read_only=True)


def run_export(project_path: Path, request: ExportRequest, progress: Progress) -> int:
    """Worker side: write the export, return the number of records written."""
    fmt = EXPORTERS[request.format]
    # Never onto the project being exported, whatever the dialog was told to replace.
    with protect_inputs(project_path), open_source(project_path) as project:
        ids = list(request.ids) if request.ids is not None else None
        return fmt.write(project, ids, request.out, request.options, progress,
                         force=request.options.force)


def default_target(folder: Path, stem: str, fmt: ExportFormat) -> Path:
    """news.jsonl for Framedesk's own format, news-brat/ (a folder), news-doccano.jsonl ..."""
    if fmt.name == "jsonl":
        return folder / f"{stem}{fmt.suffix}"
    return folder / f"{stem}-{fmt.name}{fmt.suffix}"


def summary_sentence(count: int, out: Path) -> str:
    return f"Exported {count:,} record{'s' if count != 1 else ''} to {out}."
