"""Label Studio JSON: a list of tasks (or one task), as Label Studio imports and exports them,
and its JSON-MIN export (one flat record per annotation).

A task is `{"data": {"text": ...}, "annotations": [{"result": [...], "completed_by": ...}],
"predictions": [{"model_version": ..., "result": [...]}]}`. Results of type `labels` are
spans (`value.start/end/text/labels`, code points), `relation` links two results by id,
`choices` are document labels, `textarea` with a region's id is a note or attribute of that
region. The choices and textareas Framedesk's own export writes (labelstudio_export.py:
primary_frame, frames, tone, memo, framedesk_analyst) come back as those codes.

Each annotation becomes one draft stored under its analyst ("framedesk_analyst", else the
annotator's e-mail, else "Label Studio user <id>"), so several annotators' work lands side
by side; cancelled annotations are skipped. Predictions are a model's proposals, not an
analyst's decisions: their entity spans come in as model mentions (origin
`labelstudio:<model_version>`, no analyst) and their attributions as suggestions; the
frames, tone and frame cues a prediction proposes are not coded. The text is kept exactly
as Label Studio has it (offsets then match its files). Image and audio tasks are skipped.

Files are read one task at a time and recognised by the structure of their first task, not
by searching the text: a server export writes "annotations" (often long) before "data".
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from framedesk.core.errors import InputError, UnreadableFile
from framedesk.core.exchange.interop import (
    FRAME_PREFIX, ForeignDocument, ForeignRelation, ForeignSpan, build_draft)
from framedesk.core.exchange.labelstudio_export import (  # noqa: F401 (write_*: re-exported)
    ANALYST, FRAMES, MEMO, META_KEYS, NOTE, PREDICTION_PREFIX, PRIMARY_FRAME, TONE,
    labelstudio_task, write_labelstudio)
from framedesk.core.exchange.record_faults import RECORD_FAULTS, record_fault
from framedesk.core.exchange.registry import ImportFormat, Skipped, register_importer
from framedesk.core.model import ArticleDraft, ImportedAnnotations

TEXT_KEYS = ("text", "reviewText", "body", "content", "article")
MEDIA_KEYS = ("image", "audio", "video", "img", "pdf", "ocr")
CODE_CHOICES = (PRIMARY_FRAME, FRAMES, TONE)
# What JSON-MIN adds to each record besides the task's data and the annotation's values.
MIN_ENVELOPE = ("id", "annotator", "annotation_id", "created_at", "updated_at", "lead_time",
                "agreement")
_decoder = json.JSONDecoder()


# ------------------------------------------------------------------ streaming
def iter_json_values(path: Path, text: str) -> Iterator[tuple[int, Any]]:
    """(line, value) for each element of a top-level JSON array (or the one object), parsed
    one at a time: a large export never exists as one parsed list. Broken JSON raises
    UnreadableFile with its line (nothing after it can be trusted)."""
    pos = _skip_space(text, 0)
    if text.startswith("{", pos):
        yield 1, _decode(path, text, pos)[0]
        return
    if not text.startswith("[", pos):
        raise UnreadableFile(path, "not JSON (it does not start with [ or {)")
    pos = _skip_space(text, pos + 1)
    if text.startswith("]", pos):
        return
    while True:
        line = text.count("\n", 0, pos) + 1
        value, pos = _decode(path, text, pos)
        yield line, value
        pos = _skip_space(text, pos)
        if text.startswith(",", pos):
            pos = _skip_space(text, pos + 1)
        elif text.startswith("]", pos):
            return
        else:
            raise UnreadableFile(path, "not JSON (expected , or ] between tasks)",
                                 line=text.count("\n", 0, pos) + 1)


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n\ufeff":
        pos += 1
    return pos


def _decode(path: Path, text: str, pos: int) -> tuple[Any, int]:
    try:
        return _decoder.raw_decode(text, pos)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(path, f"not JSON ({exc.msg})", line=exc.lineno) from None
    except RecursionError:
        raise UnreadableFile(path, "not JSON Framedesk can read (nested too deeply)") from None


def first_value(text: str) -> Any:
    """The first task of the file (or None): what recognising the format looks at."""
    try:
        return next((value for _, value in iter_json_values(Path("?"), text)), None)
    except InputError:
        return None


def is_task(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("data"), dict) and (
        "annotations" in value or "predictions" in value or "completions" in value)


def is_min_record(value: Any) -> bool:
    return isinstance(value, dict) and "data" not in value and "annotation_id" in value \
        and "annotator" in value and any(isinstance(value.get(k), str) for k in TEXT_KEYS)


def sniff_labelstudio(path: Path, text: str) -> bool:
    first = first_value(text)
    return is_task(first) or is_min_record(first)


# ------------------------------------------------------------------ reading
def read_labelstudio(path: Path, text: str) -> Iterator[ArticleDraft | InputError | Skipped]:
    for n, (line, task) in enumerate(iter_json_values(path, text), 1):
        try:
            drafts = _min_drafts(path, task) if is_min_record(task) else (
                _task_drafts(path, task, n))
            for draft in drafts:
                if isinstance(draft, ArticleDraft):
                    draft.extra["_record"] = f"task {n}"  # named in the importer's reports
                yield draft
        except RECORD_FAULTS as exc:  # a field of the wrong kind: this task only
            yield record_fault(path, exc, line=line, where=f"task {n}: ")


def _task_drafts(path: Path, task: Any, n: int) -> Iterator[ArticleDraft | Skipped]:
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise ValueError('not a Label Studio task (no "data" object)')
    data = task["data"]
    if not any(isinstance(data.get(k), str) for k in TEXT_KEYS) and \
            any(k in data for k in MEDIA_KEYS):
        yield Skipped(path, None, f"task {n}: an image, audio or video task, not a text; "
                                  "Framedesk imports text tasks only")
        return
    annotations = [a for a in task.get("annotations") or task.get("completions") or []
                   if isinstance(a, dict)]
    predictions = [p for p in task.get("predictions") or [] if isinstance(p, dict)]
    as_ids = sum(isinstance(p, int) for p in task.get("predictions") or [])
    if as_ids:   # Label Studio's quick export lists predictions by id only
        yield Skipped(path, None, f"task {n}: {as_ids} prediction(s) written as ids only;"
                                  " export a snapshot with predictions from Label Studio to"
                                  " bring them in")
    for a in annotations:
        if a.get("was_cancelled"):
            yield Skipped(path, None, f"task {n}: cancelled annotation")
    kept = [a for a in annotations if not a.get("was_cancelled")]
    meta = {k: data[k] for k in META_KEYS if isinstance(data.get(k), str)}
    extra = {k: v for k, v in data.items() if k not in META_KEYS and k not in TEXT_KEYS
             and k != "uid"}
    if task.get("id") is not None:
        extra["labelstudio_id"] = task["id"]
    if extra:
        meta["extra"] = extra
    for annotation in kept:
        results = [r for r in annotation.get("result") or [] if isinstance(r, dict)]
        yield _draft(path, data, results, meta, annotation.get("completed_by"))
    for prediction in predictions:
        results = [r for r in prediction.get("result") or [] if isinstance(r, dict)]
        version = prediction.get("model_version")
        draft = _draft(path, data, results, meta, None)
        yield _as_suggestions(draft, str(version) if version not in (None, "") else "")
    if not kept and not predictions:
        yield _draft(path, data, [], meta, None)


def _draft(path: Path, data: dict[str, Any], results: list[dict[str, Any]],
           meta: dict[str, Any], completed_by: Any) -> ArticleDraft:
    doc = ForeignDocument(text=_text(data, results), annotator=_annotator(completed_by))
    codes = _results(doc, results)
    doc.meta = dict(meta)
    draft = build_draft(doc, "labelstudio", source_file=str(path), keep_text=True)
    _add_codes(draft, codes, doc.annotator)
    return draft


def _add_codes(draft: ArticleDraft, codes: dict[str, list[str]], annotator: str | None) -> None:
    """Frames, tone, memo and analyst from the controls Framedesk's export writes."""
    who = (codes.get(ANALYST) or [None])[0] or annotator
    frames = [{"code": c, "primary": True} for c in codes.get(PRIMARY_FRAME, [])[:1]]
    frames += [{"code": c, "primary": False} for c in codes.get(FRAMES, [])
               if c not in codes.get(PRIMARY_FRAME, [])[:1]]
    tone = (codes.get(TONE) or [None])[0]
    memo = "\n".join(codes.get(MEMO, [])) or None
    if draft.annotations is None and not (frames or tone or memo):
        return
    ann = draft.annotations = draft.annotations or ImportedAnnotations()
    ann.annotator = who
    ann.frames, ann.tone, ann.memo = frames, tone, memo


def _as_suggestions(draft: ArticleDraft, version: str) -> ArticleDraft:
    """A prediction's draft: model mentions and suggested attributions, no analyst, no
    codes (the interop leftovers stay: they describe the text, not a decision)."""
    ann = draft.annotations
    if ann is None:
        return draft
    origin = PREDICTION_PREFIX + (version or "unknown model")
    for span in ann.spans:
        span["origin"], span["status"] = origin, "auto"
    for a in ann.attributions:
        a["status"], a["origin"] = "suggested", origin
    ann.annotator, ann.frames, ann.tone, ann.memo, ann.frame_cues = None, [], None, None, []
    return draft


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


def _strings(values: Any) -> list[str]:
    if isinstance(values, str):
        return [values]
    return [str(v) for v in values or [] if isinstance(v, (str, int, float))]


def _results(doc: ForeignDocument, results: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Fill `doc` from the results; returns the values of Framedesk's document controls."""
    size = len(doc.text)
    keys: dict[str, list[str]] = {}
    codes: dict[str, list[str]] = {}
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
        elif kind == "choices" and r.get("from_name") in CODE_CHOICES:
            codes.setdefault(r["from_name"], []).extend(_strings(value.get("choices")))
        elif kind == "choices":
            doc.categories.extend(_strings(value.get("choices")))
    spans = {s.key: s for s in doc.spans}
    for i, r in enumerate(results):
        if r.get("type") == "textarea":
            texts = _strings((r.get("value") or {}).get("text"))
            region = keys.get(str(r.get("id")))
            name = str(r.get("from_name") or NOTE)
            if region and name == NOTE and spans[region[0]].label.startswith(FRAME_PREFIX):
                spans[region[0]].attributes[NOTE] = "\n".join(texts)   # a frame cue's note
            elif region and name == NOTE:
                doc.notes.extend((region[0], t) for t in texts)
            elif region:
                for key in region:
                    spans[key].attributes[name] = "\n".join(texts)
            elif name in (MEMO, ANALYST):
                codes.setdefault(name, []).extend(texts)
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
    return codes


# ------------------------------------------------------------------ JSON-MIN
def _min_drafts(path: Path, record: dict[str, Any]) -> Iterator[ArticleDraft]:
    """A JSON-MIN record: the task's data fields, then one key per control: a list of
    regions ({start, end, text, labels}) for labels, a value (or {"choices": [...]}) for
    choices, the text for a textarea. Relations and region notes are not in JSON-MIN."""
    results: list[dict[str, Any]] = []
    data: dict[str, Any] = {}
    for key, value in record.items():
        if key in MIN_ENVELOPE:
            continue
        regions = value if isinstance(value, list) else []
        if regions and all(isinstance(v, dict) and "start" in v for v in regions):
            for j, v in enumerate(regions):
                kind = next((k for k in v if k.endswith("labels")), "labels")
                results.append({"id": f"{key}-{j}", "from_name": key, "type": kind,
                                "value": v})
        elif key in CODE_CHOICES:
            choices = value.get("choices") if isinstance(value, dict) else value
            results.append({"from_name": key, "type": "choices",
                            "value": {"choices": _strings(choices)}})
        elif key in (MEMO, ANALYST):
            results.append({"from_name": key, "type": "textarea",
                            "value": {"text": _strings(value)}})
        else:
            data[key] = value
    meta = {k: data[k] for k in META_KEYS if isinstance(data.get(k), str)}
    extra = {k: v for k, v in data.items() if k not in META_KEYS and k not in TEXT_KEYS
             and k != "uid"}
    if record.get("id") is not None:
        extra["labelstudio_id"] = record["id"]
    if extra:
        meta["extra"] = extra
    yield _draft(path, data, results, meta, record.get("annotator"))


register_importer(ImportFormat(name="labelstudio", suffixes=(".json",), read=read_labelstudio,
                               sniff=sniff_labelstudio))
