"""JSONL in and out: the public contract of Framedesk's data.

Export writes one object per article (and per analyst, when several coded it):

    {"id", "text", "meta": {"title", "outlet", "url", "author", "published", "language",
     "source_file", "status", "story", "story_name", ...extra}, "spans": [{"start", "end",
     "label", "text", "canonical", "origin"}], "frames": [{"code", "primary", "codebook"}], "tone",
     "frame_cues": [{"start", "end", "code", "note", "codebook"}], "attributions": [{"source",
     "cue", "content", "quote_type", "identification", "source_type", "entity", "status",
     "certainty", "unnamed"}], "memo", "annotator"}

The contract's fields come first and in that order; the trailing ones ("origin", "codebook",
"certainty", "unnamed", "annotator") carry what a round trip needs. Offsets are Python
string indices (code points) into "text", end exclusive, so `spans` reads as Prodigy/spaCy
entity spans.

Import takes generic lines (`{"text": ..., "meta": {...}}` or metadata at the top level) and
this project's own export, with every annotation. The writer is in jsonl_export.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from framedesk.core.errors import InputError, UnreadableFile
from framedesk.core.exchange.jsonl_export import write_jsonl
from framedesk.core.exchange.record_faults import RECORD_FAULTS, record_fault
from framedesk.core.exchange.registry import (
    ExportFormat,
    ImportFormat,
    register_exporter,
    register_importer,
)
from framedesk.core.model import ArticleDraft, ImportedAnnotations
from framedesk.core.textnorm import article_uid

META_FIELDS = ("title", "outlet", "url", "author", "published", "language", "source_file",
               "status")
# Other names the same metadata goes by in scrapers' and other tools' JSONL.
META_ALIASES = {
    "headline": "title", "name": "title",
    "source": "outlet", "publisher": "outlet", "site": "outlet", "sitename": "outlet",
    "site_name": "outlet", "domain": "outlet", "media": "outlet", "newspaper": "outlet",
    "link": "url", "uri": "url", "href": "url",
    "authors": "author", "byline": "author", "by": "author",
    "date": "published", "published_at": "published", "pub_date": "published",
    "publish_date": "published", "datetime": "published", "date_published": "published",
    "timestamp": "published", "lang": "language", "file": "source_file",
}
TEXT_KEYS = ("text", "body", "content", "article", "full_text", "maintext")
ANNOTATION_KEYS = ("spans", "frames", "tone", "frame_cues", "attributions", "memo", "annotator")
# Keys of a record that are neither metadata nor annotations: not copied into extra.
LINE_KEY = "_line"
_META_FIELD_SET = frozenset(META_FIELDS)
_ANNOTATION_KEY_SET = frozenset(ANNOTATION_KEYS)
_STRUCTURE = {"id", "meta", *TEXT_KEYS, *ANNOTATION_KEYS, "relations", LINE_KEY}


# ---------------------------------------------------------------- import
def read_jsonl(path: Path, text: str) -> Iterator[ArticleDraft | InputError]:
    """One draft per line; a bad line is yielded as an error and the rest still import."""
    for number, line in enumerate(_lines(text), 1):
        if line and not line.isspace():  # strip() would copy every line first
            yield line_to_draft(path, number, line)


def line_to_draft(path: Path, number: int, line: str) -> ArticleDraft | InputError:
    """One non-blank line as a draft, or what is wrong with it."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return UnreadableFile(path, f"not valid JSON ({exc.msg} at column {exc.colno})", number)
    try:
        return record_to_draft(record, path, number)
    except InputError as exc:
        return exc
    except RECORD_FAULTS as exc:  # a field of a kind nobody foresaw: this line only
        return record_fault(path, exc, number)


def _lines(text: str) -> Iterator[str]:
    """Lines one at a time: a list of all lines would double the memory of a big file."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield text[start:end]
        start = end + 1


def record_to_draft(record: Any, path: Path, line: int | None = None) -> ArticleDraft:
    """A JSON object (generic or our own export) as a draft; raises InputError if unusable."""
    if not isinstance(record, dict):
        raise UnreadableFile(path, f"expected a JSON object, found {_kind(record)}", line)
    text = record.get("text")
    if type(text) is not str:  # the usual key first: this runs once per imported article
        text = next((record[k] for k in TEXT_KEYS if isinstance(record.get(k), str)), None)
        given = next((record[k] for k in ("text", *TEXT_KEYS) if record.get(k) is not None),
                     None)
        if text is None and given is not None:
            raise UnreadableFile(path, f"the article text is {_kind(given)}, not text; give it "
                                 "as a string in quotes", line)
        if text is None:
            found = ", ".join(sorted(record)[:8]) or "nothing"
            raise UnreadableFile(path, f"the object has no \"text\" (it has {found})", line)
    if not text or text.isspace():
        raise UnreadableFile(path, "the article text is empty", line)
    meta = record.get("meta")
    fields: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in record.items():
        if key not in _STRUCTURE:
            _take(key, value, fields, extra)
    if type(meta) is dict:
        for key, value in meta.items():  # meta wins over top-level keys
            _take(key, value, fields, extra)
    if record.get("id") is not None and record["id"] != article_uid(text):
        extra.setdefault("id", record["id"])  # another tool's id; ours is derived from text
    story = _story(extra)
    draft = ArticleDraft(text=text, raw=None, extra=extra, **fields)
    draft.extra[LINE_KEY] = line  # popped by the importer: where to point in error reports
    if not _ANNOTATION_KEY_SET.isdisjoint(record):
        draft.annotations = _annotations(record, path, line)
    if story is not None:
        draft.annotations = draft.annotations or ImportedAnnotations()
        draft.annotations.story = story
    return draft


def _take(key: str, value: Any, fields: dict[str, Any], extra: dict[str, Any]) -> None:
    """A metadata field under its name or one of its aliases, or else an extra."""
    name = key if key in _META_FIELD_SET else META_ALIASES.get(key.lower())
    if name is None:
        extra[key] = value
    elif value is not None and value != "" and value != []:
        fields[name] = value if type(value) is str else _as_text(value)


def _story(extra: dict[str, Any]) -> tuple[Any, str | None] | None:
    """meta.story / meta.story_name as our export writes them, taken out of `extra`: the
    importer rebuilds the story itself, and the exporting project's story id means nothing
    once stored in another project."""
    story_id, name = extra.pop("story", None), extra.pop("story_name", None)
    if isinstance(story_id, (dict, list, bool)):
        story_id = None
    name = name.strip() if isinstance(name, str) and name.strip() else None
    if story_id is None and name is None:
        return None
    return story_id, name


def _annotations(record: dict[str, Any], path: Path, line: int | None) -> ImportedAnnotations:
    def listed(key: str) -> list[Any]:
        value = record.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise UnreadableFile(path, f"\"{key}\" should be a list", line)
        return value

    annotator = record.get("annotator")
    return ImportedAnnotations(
        spans=listed("spans"), frames=listed("frames"), tone=record.get("tone"),
        frame_cues=listed("frame_cues"), attributions=listed("attributions"),
        relations=listed("relations"), memo=record.get("memo"),
        annotator=annotator if isinstance(annotator, str) and annotator.strip() else None)


def _as_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _kind(value: Any) -> str:
    return {list: "a list", dict: "an object", str: "a string", int: "a number",
            float: "a number", bool: "true/false", type(None): "null"}.get(type(value),
                                                                            "something else")


def looks_like_jsonl(path: Path, text: str) -> bool:
    first = next((ln for ln in text.split("\n", 50) if ln.strip()), "")
    if not first.lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except json.JSONDecodeError:
        return False


JSONL = register_importer(ImportFormat(
    name="jsonl", suffixes=(".jsonl", ".ndjson", ".jsonlines"), read=read_jsonl,
    sniff=looks_like_jsonl, generic=True))
register_exporter(ExportFormat(
    name="jsonl", suffix=".jsonl", write=write_jsonl, streams=True,
    description="one JSON object per article with every annotation (Framedesk's own format)"))
