"""doccano JSONL, both shapes doccano reads and writes.

Sequence labelling: `{"text", "label": [[start, end, "LABEL"], ...]}` (older exports use
`entities` with the same triples). Relation extraction: `{"text", "entities": [{"id",
"start_offset", "end_offset", "label"}], "relations": [{"id", "from_id", "to_id", "type"}]}`.
Text classification lines (`"label"` or `"labels"` as a list of strings, or `"cats"`) become
document labels. Offsets are code points. Other keys (`meta`, `id`, ...) become metadata.
A bad line fails on its own with file, line and reason; the rest of the file imports.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framedesk.core.errors import InputError, UnreadableFile
from framedesk.core.exchange.decoding import first_nonblank_line
from framedesk.core.exchange.coders import coder_views
from framedesk.core.exchange.gather import ExportRecord, write_json_lines
from framedesk.core.exchange.media import REASON as MEDIA_REASON
from framedesk.core.exchange.media import media_task
from framedesk.core.exchange.interop import (
    ForeignDocument, ForeignRelation, ForeignSpan, build_draft, export_spans)
from framedesk.core.exchange.record_faults import RECORD_FAULTS, record_fault
from framedesk.core.exchange.registry import (
    ExportFormat, ExportOptions, ImportFormat, Skipped, register_exporter, register_importer)
from framedesk.core.model import ArticleDraft
from framedesk.core.progress import Progress

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

META_KEYS = ("title", "outlet", "url", "author", "published", "language")


# ------------------------------------------------------------------ reading
def read_doccano(path: Path, text: str) -> Iterator[ArticleDraft | InputError | Skipped]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield UnreadableFile(path, f"not a JSON object ({exc.msg} at column {exc.colno})",
                                 line=lineno)
            continue
        if isinstance(obj, dict) and media_task(obj):
            yield Skipped(path, lineno, MEDIA_REASON)
            continue
        try:
            draft = build_draft(parse_record(obj), "doccano", source_file=str(path),
                                keep_text=True)
            draft.extra["_line"] = lineno  # the importer names it in error reports
        except RECORD_FAULTS as exc:  # a field of the wrong kind: this record only
            yield record_fault(path, exc, lineno)
            continue
        yield draft


def parse_record(obj: Any) -> ForeignDocument:
    """One doccano line; ValueError says what is wrong with it."""
    if not isinstance(obj, dict):
        raise ValueError("each line must be a JSON object")
    for alias, key in (("column_data", "text"), ("column_label", "label")):
        if alias in obj and key not in obj:   # doccano's import settings name the columns
            obj[key] = obj.pop(alias)
    text = obj.get("text", obj.get("data"))
    if not isinstance(text, str):
        raise ValueError('no "text" field' if text is None else '"text" is not a string')
    doc = ForeignDocument(text=text)
    spans = obj.get("entities") if "entities" in obj else obj.get("label")
    if spans is None:
        spans = []
    if not isinstance(spans, list):
        raise ValueError('"label"/"entities" must be a list')
    for i, item in enumerate(spans):
        if isinstance(item, str):
            doc.categories.append(item)         # text classification: label is a class
            continue
        doc.spans.append(_span(item, i, len(text)))
    for key in ("labels", "cats"):
        value = obj.get(key)
        if isinstance(value, list):
            doc.categories.extend(str(v) for v in value)
        elif isinstance(value, dict):            # spaCy-style {"label": 1.0}
            doc.categories.extend(k for k, v in value.items() if v)
    keys = {s.key for s in doc.spans}
    for i, rel in enumerate(obj.get("relations") or []):
        if not isinstance(rel, dict) or not {"from_id", "to_id", "type"} <= rel.keys():
            raise ValueError(f"relation {i + 1} needs from_id, to_id and type")
        a, b = str(rel["from_id"]), str(rel["to_id"])
        if a not in keys or b not in keys:
            raise ValueError(f"relation {i + 1} points to an entity id that is not there")
        doc.relations.append(ForeignRelation(f"R{rel.get('id', i)}", str(rel["type"]),
                                             [("from", a), ("to", b)]))
    meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
    who = meta.get("annotator", obj.get("annotator"))   # Framedesk's export: one line per analyst
    doc.annotator = who.strip() if isinstance(who, str) and who.strip() else None
    extra = {k: v for k, v in meta.items() if k not in META_KEYS and k != "annotator"}
    extra.update({k: v for k, v in obj.items() if k not in (
        "text", "data", "label", "labels", "cats", "entities", "relations", "meta",
        "annotator")
        and k not in META_KEYS})
    doc.meta = {k: meta.get(k, obj.get(k)) for k in META_KEYS if meta.get(k, obj.get(k))}
    if extra:
        doc.meta["extra"] = extra
    return doc


def _span(item: Any, i: int, size: int) -> ForeignSpan:
    if isinstance(item, dict):
        try:
            start, end, label = item["start_offset"], item["end_offset"], item["label"]
        except KeyError as exc:
            raise ValueError(f"entity {i + 1} has no {exc.args[0]}") from None
        key = str(item.get("id", f"e{i}"))
    elif isinstance(item, list) and len(item) == 3:
        start, end, label = item
        key = f"e{i}"
    else:
        raise ValueError(f"span {i + 1} is neither [start, end, label] nor an entity object")
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
        raise ValueError(f"span {i + 1}: offsets must be whole numbers")
    if not 0 <= start < end <= size:
        raise ValueError(f"span {i + 1}: offsets {start}-{end} are outside the text"
                         f" ({size} characters) or empty")
    if not isinstance(label, str) or not label:
        raise ValueError(f"span {i + 1}: the label must be a non-empty string")
    return ForeignSpan(key, start, end, label)


def sniff_doccano(path: Path, text: str) -> bool:
    first = first_nonblank_line(text)
    try:
        obj = json.loads(first)
    except json.JSONDecodeError:
        return False
    if isinstance(obj, dict) and media_task(obj) and {"label", "bbox", "labels"} & obj.keys():
        return True   # an image or audio task: claimed so that it is skipped with a sentence
    if not isinstance(obj, dict) or not ({"text", "column_data"} & obj.keys()):
        return False
    if {"spans", "answer", "frames", "_input_hash"} & obj.keys():
        return False  # Prodigy, or Framedesk's own JSONL
    label = obj.get("label", obj.get("column_label"))
    return ("relations" in obj or isinstance(obj.get("entities"), list)
            or isinstance(obj.get("labels"), list) or isinstance(label, list))


# ------------------------------------------------------------------ writing
def doccano_records(rec: ExportRecord) -> list[dict[str, Any]]:
    """One line per analyst who coded the article (`meta.annotator`), so two coders' cues
    and attributions never merge into one record; one line when nobody or one analyst did."""
    views = coder_views(rec)
    out = []
    for who, view in views:
        record = doccano_record(view)
        if who is not None:
            record["meta"]["annotator"] = who
        out.append(record)
    return out


def doccano_record(rec: Any) -> dict[str, Any]:
    doc = export_spans(rec)
    ids = {s.key: i for i, s in enumerate(doc.spans)}
    a = rec.article
    meta = {k: getattr(a, k) for k in META_KEYS if getattr(a, k)}
    meta["uid"] = a.uid
    out: dict[str, Any] = {"id": a.id, "text": a.text}
    out["entities"] = [{"id": ids[s.key], "label": s.label, "start_offset": s.start,
                        "end_offset": s.end} for s in doc.spans]
    rel: list[dict[str, Any]] = []
    for r in doc.relations:
        keys = [k for _, k in r.args if k in ids]
        if r.trigger is not None:   # doccano has only binary relations: trigger -> each arg
            rel.extend({"id": len(rel), "from_id": ids[r.trigger], "to_id": ids[k],
                        "type": f"{r.type}:{role}"} for role, k in r.args if k in ids)
        elif len(keys) == 2:
            rel.append({"id": len(rel), "from_id": ids[keys[0]], "to_id": ids[keys[1]],
                        "type": r.type})
    out["relations"] = rel
    if doc.categories:
        out["cats"] = doc.categories
    out["meta"] = meta
    return out


def write_doccano(project: Project, ids: Sequence[int] | None, out: Path,
                  options: ExportOptions = ExportOptions(), progress: Progress | None = None,
                  *, force: bool = False) -> int:
    return write_json_lines(project, ids, out, options, progress, force=force,
                            label="doccano", to_json=doccano_records)


register_importer(ImportFormat(name="doccano", suffixes=(".jsonl",), read=read_doccano,
                               sniff=sniff_doccano))
register_exporter(ExportFormat(name="doccano", suffix=".jsonl", write=write_doccano,
                               description="doccano JSONL with entities and relations"))
