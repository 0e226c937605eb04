"""Reading Framedesk's own CSV export back: articles.csv with its annotations.csv.

csv_export.py writes a folder (articles.csv + annotations.csv) or a pair (`x.csv` +
`x.annotations.csv`). An import of the folder or of the articles file brings every
article back with the annotations its rows in annotations.csv carry, each analyst's
apart: annotations.csv names the analyst of every cue, attribution, frame, tone and memo
row, and each analyst's work on an article becomes one draft with that analyst, so a tone
`neutral` by one coder and `implicit_pro` by another come back as two tones, not as the
code `neutral;implicit_pro` that no codebook has.

Cells written spreadsheet-safe (a ' in front of a cell that starts like a formula) are read
back as stored: the text column is checked against the article's uid, the others lose the '
only when what follows it starts like a formula, which is exactly when one was added.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from framedesk.core.errors import InputError, UnreadableFile
from framedesk.core.exchange.decoding import read_text
from framedesk.core.model import ArticleDraft, ImportedAnnotations
from framedesk.core.textnorm import article_uid

LINE_KEY = "_line"
ARTICLES_START = ["id", "uid", "title"]
ANNOTATIONS_START = ["article_id", "article_uid", "kind"]
FORMULA_START = frozenset("=+-@\t\r\n'")
DEFAULT_FRAME_CODEBOOK = "policy_frames"
DEFAULT_TONE_CODEBOOK = "tone"
ARTICLE_FIELDS = ("outlet", "url", "author", "published", "language", "source_file")


def is_articles_header(keys: list[str]) -> bool:
    return keys[:3] == ARTICLES_START and "primary_frame" in keys and "text" in keys


def is_annotations_header(keys: list[str]) -> bool:
    return keys[:3] == ANNOTATIONS_START


def annotations_beside(path: Path) -> list[Path]:
    """The annotations.csv an export wrote beside this articles file, if there is one."""
    name = "annotations.csv" if path.name.lower() == "articles.csv" \
        else f"{path.stem}.annotations.csv"
    candidate = path.with_name(name)
    return [candidate] if candidate != path and candidate.is_file() else []


def data_rows(reader: Any, path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of each row that is not blank; a broken row stops the file with its line
    (the csv module cannot resynchronise after one)."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise UnreadableFile(path, f"broken CSV ({exc})", reader.line_num) from None
        if any(cell.strip() for cell in row):
            yield reader.line_num, row


def unquote(value: str) -> str:
    """A cell as stored: one leading ' removed where the spreadsheet-safe rule added it."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START:
        return value[1:]
    return value


def read_export(path: Path, header: list[str], reader: Any
                ) -> Iterator[ArticleDraft | InputError]:
    col = {h.strip().lower(): i for i, h in enumerate(header)}
    beside = annotations_beside(path)
    coded: dict[str, dict[str | None, ImportedAnnotations]] = {}
    if beside:
        problems: list[InputError] = []
        coded = read_annotations(beside[0], problems)
        yield from problems
    seen: set[str] = set()
    for line, row in data_rows(reader, path):
        if len(row) != len(header):
            yield UnreadableFile(path, f"this row has {len(row)} cells but the header names "
                                       f"{len(header)} columns; fix the row and import the "
                                       "file again", line)
            continue
        uid = row[col["uid"]].strip()
        text = row[col["text"]]
        if text.startswith("'") and article_uid(text) != uid and article_uid(text[1:]) == uid:
            text = text[1:]
        if not text.strip():
            yield UnreadableFile(path, "the 'text' column is empty", line)
            continue
        draft = _draft(row, col, text)
        groups = dict(coded.get(uid) or {})
        if uid in seen:   # another analyst's row of the same article
            if any(a.frames or a.tone for a in groups.values()):
                continue  # annotations.csv already gave every analyst's codes
            groups = {}
        if not any(a.frames or a.tone for a in groups.values()):
            for who, ann in _from_article_columns(row, col).items():
                groups.setdefault(who, ImportedAnnotations(annotator=who)).frames.extend(
                    ann.frames)
                groups[who].tone = ann.tone
        seen.add(uid)
        for n, (who, ann) in enumerate(groups.items() or [(None, None)]):
            copy = draft if n == 0 else _draft(row, col, text)
            copy.annotations = ann
            copy.extra[LINE_KEY] = line
            yield copy
    missing = sorted(set(coded) - seen)
    if missing:
        yield UnreadableFile(beside[0], f"{len(missing)} article(s) named in annotations.csv "
                                        f"are not in {path.name} (first: {missing[0]}); "
                                        "their annotations were not imported")


def _draft(row: list[str], col: dict[str, int], text: str) -> ArticleDraft:
    values = {f: unquote(row[col[f]]) or None for f in ARTICLE_FIELDS if f in col}
    extra: dict[str, Any] = {}
    raw_extra = row[col["extra"]] if "extra" in col else ""
    if raw_extra.strip():
        try:
            parsed = json.loads(raw_extra)
            extra = parsed if isinstance(parsed, dict) else {}
        except json.JSONDecodeError:
            extra = {"extra": raw_extra}
    status = unquote(row[col["status"]]) if "status" in col else "todo"
    return ArticleDraft(text=text, title=unquote(row[col["title"]]), status=status or "todo",
                        extra=extra, **values)


def _from_article_columns(row: list[str], col: dict[str, int]
                          ) -> dict[str | None, ImportedAnnotations]:
    """An export without frame/tone rows in annotations.csv (older ones): the article's own
    columns, when they name one coder's choice (a ';' joins several coders' codes)."""
    primary = unquote(row[col["primary_frame"]]) if "primary_frame" in col else ""
    secondary = unquote(row[col["secondary_frames"]]) if "secondary_frames" in col else ""
    tone = unquote(row[col["tone"]]) if "tone" in col else ""
    ann = ImportedAnnotations()
    if primary and ";" not in primary:
        ann.frames.append({"code": primary, "primary": True})
        ann.frames.extend({"code": c, "primary": False} for c in secondary.split(";") if c)
    if tone and ";" not in tone:
        ann.tone = tone
    who = unquote(row[col["annotator"]]).strip() or None if "annotator" in col else None
    return {who: ann} if ann.frames or ann.tone else {}


def read_annotations(path: Path, problems: list[InputError]
                     ) -> dict[str, dict[str | None, ImportedAnnotations]]:
    """article uid -> analyst -> what that analyst's rows hold. Entity rows (no analyst)
    join the article's first named analyst, since mentions are shared by all coders."""
    try:
        text = read_text(path)
    except UnreadableFile as exc:
        problems.append(exc)
        return {}
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error):
        problems.append(UnreadableFile(path, "no header row"))
        return {}
    out: dict[str, dict[str | None, ImportedAnnotations]] = {}
    shared: dict[str, list[dict[str, Any]]] = {}
    for row in reader:
        line = reader.line_num
        if not any(c.strip() for c in row):
            continue
        if len(row) > len(header):
            problems.append(UnreadableFile(path, f"this row has {len(row)} cells but the header "
                                                 f"names {len(header)} columns", line))
            continue
        cells = {h: unquote(row[i]) if i < len(row) else "" for i, h in enumerate(header)}
        try:
            _add_row(cells, out, shared)
        except (ValueError, json.JSONDecodeError) as exc:
            problems.append(UnreadableFile(path, f"this {cells.get('kind') or 'row'} row could "
                                                 f"not be read ({exc}); it was left out", line))
    for uid, spans in shared.items():
        groups = out.setdefault(uid, {})
        first = next(iter(groups.values()), None) or groups.setdefault(None,
                                                                       ImportedAnnotations())
        first.spans.extend(spans)
    return out


def _add_row(c: dict[str, str], out: dict[str, dict[str | None, ImportedAnnotations]],
             shared: dict[str, list[dict[str, Any]]]) -> None:
    uid, kind, who = c.get("article_uid", ""), c.get("kind", ""), c.get("annotator") or None
    if kind == "entity":
        shared.setdefault(uid, []).append({
            "start": int(c["start"]), "end": int(c["end"]), "label": c.get("label"),
            "text": c.get("text"), "canonical": c.get("canonical") or None,
            "origin": c.get("origin") or None, "status": c.get("status") or "manual"})
        return
    groups = out.setdefault(uid, {})
    ann = groups.get(who)
    if ann is None:
        ann = groups[who] = ImportedAnnotations(annotator=who)
    if kind == "frame_cue":
        ann.frame_cues.append({"start": int(c["start"]), "end": int(c["end"]),
                               "code": c.get("label"), "note": c.get("note") or None,
                               "codebook": c.get("codebook") or DEFAULT_FRAME_CODEBOOK,
                               "text": c.get("text")})
    elif kind == "attribution":
        a: dict[str, Any] = {}
        for part in ("source", "cue", "content"):
            start, end = c.get(f"{part}_start", ""), c.get(f"{part}_end", "")
            a[part] = ({"start": int(start), "end": int(end), "text": c.get(f"{part}_text")}
                       if start and end else None)
        for key in ("quote_type", "identification", "source_type", "certainty", "entity"):
            a[key] = c.get(key) or None
        a["unnamed"] = json.loads(c["unnamed"]) if c.get("unnamed") else {}
        a["status"] = c.get("status") or "manual"
        a["origin"] = c.get("origin") or None
        ann.attributions.append(a)
    elif kind == "frame":
        ann.frames.append({"code": c.get("label"), "primary": c.get("note") == "primary",
                           "codebook": c.get("codebook") or DEFAULT_FRAME_CODEBOOK})
    elif kind == "tone":
        ann.tone = {"code": c.get("label"), "codebook": c.get("codebook")
                    or DEFAULT_TONE_CODEBOOK}
    elif kind == "memo":
        ann.memo = c.get("text")
    else:
        raise ValueError(f"unknown kind {kind!r}")
