"""A UIMA CAS (from JSON or XMI) in Framedesk's span/relation vocabulary, and back.

Both serialisations come down to a list of feature structures: dicts with `%ID`, `%TYPE`,
primitive features by name and references as `@Name` (ids), which is how CAS JSON writes
them; the XMI reader builds the same dicts. How DKPro / INCEpTION layers map:

- `de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity`: an entity mention labelled by
  its `value` (INCEpTION's Named Entity layer); `identifier` (a knowledge-base link) is kept
  as an attribute.
- A custom span layer (`webanno.custom.*`, any annotation with begin/end): labelled by its
  `value` or `label` feature, else by its first string feature, else by the layer's type
  name. `FRAME_<code>` labels become frame cues and SOURCE / CUE / CONTENT attribution
  parts, as in every span format; everything else an entity mention. Its other primitive
  features are kept as attributes (meta.interop) for the round trip.
- A relation layer (features `Governor` and `Dependent`, INCEpTION's convention):
  ATTR_SOURCE / ATTR_CUE / ATTR_CONTENT link the parts of an attribution; any other type
  is kept as a relation in meta.interop, labelled by its label feature or its type name.
- Slot features (INCEpTION's link features: a span whose feature lists link structures with
  `role` and `target`) become events: the host span is the trigger, each filled slot an
  argument with its role, kept in meta.interop as brat keeps its events.
- Tokens, sentences, document metadata (its `documentTitle` becomes the title), DKPro's
  other linguistic layers (lemma, POS, morphology, dependency, chunk, coreference) and
  zero-width annotations are not spans an analyst made.

Offsets are UTF-16 code units (Java strings), converted exactly; an offset inside a
surrogate pair is refused rather than rounded.
"""

from __future__ import annotations

from typing import Any

from framedesk.core.exchange.interop import ForeignDocument, ForeignRelation, ForeignSpan
from framedesk.core.exchange.textmap import index_of_utf16, utf16_to_index

ANNOTATION = "uima.tcas.Annotation"
SOFA = "uima.cas.Sofa"
NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
METADATA = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
NOT_SPANS = (SOFA, "uima.tcas.DocumentAnnotation")
NOT_SPAN_SUFFIXES = (".segmentation.type.Token", ".segmentation.type.Sentence",
                     ".metadata.type.DocumentMetaData")
LABEL_FEATURES = ("value", "label", "PredicateType", "category")
# DKPro's linguistic layers (tokens, lemmas, POS, morphology, dependencies, chunks,
# coreference links) come with INCEpTION's exports by the thousand; they are not spans an
# analyst marked, so they are not entity mentions (a TSV import keeps them for the round trip).
LINGUISTIC_PACKAGES = tuple(f"de.tudarmstadt.ukp.dkpro.core.api.{p}." for p in (
    "segmentation", "lexmorph", "syntax", "metadata", "coref", "anomaly", "transform"))


def is_linguistic(type_name: str) -> bool:
    return type_name.startswith(LINGUISTIC_PACKAGES)
BOOKKEEPING = frozenset({"begin", "end", "sofa"})


def to_index(units: list[int], offset: Any, what: str) -> int:
    """UTF-16 offset -> Python index; ValueError if it is not on a character boundary."""
    if not isinstance(offset, int) or isinstance(offset, bool) \
            or not 0 <= offset <= units[-1]:
        raise ValueError(f"{what} {offset!r} is outside the text ({units[-1]} UTF-16 units)")
    i = index_of_utf16(units, offset)
    if units[i] != offset:
        raise ValueError(f"{what} {offset} falls inside a character (between the two halves"
                         " of a surrogate pair)")
    return i


def _primitives(fs: dict[str, Any]) -> dict[str, Any]:
    """The feature structure's own string, number and boolean features."""
    return {k: v for k, v in fs.items() if not k.startswith(("%", "@")) and k not in BOOKKEEPING
            and isinstance(v, (str, int, float, bool))}


def label_of(fs: dict[str, Any]) -> tuple[str, str | None]:
    """(label, the feature it came from, or None where it is the type name)."""
    for name in LABEL_FEATURES:
        if isinstance(fs.get(name), str) and fs[name]:
            return fs[name], name
    for name, value in _primitives(fs).items():
        if isinstance(value, str) and value:
            return value, name
    return str(fs.get("%TYPE") or ANNOTATION), None


def is_relation(fs: dict[str, Any]) -> bool:
    return "@Governor" in fs or "@Dependent" in fs


def _slot_links(fs: dict[str, Any], by_id: dict[Any, dict[str, Any]]
                ) -> list[tuple[str, Any]]:
    """(role, target id) of every link structure a span's features point to."""
    out = []
    for name, value in fs.items():
        if not name.startswith("@") or name in ("@sofa", "@Governor", "@Dependent"):
            continue
        for ref in value if isinstance(value, list) else [value]:
            link = by_id.get(ref)
            if isinstance(link, dict) and "@target" in link and "begin" not in link:
                out.append((str(link.get("role") or name[1:]), link["@target"]))
    return out


def document_of(structures: list[dict[str, Any]],
                view: dict[str, Any] | None = None) -> ForeignDocument:
    """The initial view's text and annotations. `view` is `%VIEWS._InitialView` (JSON) or
    the XMI's cas:View of the first Sofa: its members are the annotations of that view."""
    by_id = {fs["%ID"]: fs for fs in structures if isinstance(fs, dict) and "%ID" in fs}
    view = view or {}
    sofa_id = view.get("%SOFA")
    sofa = by_id.get(sofa_id) if sofa_id is not None else next(
        (fs for fs in structures if fs.get("%TYPE") == SOFA), None)
    if sofa is None or not isinstance(sofa.get("sofaString"), str):
        raise ValueError("no Sofa with a sofaString")
    text = sofa["sofaString"]
    units = utf16_to_index(text)
    members = view.get("%MEMBERS")
    candidates = [by_id[m] for m in members if m in by_id] if members else structures
    doc = ForeignDocument(text=text)
    keys: set[str] = set()
    for fs in candidates:
        kind = str(fs.get("%TYPE", ""))
        if kind == METADATA and isinstance(fs.get("documentTitle"), str):
            doc.meta["title"] = fs["documentTitle"]
        if kind in NOT_SPANS or kind.endswith(NOT_SPAN_SUFFIXES) or is_linguistic(kind) \
                or "begin" not in fs or is_relation(fs):
            continue
        if fs.get("@sofa", sofa.get("%ID")) != sofa.get("%ID"):
            continue
        start = to_index(units, fs["begin"], f"begin of {fs['%ID']}")
        end = to_index(units, fs.get("end", fs["begin"]), f"end of {fs['%ID']}")
        if end <= start:
            continue  # zero-width annotations have no text to mark
        label, from_feature = label_of(fs)
        attributes = {k: v for k, v in _primitives(fs).items() if k != from_feature}
        key = str(fs["%ID"])
        keys.add(key)
        doc.spans.append(ForeignSpan(key, start, end, label, attributes=attributes))
    for fs in candidates:
        governor, dependent = fs.get("@Governor"), fs.get("@Dependent")
        if governor is None or dependent is None:
            continue
        if str(governor) in keys and str(dependent) in keys:
            label, from_feature = label_of(fs)
            attributes = {k: v for k, v in _primitives(fs).items() if k != from_feature}
            doc.relations.append(ForeignRelation(
                str(fs["%ID"]), label, [("Governor", str(governor)), ("Dependent", str(dependent))],
                attributes=attributes))
    for fs in candidates:
        key = str(fs.get("%ID"))
        links = _slot_links(fs, by_id) if key in keys else []
        args = [(role, str(target)) for role, target in links if str(target) in keys]
        if args:
            doc.relations.append(ForeignRelation(f"slots-{key}", str(fs.get("%TYPE")), args,
                                                 trigger=key))
    return doc
