"""What File > Import offers and what it says at the end.

The file dialog's filters come from the format registry, so a format added to
core/exchange is offered without touching the UI. The summary lists every record that was
not imported, by file and line with the reason, those left out on purpose (Prodigy tasks
answered "reject" or "ignore"), and how many were already in the project.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import QMessageBox, QWidget

from framedesk.core.exchange.registry import IMPORTERS, load_all
from framedesk.core.importing import ImportSummary
from framedesk.messages import describe
from framedesk.ui.dialogs import import_summary_text, plain_message

# What each registered import format is called in the file dialog.
FORMAT_TITLES = {
    "text": "Plain text",
    "jsonl": "JSON Lines (Framedesk and others)",
    "csv": "CSV or TSV",
    "html": "Web pages",
    "prodigy": "Prodigy JSONL",
    "doccano": "doccano JSONL",
    "labelstudio": "Label Studio JSON",
    "brat": "brat standoff (.ann beside its .txt)",
    "spacy": "spaCy DocBin",
    "uima": "UIMA CAS JSON (INCEpTION)",
    "uima-xmi": "UIMA CAS XMI (INCEpTION, DKPro)",
    "webanno": "WebAnno TSV 3 (INCEpTION)",
    "conll": "CoNLL token files (CoNLL 2003, IOB)",
}
MAX_LISTED = 500   # rows per section in the details; the rest is counted


def import_filter() -> str:
    """'All supported (...);;Plain text (*.txt ...);;...;;All files (*)' from the registry."""
    load_all()
    every: list[str] = []
    lines = []
    for name, fmt in IMPORTERS.items():
        patterns = [f"*{suffix}" for suffix in fmt.suffixes]
        every.extend(p for p in patterns if p not in every)
        lines.append(f"{FORMAT_TITLES.get(name, name)} ({' '.join(patterns)})")
    return ";;".join([f"All supported files ({' '.join(every)})", *lines, "All files (*)"])


def import_details(summary: ImportSummary) -> str:
    """Failures (file, line, reason), records left out on purpose, duplicates, formats."""
    sections = []
    if summary.failed:
        rows = [describe(f.error) for f in summary.failed[:MAX_LISTED]]
        sections.append(_section(f"Not imported ({len(summary.failed):,}):", rows,
                                 len(summary.failed)))
    if summary.skipped:
        rows = [f"{s.path}" + (f", line {s.line}" if s.line else "") + f": {s.reason}."
                for s in summary.skipped[:MAX_LISTED]]
        reasons = Counter(s.reason for s in summary.skipped)
        head = (f"Left out on purpose ({len(summary.skipped):,}: "
                + ", ".join(f"{n:,} {reason}" for reason, n in reasons.most_common()) + "):")
        sections.append(_section(head, rows, len(summary.skipped)))
    if summary.duplicates:
        sections.append(f"Already in the project, not added again: {summary.duplicates:,} "
                        f"article{'s' if summary.duplicates != 1 else ''} (same text).")
    if summary.formats:
        sections.append("Files read as: " + ", ".join(
            f"{FORMAT_TITLES.get(name, name)} {n:,}" for name, n in summary.formats.most_common())
            + ".")
    return "\n\n".join(sections)


def _section(head: str, rows: list[str], total: int) -> str:
    more = [f"... and {total - len(rows):,} more."] if total > len(rows) else []
    return "\n".join([head, *(f"  {r}" for r in rows), *more])


def show_import_summary(parent: QWidget | None, summary: ImportSummary) -> QMessageBox:
    """The end of an import: one paragraph, the lists under "Show Details"."""
    text, _ = import_summary_text(summary)
    icon = (QMessageBox.Icon.Warning if summary.failed or summary.entity_error
            else QMessageBox.Icon.Information)
    return plain_message(parent, "Import finished", text, import_details(summary), icon)
