"""spaCy DocBin (`.spacy`): training data for `spacy train`, and spaCy data to import.

Each article is one Doc per analyst who coded it (`user_data["framedesk"]["annotator"]`;
one Doc without an analyst when nobody did), so two coders' frames and tones stay apart and
come back as two analysts: entity mentions in `doc.ents` (overlaps resolved longest-first;
where mentions overlap, all of them also in `doc.spans["entities"]`), frame cues in
`doc.spans["frame_cues"]`
(label = frame code), attribution parts in `doc.spans["attribution_source"|
"attribution_cue"|"attribution_content"]` (label SOURCE/CUE/CONTENT; parts of one
attribution share `span.id_`), frames in `doc.cats`, everything else in `doc.user_data`.

`doc.cats` for the "spacy" format holds the primary frame one-hot over the project's frame
codes (what the exclusive `textcat` trains on); "spacy-multilabel" holds every coded frame
(for `textcat_multilabel`). Tokens are spaCy's blank tokenizer for the project language,
split further wherever an annotation starts or ends, so every offset is exact.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framedesk.core.gcpause import cyclic_gc_paused
from framedesk.core.errors import ExportError, InputError, UnreadableFile
from framedesk.core.exchange.docbin_packing import (
    DocPacker, msgpack_encoders_cached)
from framedesk.core.exchange.coders import coder_views
from framedesk.core.exchange.gather import ExportRecord, iter_records, select_ids
from framedesk.core.exchange.interop import (
    EXPORT_PART_LABELS, FRAME_PREFIX, ForeignDocument, ForeignRelation, ForeignSpan,
    build_draft)
from framedesk.core.exchange.registry import (
    ExportFormat, ExportOptions, ImportFormat, register_exporter, register_importer)
from framedesk.core.exchange.writing import atomic_file, check_target
from framedesk.core.model import ArticleDraft
from framedesk.core.progress import Progress

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

USER_DATA_KEY = "framedesk"
PART_GROUPS = {f"attribution_{p}": p for p in ("source", "cue", "content")}
CUE_GROUP = "frame_cues"
ENTITY_GROUP = "entities"
# The token attributes the exported docs carry (spaces are always stored). The docs come
# from a blank tokenizer: no tags, lemmas, parses or morphology, so the other columns
# DocBin stores by default would be all zeros; leaving them out makes the bin a third the
# size to pack and compress, and the docs read back the same (a test compares them).
TOKEN_ATTRS = ("ORTH", "NORM", "ENT_IOB", "ENT_TYPE")


# ------------------------------------------------------------------ writing
def write_spacy(project: Project, ids: Sequence[int] | None, out: Path,
                options: ExportOptions = ExportOptions(), progress: Progress | None = None,
                *, force: bool = False, multilabel: bool = False) -> int:
    force = force or options.force
    check_target(Path(out), force)  # before the work, not after a minute of it
    import spacy
    from spacy.tokens import DocBin

    ids = select_ids(project, ids, options)
    progress = progress or Progress()
    progress.start(len(ids), "Exporting spaCy")
    try:
        nlp = spacy.blank(project.language)
    except (ImportError, KeyError, ValueError):
        nlp = spacy.blank("xx")  # a language spaCy has no tokenizer rules for
    labels = frame_codes(project)
    docbin = DocBin(attrs=TOKEN_ATTRS, store_user_data=True)
    n = 0
    packer = DocPacker(docbin, tokenizer_only=True)  # a blank pipeline: nothing else
    with msgpack_encoders_cached(), cyclic_gc_paused():
        for rec in iter_records(project, ids, options, progress):
            for who, view in coder_views(rec):   # one Doc per analyst: codes never merge
                packer.add(record_doc(nlp, view, labels, multilabel=multilabel,
                                      annotator=who))
            n += 1
        with atomic_file(out, force=force) as tmp:
            try:
                docbin.to_disk(tmp)
            except ValueError as exc:  # msgpack refuses something in user data
                raise ExportError(Path(out),
                                  f"spaCy could not serialise the docs ({exc})") from None
    return n


def write_spacy_multilabel(project: Project, ids: Sequence[int] | None, out: Path,
                           options: ExportOptions = ExportOptions(),
                           progress: Progress | None = None, *, force: bool = False) -> int:
    return write_spacy(project, ids, out, options, progress, force=force, multilabel=True)


def frame_codes(project: Project) -> list[str]:
    """Every frame code of the project's frame codebooks and every one coded, in order."""
    codes = [r[0] for r in project.db.execute(
        "SELECT c.code FROM codes c JOIN codebooks b ON b.id = c.codebook_id"
        " WHERE b.kind = 'frames' ORDER BY b.id, c.position, c.id")]
    codes += [r[0] for r in project.db.execute(
        "SELECT DISTINCT code FROM doc_codes WHERE role != 'tone' ORDER BY code")]
    return list(dict.fromkeys(codes))


def record_doc(nlp: Any, rec: ExportRecord, labels: list[str], *, multilabel: bool,
               annotator: str | None = None) -> Any:
    from spacy.tokens import Span
    from spacy.util import filter_spans

    text = rec.article.text
    bounds = {m.start for m in rec.mentions} | {m.end for m in rec.mentions}
    bounds.update(x for c in rec.cues for x in (c.start, c.end))
    for t in rec.attributions:
        for part in (t.source, t.cue, t.content):
            if part is not None:
                bounds.update((part.start, part.end))
    doc, first, last = _tokenise(nlp, text, bounds)

    def span(start: int, end: int, label: str, span_id: str = "") -> Any:
        # What doc.char_span gives, found in a dict: char_span walks the tokens each time.
        i, j = first.get(start), last.get(end)
        if i is not None and j is not None and i <= j:
            return Span(doc, i, j + 1, label=label, span_id=span_id)
        s = doc.char_span(start, end, label=label, span_id=span_id)
        if s is None:  # only when an annotation edge falls inside whitespace
            s = doc.char_span(start, end, label=label, span_id=span_id,
                              alignment_mode="contract")
        return s

    # Empty groups are left out: each group costs a msgpack round in DocBin.add.
    groups: dict[str, list[Any]] = {}
    mentions = [s for s in (span(m.start, m.end, m.label) for m in rec.mentions) if s]
    ents = filter_spans(mentions)
    doc.set_ents(ents, default="outside")  # what `doc.ents = ents` does, minus copying them
    if len(ents) < len(mentions):  # overlapping mentions: keep them all in a group
        groups[ENTITY_GROUP] = mentions
    groups[CUE_GROUP] = [s for s in (span(c.start, c.end, c.code) for c in rec.cues) if s]
    attributions = []
    for i, t in enumerate(rec.attributions):
        key = f"attribution-{i + 1}"
        for group, part in PART_GROUPS.items():
            value = getattr(t, part)
            if value is not None:
                s = span(value.start, value.end, EXPORT_PART_LABELS[part], key)
                if s is not None:
                    groups.setdefault(group, []).append(s)
        entry = _nonempty({
            "id": key, **{p: [getattr(t, p).start, getattr(t, p).end] if getattr(t, p) else None
                          for p in ("source", "cue", "content")},
            **{k: v for k, v in t.attributes().items() if v}, "entity": t.entity,
            "status": t.status, "annotator": t.annotator})
        if "unnamed" in entry:  # the only value with something nested to clean
            entry["unnamed"] = _clean(entry["unnamed"])
        attributions.append(entry)
    for group, spans in groups.items():
        if spans:
            doc.spans[group] = spans
    present = set(rec.primary_frames) if not multilabel else {f.code for f in rec.frames}
    if present:
        doc.cats = {code: 1.0 if code in present else 0.0 for code in labels}
        if not multilabel and len(rec.primary_frames) > 1:
            # Several analysts disagree on the primary frame: exclusive textcat needs one.
            doc.cats = {code: 0.0 for code in labels}
            doc.cats[rec.primary_frames[0]] = 1.0
    a = rec.article
    frames = [_nonempty({"code": f.code, "primary": f.primary, "codebook": f.codebook,
                         "annotator": f.annotator}) for f in rec.frames]
    doc.user_data[USER_DATA_KEY] = _nonempty({
        "id": a.id, "uid": a.uid, "title": a.title, "outlet": a.outlet, "url": a.url,
        "author": a.author, "published": a.published, "language": a.language,
        "status": a.status, "annotator": annotator, "frames": frames, "tone": rec.tone,
        "memo": rec.memo or None,
        "attributions": attributions,
        "cue_notes": [c.note or "" for c in rec.cues] if any(c.note for c in rec.cues) else [],
    })
    return doc


def _tokenise(nlp: Any, text: str, bounds: set[int]) -> tuple[Any, dict[int, int],
                                                                 dict[int, int]]:
    """spaCy's tokens, split again at every annotation edge that falls inside one; with, for
    the edges, the index of the token starting there and of the token ending there. Token
    offsets come from `to_array` and are matched to the edges with numpy: a Token object
    per token cost more than the tokenizer itself."""
    from spacy.attrs import SPACY
    from spacy.tokens import Doc

    doc = nlp.make_doc(text)
    first, last, starts, ends = _edges(doc, bounds)
    inside = [b for b in sorted(bounds) if b not in first and b not in last
              and 0 < b < len(text)]
    if not inside:
        return doc, first, last  # the usual case: annotations start and end on tokens
    words: list[str] = []
    spaces: list[bool] = []
    for start, end, space in zip(starts.tolist(), ends.tolist(), doc.to_array(SPACY).tolist()):
        lo = bisect_right(inside, start)
        hi = bisect_left(inside, end, lo)
        if lo == hi:
            words.append(text[start:end])
            spaces.append(bool(space))
            continue
        cuts = [start, *inside[lo:hi], end]
        for k in range(len(cuts) - 1):
            words.append(text[cuts[k]:cuts[k + 1]])
            spaces.append(bool(space) and k == len(cuts) - 2)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    first, last, _, _ = _edges(doc, bounds)
    return doc, first, last


def _edges(doc: Any, bounds: set[int]) -> tuple[dict[int, int], dict[int, int], Any, Any]:
    """{edge: index of the token starting there}, {edge: index of the token ending there}
    for the edges in `bounds` that are token edges; and the token start and end offsets."""
    import numpy
    from spacy.attrs import IDX, LENGTH

    offsets = doc.to_array([IDX, LENGTH])
    starts = offsets[:, 0]
    ends = starts + offsets[:, 1]
    if not bounds or len(doc) == 0:
        return {}, {}, starts, ends
    wanted = numpy.array(sorted(bounds), dtype=starts.dtype)
    found = []
    for offsets_ in (starts, ends):  # both ascending: tokens do not overlap
        at = numpy.minimum(numpy.searchsorted(offsets_, wanted), len(offsets_) - 1)
        hit = offsets_[at] == wanted
        found.append(dict(zip(wanted[hit].tolist(), at[hit].tolist())))
    return found[0], found[1], starts, ends


def _nonempty(values: dict[str, Any]) -> dict[str, Any]:
    """One level of _clean, for dicts whose values hold no dicts to clean."""
    return {k: v for k, v in values.items() if v not in (None, "", [], {})}


def _clean(value: Any) -> Any:
    """Drop empty values so user_data stays small (msgpack keeps every key)."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


# ------------------------------------------------------------------ reading
def read_docbin(path: Path, text: str = "") -> Iterator[ArticleDraft | InputError]:
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    data = path.read_bytes()
    inflated_size_check(path, data)
    try:
        docs = list(DocBin().from_bytes(data).get_docs(Vocab()))
    except OSError as exc:
        raise UnreadableFile(path, exc.strerror or str(exc)) from None
    except Exception as exc:  # msgpack/zlib errors of a file that is not a DocBin
        raise UnreadableFile(path, f"not a spaCy DocBin ({type(exc).__name__})") from None
    for doc in docs:
        yield doc_draft(doc, path)


def inflated_size_check(path: Path, data: bytes) -> None:
    """A DocBin is zlib-compressed: a small file can inflate to gigabytes (a decompression
    bomb). Inflate it in bounded pieces first, counting, and stop at the size limit."""
    import zlib

    from framedesk.core.exchange.decoding import max_file_bytes, over_limit_reason

    limit, total = max_file_bytes(), 0
    inflater = zlib.decompressobj()
    pending = data
    try:
        while pending:
            total += len(inflater.decompress(pending, 4 * 1024 * 1024))
            if total > limit:
                raise UnreadableFile(path, "unpacked, " + over_limit_reason(total, limit))
            pending = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        return  # not zlib at all: DocBin's own reading says what is wrong


def doc_draft(doc: Any, path: Path) -> ArticleDraft:
    ours = doc.user_data.get(USER_DATA_KEY) or {}
    who = ours.get("annotator")
    fd = ForeignDocument(text=doc.text, annotator=who if isinstance(who, str) else None)
    fd.meta = {k: ours[k] for k in ("title", "outlet", "url", "author", "published",
                                    "language") if isinstance(ours.get(k), str)}
    seen: set[tuple[int, int, str]] = set()

    def add(start: int, end: int, label: str) -> str:
        key = f"s{len(fd.spans)}"
        fd.spans.append(ForeignSpan(key, start, end, label))
        return key

    for group in (ENTITY_GROUP, None, *[g for g in doc.spans if g not in
                                         (ENTITY_GROUP, CUE_GROUP, *PART_GROUPS)]):
        if group is not None and group not in doc.spans:
            continue
        spans = doc.ents if group is None else doc.spans[group]
        for s in spans:
            ref = (s.start_char, s.end_char, s.label_)
            if ref not in seen:
                seen.add(ref)
                add(*ref)
    notes = list(ours.get("cue_notes", ()))
    if CUE_GROUP in doc.spans:
        for i, s in enumerate(doc.spans[CUE_GROUP]):
            add(s.start_char, s.end_char, FRAME_PREFIX + s.label_)
            if i < len(notes) and notes[i]:
                fd.spans[-1].attributes = {"note": notes[i]}
    anchors: dict[str, str] = {}
    for group, part in PART_GROUPS.items():
        for s in doc.spans[group] if group in doc.spans else []:
            key = add(s.start_char, s.end_char, EXPORT_PART_LABELS[part])
            attrs = next((a for a in ours.get("attributions", ()) if a.get("id") == s.id_), {})
            fd.spans[-1].attributes = {k: v for k, v in dict(attrs).items()
                                       if k in ("quote_type", "identification", "source_type",
                                                "certainty", "entity")}
            if not s.id_:
                continue
            if s.id_ in anchors:
                fd.relations.append(ForeignRelation(f"{s.id_}-{part}", f"ATTR_{part.upper()}",
                                                    [("Arg1", anchors[s.id_]), ("Arg2", key)]))
            else:
                anchors[s.id_] = key
    if "frames" not in ours:
        fd.categories = [k for k, v in doc.cats.items() if v >= 0.5]
    draft = build_draft(fd, "spacy", source_file=str(path), keep_text=True)
    frames = [dict(f) for f in ours.get("frames", ())]
    if frames or ours.get("tone") or ours.get("memo"):
        if draft.annotations is None:
            from framedesk.core.model import ImportedAnnotations
            draft.annotations = ImportedAnnotations(annotator=fd.annotator)
        draft.annotations.frames = frames
        draft.annotations.tone = ours.get("tone")
        draft.annotations.memo = ours.get("memo")
    return draft


register_importer(ImportFormat(name="spacy", suffixes=(".spacy",), read=read_docbin,
                               binary=True))
register_exporter(ExportFormat(
    name="spacy", suffix=".spacy", write=write_spacy,
    description="spaCy DocBin: entities, frame cue and attribution span groups, primary"
                " frame in doc.cats (textcat)"))
register_exporter(ExportFormat(
    name="spacy-multilabel", suffix=".spacy", write=write_spacy_multilabel,
    description="spaCy DocBin with every coded frame in doc.cats (textcat_multilabel)"))
