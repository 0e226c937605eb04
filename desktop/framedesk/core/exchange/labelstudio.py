"""Label Studio JSON: a list of tasks (or one task), as Label Studio imports and exports them.

A task is `{"data": {"text": ...}, "annotations": [{"result": [...], "completed_by": ...}],
"predictions": [...]}`. Results of type `labels` are spans (`value.start/end/text/labels`,
code points), `relation` links two results by id, `choices` are document labels. Each
annotation becomes one draft stored under its annotator (the same text is one article, so
several annotators' work lands side by side); cancelled annotations are skipped. A task with
no annotations brings its predictions instead. Image and audio results are ignored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framedesk.core.errors import InputError, UnreadableFile
from framedesk.core.exchange.gather import ExportRecord, iter_records, select_ids
from framedesk.core.exchange.interop import (
    ForeignDocument, ForeignRelation, ForeignSpan, build_draft, export_spans)
from framedesk.core.exchange.record_faults import RECORD_FAULTS, record_fault
from framedesk.core.exchange.registry import (
    ExportFormat, ExportOptions, ImportFormat, Skipped, register_exporter, register_importer)
from framedesk.core.exchange.writing import atomic_file
from framedesk.core.model import ArticleDraft
from framedesk.core.progress import Progress

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

TEXT_KEYS = ("text", "reviewText", "body", "content", "article")
MEDIA_KEYS = ("image", "audio", "video", "img", "pdf", "ocr")
META_KEYS = ("title", "outlet", "url", "author", "published", "language")


# ------------------------------------------------------------------ reading
def read_labelstudio(path: Path, text: str) -> Iterator[ArticleDraft | InputError | Skipped]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(path, f"not JSON ({exc.msg})", line=exc.lineno) from None
    tasks = data if isinstance(data, list) else [data]
    for n, task in enumerate(tasks, 1):
        try:
            yield from _task_drafts(path, task, n)
        except RECORD_FAULTS as exc:  # a field of the wrong kind: this task only
            yield record_fault(path, exc, where=f"task {n}: ")


def _task_drafts(path: Path, task: Any, n: int) -> Iterator[ArticleDraft | Skipped]:
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise ValueError('not a Label Studio task (no "data" object)')
    data = task["data"]
    if not any(isinstance(data.get(k), str) for k in TEXT_KEYS) and \
            any(k in data for k in MEDIA_KEYS):
        yield Skipped(path, None, f"task {n}: an image, audio or video task, not a text; "
                                  "Framedesk imports text tasks only")
        return
    annotations = [a for a in task.get("annotations") or [] if isinstance(a, dict)]
    kept = [a for a in annotations if not a.get("was_cancelled")]
    for a in annotations:
        if a.get("was_cancelled"):
            yield Skipped(path, None, f"task {n}: cancelled annotation")
    if not kept:
        kept = [p for p in task.get("predictions") or [] if isinstance(p, dict)][:1] or [{}]
    for annotation in kept:
        results = [r for r in annotation.get("result") or [] if isinstance(r, dict)]
        text = _text(data, results)
        doc = ForeignDocument(text=text, annotator=_annotator(annotation.get("completed_by")))
        _results(doc, results)
        doc.meta = {k: data[k] for k in META_KEYS if isinstance(data.get(k), str)}
        extra = {k: v for k, v in data.items() if k not in META_KEYS and k not in TEXT_KEYS
                 and k != "uid"}
        if task.get("id") is not None:
            extra["labelstudio_id"] = task["id"]
        if extra:
            doc.meta["extra"] = extra
        draft = build_draft(doc, "labelstudio", source_file=str(path))
        draft.extra["_record"] = f"task {n}"  # the importer names it in error reports
        yield draft


def _text(data: dict[str, Any], results: list[dict[str, Any]]) -> str:
    for key in TEXT_KEYS:
        if isinstance(data.get(key), str):
            return data[key]
    strings = [v for v in data.values() if isinstance(v, str)]
    if not strings:
        raise ValueError("its data has no text")
    return max(strings, key=len)


def _annotator(who: Any) -> str | None:
    """The analyst: an email, or a server export's user id (an integer, or an object)."""
    if isinstance(who, dict):
        return who.get("email") or _annotator(who.get("id"))
    if isinstance(who, bool):
        return None
    if isinstance(who, int):
        return f"Label Studio user {who}"
    if isinstance(who, str) and who.strip():
        return who
    return None


def _results(doc: ForeignDocument, results: list[dict[str, Any]]) -> None:
    size = len(doc.text)
    keys: dict[str, list[str]] = {}
    for i, r in enumerate(results):
        kind, value = r.get("type"), r.get("value") or {}
        if kind in ("labels", "hypertextlabels") and "start" in value:
            start, end = value.get("start"), value.get("end")
            if not isinstance(start, int) or not isinstance(end, int) \
                    or not 0 <= start < end <= size:
                raise ValueError(f"result {i + 1} has offsets {start}-{end} outside the text"
                                 f" ({size} characters)")
            for j, label in enumerate(value.get(kind) or value.get("labels") or []):
                key = f"{r.get('id', i)}#{j}"
                keys.setdefault(str(r.get("id", i)), []).append(key)
                doc.spans.append(ForeignSpan(key, start, end, str(label)))
        elif kind == "choices":
            doc.categories.extend(str(c) for c in value.get("choices") or [])
    for i, r in enumerate(results):
        if r.get("type") == "textarea" and str(r.get("id")) in keys:  # a per-region note
            target = keys[str(r["id"])][0]
            doc.notes.extend((target, str(t)) for t in (r.get("value") or {}).get("text") or [])
        if r.get("type") != "relation":
            continue
        a, b = keys.get(str(r.get("from_id"))), keys.get(str(r.get("to_id")))
        if not a or not b:
            raise ValueError(f"relation {i + 1} links a region that is not a text span")
        if r.get("direction") == "left":
            a, b = b, a
        for label in r.get("labels") or ["RELATION"]:
            doc.relations.append(ForeignRelation(f"rel{i}-{label}", str(label),
                                                 [("from", a[0]), ("to", b[0])]))


def sniff_labelstudio(path: Path, text: str) -> bool:
    # The whole text, not its start: a server export writes "annotations" (often long)
    # before "data". Each `in` is one fast scan in C.
    start = text.lstrip()[:1]
    return start in ("[", "{") and '"data"' in text and (
        '"annotations"' in text or '"predictions"' in text)


# ------------------------------------------------------------------ writing
def labelstudio_task(rec: ExportRecord) -> dict[str, Any]:
    doc = export_spans(rec)
    a = rec.article
    data: dict[str, Any] = {"text": a.text}
    data.update({k: getattr(a, k) for k in META_KEYS if getattr(a, k)})
    data["uid"] = a.uid
    result: list[dict[str, Any]] = [{
        "id": s.key, "from_name": "label", "to_name": "text", "type": "labels",
        "value": {"start": s.start, "end": s.end, "text": s.text, "labels": [s.label]},
    } for s in doc.spans]
    keys = {s.key for s in doc.spans}
    for r in doc.relations:
        pairs: list[tuple[str, str, str]]
        if r.trigger is not None:   # events: one relation from the trigger to each argument
            pairs = [(r.trigger, k, f"{r.type}:{role}") for role, k in r.args]
        else:
            ends = [k for _, k in r.args]
            pairs = [(ends[0], ends[1], r.type)] if len(ends) == 2 else []
        result.extend({"from_id": x, "to_id": y, "type": "relation", "direction": "right",
                       "labels": [label]} for x, y, label in pairs if x in keys and y in keys)
    if doc.categories:
        result.append({"id": "category", "from_name": "category", "to_name": "text",
                       "type": "choices", "value": {"choices": doc.categories}})
    annotators = list(dict.fromkeys([f.annotator for f in rec.frames]
                                    + [c.annotator for c in rec.cues]))
    annotation: dict[str, Any] = {"result": result, "was_cancelled": False}
    if len(annotators) == 1:
        annotation["completed_by"] = {"email": annotators[0]}
    return {"id": a.id, "data": data, "annotations": [annotation]}


def write_labelstudio(project: Project, ids: Sequence[int] | None, out: Path,
                      options: ExportOptions = ExportOptions(),
                      progress: Progress | None = None, *, force: bool = False) -> int:
    """A JSON list of tasks, written one task at a time (memory stays flat)."""
    ids = select_ids(project, ids, options)
    progress = progress or Progress()
    progress.start(len(ids), "Exporting Label Studio")
    n = 0
    with atomic_file(out, force=force or options.force) as tmp, \
            open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("[")
        for rec in iter_records(project, ids, options, progress):
            fh.write(",\n" if n else "\n")
            fh.write(json.dumps(labelstudio_task(rec), ensure_ascii=False))
            n += 1
        fh.write("\n]\n")
    return n


register_importer(ImportFormat(name="labelstudio", suffixes=(".json",), read=read_labelstudio,
                               sniff=sniff_labelstudio))
register_exporter(ExportFormat(name="labelstudio", suffix=".json", write=write_labelstudio,
                               description="Label Studio tasks with annotations[].result[]"))
