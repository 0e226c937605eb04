"""UIMA CAS JSON (as written by DKPro Cassis, INCEpTION and Java UIMA): one document per file.

UIMA counts `begin`/`end` in UTF-16 code units (Java strings): an emoji outside the Basic
Multilingual Plane is two units but one Python character. Every offset is converted exactly
both ways (textmap.utf16_to_index); an offset that splits a surrogate pair is refused rather
than rounded, because a rounded offset is a silently wrong annotation.

Import: the text of the initial view's Sofa; each annotation in that view becomes a span
labelled by its `label` or `value` feature, or else by its type name (document annotations,
tokens and sentences are not spans an analyst made). Export: one `NNNNNN_<uid>.json` CAS per
article, spans as `framedesk.Span` with a `label` feature (plain `uima.tcas.Annotation` where
that was the label), relations as `framedesk.Relation` with `Governor`/`Dependent`.
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
from framedesk.core.exchange.record_faults import RECORD_FAULTS, fault_reason
from framedesk.core.exchange.registry import (
    ExportFormat, ExportOptions, ImportFormat, register_exporter, register_importer)
from framedesk.core.exchange.textmap import index_of_utf16, utf16_to_index
from framedesk.core.exchange.writing import atomic_folder
from framedesk.core.model import ArticleDraft
from framedesk.core.progress import Progress

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

ANNOTATION = "uima.tcas.Annotation"
SPAN_TYPE = "framedesk.Span"
RELATION_TYPE = "framedesk.Relation"
NOT_SPANS = ("uima.cas.Sofa", "uima.tcas.DocumentAnnotation")
NOT_SPAN_SUFFIXES = (".segmentation.type.Token", ".segmentation.type.Sentence",
                     ".metadata.type.DocumentMetaData")
LABEL_FEATURES = ("label", "value", "PredicateType", "category")


# ------------------------------------------------------------------ offsets
def to_index(units: list[int], offset: int, what: str) -> int:
    """UTF-16 offset -> Python index; ValueError if it is not on a character boundary."""
    if not isinstance(offset, int) or not 0 <= offset <= units[-1]:
        raise ValueError(f"{what} {offset!r} is outside the text ({units[-1]} UTF-16 units)")
    i = index_of_utf16(units, offset)
    if units[i] != offset:
        raise ValueError(f"{what} {offset} falls inside a character (between the two halves"
                         " of a surrogate pair)")
    return i


# ------------------------------------------------------------------ reading
def read_uima_json(path: Path, text: str) -> Iterator[ArticleDraft | InputError]:
    try:
        cas = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(path, f"not JSON ({exc.msg})", line=exc.lineno) from None
    try:
        draft = build_draft(parse_cas(cas), "uima", source_file=str(path))
    except RECORD_FAULTS as exc:  # one document per file: the file is the record
        raise UnreadableFile(path, f"not a usable UIMA CAS: {fault_reason(exc)}") from None
    yield draft


def parse_cas(cas: dict[str, Any]) -> ForeignDocument:
    structures = cas["%FEATURE_STRUCTURES"]
    by_id = {fs["%ID"]: fs for fs in structures if isinstance(fs, dict) and "%ID" in fs}
    view = (cas.get("%VIEWS") or {}).get("_InitialView") or {}
    sofa_id = view.get("%SOFA")
    sofa = by_id.get(sofa_id) if sofa_id is not None else next(
        (fs for fs in structures if fs.get("%TYPE") == "uima.cas.Sofa"), None)
    if sofa is None or not isinstance(sofa.get("sofaString"), str):
        raise ValueError("no Sofa with a sofaString")
    text = sofa["sofaString"]
    units = utf16_to_index(text)
    members = view.get("%MEMBERS")
    candidates = [by_id[m] for m in members if m in by_id] if members else structures
    doc = ForeignDocument(text=text)
    keys: set[str] = set()
    for fs in candidates:
        kind = fs.get("%TYPE", "")
        if kind in NOT_SPANS or kind.endswith(NOT_SPAN_SUFFIXES) or "begin" not in fs \
                or "@Governor" in fs or "@Dependent" in fs:
            continue
        if fs.get("@sofa", sofa.get("%ID")) != sofa.get("%ID"):
            continue
        start = to_index(units, fs["begin"], f"begin of {fs['%ID']}")
        end = to_index(units, fs["end"], f"end of {fs['%ID']}")
        label = next((fs[f] for f in LABEL_FEATURES if isinstance(fs.get(f), str) and fs[f]),
                     kind)
        if end <= start:
            continue  # zero-width annotations have no text to mark
        key = str(fs["%ID"])
        keys.add(key)
        doc.spans.append(ForeignSpan(key, start, end, label))
    for fs in candidates:
        governor, dependent = fs.get("@Governor"), fs.get("@Dependent")
        if governor is None or dependent is None:
            continue
        if str(governor) in keys and str(dependent) in keys:
            doc.relations.append(ForeignRelation(
                str(fs["%ID"]), str(fs.get("label") or fs.get("%TYPE")),
                [("Governor", str(governor)), ("Dependent", str(dependent))]))
    return doc


def sniff_uima_json(path: Path, text: str) -> bool:
    """INCEpTION and DKPro Cassis write a long `%TYPES` (the whole type system, tens of KB)
    before `%FEATURE_STRUCTURES`, so the key is looked for in the whole object."""
    head = text.lstrip()[:2000]
    return head.startswith("{") and ('"%FEATURE_STRUCTURES"' in head or '"%TYPES"' in head
                                     and '"%FEATURE_STRUCTURES"' in text)


# ------------------------------------------------------------------ writing
def cas_json(rec: ExportRecord) -> dict[str, Any]:
    text = rec.article.text
    units = utf16_to_index(text)
    doc = export_spans(rec)
    structures: list[dict[str, Any]] = [{
        "%ID": 1, "%TYPE": "uima.cas.Sofa", "sofaNum": 1, "sofaID": "_InitialView",
        "mimeType": "text", "sofaString": text}]
    ids: dict[str, int] = {}
    for s in doc.spans:
        fs: dict[str, Any] = {"%ID": len(structures) + 1, "@sofa": 1,
                              "begin": units[s.start], "end": units[s.end]}
        if s.label == ANNOTATION:
            fs["%TYPE"] = ANNOTATION
        else:
            fs["%TYPE"] = SPAN_TYPE
            fs["label"] = s.label
        ids[s.key] = fs["%ID"]
        structures.append(fs)
    for r in doc.relations:
        ends = [ids[k] for _, k in r.args if k in ids]
        if r.trigger is not None and r.trigger in ids:   # events: trigger -> each argument
            pairs = [(ids[r.trigger], ids[k], f"{r.type}:{role}")
                     for role, k in r.args if k in ids]
        else:
            pairs = [(ends[0], ends[1], r.type)] if len(ends) == 2 else []
        for governor, dependent, label in pairs:
            dep = next(fs for fs in structures if fs["%ID"] == dependent)
            structures.append({"%ID": len(structures) + 1, "%TYPE": RELATION_TYPE, "@sofa": 1,
                               "begin": dep["begin"], "end": dep["end"], "label": label,
                               "@Governor": governor, "@Dependent": dependent})
    structures.append({"%ID": len(structures) + 1, "%TYPE": "uima.tcas.DocumentAnnotation",
                       "@sofa": 1, "begin": 0, "end": units[-1],
                       "language": rec.article.language or "x-unspecified"})
    return {
        "%TYPES": {
            SPAN_TYPE: {"%NAME": SPAN_TYPE, "%SUPER_TYPE": ANNOTATION,
                        "label": {"%NAME": "label", "%RANGE": "uima.cas.String"}},
            RELATION_TYPE: {"%NAME": RELATION_TYPE, "%SUPER_TYPE": ANNOTATION,
                            "label": {"%NAME": "label", "%RANGE": "uima.cas.String"},
                            "Governor": {"%NAME": "Governor", "%RANGE": ANNOTATION},
                            "Dependent": {"%NAME": "Dependent", "%RANGE": ANNOTATION}},
        },
        "%FEATURE_STRUCTURES": structures,
        "%VIEWS": {"_InitialView": {"%SOFA": 1,
                                    "%MEMBERS": [fs["%ID"] for fs in structures[1:]]}},
    }


def write_uima_json(project: Project, ids: Sequence[int] | None, out: Path,
                    options: ExportOptions = ExportOptions(), progress: Progress | None = None,
                    *, force: bool = False) -> int:
    """A folder with one CAS JSON file per article."""
    ids = select_ids(project, ids, options)
    progress = progress or Progress()
    progress.start(len(ids), "Exporting UIMA CAS JSON")
    n = 0
    with atomic_folder(Path(out), force=force or options.force) as folder:
        for rec in iter_records(project, ids, options, progress):
            name = f"{rec.article.id:06d}_{rec.article.uid}.json"
            (folder / name).write_text(json.dumps(cas_json(rec), ensure_ascii=False, indent=1),
                                       encoding="utf-8")
            n += 1
    return n


register_importer(ImportFormat(name="uima", suffixes=(".json",), read=read_uima_json,
                               sniff=sniff_uima_json))
register_exporter(ExportFormat(name="uima", suffix="", write=write_uima_json,
                               description="UIMA CAS JSON per article (UTF-16 offsets), for"
                                           " INCEpTION and DKPro Cassis"))
