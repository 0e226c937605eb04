"""Prodigy JSONL: `{"text", "meta", "spans": [{"start", "end", "label"}], "answer", ...}`.

Tasks answered "reject" or "ignore" are not articles the annotator vouched for: they are
left out and counted (registry.Skipped). A binary text classification task (`"label"` with
"accept") and a choice task (`"accept": [...]`) give document labels; relation tasks give
relations between their head and child spans. Offsets are code points; `tokens` and the
hashes are Prodigy's bookkeeping and are not kept. The export writes `tokens` (spaCy's
blank tokenizer for the project language) and each span's `token_start` / `token_end`, as
Prodigy's manual and review recipes expect.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framedesk.core.errors import InputError, UnreadableFile
from framedesk.core.exchange.decoding import first_nonblank_line
from framedesk.core.exchange.gather import write_json_lines
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

SKIPPED_ANSWERS = ("reject", "ignore")
META_KEYS = {"title": "title", "source": "outlet", "outlet": "outlet", "url": "url",
             "author": "author", "published": "published", "date": "published",
             "language": "language"}


def read_prodigy(path: Path, text: str) -> Iterator[ArticleDraft | InputError | Skipped]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            task = json.loads(line)
        except json.JSONDecodeError as exc:
            yield UnreadableFile(path, f"not a JSON object ({exc.msg} at column {exc.colno})",
                                 line=lineno)
            continue
        if isinstance(task, dict) and media_task(task):
            yield Skipped(path, lineno, MEDIA_REASON)
            continue
        if not isinstance(task, dict) or not isinstance(task.get("text"), str):
            yield UnreadableFile(path, 'a Prodigy task needs a "text" string', line=lineno)
            continue
        answer = task.get("answer")
        if answer in SKIPPED_ANSWERS:
            yield Skipped(path, lineno, f"answer: {answer}")
            continue
        try:
            draft = build_draft(parse_task(task), "prodigy", source_file=str(path),
                                keep_text=True)
            draft.extra["_line"] = lineno  # the importer names it in error reports
        except RECORD_FAULTS as exc:  # a field of the wrong kind: this task only
            yield record_fault(path, exc, lineno)
            continue
        yield draft


def parse_task(task: dict[str, Any]) -> ForeignDocument:
    text = task["text"]
    doc = ForeignDocument(text=text)
    keys: dict[tuple[int, int, str], str] = {}
    for i, span in enumerate(task.get("spans") or []):
        if not isinstance(span, dict):
            raise ValueError(f"span {i + 1} is not an object")
        if span.get("answer") in SKIPPED_ANSWERS:
            continue   # the annotator turned this one suggestion down (ner.teach, review)
        start, end, label = span.get("start"), span.get("end"), span.get("label")
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end \
                <= len(text):
            raise ValueError(f"span {i + 1} has offsets {start}-{end} outside the text"
                             f" ({len(text)} characters)")
        if not isinstance(label, str) or not label:
            raise ValueError(f"span {i + 1} has no label")
        key = f"s{i}"
        keys[(start, end, label)] = key
        doc.spans.append(ForeignSpan(key, start, end, label))
    for i, rel in enumerate(task.get("relations") or []):
        ends = []
        for side in ("head_span", "child_span"):
            s = rel.get(side) if isinstance(rel, dict) else None
            if not isinstance(s, dict):
                raise ValueError(f"relation {i + 1} has no {side}")
            ref = (s.get("start"), s.get("end"), s.get("label"))
            if not isinstance(ref[0], int) or not isinstance(ref[1], int) \
                    or not 0 <= ref[0] < ref[1] <= len(text):
                raise ValueError(f"relation {i + 1} has a {side} at {ref[0]}-{ref[1]}, outside "
                                 f"the text ({len(text)} characters); the task was left out")
            if ref not in keys:  # relation to an unlabelled token span
                key = f"r{i}{side[0]}"
                keys[ref] = key  # type: ignore[index]
                doc.spans.append(ForeignSpan(key, int(s["start"]), int(s["end"]),
                                             str(s.get("label") or "SPAN")))
            ends.append(keys[ref])  # type: ignore[index]
        doc.relations.append(ForeignRelation(f"R{i}", str(rel.get("label") or "RELATION"),
                                             [("head", ends[0]), ("child", ends[1])]))
    if isinstance(task.get("label"), str) and task.get("answer") == "accept":
        doc.categories.append(task["label"])
    if isinstance(task.get("accept"), list):
        doc.categories.extend(str(x) for x in task["accept"])
    # Prodigy's multi-user sessions name the annotator; each becomes an analyst.
    who = task.get("_annotator_id") or task.get("_session_id")
    if isinstance(who, str) and who.strip():
        doc.annotator = who.strip()
    meta = task.get("meta") if isinstance(task.get("meta"), dict) else {}
    doc.meta = {ours: meta[k] for k, ours in META_KEYS.items() if isinstance(meta.get(k), str)}
    extra = {k: v for k, v in meta.items() if k not in META_KEYS}
    if extra:
        doc.meta["extra"] = extra
    return doc


def sniff_prodigy(path: Path, text: str) -> bool:
    first = first_nonblank_line(text)
    try:
        task = json.loads(first)
    except json.JSONDecodeError:
        return False
    prodigy_keys = {"answer", "_input_hash", "_task_hash", "spans"}
    if isinstance(task, dict) and media_task(task) and prodigy_keys & task.keys():
        return True   # an image or audio task: claimed so that it is skipped with a sentence
    if not isinstance(task, dict) or not isinstance(task.get("text"), str):
        return False
    if {"frames", "frame_cues", "attributions", "annotator"} & task.keys():
        return False  # Framedesk's own JSONL also has "spans"
    return bool({"answer", "_input_hash", "_task_hash", "spans"} & task.keys())


# ------------------------------------------------------------------ writing
def tokens_of(nlp: Any, text: str, bounds: set[int]) -> tuple[list[dict[str, Any]],
                                                             dict[int, int], dict[int, int]]:
    """Prodigy's `tokens` (text, start, end, id, ws) from spaCy's blank tokenizer, split at
    every span edge inside a token (as the spaCy export does), and for the edges the index
    of the token starting / ending there."""
    from framedesk.core.exchange.spacy_docbin import _tokenise

    doc, first, last = _tokenise(nlp, text, bounds)
    tokens = [{"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i,
               "ws": bool(t.whitespace_)} for t in doc]
    return tokens, first, last


def prodigy_task(rec: Any, nlp: Any = None) -> dict[str, Any]:
    """One task as Prodigy's recipes read it: with `nlp`, `tokens` and each span's
    `token_start` / `token_end` (inclusive), which ner.manual and the review recipes need."""
    doc = export_spans(rec)
    a = rec.article
    meta = {k: getattr(a, k) for k in ("title", "outlet", "url", "published")
            if getattr(a, k)}
    meta["uid"] = a.uid
    by_key = {s.key: s for s in doc.spans}
    task: dict[str, Any] = {"text": a.text, "meta": meta}
    spans = [{"start": s.start, "end": s.end, "label": s.label} for s in doc.spans
             if s.end > s.start]
    if nlp is not None:
        bounds = {x for s in spans for x in (s["start"], s["end"])}
        tokens, first, last = tokens_of(nlp, a.text, bounds)
        task["tokens"] = tokens
        for s in spans:
            i, j = first.get(s["start"]), last.get(s["end"])
            if i is not None and j is not None:
                s["token_start"], s["token_end"] = i, j
    task["spans"] = spans
    rels = []
    for r in doc.relations:
        ends = [by_key[k] for _, k in r.args if k in by_key]
        if r.trigger is None and len(ends) == 2:
            rel = {"label": r.type,
                   "head_span": {"start": ends[0].start, "end": ends[0].end,
                                 "label": ends[0].label},
                   "child_span": {"start": ends[1].start, "end": ends[1].end,
                                  "label": ends[1].label}}
            if nlp is not None:   # Prodigy's rel recipes point at tokens: head and child
                head = next((s for s in spans if (s["start"], s["end"], s["label"]) ==
                             (ends[0].start, ends[0].end, ends[0].label)), {})
                child = next((s for s in spans if (s["start"], s["end"], s["label"]) ==
                              (ends[1].start, ends[1].end, ends[1].label)), {})
                for side, span in (("head", head), ("child", child)):
                    if "token_start" in span:
                        rel[side] = span["token_end"]
                        rel[f"{side}_span"]["token_start"] = span["token_start"]
                        rel[f"{side}_span"]["token_end"] = span["token_end"]
            rels.append(rel)
    if rels:
        task["relations"] = rels
    if doc.categories:
        task["accept"] = doc.categories
    task["answer"] = "accept"
    return task


def write_prodigy(project: Project, ids: Sequence[int] | None, out: Path,
                  options: ExportOptions = ExportOptions(), progress: Progress | None = None,
                  *, force: bool = False) -> int:
    import spacy

    try:
        nlp = spacy.blank(project.language)
    except (ImportError, KeyError, ValueError):
        nlp = spacy.blank("xx")  # a language spaCy has no tokenizer rules for
    return write_json_lines(project, ids, out, options, progress, force=force,
                            label="Prodigy", to_json=lambda rec: prodigy_task(rec, nlp))


register_importer(ImportFormat(name="prodigy", suffixes=(".jsonl",), read=read_prodigy,
                               sniff=sniff_prodigy))
register_exporter(ExportFormat(name="prodigy", suffix=".jsonl", write=write_prodigy,
                               description="Prodigy tasks (text, spans, answer) for db-in"))
