"""What the span-based formats (brat, doccano, Label Studio, Prodigy, spaCy) have in common.

Importing: a tool's file gives a text, labelled spans, relations between them, attributes
and document labels. `build_draft` moves all offsets onto the normalised text the store
keeps, and sorts the spans into what Framedesk has: entity mentions, frame cues
(`FRAME_<code>`), attributions (spans labelled SOURCE / CUE / CONTENT linked by
ATTR_SOURCE / ATTR_CUE / ATTR_CONTENT relations). What Framedesk has no table for
(other relations, events, attributes, notes, document labels, discontinuous fragments) is
kept in the article's `extra["interop"]`, so an export to the same tool gives it back.

Exporting: `export_spans` turns an ExportRecord back into that same vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from framedesk.core.exchange.gather import INTEROP_KEY, ExportRecord
from framedesk.core.exchange.interop_check import well_formed_interop
from framedesk.core.exchange.textmap import TextMap, normalise_with_map
from framedesk.core.model import ArticleDraft, ImportedAnnotations

FRAME_PREFIX = "FRAME_"
PART_LABELS = {"source": "source", "cue": "cue", "content": "content",
               "attribution_source": "source", "attribution_cue": "cue",
               "attribution_content": "content"}
EXPORT_PART_LABELS = {"source": "SOURCE", "cue": "CUE", "content": "CONTENT"}
PART_RELATIONS = {"attr_source": "source", "attr_cue": "cue", "attr_content": "content"}
ATTRIBUTE_NAMES = ("quote_type", "identification", "source_type", "certainty")


@dataclass(slots=True)
class ForeignSpan:
    key: str                       # the tool's id for it (T3, an entity id, a region id)
    start: int
    end: int
    label: str
    fragments: list[tuple[int, int]] = field(default_factory=list)  # discontinuous pieces
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ForeignRelation:
    key: str
    type: str
    args: list[tuple[str, str]]    # (role, key of a span or of an event)
    trigger: str | None = None     # events (brat E): the key of the trigger span
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ForeignDocument:
    text: str
    spans: list[ForeignSpan] = field(default_factory=list)
    relations: list[ForeignRelation] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)      # (key, note)
    categories: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    annotator: str | None = None
    # Other lists a format keeps for the round trip (brat's `*` equivalences and `N`
    # normalisations): interop[name] = the entries, with the span keys under "target" and
    # "targets" replaced by span references.
    keyed: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def build_draft(doc: ForeignDocument, fmt: str, *, source_file: str | None = None,
                keep_text: bool = False) -> ArticleDraft:
    """With `keep_text` the article keeps the tool's text exactly (ArticleDraft.keep_text):
    offsets then stay as they are."""
    tm = TextMap(doc.text, tuple(range(len(doc.text) + 1))) if keep_text \
        else normalise_with_map(doc.text)
    text = tm.text
    origin = f"import:{fmt}"
    refs: dict[str, dict[str, Any]] = {}        # key -> interop reference
    span_by_key: dict[str, ForeignSpan] = {}
    mapped: dict[str, tuple[int, int]] = {}
    for s in doc.spans:
        start, end = tm.span(s.start, s.end)
        mapped[s.key] = (start, end)
        refs[s.key] = {"start": start, "end": end, "label": s.label}
        span_by_key[s.key] = s
    for r in doc.relations:
        if r.trigger is not None and r.trigger in refs:
            refs[r.key] = {"event": refs[r.trigger]}
    triggers = {r.trigger for r in doc.relations if r.trigger is not None}

    ann = ImportedAnnotations(annotator=doc.annotator)
    interop: dict[str, Any] = {"format": fmt}
    other_spans: list[dict[str, Any]] = []
    attributions, used_relations = _attributions(doc, span_by_key, mapped, text)
    in_attribution = {k for a in attributions for k in a.pop("_keys")}
    ann.attributions.extend(attributions)

    seen: set[tuple[int, int, str]] = set()
    for s in doc.spans:
        start, end = mapped[s.key]
        label_key = s.label.casefold()
        if s.key in in_attribution:
            continue
        if s.key in triggers or end <= start:
            other_spans.append({**refs[s.key], "text": text[start:end]})
        elif label_key in PART_LABELS:
            part = PART_LABELS[label_key]
            ann.attributions.append(_attribution({part: (start, end)}, s.attributes, text))
        elif s.label.startswith(FRAME_PREFIX) and len(s.label) > len(FRAME_PREFIX):
            ann.frame_cues.append({"start": start, "end": end,
                                   "code": s.label[len(FRAME_PREFIX):],
                                   "note": s.attributes.get("note"), "origin": origin})
        else:
            # A discontinuous span becomes one mention per piece (mentions are contiguous);
            # interop["fragments"] remembers that they belong together.
            pieces = [tm.span(a, b) for a, b in s.fragments] or [(start, end)]
            for a, b in pieces:
                if b > a and (a, b, s.label) not in seen:
                    seen.add((a, b, s.label))  # the same span twice is one mention
                    ann.spans.append({"start": a, "end": b, "label": s.label,
                                      "text": text[a:b], "canonical": None, "origin": origin,
                                      "status": "manual"})
        if s.attributes and label_key not in PART_LABELS:
            interop.setdefault("attributes", []).extend(
                {"target": refs[s.key], "name": k, "value": v} for k, v in s.attributes.items()
                if k != "note")
        if s.fragments:
            interop.setdefault("fragments", []).append(
                {"label": s.label, "parts": [list(tm.span(a, b)) for a, b in s.fragments]})

    relations = []
    for r in doc.relations:
        if r.key in used_relations:
            continue
        rel: dict[str, Any] = {"type": r.type,
                               "args": [{"role": role, "ref": refs[k]} for role, k in r.args
                                        if k in refs]}
        if r.trigger is not None and r.trigger in refs:
            rel["trigger"] = refs[r.trigger]
        if r.attributes:
            rel["attributes"] = dict(r.attributes)
        relations.append(rel)
    if relations:
        interop["relations"] = relations
    if other_spans:
        interop["spans"] = other_spans
    rel_index = {r.key: i for i, r in enumerate(x for x in doc.relations
                                                   if x.key not in used_relations)}
    notes = []
    for key, note in doc.notes:
        if key in refs:
            notes.append({"target": refs[key], "text": note})
        elif key in rel_index:
            notes.append({"target": {"relation": rel_index[key]}, "text": note})
    if notes:
        interop["notes"] = notes
    if doc.categories:
        interop["categories"] = list(dict.fromkeys(doc.categories))
    for name, entries in doc.keyed.items():
        kept = []
        for entry in entries:
            out = dict(entry)
            if "target" in out:
                if out["target"] not in refs:
                    continue
                out["target"] = refs[out["target"]]
            if "targets" in out:
                out["targets"] = [refs[k] for k in out["targets"] if k in refs]
            kept.append(out)
        if kept:
            interop[name] = kept

    extra = dict(doc.meta.get("extra") or {})
    if len(interop) > 1:
        extra[INTEROP_KEY] = interop
    meta = doc.meta
    return ArticleDraft(
        text=text, title=str(meta.get("title") or ""), raw=doc.text if doc.text != text else None,
        outlet=meta.get("outlet"), url=meta.get("url"), author=meta.get("author"),
        published=meta.get("published"), language=meta.get("language"),
        source_file=source_file, status=meta.get("status") or "todo", extra=extra,
        keep_text=keep_text,
        annotations=ann if (ann.spans or ann.frame_cues or ann.attributions) else None)


def _attributions(doc: ForeignDocument, spans: dict[str, ForeignSpan],
                  mapped: dict[str, tuple[int, int]], text: str
                  ) -> tuple[list[dict[str, Any]], set[str]]:
    """Group parts linked by ATTR_* relations (from an anchor part to the others)."""
    groups: dict[str, dict[str, str]] = {}
    used: set[str] = set()
    for r in doc.relations:
        part = PART_RELATIONS.get(r.type.casefold())
        if part is None or len(r.args) != 2:
            continue
        (_, anchor), (_, other) = r.args
        if anchor not in spans or other not in spans:
            continue
        anchor_part = PART_LABELS.get(spans[anchor].label.casefold())
        if anchor_part is None:
            continue
        group = groups.setdefault(anchor, {anchor_part: anchor})
        group[part] = other
        used.add(r.key)
    out = []
    for anchor, parts in groups.items():
        attrs: dict[str, Any] = {}
        for key in parts.values():
            attrs.update(spans[key].attributes)
        a = _attribution({p: mapped[k] for p, k in parts.items()}, attrs, text)
        a["_keys"] = list(parts.values())
        out.append(a)
    return out, used


def _attribution(parts: dict[str, tuple[int, int]], attrs: dict[str, Any], text: str
                 ) -> dict[str, Any]:
    a: dict[str, Any] = {}
    for part in ("source", "cue", "content"):
        if part in parts and parts[part][1] > parts[part][0]:
            s, e = parts[part]
            a[part] = {"start": s, "end": e, "text": text[s:e]}
        else:
            a[part] = None
    for name in ATTRIBUTE_NAMES:
        a[name] = attrs.get(name)
    a["entity"] = attrs.get("entity")
    a["status"] = "manual"
    a.setdefault("_keys", [])
    return a


# ------------------------------------------------------------------ exporting
@dataclass(slots=True)
class OutSpan:
    key: str
    start: int
    end: int
    label: str
    text: str
    attributes: dict[str, Any] = field(default_factory=dict)
    fragments: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class OutRelation:
    key: str
    type: str
    args: list[tuple[str, str]]        # (role, span key or event key)
    trigger: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class OutDocument:
    spans: list[OutSpan]
    relations: list[OutRelation]
    notes: list[tuple[str, str]]
    categories: list[str]


def export_spans(rec: ExportRecord, *, join_fragments: bool = False) -> OutDocument:
    """The record in the span/relation vocabulary above: keys are T1, T2 ... and R1/E1 ...
    With `join_fragments` (brat), the pieces of a discontinuous span become one span again."""
    text = rec.article.text
    interop = well_formed_interop(rec.interop, len(text))
    spans: list[OutSpan] = []
    by_ref: dict[tuple[int, int, str], str] = {}

    def add(start: int, end: int, label: str, attributes: dict[str, Any] | None = None) -> str:
        ref = (start, end, label)
        if ref in by_ref and not attributes:
            return by_ref[ref]
        key = f"T{len(spans) + 1}"
        spans.append(OutSpan(key, start, end, label, text[start:end], dict(attributes or {})))
        by_ref.setdefault(ref, key)
        return key

    pieces_of: dict[tuple[int, int, str], list[tuple[int, int]]] = {}
    for f in interop["fragments"] if join_fragments else []:
        parts = [tuple(p) for p in f["parts"]]
        for a, b in parts:
            pieces_of[(a, b, f["label"])] = parts
    present = {(m.start, m.end, m.label) for m in rec.mentions}
    for m in rec.mentions:
        parts = pieces_of.get((m.start, m.end, m.label))
        if parts and all((a, b, m.label) in present for a, b in parts):
            if (m.start, m.end) != parts[0]:
                continue  # written once, with the first piece
            add(parts[0][0], parts[-1][1], m.label)
            spans[-1].fragments = list(parts)
            spans[-1].text = " ".join(text[a:b] for a, b in parts)
            continue
        add(m.start, m.end, m.label)
    for c in rec.cues:
        add(c.start, c.end, FRAME_PREFIX + c.code, {"note": c.note} if c.note else None)
    relations: list[OutRelation] = []
    for t in rec.attributions:
        parts = {p: getattr(t, p) for p in ("source", "cue", "content") if getattr(t, p)}
        anchor_part = next(p for p in ("content", "source", "cue") if p in parts)
        attrs = {k: v for k, v in t.attributes().items() if k in ATTRIBUTE_NAMES and v}
        if t.entity:
            attrs["entity"] = t.entity
        span = parts[anchor_part]
        # A fresh key per attribution part, so two attributions never share a span.
        anchor = f"T{len(spans) + 1}"
        spans.append(OutSpan(anchor, span.start, span.end, EXPORT_PART_LABELS[anchor_part],
                             text[span.start:span.end], attrs))
        for part, span in parts.items():
            if part == anchor_part:
                continue
            key = f"T{len(spans) + 1}"
            spans.append(OutSpan(key, span.start, span.end, EXPORT_PART_LABELS[part],
                                 text[span.start:span.end]))
            relations.append(OutRelation(f"R{len(relations) + 1}", f"ATTR_{part.upper()}",
                                         [("Arg1", anchor), ("Arg2", key)]))

    for extra in interop["spans"]:
        add(extra["start"], extra["end"], extra["label"])
    events: dict[tuple[int, int, str], str] = {}
    kept: list[tuple[dict[str, Any], OutRelation]] = []
    for rel in interop.get("relations", []):
        trigger = rel.get("trigger")
        key = f"E{len(events) + 1}" if trigger else f"R{len(relations) + len(kept) + 1}"
        out = OutRelation(key, rel["type"], [], None, dict(rel.get("attributes") or {}))
        if trigger:
            tref = (trigger["start"], trigger["end"], trigger["label"])
            if tref not in by_ref:
                continue
            out.trigger = by_ref[tref]
            events[tref] = key
        kept.append((rel, out))
    for rel, out in kept:
        for arg in rel["args"]:
            ref = arg["ref"]
            if "event" in ref:
                ev = ref["event"]
                k = events.get((ev["start"], ev["end"], ev["label"]))
            else:
                k = by_ref.get((ref["start"], ref["end"], ref["label"]))
            if k is not None:
                out.args.append((arg["role"], k))
        if out.args or out.trigger:
            relations.append(out)
    for attr in interop.get("attributes", []):
        ref = attr["target"]
        key = (events.get(_tuple(ref["event"])) if "event" in ref
               else by_ref.get(_tuple(ref)))
        if key is None:
            continue
        target = next((s for s in spans if s.key == key), None)
        if target is not None:
            target.attributes[attr["name"]] = attr["value"]
        else:
            for r in relations:
                if r.key == key:
                    r.attributes[attr["name"]] = attr["value"]
    notes: list[tuple[str, str]] = []
    rel_keys = [out.key for _, out in kept]
    for note in interop.get("notes", []):
        ref = note["target"]
        if "relation" in ref:
            key = rel_keys[ref["relation"]] if ref["relation"] < len(rel_keys) else None
        elif "event" in ref:
            key = events.get(_tuple(ref["event"]))
        else:
            key = by_ref.get(_tuple(ref))
        if key is not None:
            notes.append((key, note["text"]))
    return OutDocument(spans, relations, notes, list(interop.get("categories", [])))


def _tuple(ref: dict[str, Any]) -> tuple[int, int, str]:
    return (ref["start"], ref["end"], ref["label"])
