"""WebAnno TSV 3.x (INCEpTION's and WebAnno's exchange format): reading.

A file is one document: `#FORMAT=WebAnno TSV 3.3`, one `#T_SP=` / `#T_CH=` / `#T_RL=` line
per layer (span, chain, relation) naming its UIMA type and features, then per sentence its
`#Text=` and one line per token: `sent-tok`, `begin-end` (UTF-16 code units), the token, and
one column per layer feature. `sent-tok.n` lines are sub-token units, added where an
annotation does not start or end on a token boundary. In a cell, `_` is no annotation, `*`
an annotation without a value, `|` separates stacked annotations and `[n]` names an
annotation that spans several units or is stacked; a relation's last column points to its
governor (`1-1[3_5]`: governor and dependent ids), a slot feature lists roles and targets
separated by `;`, and a chain cell `value->chain-link`.

How it maps (webanno_model keeps the rest in meta.interop["webanno"]): each span annotation
with text becomes a Framedesk span labelled by its `value` feature, else its first feature
with a value, else its layer's type name (so FRAME_ / SOURCE / CUE / CONTENT labels become
frame cues and attributions as in the other span formats, the rest entity mentions); other
feature values are kept as attributes; relations between spans are kept as relations
(ATTR_* ones link attribution parts); slot features are kept as events (the host is the
trigger). Chains, relations between tokens and DKPro's linguistic layers (lemma, POS,
morphology, dependency: uima_cas.is_linguistic) are kept for the round trip only. The text
is stored exactly as the file gives it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framedesk.core.errors import InputError, UnreadableFile
from framedesk.core.exchange.gather import INTEROP_KEY
from framedesk.core.exchange.interop import (
    ForeignDocument, ForeignRelation, ForeignSpan, build_draft)
from framedesk.core.exchange.registry import ImportFormat, register_importer
from framedesk.core.exchange.textmap import utf16_to_index
from framedesk.core.exchange.uima_cas import is_linguistic, to_index
from framedesk.core.exchange.webanno_model import (
    CHAIN, GENERIC_TARGET, RELATION, SPAN, ChainLink, Layer, RelationAnnotation,
    SpanAnnotation, TsvDocument, split_unescaped, unescape, unescape_text)
from framedesk.core.model import ArticleDraft

WEBANNO_KEY = "webanno"
_UNIT = re.compile(r"^(\d+)-(\d+)(?:\.(\d+))?$")
_OFFSETS = re.compile(r"^(\d+)-(\d+)$")
_ID = re.compile(r"(?<!\\)\[(\d+)\]$")
_REL_ID = re.compile(r"(?<!\\)\[(\d+)_(\d+)\]$")


class TsvError(ValueError):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(slots=True)
class _Unit:
    name: str
    begin: int           # UTF-16 units while reading; code points after _place
    end: int
    form: str
    cells: list[str]
    line: int
    sub: bool


@dataclass(slots=True)
class _Reading:
    layers: list[Layer]
    units: list[_Unit] = field(default_factory=list)
    sentences: list[tuple[str, str | None, int]] = field(default_factory=list)  # text, id, unit


def read_webanno_tsv(path: Path, text: str) -> Iterator[ArticleDraft | InputError]:
    try:
        tsv = parse_tsv(text)
    except TsvError as exc:
        raise UnreadableFile(path, f"not a usable WebAnno TSV 3 file ({exc})",
                             line=exc.line) from None
    except (IndexError, KeyError, ValueError) as exc:   # cells that contradict the header
        raise UnreadableFile(path, "not a usable WebAnno TSV 3 file (its cells do not match"
                             f" the layers its header declares: {type(exc).__name__})") from None
    doc = foreign_document(tsv)
    draft = build_draft(doc, "webanno", source_file=str(path), keep_text=True)
    draft.extra.setdefault(INTEROP_KEY, {"format": "webanno"})[WEBANNO_KEY] = tsv.to_json()
    yield draft


def sniff_webanno_tsv(path: Path, text: str) -> bool:
    return text.lstrip("\ufeff").startswith("#FORMAT=WebAnno TSV 3")


# ------------------------------------------------------------------ the file
def parse_tsv(text: str) -> TsvDocument:
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    if not lines[0].startswith("#FORMAT=WebAnno TSV 3"):
        raise TsvError("the first line is not #FORMAT=WebAnno TSV 3.x", 1)
    reading = _Reading(layers=[])
    i = 1
    while i < len(lines) and lines[i].startswith("#T_"):
        kind, _, spec = lines[i][3:].partition("=")
        if kind not in (SPAN, RELATION, CHAIN) or not spec:
            raise TsvError(f"unknown layer line {lines[i][:40]!r}", i + 1)
        name, *entries = spec.split("|")
        reading.layers.append(Layer(kind, name, entries))
        i += 1
    width = 3 + sum(la.columns for la in reading.layers)
    texts: list[str] = []
    sentence_id: str | None = None
    for lineno in range(i + 1, len(lines) + 1):
        line = lines[lineno - 1]
        if not line:
            continue
        if line.startswith("#Text="):
            texts.append(unescape_text(line[6:]))
        elif line.startswith("#Sentence.id="):
            sentence_id = line[len("#Sentence.id="):]
        elif line.startswith("#"):
            continue  # another tool's comment line
        else:
            if texts:
                reading.sentences.append(("\n".join(texts), sentence_id, len(reading.units)))
                texts, sentence_id = [], None
            reading.units.append(_unit(line, lineno, width))
    if not reading.sentences:
        raise TsvError("no sentence (#Text= line followed by tokens)")
    doc = TsvDocument(text=_place(reading), layers=reading.layers)
    _annotations(doc, reading)
    return doc


def _unit(line: str, lineno: int, width: int) -> _Unit:
    fields = line.split("\t")
    if fields and fields[-1] == "":
        fields.pop()   # every token line ends with a tab
    if len(fields) != width:
        raise TsvError(f"{len(fields)} columns where the layers declare {width}", lineno)
    name, offsets, form, *cells = fields
    m, o = _UNIT.match(name), _OFFSETS.match(offsets)
    if m is None or o is None:
        raise TsvError(f"{name!r} {offsets!r} is not a token number and offsets", lineno)
    return _Unit(name, int(o[1]), int(o[2]), unescape_text(form), cells, lineno,
                 m[3] is not None)


def _place(reading: _Reading) -> str:
    """The document text: each sentence's #Text at its first token, gaps padded (a line
    break between sentences), then every unit's UTF-16 offsets turned into indices."""
    parts: list[str] = []
    length = 0          # UTF-16 units so far
    for n, (sentence, _, first) in enumerate(reading.sentences):
        begin = reading.units[first].begin if first < len(reading.units) else length
        if begin < length:
            raise TsvError("sentences overlap", reading.units[first].line)
        gap = begin - length
        parts.append(("\n" + " " * (gap - 1) if n and gap else " " * gap))
        parts.append(sentence)
        length = begin + utf16_to_index(sentence)[-1]
    text = "".join(parts)
    units = utf16_to_index(text)
    bounds = [first for _, _, first in reading.sentences] + [len(reading.units)]
    for u in reading.units:
        try:
            u.begin = to_index(units, u.begin, f"begin of {u.name}")
            u.end = to_index(units, u.end, f"end of {u.name}")
        except ValueError as exc:
            raise TsvError(str(exc), u.line) from None
        if text[u.begin:u.end] != u.form and not u.sub:
            raise TsvError(f"token {u.name} is {u.form!r} but the #Text has"
                           f" {text[u.begin:u.end]!r} there", u.line)
    del bounds
    return text


# ------------------------------------------------------------------ the annotations
def _items(cell: str) -> list[str]:
    return [] if cell == "_" else split_unescaped(cell, "|")


def _value(item: str) -> str | None:
    return None if item in ("*", "_", "") else unescape(item)


def _strip_id(item: str) -> tuple[str, int | None]:
    m = _ID.search(item)
    return (item[:m.start()], int(m[1])) if m else (item, None)


def _annotations(doc: TsvDocument, reading: _Reading) -> None:
    by_name = {u.name: u for u in reading.units}
    sentence_of: list[tuple[int, int, str | None]] = []
    starts = [first for _, _, first in reading.sentences] + [len(reading.units)]
    for k, (_, sid, first) in enumerate(reading.sentences):
        mains = [u for u in reading.units[first:starts[k + 1]] if not u.sub]
        if mains:
            sentence_of.append((mains[0].begin, mains[-1].end, sid))
    doc.sentences = sentence_of
    doc.tokens = [(u.begin, u.end) for u in reading.units if not u.sub]
    named: dict[tuple[str, int], int] = {}          # (layer, id) -> span index
    first_unit: list[str] = []                      # span index -> its first unit's name
    units_of: list[set[str]] = []
    pending_slots: list[tuple[int, int, str, str, str, int]] = []
    pending_relations: list[tuple[Layer, _Unit, dict[str, str | None], str]] = []
    chains: dict[tuple[str, int], dict[int, ChainLink]] = {}
    for u in reading.units:
        col = 0
        for layer in reading.layers:
            cells = u.cells[col:col + layer.columns]
            col += layer.columns
            if layer.kind == SPAN:
                _span_cells(doc, layer, u, cells, named, first_unit, units_of, pending_slots)
            elif layer.kind == RELATION:
                for k in range(max((len(_items(c)) for c in cells), default=0)):
                    items = [(_items(c) + [""] * (k + 1))[k] for c in cells]
                    feats = {name: _value(items[i]) for i, name in layer.features()}
                    pending_relations.append((layer, u, feats, items[-1]))
            else:
                if len(cells) != 2:
                    raise TsvError(f"chain layer {layer.name} needs two columns", u.line)
                _chain_cells(layer, u, cells, chains)
    for host, slot_index, role, target, target_type, line in pending_slots:
        doc.spans[host].links.append((role, _resolve(doc, by_name, target, target_type, named,
                                                     first_unit, units_of, line)))
    at_unit: dict[tuple[str, str], int] = {}     # (layer, unit) -> its first span there
    for index, names in enumerate(units_of):
        for name in names:
            at_unit.setdefault((doc.spans[index].layer, name), index)
    for layer, u, feats, ref in pending_relations:
        doc.relations.append(_relation(doc, by_name, layer, u, feats, ref, named, at_unit))
    for name, number in sorted(chains):   # stacked chains are written in this order
        links = chains[(name, number)]
        doc.chains.append((name, [links[k] for k in sorted(links)]))


def _span_cells(doc: TsvDocument, layer: Layer, u: _Unit, cells: list[str],
                named: dict[tuple[str, int], int], first_unit: list[str],
                units_of: list[set[str]], pending_slots: list) -> None:
    columns = [_items(c) for c in cells]
    for k in range(max((len(c) for c in columns), default=0)):
        items = [c[k] if k < len(c) else "_" for c in columns]
        targets = {col + 1 for col, _, _ in layer.slot_columns()}   # their [n] name targets
        ident = next((i for col, (_, i) in enumerate(map(_strip_id, items))
                      if i is not None and col not in targets), None)
        values = [_strip_id(item)[0] for item in items]
        if ident is not None and (layer.name, ident) in named:
            index = named[(layer.name, ident)]
            span = doc.spans[index]
            span.begin, span.end = min(span.begin, u.begin), max(span.end, u.end)
            units_of[index].add(u.name)
            continue
        feats = {name: _value(values[i]) for i, name in layer.features()}
        doc.spans.append(SpanAnnotation(layer.name, u.begin, u.end, feats))
        index = len(doc.spans) - 1
        first_unit.append(u.name)
        units_of.append({u.name})
        if ident is not None:
            named[(layer.name, ident)] = index
        for slot_index, (col, feature, target_type) in enumerate(layer.slot_columns()):
            doc.spans[index].link_feature = feature
            roles = split_unescaped(values[col], ";") if values[col] not in ("_", "") else []
            targets = split_unescaped(items[col + 1], ";") if items[col + 1] not in ("_", "*") \
                else []
            for role, target in zip(roles, targets):
                pending_slots.append((index, slot_index, _value(role), target, target_type,
                                      u.line))
            if len(roles) != len(targets) and targets:
                raise TsvError(f"{len(roles)} slot roles but {len(targets)} targets", u.line)


def _resolve(doc: TsvDocument, by_name: dict[str, _Unit], target: str, target_type: str,
             named: dict[tuple[str, int], int], first_unit: list[str],
             units_of: list[set[str]], line: int) -> int:
    name, ident = _strip_id(target)
    if ident is not None:
        for (layer, i), index in named.items():
            if i == ident and (layer == target_type or target_type == GENERIC_TARGET):
                return index
    for index, span in enumerate(doc.spans):   # slots are few: a scan is enough
        if name in units_of[index] and (span.layer == target_type
                                        or target_type == GENERIC_TARGET) \
                and (ident is None or first_unit[index] == name):
            return index
    raise TsvError(f"slot target {target} names no {target_type} annotation", line)


def _relation(doc: TsvDocument, by_name: dict[str, _Unit], layer: Layer, u: _Unit,
              feats: dict[str, str | None], ref: str, named: dict[tuple[str, int], int],
              at_unit: dict[tuple[str, str], int]) -> RelationAnnotation:
    m = _REL_ID.search(ref)
    governor_unit = ref[:m.start()] if m else ref
    gov_id, dep_id = (int(m[1]), int(m[2])) if m else (0, 0)
    if governor_unit not in by_name:
        raise TsvError(f"relation governor {ref!r} is not a token of this document", u.line)
    base = layer.base or ""
    if doc.layer(base) is None:   # a relation between tokens (dependency on Token, POS...)
        g = by_name[governor_unit]
        return RelationAnnotation(layer.name, (g.begin, g.end), (u.begin, u.end), feats)

    def find(unit: str, ident: int) -> int:
        if ident and (base, ident) in named:
            return named[(base, ident)]
        index = at_unit.get((base, unit))
        if index is None:
            raise TsvError(f"relation end at {unit} has no {base} annotation", u.line)
        return index

    return RelationAnnotation(layer.name, find(governor_unit, gov_id), find(u.name, dep_id),
                              feats)


def _chain_cells(layer: Layer, u: _Unit, cells: list[str],
                 chains: dict[tuple[str, int], dict[int, ChainLink]]) -> None:
    relation_col = next((i for i, c in enumerate(cells) if "->" in c), 0)
    relations, types = _items(cells[relation_col]), _items(cells[1 - relation_col])
    for k, item in enumerate(relations):
        value, _, where = item.rpartition("->")
        chain, _, link = where.partition("-")
        if not chain.isdigit() or not link.isdigit():
            raise TsvError(f"chain cell {item!r} is not value->chain-link", u.line)
        type_value = _strip_id(types[k])[0] if k < len(types) else "*"
        links = chains.setdefault((layer.name, int(chain)), {})
        known = links.get(int(link))
        if known is None:
            links[int(link)] = ChainLink(u.begin, u.end, _value(type_value), _value(value))
        else:
            known.begin, known.end = min(known.begin, u.begin), max(known.end, u.end)


# ------------------------------------------------------------------ into Framedesk
def label_of(doc: TsvDocument, span: SpanAnnotation | RelationAnnotation
             ) -> tuple[str, str | None]:
    feats = span.features
    if feats.get("value"):
        return str(feats["value"]), "value"
    for name, value in feats.items():
        if value:
            return value, name
    return span.layer, None


def foreign_document(doc: TsvDocument) -> ForeignDocument:
    out = ForeignDocument(text=doc.text)
    for i, s in enumerate(doc.spans):
        if is_linguistic(s.layer):
            continue   # lemmas, POS ...: kept in the stored layout only
        label, used = label_of(doc, s)
        s.ref = [s.begin, s.end, label]
        attrs: dict[str, Any] = {k: v for k, v in s.features.items() if k != used and v}
        out.spans.append(ForeignSpan(f"s{i}", s.begin, s.end, label, attributes=attrs))
    for i, r in enumerate(doc.relations):
        if isinstance(r.governor, int) and isinstance(r.dependent, int) \
                and doc.spans[r.governor].ref and doc.spans[r.dependent].ref:
            label, used = label_of(doc, r)
            attrs = {k: v for k, v in r.features.items() if k != used and v}
            out.relations.append(ForeignRelation(
                f"r{i}", label, [("Governor", f"s{r.governor}"), ("Dependent", f"s{r.dependent}")],
                attributes=attrs))
    for i, s in enumerate(doc.spans):
        if s.links and s.ref and all(doc.spans[t].ref for _, t in s.links):
            out.relations.append(ForeignRelation(
                f"l{i}", s.layer, [(role or s.link_feature or "slot", f"s{t}")
                                   for role, t in s.links], trigger=f"s{i}"))
    return out


register_importer(ImportFormat(name="webanno", suffixes=(".tsv",), read=read_webanno_tsv,
                               sniff=sniff_webanno_tsv))
