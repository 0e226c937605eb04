"""Storing the annotations that came with an imported article (our own JSONL export, other
tools' files), under the analyst the file names, else the current analyst.

Shared by every importer: a reader puts what it found into `ArticleDraft.annotations`
(ImportedAnnotations: plain dicts) and the import orchestration calls `store_annotations`
once the article has its id. Offsets in the dicts point into the text as the file had it;
they are moved onto the stored, normalised text here (CRLF, no-break spaces...).

Importing never overwrites coding: an analyst's frames, tone, cues or memo on an article are
stored only when that analyst has none of that kind there yet, and mentions or attributions
identical to ones already stored are skipped, so importing the same file twice adds nothing
and a colleague's export brings in their coding beside ours.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from framedesk.core.clock import utc_now
from framedesk.core.exchange.sanitising import bad_annotation_text, has_lone_surrogate
from framedesk.core.exchange.textmap import TextMap, normalise_with_map
from framedesk.core.model import ATTRIBUTION_STATUSES, ImportedAnnotations, Span
from framedesk.core.store.attributions import Attribution

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

DEFAULT_FRAME_CODEBOOK = "policy_frames"
DEFAULT_TONE_CODEBOOK = "tone"
MODEL_ORIGIN_PREFIX = "spacy:"


@dataclass(slots=True)
class StoredAnnotations:
    """How many of each kind were stored, and why some were not (one phrase each)."""

    mentions: int = 0
    frames: int = 0
    tones: int = 0
    cues: int = 0
    attributions: int = 0
    memos: int = 0
    placed_in_story: bool = False   # not an annotation: left out of `total`
    problems: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return (self.mentions + self.frames + self.tones + self.cues + self.attributions
                + self.memos)


def store_annotations(project: Project, article_id: int, source_text: str,
                      ann: ImportedAnnotations, *, origin: str = "import") -> StoredAnnotations:
    """Store `ann` for an article whose text was `source_text` in the file. Runs inside
    the caller's transaction when there is one (the importer's batch)."""
    out = StoredAnnotations()
    if ann.story is not None:
        out.placed_in_story = _story(project, article_id, ann.story)
    stored = project.db.execute("SELECT text FROM articles WHERE id = ?",
                                [article_id]).fetchone()[0]
    # An article kept exactly as the file had it (ArticleDraft.keep_text) needs no map.
    tmap = TextMap(stored, tuple(range(len(stored) + 1))) if stored == source_text \
        else normalise_with_map(source_text)
    if tmap.text != stored:
        out.problems.append("the annotations point into a different text than the stored one")
        return out
    annotator = ann.annotator
    if bad_annotation_text(annotator):
        out.problems.append("the annotator's name is not text, so the coding is stored under "
                            "the current analyst")
        annotator = None
    who = project.annotator_id_for(annotator) if annotator else project.annotator_id
    with project.atomic():
        _mentions(project, article_id, tmap, ann.spans, who, origin, out)
        _frames(project, article_id, ann.frames, who, out)
        _tone(project, article_id, ann.tone, who, out)
        _cues(project, article_id, tmap, ann.frame_cues, who, out)
        _attributions(project, article_id, tmap, ann.attributions, who, origin, ann.spans, out)
        _memo(project, article_id, ann.memo, who, out)
    return out


# ---------------------------------------------------------------- offsets
def _span(tmap: TextMap, d: Any, what: str, out: StoredAnnotations) -> Span | None:
    """A {start, end[, text]} dict moved onto the stored text; None (and a problem) if bad."""
    if not isinstance(d, dict):
        out.problems.append(f"{what} is not an object with start and end")
        return None
    start, end = d.get("start"), d.get("end")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        out.problems.append(f"{what} has no whole-number start and end")
        return None
    original_length = len(tmap.starts) - 1
    if not 0 <= start < end <= original_length:
        out.problems.append(f"{what} {start}-{end} lies outside the text "
                            f"({original_length} characters)")
        return None
    s, e = tmap.span(start, end)
    if e <= s:
        out.problems.append(f"{what} {start}-{end} covers only blank space")
        return None
    claimed = d.get("text")
    if isinstance(claimed, str) and " ".join(claimed.split()) != " ".join(tmap.text[s:e].split()):
        out.problems.append(f"{what} {start}-{end} should read {claimed!r} but the text there "
                            f"is {tmap.text[s:e]!r}")
        return None
    return Span(s, e)


# ---------------------------------------------------------------- kinds
def _wrong_types(d: Any, what: str, keys: tuple[str, ...], out: StoredAnnotations) -> bool:
    """True (and a problem) when one of `keys` is given but is not storable text (a list,
    an object, a number, a lone surrogate): that one item is left out, not the batch."""
    if not isinstance(d, dict):
        return False
    for key in keys:
        if bad_annotation_text(d.get(key)):
            out.problems.append(f"{what} has a {key.replace('_', ' ')} that is not text")
            return True
    return False


def _mentions(project: Project, article_id: int, tmap: TextMap, spans: list[dict[str, Any]],
              who: int, origin: str, out: StoredAnnotations) -> None:
    if not spans:
        return
    db = project.db
    taken = {(s, e, lab) for s, e, lab in db.execute(
        "SELECT start, \"end\", label FROM mentions WHERE article_id = ?", [article_id])}
    now = utc_now()
    for n, d in enumerate(spans, 1):
        span = _span(tmap, d, f"entity span {n}", out)
        label = d.get("label") if isinstance(d, dict) else None
        if span is None or _wrong_types(d, f"entity span {n}",
                                        ("label", "canonical", "origin"), out):
            continue
        if not isinstance(label, str) or not label.strip():
            out.problems.append(f"entity span {n} has no label")
            continue
        if (span.start, span.end, label) in taken:
            continue
        text = tmap.text[span.start:span.end]
        canonical = d.get("canonical") if isinstance(d.get("canonical"), str) else None
        entity_id = project.entities.ensure(canonical or text, label)
        span_origin = d.get("origin") if isinstance(d.get("origin"), str) else origin
        # A model's proposal (a spaCy run, another tool's prediction): nobody's decision.
        model_made = span_origin.startswith(MODEL_ORIGIN_PREFIX) or d.get("status") == "auto"
        db.execute(
            "INSERT INTO mentions (article_id, start, \"end\", label, text, entity_id, origin,"
            " status, annotator_id, created) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [article_id, span.start, span.end, label, text, entity_id, span_origin,
             "auto" if model_made else "manual", None if model_made else who, now])
        taken.add((span.start, span.end, label))
        out.mentions += 1


def _has(project: Project, sql: str, params: list[Any]) -> bool:
    return project.db.execute(sql, params).fetchone() is not None


def _frames(project: Project, article_id: int, frames: list[dict[str, Any]], who: int,
            out: StoredAnnotations) -> None:
    if not frames or _has(project, "SELECT 1 FROM doc_codes WHERE article_id = ? AND"
                          " annotator_id = ? AND role != 'tone'", [article_id, who]):
        return
    primary_done = False
    for n, f in enumerate(frames, 1):
        code = f.get("code") if isinstance(f, dict) else None
        if _wrong_types(f, f"frame {n}", ("code", "codebook"), out):
            continue
        if not isinstance(code, str) or not code:
            out.problems.append(f"frame {n} has no code")
            continue
        primary = bool(f.get("primary")) and not primary_done
        primary_done = primary_done or primary
        codebook = f.get("codebook") or DEFAULT_FRAME_CODEBOOK
        cur = project.db.execute(
            "INSERT OR IGNORE INTO doc_codes (article_id, codebook, code, role, annotator_id,"
            " codebook_version, created) VALUES (?,?,?,?,?,?,?)",
            [article_id, codebook, code, "primary" if primary else "secondary", who,
             _version(project, codebook), utc_now()])
        out.frames += cur.rowcount


def _tone(project: Project, article_id: int, tone: Any, who: int,
          out: StoredAnnotations) -> None:
    if tone is None:
        return
    if isinstance(tone, dict):
        if _wrong_types(tone, "tone", ("code", "codebook"), out):
            return
        codebook, tone = tone.get("codebook") or DEFAULT_TONE_CODEBOOK, tone.get("code")
    else:
        codebook = DEFAULT_TONE_CODEBOOK
    if not isinstance(tone, str) or not tone or has_lone_surrogate(tone):
        out.problems.append("tone is not a code")
        return
    if _has(project, "SELECT 1 FROM doc_codes WHERE article_id = ? AND annotator_id = ? AND"
            " role = 'tone'", [article_id, who]):
        return
    project.db.execute(
        "INSERT INTO doc_codes (article_id, codebook, code, role, annotator_id,"
        " codebook_version, created) VALUES (?,?,?,'tone',?,?,?)",
        [article_id, codebook, tone, who, _version(project, codebook), utc_now()])
    out.tones += 1


def _cues(project: Project, article_id: int, tmap: TextMap, cues: list[dict[str, Any]],
          who: int, out: StoredAnnotations) -> None:
    if not cues or _has(project, "SELECT 1 FROM span_codes WHERE article_id = ? AND"
                        " annotator_id = ?", [article_id, who]):
        return
    for n, c in enumerate(cues, 1):
        span = _span(tmap, c, f"frame cue {n}", out)
        if span is None or _wrong_types(c, f"frame cue {n}", ("code", "codebook", "note"), out):
            continue
        code = c.get("code")
        if not isinstance(code, str) or not code:
            out.problems.append(f"frame cue {n} has no code")
            continue
        codebook = c.get("codebook") or DEFAULT_FRAME_CODEBOOK
        project.db.execute(
            "INSERT INTO span_codes (article_id, start, \"end\", codebook, code, note,"
            " annotator_id, codebook_version, created) VALUES (?,?,?,?,?,?,?,?,?)",
            [article_id, span.start, span.end, codebook, code, c.get("note"), who,
             _version(project, codebook), utc_now()])
        out.cues += 1


def _attributions(project: Project, article_id: int, tmap: TextMap,
                  items: list[dict[str, Any]], who: int, origin: str,
                  spans: list[dict[str, Any]], out: StoredAnnotations) -> None:
    if not items:
        return
    db = project.db
    taken = {(fp, annotator) for fp, annotator in db.execute(
        "SELECT fingerprint, annotator_id FROM attributions WHERE article_id = ?", [article_id])}
    now = utc_now()
    for n, d in enumerate(items, 1):
        if not isinstance(d, dict):
            out.problems.append(f"attribution {n} is not an object")
            continue
        if _wrong_types(d, f"attribution {n}", ("quote_type", "identification", "source_type",
                                                "certainty", "origin", "status", "entity"),
                        out):
            continue
        parts = {}
        for part in ("source", "cue", "content"):
            value = d.get(part)
            parts[part] = None if value is None else _span(tmap, value, f"attribution {n} {part}",
                                                          out)
            if value is not None and parts[part] is None:
                break
        else:
            status = d.get("status") or "manual"
            if status not in ATTRIBUTION_STATUSES:
                out.problems.append(f"attribution {n} has the unknown status {status!r}")
                continue
            if not any(parts.values()):
                out.problems.append(f"attribution {n} has no source, cue or content")
                continue
            a = Attribution(article_id=article_id, **parts, status=status)
            annotator = None if status == "suggested" else who
            if (a.fingerprint(), annotator) in taken:
                continue
            unnamed = d.get("unnamed") if isinstance(d.get("unnamed"), dict) else {}
            db.execute(
                "INSERT INTO attributions (article_id, source_start, source_end, cue_start,"
                " cue_end, content_start, content_end, quote_type, identification,"
                " source_type, certainty, unnamed, entity_id, status, origin, fingerprint,"
                " annotator_id, created, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [article_id, *_ends(a.source), *_ends(a.cue), *_ends(a.content),
                 d.get("quote_type"), d.get("identification"), d.get("source_type"),
                 d.get("certainty"), json.dumps(unnamed, ensure_ascii=False, sort_keys=True),
                 _entity_id(project, d.get("entity"), spans), status,
                 d.get("origin") or origin, a.fingerprint(), annotator, now, now])
            taken.add((a.fingerprint(), annotator))
            out.attributions += 1


def _memo(project: Project, article_id: int, memo: Any, who: int,
          out: StoredAnnotations) -> None:
    if not isinstance(memo, str) or not memo.strip():
        if memo is not None and not isinstance(memo, str):
            out.problems.append("the memo is not text")
        return
    if has_lone_surrogate(memo):
        out.problems.append("the memo has a character that is not valid Unicode")
        return
    if _has(project, "SELECT 1 FROM memos WHERE article_id = ? AND annotator_id = ?",
            [article_id, who]):
        return
    project.db.execute("INSERT INTO memos (article_id, annotator_id, text, updated)"
                       " VALUES (?,?,?,?)", [article_id, who, memo, utc_now()])
    out.memos += 1


# ---------------------------------------------------------------- stories
def _story(project: Project, article_id: int, story: tuple[Any, str | None]) -> bool:
    """Put the article in the analyst's story of the exported name (made on first use, so
    every article of one exported story lands in one story). Named, not automatic: the
    exporting analyst's grouping is a decision that regrouping must keep. An article already
    in a story the analyst made here stays where it is."""
    story_id, name = story
    if not isinstance(name, str) or has_lone_surrogate(name):
        name = None
    if not isinstance(story_id, (str, int)) or isinstance(story_id, bool):
        story_id = "?"
    name = name or f"Story {story_id}"
    db = project.db
    current = db.execute("SELECT s.name FROM articles a LEFT JOIN stories s"
                         " ON s.id = a.story_id WHERE a.id = ?", [article_id]).fetchone()
    if current is None or (current[0] is not None and not current[0].startswith("auto:")):
        return False
    with project.atomic():
        row = db.execute("SELECT id FROM stories WHERE name = ? ORDER BY id",
                         [name]).fetchone()
        target = row[0] if row else db.execute(
            "INSERT INTO stories (name, created) VALUES (?, ?)", [name, utc_now()]).lastrowid
        db.execute("UPDATE articles SET story_id = ? WHERE id = ?", [target, article_id])
        # An automatic story the article left may now be empty: no empty stories linger.
        db.execute("DELETE FROM stories WHERE name LIKE 'auto:%' AND id NOT IN"
                   " (SELECT story_id FROM articles WHERE story_id IS NOT NULL)")
    return True


# ---------------------------------------------------------------- helpers
def _ends(span: Span | None) -> tuple[int | None, int | None]:
    return (span.start, span.end) if span else (None, None)


def _version(project: Project, codebook: str) -> int:
    row = project.db.execute("SELECT version FROM codebooks WHERE name = ?",
                             [codebook]).fetchone()
    return row[0] if row else 1


def _entity_id(project: Project, name: Any, spans: list[dict[str, Any]]) -> int | None:
    """The canonical entity an attribution's source refers to, by name. Its type comes from
    the article's own spans that link to it, else from an existing entity of that name."""
    if not isinstance(name, str) or not name.strip():
        return None
    for s in spans:
        if isinstance(s, dict) and name in (s.get("canonical"), s.get("text")) \
                and isinstance(s.get("label"), str):
            return project.entities.ensure(name, s["label"])
    row = project.db.execute("SELECT id FROM entities WHERE name = ? ORDER BY id",
                             [name]).fetchone()
    if row:
        return row[0]
    return project.entities.ensure(name, "PERSON")
