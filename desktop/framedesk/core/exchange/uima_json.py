"""UIMA CAS JSON (as written by DKPro Cassis, INCEpTION and Java UIMA): one document per file.

UIMA counts `begin`/`end` in UTF-16 code units (Java strings): an emoji outside the Basic
Multilingual Plane is two units but one Python character. Every offset is converted exactly
both ways (textmap.utf16_to_index); an offset that splits a surrogate pair is refused rather
than rounded, because a rounded offset is a silently wrong annotation.

Import: the text of the initial view's Sofa and its annotations, mapped as uima_cas says
(DKPro NamedEntity, custom span and relation layers). Export: one `NNNNNN_<uid>.json` CAS per
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
    ForeignDocument, build_draft, export_spans)
from framedesk.core.exchange.record_faults import RECORD_FAULTS, fault_reason
from framedesk.core.exchange.registry import (
    ExportFormat, ExportOptions, ImportFormat, register_exporter, register_importer)
from framedesk.core.exchange.textmap import utf16_to_index
from framedesk.core.exchange.uima_cas import ANNOTATION, document_of
from framedesk.core.exchange.writing import atomic_folder
from framedesk.core.model import ArticleDraft
from framedesk.core.progress import Progress

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

SPAN_TYPE = "framedesk.Span"
RELATION_TYPE = "framedesk.Relation"


# ------------------------------------------------------------------ reading
def read_uima_json(path: Path, text: str) -> Iterator[ArticleDraft | InputError]:
    try:
        cas = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(path, f"not JSON ({exc.msg})", line=exc.lineno) from None
    try:
        draft = build_draft(parse_cas(cas), "uima", source_file=str(path), keep_text=True)
    except RECORD_FAULTS as exc:  # one document per file: the file is the record
        raise UnreadableFile(path, f"not a usable UIMA CAS: {fault_reason(exc)}") from None
    yield draft


def parse_cas(cas: dict[str, Any]) -> ForeignDocument:
    """The CAS JSON's initial view (uima_cas.document_of says how layers map)."""
    structures = [fs for fs in cas["%FEATURE_STRUCTURES"] if isinstance(fs, dict)]
    return document_of(structures, (cas.get("%VIEWS") or {}).get("_InitialView"))


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
