"""UIMA CAS XMI: INCEpTION's default export and DKPro's exchange format. One document per file.

An element's namespace names the type's package (`http:///de/tudarmstadt/ukp/dkpro/core/api/
ner/type.ecore` + `NamedEntity` is `de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity`),
its attributes are the features. The reader builds the feature-structure dicts of CAS JSON
and hands them to uima_cas, so both serialisations map DKPro and custom layers alike; which
attributes are references (Governor, Dependent, a slot's target and links) is known from the
ids they name, as an XMI without its type system gives no other hint.

Export: a folder with one `NNNNNN_<uid>.xmi` per article and the `TypeSystem.xml` they use
(Java UIMA and dkpro-cassis need it to load them). Entity mentions are DKPro NamedEntity
annotations (`value` = label), so INCEpTION shows them on its Named Entity layer; frame cues
and attribution parts are `framedesk.Span` (`label` = FRAME_<code>, SOURCE, CUE, CONTENT),
links between them `framedesk.Relation` (Governor/Dependent). Offsets are UTF-16 code units.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framedesk.core.errors import InputError, UnreadableFile
from framedesk.core.exchange.gather import ExportRecord, iter_records, select_ids
from framedesk.core.exchange.interop import FRAME_PREFIX, EXPORT_PART_LABELS, build_draft, export_spans
from framedesk.core.exchange.registry import (
    ExportFormat, ExportOptions, ImportFormat, register_exporter, register_importer)
from framedesk.core.exchange.textmap import utf16_to_index
from framedesk.core.exchange.uima_cas import NAMED_ENTITY, SOFA, document_of
from framedesk.core.exchange.writing import atomic_folder
from framedesk.core.model import ArticleDraft
from framedesk.core.progress import Progress

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

XMI_NS = "http://www.omg.org/XMI"
XMI_ID = f"{{{XMI_NS}}}id"
SPAN_TYPE = "framedesk.Span"
RELATION_TYPE = "framedesk.Relation"
REFERENCE_FEATURES = ("sofa", "Governor", "Dependent", "target")
_INT = re.compile(r"-?\d+")
_IDS = re.compile(r"\d+( \d+)*")
# XML 1.0 cannot carry these characters at all, not even as references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# ------------------------------------------------------------------ reading
def type_name(tag: str) -> str:
    """`{http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore}NamedEntity` -> dotted."""
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    package = uri.removeprefix("http:///").removesuffix(".ecore").replace("/", ".")
    return f"{package}.{local}" if package else local


def read_uima_xmi(path: Path, text: str) -> Iterator[ArticleDraft | InputError]:
    if "<!DOCTYPE" in text[:4096] or "<!ENTITY" in text:
        raise UnreadableFile(path, "an XMI file has no document type declaration; this one"
                             " declares entities, which are not read")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise UnreadableFile(path, f"not well-formed XML ({exc})",
                             line=exc.position[0] if exc.position else None) from None
    try:
        structures, view = parse_xmi(root)
        doc = document_of(structures, view)
    except (ValueError, KeyError, TypeError) as exc:
        raise UnreadableFile(path, f"not a usable UIMA CAS XMI ({exc})") from None
    yield build_draft(doc, "uima-xmi", source_file=str(path), keep_text=True)


def parse_xmi(root: ET.Element) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The feature structures (as CAS JSON writes them) and the initial view."""
    if root.tag != f"{{{XMI_NS}}}XMI":
        raise ValueError(f"the root element is {root.tag}, not xmi:XMI")
    raw: list[tuple[str, dict[str, str]]] = []
    views: list[dict[str, str]] = []
    for el in root:
        kind = type_name(el.tag)
        if kind == "uima.cas.View":
            views.append(dict(el.attrib))
        elif XMI_ID in el.attrib and kind != "uima.cas.NULL":
            raw.append((kind, dict(el.attrib)))
    ids = {a[XMI_ID] for _, a in raw}
    structures: list[dict[str, Any]] = []
    for kind, attrib in raw:
        fs: dict[str, Any] = {"%ID": int(attrib.pop(XMI_ID)), "%TYPE": kind}
        for name, value in attrib.items():
            if name.startswith("{"):
                continue  # xmi:version and other bookkeeping
            if name in ("begin", "end", "sofaNum") and _INT.fullmatch(value):
                fs[name] = int(value)
            elif name in REFERENCE_FEATURES and value in ids:
                fs[f"@{name}"] = int(value)
            elif kind != SOFA and _IDS.fullmatch(value) and all(v in ids for v in value.split()):
                fs[f"@{name}"] = [int(v) for v in value.split()]   # a list of links
            else:
                fs[name] = value
        structures.append(fs)
    sofas = {fs["%ID"]: fs for fs in structures if fs["%TYPE"] == SOFA}
    initial = next((i for i, fs in sofas.items() if fs.get("sofaID") == "_InitialView"),
                   next(iter(sofas), None))
    for view in views:
        if view.get("sofa") == str(initial):
            members = [int(m) for m in view.get("members", "").split() if m.isdigit()]
            return structures, {"%SOFA": initial, "%MEMBERS": members}
    return structures, ({"%SOFA": initial} if initial is not None else None)


def sniff_uima_xmi(path: Path, text: str) -> bool:
    head = text.lstrip()[:4000]
    return "http://www.omg.org/XMI" in head and "xmi:XMI" in head


# ------------------------------------------------------------------ writing
NAMESPACES = {"xmi": XMI_NS, "cas": "http:///uima/cas.ecore", "tcas": "http:///uima/tcas.ecore",
              "type": "http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore",
              "framedesk": "http:///framedesk.ecore"}
PART_LABELS = frozenset(EXPORT_PART_LABELS.values())


def _q(prefix: str, local: str) -> str:
    return f"{{{NAMESPACES[prefix]}}}{local}"


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def cas_xmi(rec: ExportRecord) -> bytes:
    text = rec.article.text
    units = utf16_to_index(text)
    doc = export_spans(rec)
    root = ET.Element(_q("xmi", "XMI"), {_q("xmi", "version"): "2.0"})
    ET.SubElement(root, _q("cas", "NULL"), {XMI_ID: "0"})
    next_id = 2            # 1 is the Sofa
    members: list[str] = []
    ids: dict[str, str] = {}
    ends: dict[str, tuple[str, str]] = {}

    def add(tag: str, attrib: dict[str, str]) -> str:
        nonlocal next_id
        fs_id = str(next_id)
        next_id += 1
        ET.SubElement(root, tag, {XMI_ID: fs_id, "sofa": "1", **attrib})
        members.append(fs_id)
        return fs_id

    add(_q("tcas", "DocumentAnnotation"), {"begin": "0", "end": str(units[-1]),
                                           "language": rec.article.language or "x-unspecified"})
    for s in doc.spans:
        begin, end = str(units[s.start]), str(units[s.end])
        if s.label.startswith(FRAME_PREFIX) or s.label in PART_LABELS:
            fs_id = add(_q("framedesk", "Span"), {"begin": begin, "end": end,
                                                  "label": _xml_safe(s.label)})
        else:
            fs_id = add(_q("type", "NamedEntity"), {"begin": begin, "end": end,
                                                    "value": _xml_safe(s.label)})
        ids[s.key] = fs_id
        ends[s.key] = (begin, end)
    for r in doc.relations:
        if r.trigger is not None and r.trigger in ids:   # events: trigger -> each argument
            pairs = [(r.trigger, k, f"{r.type}:{role}") for role, k in r.args if k in ids]
        else:
            keys = [k for _, k in r.args if k in ids]
            pairs = [(keys[0], keys[1], r.type)] if len(keys) == 2 else []
        for governor, dependent, label in pairs:
            begin, end = ends[dependent]
            add(_q("framedesk", "Relation"), {"begin": begin, "end": end,
                                              "label": _xml_safe(label),
                                              "Governor": ids[governor],
                                              "Dependent": ids[dependent]})
    ET.SubElement(root, _q("cas", "Sofa"), {XMI_ID: "1", "sofaNum": "1",
                                           "sofaID": "_InitialView", "mimeType": "text",
                                           "sofaString": _xml_safe(text)})
    ET.SubElement(root, _q("cas", "View"), {"sofa": "1", "members": " ".join(members)})
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _feature(name: str, range_: str) -> str:
    return (f"<featureDescription><name>{name}</name><rangeTypeName>{range_}"
            "</rangeTypeName></featureDescription>")


def _type(name: str, features: list[tuple[str, str]]) -> str:
    feats = "".join(_feature(n, r) for n, r in features)
    return (f"<typeDescription><name>{name}</name><supertypeName>uima.tcas.Annotation"
            f"</supertypeName><features>{feats}</features></typeDescription>")


TYPE_SYSTEM = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<typeSystemDescription xmlns="http://uima.apache.org/resourceSpecifier"><types>'
    + _type(NAMED_ENTITY, [("value", "uima.cas.String"), ("identifier", "uima.cas.String")])
    + _type(SPAN_TYPE, [("label", "uima.cas.String")])
    + _type(RELATION_TYPE, [("label", "uima.cas.String"), ("Governor", "uima.tcas.Annotation"),
                            ("Dependent", "uima.tcas.Annotation")])
    + "</types></typeSystemDescription>\n")


def write_uima_xmi(project: Project, ids: Sequence[int] | None, out: Path,
                   options: ExportOptions = ExportOptions(), progress: Progress | None = None,
                   *, force: bool = False) -> int:
    """A folder with one XMI file per article and TypeSystem.xml."""
    ids = select_ids(project, ids, options)
    progress = progress or Progress()
    progress.start(len(ids), "Exporting UIMA CAS XMI")
    n = 0
    with atomic_folder(Path(out), force=force or options.force) as folder:
        (folder / "TypeSystem.xml").write_text(TYPE_SYSTEM, encoding="utf-8")
        for rec in iter_records(project, ids, options, progress):
            (folder / f"{rec.article.id:06d}_{rec.article.uid}.xmi").write_bytes(cas_xmi(rec))
            n += 1
    return n


for _prefix, _uri in NAMESPACES.items():
    ET.register_namespace(_prefix, _uri)

def companions(path: Path) -> list[Path]:
    """The type system beside the XMI files (INCEpTION and our export write one)."""
    return [p for p in (path.parent / n for n in ("TypeSystem.xml", "typesystem.xml"))
            if p.exists()]


register_importer(ImportFormat(name="uima-xmi", suffixes=(".xmi",), read=read_uima_xmi,
                               sniff=sniff_uima_xmi, companions=companions))
register_exporter(ExportFormat(name="uima-xmi", suffix="", write=write_uima_xmi,
                               description="UIMA CAS XMI per article with TypeSystem.xml"
                                           " (INCEpTION's default, DKPro)"))
