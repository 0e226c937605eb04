"""brat standoff: `NAME.txt` + `NAME.ann` per document, and `annotation.conf` for a collection.

.ann lines: `T1<TAB>Label start end[;start end...]<TAB>text` (text-bound, possibly
discontinuous), `R1<TAB>Type Arg1:T1 Arg2:T2`, `E1<TAB>Type:T3 Role:T1 ...` (events),
`A1<TAB>Name T1 [Value]` (attributes), `#1<TAB>AnnotatorNotes T1<TAB>text`, `*<TAB>Equiv
T1 T2` (equivalences) and `N1<TAB>Reference T1 Wikipedia:534366<TAB>text` (normalisations).
Offsets are code points into the .txt file as saved (brat does not translate line endings).

A note on a frame cue is the cue's note; other notes, equivalences and normalisations are
kept in meta.interop and written back. The export's annotation.conf and visual.conf follow
brat's configuration rules (brat_conf.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framedesk.core.errors import InputError, UnreadableFile
from framedesk.core.exchange.brat_conf import Names, Types, framedesk_labels, visual_conf
from framedesk.core.exchange.gather import ExportRecord, iter_records, select_ids
from framedesk.core.exchange.interop import (
    FRAME_PREFIX, ForeignDocument, ForeignRelation, ForeignSpan, OutDocument, build_draft,
    export_spans)
from framedesk.core.exchange.registry import (
    ExportFormat, ExportOptions, ImportFormat, register_exporter, register_importer)
from framedesk.core.exchange.writing import atomic_folder
from framedesk.core.model import ArticleDraft
from framedesk.core.progress import Progress

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

CONF_FILES = ("annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf")
_OFFSETS = re.compile(r"^\d+ \d+(;\d+ \d+)*$")


# ------------------------------------------------------------------ reading
def read_brat(path: Path, text: str = "") -> Iterator[ArticleDraft | InputError]:
    """`path` is the .ann file; the .txt beside it is the document. Both are read here as
    UTF-8 exactly as saved: an empty .ann (a document nobody annotated yet) is fine, and
    line endings stay as they are because brat's offsets count them."""
    txt_path = path.with_suffix(".txt")
    if not txt_path.is_file():
        raise UnreadableFile(path, f"no {txt_path.name} beside it (brat keeps text and"
                             " annotations in two files)")
    ann = _utf8(path).replace("\r\n", "\n")
    document = _utf8(txt_path)
    if not document.strip():
        raise UnreadableFile(txt_path, "the document is empty")
    doc = parse_ann(path, ann, document, framedesk_labels(path.parent))
    doc.meta["title"] = ""
    yield build_draft(doc, "brat", source_file=str(txt_path), keep_text=True)


def _utf8(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(path, exc.strerror or str(exc)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(path, f"not UTF-8 (byte {exc.start})") from None
    return text[1:] if text.startswith("\ufeff") else text


def parse_ann(path: Path, ann: str, document: str,
              labels: dict[str, str] | None = None) -> ForeignDocument:
    """`labels` maps brat-safe names back to the originals (a Framedesk export's
    visual.conf, brat_conf.Names)."""
    name_of = (labels or {}).get
    doc = ForeignDocument(text=document)
    spans: dict[str, ForeignSpan] = {}
    events: dict[str, ForeignRelation] = {}
    pending_attrs: list[tuple[int, str, str, str | None]] = []
    pending_notes: list[tuple[str, str]] = []
    for lineno, line in enumerate(ann.splitlines(), 1):
        if not line.strip():
            continue
        kind = line[0]
        fields = line.split("\t")
        try:
            if kind == "T":
                span = _text_bound(fields, document)
                span.label = name_of(span.label, span.label)
                spans[fields[0]] = span
                doc.spans.append(span)
            elif kind == "R":
                rtype, *args = fields[1].split()
                doc.relations.append(ForeignRelation(fields[0], name_of(rtype, rtype),
                                                     _args(args, name_of)))
            elif kind == "E":
                head, *args = fields[1].split()
                etype, trigger = head.split(":", 1)
                ev = ForeignRelation(fields[0], name_of(etype, etype), _args(args, name_of),
                                     trigger=trigger)
                events[fields[0]] = ev
                doc.relations.append(ev)
            elif kind in "AM":
                name, target, *value = fields[1].split()
                pending_attrs.append((lineno, name_of(name, name), target,
                                      name_of(value[0], value[0]) if value else None))
            elif kind == "#":
                _, target = fields[1].split()[:2]
                pending_notes.append((target, fields[2] if len(fields) > 2 else ""))
            elif kind == "*":
                etype, *targets = fields[1].split()
                if len(targets) < 2:
                    raise ValueError("an equivalence needs two annotations or more")
                doc.keyed.setdefault("equivs", []).append(
                    {"type": name_of(etype, etype), "targets": targets})
            elif kind == "N":
                ntype, target, reference = fields[1].split()
                db, _, ident = reference.partition(":")
                doc.keyed.setdefault("normalizations", []).append(
                    {"key": fields[0], "type": ntype, "target": target, "db": db, "id": ident,
                     "text": fields[2] if len(fields) > 2 else ""})
            else:
                raise ValueError(f"unknown annotation kind {kind!r}")
        except (ValueError, IndexError) as exc:
            raise UnreadableFile(path, f"not a brat annotation line ({exc})", line=lineno) \
                from None
    for lineno, name, target, value in pending_attrs:
        holder = spans.get(target) or events.get(target)
        if holder is None:
            raise UnreadableFile(path, f"attribute {name} points to unknown {target}", lineno)
        holder.attributes[name] = value if value is not None else True
    for target, note in pending_notes:
        span = spans.get(target)
        if span is not None and span.label.startswith(FRAME_PREFIX):
            span.attributes["note"] = note   # a frame cue's own note (Cue.note)
        else:
            doc.notes.append((target, note))
    return doc


def _args(args: list[str], name_of=lambda n, d: d) -> list[tuple[str, str]]:
    out = []
    for a in args:
        role, sep, key = a.partition(":")
        if not sep or not role or not key:
            raise ValueError(f"argument {a!r} is not ROLE:ID")
        out.append((name_of(role, role), key))
    return out


def _text_bound(fields: list[str], document: str) -> ForeignSpan:
    label, _, offsets = fields[1].partition(" ")
    if not _OFFSETS.match(offsets):
        raise ValueError(f"bad offsets {offsets!r}")
    pieces = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
    for a, b in pieces:
        if not 0 <= a <= b <= len(document):
            raise ValueError(f"offsets {a} {b} outside the text ({len(document)} characters)")
    start, end = pieces[0][0], pieces[-1][1]
    return ForeignSpan(fields[0], start, end, label,
                       fragments=list(pieces) if len(pieces) > 1 else [])  # type: ignore[arg-type]


def sniff_brat(path: Path, text: str) -> bool:
    return path.suffix == ".ann" and path.with_suffix(".txt").is_file()


def companions(path: Path) -> list[Path]:
    out = [path.with_suffix(".txt")]
    out.extend(p for p in (path.parent / name for name in CONF_FILES) if p.exists())
    return out


# ------------------------------------------------------------------ writing
def write_brat(project: Project, ids: Sequence[int] | None, out: Path,
               options: ExportOptions = ExportOptions(), progress: Progress | None = None,
               *, force: bool = False) -> int:
    """A folder of NNNN_<uid>.txt/.ann pairs plus the annotation.conf and visual.conf of
    every type they use."""
    out = Path(out)
    ids = select_ids(project, ids, options)
    progress = progress or Progress()
    progress.start(len(ids), "Exporting brat")
    types = Types()
    names = Names()
    n = 0
    with atomic_folder(out, force=force or options.force) as folder:
        for rec in iter_records(project, ids, options, progress):
            doc = brat_safe(export_spans(rec, join_fragments=True), names)
            equivs, norms = _kept_links(rec, doc, names)
            stem = f"{rec.article.id:06d}_{rec.article.uid}"
            (folder / f"{stem}.txt").write_text(rec.article.text, encoding="utf-8", newline="")
            (folder / f"{stem}.ann").write_text(format_ann(doc, equivs, norms),
                                                encoding="utf-8", newline="")
            types.add(doc, equivs)
            n += 1
        (folder / "annotation.conf").write_text(types.conf(), encoding="utf-8")
        (folder / "visual.conf").write_text(visual_conf(names), encoding="utf-8")
    return n


def _kept_links(rec: ExportRecord, doc: OutDocument, names: Names
                ) -> tuple[list[tuple[str, list[str]]], list[dict[str, Any]]]:
    """The article's stored equivalences and normalisations whose spans are still there,
    by the keys of this export (entries of another shape are left out)."""
    key_of: dict[tuple[Any, Any, Any], str] = {}
    for s in doc.spans:
        key_of.setdefault((s.start, s.end, names.original.get(s.label, s.label)), s.key)

    def key(ref: Any) -> str | None:
        if not isinstance(ref, dict):
            return None
        return key_of.get((ref.get("start"), ref.get("end"), ref.get("label")))

    equivs = []
    for e in rec.interop.get("equivs") or []:
        if isinstance(e, dict) and isinstance(e.get("type"), str) \
                and isinstance(e.get("targets"), list):
            keys = [k for k in map(key, e["targets"]) if k is not None]
            if len(keys) >= 2:
                equivs.append((names.type(e["type"]), keys))
    norms = []
    for nm in rec.interop.get("normalizations") or []:
        k = key(nm.get("target")) if isinstance(nm, dict) else None
        if k is not None and all(isinstance(nm.get(f), str) and nm.get(f)
                                 for f in ("type", "db", "id")):
            norms.append({**nm, "target": k})
    return equivs, norms


def format_ann(doc: OutDocument, equivs: Sequence[tuple[str, list[str]]] = (),
               norms: Sequence[dict[str, Any]] = ()) -> str:
    lines: list[str] = []
    for s in doc.spans:
        pieces = s.fragments or [(s.start, s.end)]
        offsets = ";".join(f"{a} {b}" for a, b in pieces)
        # brat shows the covered text; line breaks inside it would break the line format.
        lines.append(f"{s.key}\t{s.label} {offsets}\t{_one_line(s.text)}")
    n_attr = 0
    for r in doc.relations:
        args = " ".join(f"{role}:{key}" for role, key in r.args)
        if r.trigger is not None:
            lines.append(f"{r.key}\t{r.type}:{r.trigger}" + (f" {args}" if args else ""))
        else:
            lines.append(f"{r.key}\t{r.type} {args}\t")
    # brat has attributes on text-bound annotations and events, not on relations.
    holders = [*doc.spans, *(r for r in doc.relations if r.trigger is not None)]
    for holder in holders:
        for name, value in holder.attributes.items():
            if name == "note" or value in (None, False, ""):
                continue
            n_attr += 1
            tail = "" if value is True else f" {value}"
            lines.append(f"A{n_attr}\t{name} {holder.key}{tail}")
    n_note = 0
    notes = list(doc.notes) + [(s.key, s.attributes["note"]) for s in doc.spans
                               if s.attributes.get("note")]
    for key, text in notes:
        n_note += 1
        lines.append(f"#{n_note}\tAnnotatorNotes {key}\t{_one_line(text)}")
    for kind, keys in equivs:
        lines.append(f"*\t{kind} {' '.join(keys)}")
    for i, nm in enumerate(norms, 1):
        ref = f"{_token(nm['db'])}:{_token(nm['id'])}"
        lines.append(f"N{i}\t{_token(nm['type'])} {nm['target']} {ref}\t"
                     f"{_one_line(str(nm.get('text') or ''))}")
    return "".join(line + "\n" for line in lines)


def _one_line(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ").replace("\t", " ")


def _token(text: str) -> str:
    return re.sub(r"\s+", "_", text.strip()) or "_"


def brat_safe(doc: OutDocument, names: Names | None = None) -> OutDocument:
    """brat type, role and attribute names are storage-form tokens and attribute values
    single tokens: a name from another tool ("Named Entity", an entity "Vladimir Putin")
    is written brat-safe, and `names` remembers the original for visual.conf."""
    names = names or Names()
    for s in doc.spans:
        s.label = names.type(s.label)
        s.attributes = {k if k == "note" else names.type(k):
                        v if k == "note" or isinstance(v, bool) or v is None
                        else names.value(str(v)) for k, v in s.attributes.items()}
    for r in doc.relations:
        r.type = names.type(r.type)
        r.args = [(names.role(role), key) for role, key in r.args]
        r.attributes = {names.type(k): v if isinstance(v, bool) or v is None
                        else names.value(str(v)) for k, v in r.attributes.items()}
    return doc


register_importer(ImportFormat(name="brat", suffixes=(".ann",), read=read_brat,
                               sniff=sniff_brat, companions=companions, binary=True))
register_exporter(ExportFormat(
    name="brat", suffix="", write=write_brat,
    description="brat standoff: .txt + .ann per article, annotation.conf and visual.conf"))
