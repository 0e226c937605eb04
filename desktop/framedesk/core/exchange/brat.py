"""brat standoff: `NAME.txt` + `NAME.ann` per document, and `annotation.conf` for a collection.

.ann lines: `T1<TAB>Label start end[;start end...]<TAB>text` (text-bound, possibly
discontinuous), `R1<TAB>Type Arg1:T1 Arg2:T2`, `E1<TAB>Type:T3 Role:T1 ...` (events),
`A1<TAB>Name T1 [Value]` (attributes), `#1<TAB>AnnotatorNotes T1<TAB>text`. Offsets are
code points into the .txt file as saved (brat does not translate line endings).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from framedesk.core.errors import InputError, UnreadableFile
from framedesk.core.exchange.gather import iter_records, select_ids
from framedesk.core.exchange.interop import (
    ForeignDocument, ForeignRelation, ForeignSpan, OutDocument, build_draft, export_spans)
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
    doc = parse_ann(path, ann, document)
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


def parse_ann(path: Path, ann: str, document: str) -> ForeignDocument:
    doc = ForeignDocument(text=document)
    spans: dict[str, ForeignSpan] = {}
    events: dict[str, ForeignRelation] = {}
    pending_attrs: list[tuple[int, str, str, str | None]] = []
    for lineno, line in enumerate(ann.splitlines(), 1):
        if not line.strip():
            continue
        kind = line[0]
        fields = line.split("\t")
        try:
            if kind == "T":
                spans[fields[0]] = _text_bound(fields, document)
                doc.spans.append(spans[fields[0]])
            elif kind == "R":
                rtype, *args = fields[1].split()
                doc.relations.append(ForeignRelation(fields[0], rtype, _args(args)))
            elif kind == "E":
                head, *args = fields[1].split()
                etype, trigger = head.split(":", 1)
                ev = ForeignRelation(fields[0], etype, _args(args), trigger=trigger)
                events[fields[0]] = ev
                doc.relations.append(ev)
            elif kind in "AM":
                name, target, *value = fields[1].split()
                pending_attrs.append((lineno, name, target, value[0] if value else None))
            elif kind == "#":
                _, target = fields[1].split()[:2]
                doc.notes.append((target, fields[2] if len(fields) > 2 else ""))
            elif kind in "N*":
                continue  # normalisations and equivalences: not kept
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
    return doc


def _args(args: list[str]) -> list[tuple[str, str]]:
    out = []
    for a in args:
        role, sep, key = a.partition(":")
        if not sep or not role or not key:
            raise ValueError(f"argument {a!r} is not ROLE:ID")
        out.append((role, key))
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
    """A folder of NNNN_<uid>.txt/.ann pairs plus an annotation.conf listing every type."""
    out = Path(out)
    ids = select_ids(project, ids, options)
    progress = progress or Progress()
    progress.start(len(ids), "Exporting brat")
    types = _Types()
    n = 0
    with atomic_folder(out, force=force or options.force) as folder:
        for rec in iter_records(project, ids, options, progress):
            doc = brat_safe(export_spans(rec, join_fragments=True))
            stem = f"{rec.article.id:06d}_{rec.article.uid}"
            (folder / f"{stem}.txt").write_text(rec.article.text, encoding="utf-8", newline="")
            (folder / f"{stem}.ann").write_text(format_ann(doc), encoding="utf-8", newline="")
            types.add(doc)
            n += 1
        (folder / "annotation.conf").write_text(types.conf(), encoding="utf-8")
    return n


def format_ann(doc: OutDocument) -> str:
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
            tail = "" if value is True else f" {_token(str(value))}"
            lines.append(f"A{n_attr}\t{_token(name)} {holder.key}{tail}")
    n_note = 0
    notes = list(doc.notes) + [(s.key, s.attributes["note"]) for s in doc.spans
                               if s.attributes.get("note")]
    for key, text in notes:
        n_note += 1
        lines.append(f"#{n_note}\tAnnotatorNotes {key}\t{_one_line(text)}")
    return "".join(line + "\n" for line in lines)


def _one_line(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ").replace("\t", " ")


def _token(text: str) -> str:
    return re.sub(r"\s+", "_", text.strip()) or "_"


def brat_safe(doc: OutDocument) -> OutDocument:
    """brat type and role names are single tokens: a label with spaces from another tool
    ("Named Entity") is written with underscores."""
    for s in doc.spans:
        s.label = _token(s.label)
    for r in doc.relations:
        r.type = _token(r.type)
        r.args = [(_token(role), key) for role, key in r.args]
    return doc


class _Types:
    """Collects the types a collection uses, for annotation.conf (brat refuses unknown ones)."""

    def __init__(self) -> None:
        self.entities: dict[str, None] = {}
        self.relations: dict[str, set[tuple[str, str]]] = {}
        self.events: dict[str, set[str]] = {}
        self.attributes: dict[str, tuple[set[str], set[str]]] = {}

    def add(self, doc: OutDocument) -> None:
        label_of = {s.key: s.label for s in doc.spans}
        triggers = {r.trigger for r in doc.relations if r.trigger}
        for s in doc.spans:
            if s.key not in triggers:
                self.entities.setdefault(s.label)
            for name, value in s.attributes.items():
                self._attr(name, value, "<ENTITY>")
        for r in doc.relations:
            if r.trigger is not None:
                self.events.setdefault(r.type, set()).update(
                    f"{role}:<ENTITY>" if k in label_of else f"{role}:<EVENT>"
                    for role, k in r.args)
                for name, value in r.attributes.items():
                    self._attr(name, value, "<EVENT>")
            else:
                self.relations.setdefault(r.type, set()).update(
                    (role, label_of.get(k, "<ENTITY>")) for role, k in r.args)

    def _attr(self, name: str, value: object, arg: str) -> None:
        if name == "note" or value in (None, False, ""):
            return
        args, values = self.attributes.setdefault(_token(name), (set(), set()))
        args.add(arg)
        if value is not True:
            values.add(_token(str(value)))

    def conf(self) -> str:
        out = ["# Written by Framedesk: the types this export uses.", "[entities]"]
        out += list(self.entities)
        out.append("[relations]")
        for rtype, args in self.relations.items():
            roles: dict[str, set[str]] = {}
            for role, label in args:
                roles.setdefault(role, set()).add(label)
            out.append(f"{rtype}\t" + ", ".join(f"{role}:{'|'.join(sorted(labels))}"
                                                  for role, labels in sorted(roles.items())))
        out.append("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>")
        out.append("[events]")
        for etype, roles_ in self.events.items():
            roles2: dict[str, set[str]] = {}
            for item in roles_:
                role, label = item.split(":", 1)
                roles2.setdefault(role, set()).add(label)
            args = ", ".join(f"{role}*:{'|'.join(sorted(labels))}"
                             for role, labels in sorted(roles2.items()))
            out.append(f"{etype}\t{args}" if args else etype)
        out.append("[attributes]")
        for name, (args, values) in self.attributes.items():
            line = f"{name}\tArg:{'|'.join(sorted(args))}"
            if values:
                line += ", Value:" + "|".join(sorted(values))
            out.append(line)
        return "\n".join(out) + "\n"


register_importer(ImportFormat(name="brat", suffixes=(".ann",), read=read_brat,
                               sniff=sniff_brat, companions=companions, binary=True))
register_exporter(ExportFormat(
    name="brat", suffix="", write=write_brat,
    description="brat standoff: .txt + .ann per article and annotation.conf"))
