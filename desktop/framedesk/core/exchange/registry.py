"""The registry of file formats.

An importer turns a file into ArticleDrafts (with any annotations the file carries); an
exporter writes articles of a project to a path. Each format module registers itself at
import time; `load_all()` imports the modules listed in FORMAT_MODULES.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from framedesk.core.errors import InputError
from framedesk.core.model import ArticleDraft

# Modules under framedesk.core.exchange that define formats. Add a new format here.
FORMAT_MODULES: list[str] = ["plaintext", "jsonl", "csv_", "html_", "prodigy", "doccano",
                             "labelstudio", "labelstudio_export", "brat", "spacy_docbin",
                             "csv_export", "html_report", "uima_json", "uima_xmi",
                             "webanno_tsv", "webanno_write", "conll"]


class Reader(Protocol):
    """Yields drafts; a bad record that should not stop the rest of the file is yielded as
    an InputError (with its line) instead; a file that cannot be read at all raises one."""

    def __call__(self, path: Path, text: str) -> Iterator[ArticleDraft | InputError | Skipped]: ...


@dataclass(frozen=True)
class Skipped:
    """A record a reader leaves out on purpose, not an error: e.g. a Prodigy task answered
    "reject" or "ignore". Importers count these (file, line, reason) separately from failures."""

    path: Path
    line: int | None
    reason: str                            # "answer: reject", "answer: ignore", ...


@dataclass(frozen=True)
class ImportFormat:
    name: str                              # "jsonl", "csv", "text", ...
    suffixes: tuple[str, ...]              # ".jsonl", ".csv" ...
    read: Reader                           # decoded text in, drafts out; raises InputError
    sniff: Callable[[Path, str], bool] | None = None  # claim a file by its content
    binary: bool = False                   # reads bytes itself (e.g. .spacy DocBin)
    generic: bool = False                  # plain JSONL/CSV/text: specific formats claim first
    # Files read together with `path` (brat: the .txt beside an .ann, annotation.conf): an
    # import of a folder must not import these again on their own.
    companions: Callable[[Path], list[Path]] | None = None


@dataclass(frozen=True)
class ExportOptions:
    status: tuple[str, ...] = ()           # only articles with these statuses
    annotator: str | None = None           # only this analyst's annotations
    include_suggestions: bool = False      # attributions not yet accepted
    extra: dict[str, Any] = field(default_factory=dict)
    force: bool = False                    # replace an existing output (CLI --force)


@dataclass(frozen=True)
class ExportFormat:
    name: str
    suffix: str                            # default file suffix, or "" for a folder
    write: Callable[..., int]              # (project, ids, out_path, options, progress) -> n
    description: str = ""
    streams: bool = False                  # can write to a text stream (stdout) as well


IMPORTERS: dict[str, ImportFormat] = {}
EXPORTERS: dict[str, ExportFormat] = {}


def register_importer(fmt: ImportFormat) -> ImportFormat:
    IMPORTERS[fmt.name] = fmt
    return fmt


def register_exporter(fmt: ExportFormat) -> ExportFormat:
    EXPORTERS[fmt.name] = fmt
    return fmt


def load_all() -> None:
    for name in FORMAT_MODULES:
        importlib.import_module(f"framedesk.core.exchange.{name}")
