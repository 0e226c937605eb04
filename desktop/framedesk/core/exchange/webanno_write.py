"""WebAnno TSV 3.3: writing, as INCEpTION lays a document out.

Each annotation sits on the tokens it covers; where it starts or ends inside a token (or is
zero-width) a sub-token unit `n-m.k` is added, as INCEpTION does: a zero-width annotation
between tokens goes to the end of the token before it. An annotation on several units, or
stacked with another of its layer on one unit, or the target of a slot that may hold any
type, is numbered `[n]`, in the order the units are written.

The export of an article: what an import from WebAnno TSV kept (meta.interop["webanno"]: its
tokens, layers, feature values, chains, slots) is written back, less the spans an analyst
has deleted since; spans added in Framedesk go to INCEpTION's Named Entity layer (entity
mentions) and to `webanno.custom.FramedeskSpan` (frame cues FRAME_<code>, attribution parts
SOURCE / CUE / CONTENT), their links to `webanno.custom.FramedeskRelation` (links between
mentions, e.g. brat relations, to `webanno.custom.FramedeskEntityRelation`). An article that
never came from WebAnno is split into sentences and tokens here (lines and sentence ends;
words and punctuation).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framedesk.core.exchange.gather import ExportRecord, iter_records, select_ids
from framedesk.core.exchange.interop import EXPORT_PART_LABELS, FRAME_PREFIX, export_spans
from framedesk.core.exchange.registry import ExportFormat, ExportOptions, register_exporter
from framedesk.core.exchange.textmap import utf16_to_index
from framedesk.core.exchange.webanno_model import (
    FORMAT_LINE, GENERIC_TARGET, RELATION, SPAN, Layer, RelationAnnotation,
    SpanAnnotation, TsvDocument, escape, escape_text)
from framedesk.core.exchange.writing import atomic_folder
from framedesk.core.progress import Progress

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

NAMED_ENTITY = Layer(SPAN, "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity",
                     ["identifier", "value"])
FRAMEDESK_SPAN = Layer(SPAN, "webanno.custom.FramedeskSpan", ["label"])
FRAMEDESK_RELATION = Layer(RELATION, "webanno.custom.FramedeskRelation",
                           ["label", "BT_webanno.custom.FramedeskSpan"])
ENTITY_RELATION = Layer(RELATION, "webanno.custom.FramedeskEntityRelation",
                        ["label", f"BT_{NAMED_ENTITY.name}"])
_SENTENCE = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")

Unit = tuple[int, int]      # (token index, sub-unit number; 0 for the token itself)


# ------------------------------------------------------------------ layout
def tokenise(text: str) -> tuple[list[tuple[int, int, str | None]], list[tuple[int, int]]]:
    """Sentences (each line, split after . ! ?) and tokens (words, punctuation)."""
    sentences: list[tuple[int, int, str | None]] = []
    tokens: list[tuple[int, int]] = []
    for line in _SENTENCE.finditer(text):
        start = line.start()
        pieces = [m.end() for m in _SENTENCE_END.finditer(line.group())] + [len(line.group())]
        for cut in pieces:
            chunk = [(m.start(), m.end())
                     for m in _TOKEN.finditer(text, start, line.start() + cut)]
            if chunk:
                sentences.append((chunk[0][0], chunk[-1][1], None))
                tokens.extend(chunk)
            start = line.start() + cut
    return sentences, tokens


class _Layout:
    """Units (tokens and sub-token units) and which units each annotation sits on."""

    def __init__(self, doc: TsvDocument) -> None:
        self.doc = doc
        self.subs: list[list[tuple[int, int]]] = [[] for _ in doc.tokens]
        self.starts = [b for b, _ in doc.tokens]     # tokens are in order and never overlap
        self.ends = [e for _, e in doc.tokens]

    def place(self, begin: int, end: int) -> list[tuple[int, tuple[int, int] | None]]:
        """(token, sub-unit bounds or None for the whole token) an annotation covers."""
        tokens = self.doc.tokens
        if not tokens:
            raise ValueError("the article has no tokens to write")
        if end > begin:
            # the tokens with b < end and e > begin, found by bisection
            lo, hi = bisect_right(self.ends, begin), bisect_left(self.starts, end)
            covered = list(range(lo, hi))
            if covered:
                out: list[tuple[int, tuple[int, int] | None]] = []
                for i in covered:
                    b, e = tokens[i]
                    piece = (max(b, begin), min(e, end))
                    out.append((i, None if piece == (b, e) else self._sub(i, piece)))
                return out
        # zero-width (or between tokens): the end of the token before, else the first token
        last_before = bisect_right(self.starts, begin) - 1     # last token with b <= begin
        first_touching = bisect_left(self.ends, begin)         # first token with e >= begin
        if first_touching <= last_before:
            i = first_touching                                 # the first with b <= begin <= e
        else:
            i = max(last_before, 0)
        b, e = tokens[i]
        at = min(max(begin, b), e)
        return [(i, self._sub(i, (at, at)))]

    def _sub(self, token: int, piece: tuple[int, int]) -> tuple[int, int]:
        if piece not in self.subs[token]:
            self.subs[token].append(piece)
        return piece

    def units(self) -> list[tuple[int, int, int, int]]:
        """(token, sub number, begin, end) in file order."""
        out = []
        for i, (b, e) in enumerate(self.doc.tokens):
            out.append((i, 0, b, e))
            ordered = sorted(self.subs[i], key=lambda p: p[0])   # stable: creation order
            out.extend((i, k + 1, pb, pe) for k, (pb, pe) in enumerate(ordered))
        return out


# ------------------------------------------------------------------ writing a document
def write_tsv(doc: TsvDocument) -> str:
    layout = _Layout(doc)
    order = sorted(range(len(doc.spans)), key=lambda i: (doc.spans[i].begin, -doc.spans[i].end))
    chain_spans = [(c, k, link) for c, (_, links) in enumerate(doc.chains)
                   for k, link in enumerate(links)]
    placed_spans = {i: layout.place(doc.spans[i].begin, doc.spans[i].end) for i in order}
    placed_links = {(c, k): layout.place(link.begin, link.end) for c, k, link in chain_spans}
    units = layout.units()
    number: dict[tuple[int, tuple[int, int] | None], tuple[int, int]] = {}
    for token, sub, b, e in units:
        number[(token, None if sub == 0 else (b, e))] = (token, sub)
    names = _unit_names(doc, units)

    def keys(places: list[tuple[int, tuple[int, int] | None]]) -> list[tuple[int, int]]:
        return [number[p] for p in places]

    span_units = {i: keys(p) for i, p in placed_spans.items()}
    at_unit: dict[tuple[str, tuple[int, int]], list[int]] = {}
    for i in order:
        for u in span_units[i]:
            at_unit.setdefault((doc.spans[i].layer, u), []).append(i)
    generic_targets = {t for s in doc.spans for _, t in s.links
                       if any(la.name == s.layer and any(tt == GENERIC_TARGET for _, _, tt
                                                        in la.slot_columns())
                              for la in doc.layers)}
    needs_id = {i for i in order if len(span_units[i]) > 1
                or any(len(at_unit[(doc.spans[i].layer, u)]) > 1 for u in span_units[i])}
    ids: dict[int, int] = {}

    def ident(i: int) -> int:
        if i not in ids:
            ids[i] = len(ids) + 1
        return ids[i]

    def first(i: int) -> str:
        return names[span_units[i][0]]

    # Numbers first, in the order the units are written: a relation may point forward.
    for token, sub, _, _ in units:
        for layer in doc.layers:
            for i in at_unit.get((layer.name, (token, sub)), []) if layer.kind == SPAN else []:
                if i in needs_id:
                    ident(i)
                for t in (t for _, t in doc.spans[i].links):
                    if t in generic_targets or t in needs_id:
                        ident(t)
    rel_at: dict[tuple[str, tuple[int, int]], list[RelationAnnotation]] = {}
    for r in doc.relations:
        dep = span_units[r.dependent][0] if isinstance(r.dependent, int) \
            else _token_unit(doc, r.dependent)
        rel_at.setdefault((r.layer, dep), []).append(r)
    chain_at: dict[tuple[str, tuple[int, int]], list[tuple[int, int]]] = {}
    for c, k, _ in chain_spans:
        for u in keys(placed_links[(c, k)]):
            chain_at.setdefault((doc.chains[c][0], u), []).append((c, k))

    lines = [FORMAT_LINE] + [f"#T_{la.kind}={la.name}|" + "|".join(la.entries)
                             if la.entries else f"#T_{la.kind}={la.name}" for la in doc.layers]
    out = ["\n".join(lines) + "\n\n"]
    utf16 = utf16_to_index(doc.text)
    sentence_of = _sentence_index(doc)
    current = -1
    for token, sub, b, e in units:
        s = sentence_of[token]
        if s != current:
            current = s
            sb, se, sid = doc.sentences[s]
            out.append("\n")
            if sid:
                out.append(f"#Sentence.id={sid}\n")
            out.extend(f"#Text={escape_text(line)}\n" for line in doc.text[sb:se].split("\n"))
        cells: list[str] = []
        for layer in doc.layers:
            if layer.kind == SPAN:
                cells.extend(_span_cells(doc, layer, at_unit.get((layer.name, (token, sub)), []),
                                         ids, first))
            elif layer.kind == RELATION:
                cells.extend(_relation_cells(doc, layer, rel_at.get((layer.name, (token, sub)), []),
                                             ids, first, names))
            else:
                cells.extend(_chain_cells(doc, layer, chain_at.get((layer.name, (token, sub)), [])))
        form = doc.text[b:e]
        out.append("\t".join([names[(token, sub)], f"{utf16[b]}-{utf16[e]}",
                              escape_text(form).replace("\n", "\\n"), *cells]) + "\t\n")
    return "".join(out)


def _unit_names(doc: TsvDocument, units: list[tuple[int, int, int, int]]
                ) -> dict[tuple[int, int], str]:
    sentence_of = _sentence_index(doc)
    names: dict[tuple[int, int], str] = {}
    position: dict[int, int] = {}
    for token, sub, _, _ in units:
        s = sentence_of[token]
        if sub == 0:
            position[s] = position.get(s, 0) + 1
        base = f"{s + 1}-{position[s]}"
        names[(token, sub)] = base if sub == 0 else f"{base}.{sub}"
    return names


def _sentence_index(doc: TsvDocument) -> list[int]:
    out = []
    s = 0
    for b, _ in doc.tokens:
        while s + 1 < len(doc.sentences) and b >= doc.sentences[s + 1][0]:
            s += 1
        out.append(s)
    return out


def _token_unit(doc: TsvDocument, bounds: tuple[int, int]) -> tuple[int, int]:
    i = bisect_left(doc.tokens, tuple(bounds))
    if i < len(doc.tokens) and doc.tokens[i] == tuple(bounds):
        return (i, 0)
    raise ValueError(f"no token at {bounds}")


def _value(value: str | None) -> str:
    return "*" if value is None or value == "" else escape(value)


def _span_cells(doc: TsvDocument, layer: Layer, anns: list[int], ids: dict[int, int],
                first) -> list[str]:
    if not anns:
        return ["_"] * layer.columns
    slots = {col: (feature, target) for col, feature, target in layer.slot_columns()}
    targets_col = {col + 1 for col in slots}
    columns: list[list[str]] = [[] for _ in range(layer.columns)]
    for i in anns:
        span = doc.spans[i]
        tag = f"[{ids[i]}]" if i in ids else ""
        for col in range(layer.columns):
            entry = layer.entries[col] if col < len(layer.entries) else ""
            if col in slots:
                roles = ";".join(_value(r) for r, _ in span.links)
                columns[col].append((roles or "_") + tag)
            elif col in targets_col:
                refs = []
                for _, t in span.links:
                    refs.append(first(t) + (f"[{ids[t]}]" if t in ids else ""))
                columns[col].append(";".join(refs) if refs else "*")
            elif entry:
                columns[col].append(_value(span.features.get(entry)) + tag)
            else:
                columns[col].append("*" + tag)
    return ["|".join(c) for c in columns]


def _relation_cells(doc: TsvDocument, layer: Layer, rels: list[RelationAnnotation],
                    ids: dict[int, int], first, names: dict[tuple[int, int], str]) -> list[str]:
    if not rels:
        return ["_"] * layer.columns
    features = [e for e in layer.entries[:-1]]
    columns: list[list[str]] = [[] for _ in range(layer.columns)]
    for r in rels:
        for col, name in enumerate(features):
            columns[col].append(_value(r.features.get(name)))
        if isinstance(r.governor, int) and isinstance(r.dependent, int):
            g, d = ids.get(r.governor, 0), ids.get(r.dependent, 0)
            ref = first(r.governor) + (f"[{g}_{d}]" if g or d else "")
        else:
            ref = names[_token_unit(doc, r.governor)]  # type: ignore[arg-type]
        columns[-1].append(ref)
    return ["|".join(c) for c in columns]


def _chain_cells(doc: TsvDocument, layer: Layer, links: list[tuple[int, int]]) -> list[str]:
    if not links:
        return ["_"] * layer.columns
    relation_col = 1 if layer.entries[1:2] == ["referenceRelation"] else 0
    rel, typ = [], []
    for c, k in links:
        link = doc.chains[c][1][k]
        rel.append(f"{_value(link.relation_value)}->{c + 1}-{k + 1}")
        typ.append(f"{_value(link.type_value)}[{c + 1}]")
    cells = ["", ""]
    cells[relation_col], cells[1 - relation_col] = "|".join(rel), "|".join(typ)
    return cells


# ------------------------------------------------------------------ from an export record
def tsv_document(rec: ExportRecord) -> TsvDocument:
    """The article as a TSV document: its stored WebAnno layout (less deleted spans) plus
    what was annotated in Framedesk since."""
    text = rec.article.text
    out = export_spans(rec)
    stored = rec.interop.get("webanno")
    doc: TsvDocument | None = None
    if isinstance(stored, dict):
        try:
            doc = TsvDocument.from_json(text, stored)
        except ValueError:
            doc = None  # edited by hand beyond use: laid out afresh below
    if doc is None or not doc.tokens:
        sentences, tokens = tokenise(text)
        doc = TsvDocument(text=text, sentences=sentences, tokens=tokens)
    visible = {(s.start, s.end, s.label) for s in out.spans}
    keep = [i for i, s in enumerate(doc.spans) if s.ref is None or tuple(s.ref) in visible]
    new_index = {old: new for new, old in enumerate(keep)}
    spans = [doc.spans[i] for i in keep]
    for s in spans:
        s.links = [(role, new_index[t]) for role, t in s.links if t in new_index]
    doc.relations = [
        RelationAnnotation(r.layer, _remap(r.governor, new_index), _remap(r.dependent, new_index),
                           r.features)
        for r in doc.relations if _kept(r.governor, new_index) and _kept(r.dependent, new_index)]
    doc.spans = spans
    covered = {tuple(s.ref) for s in spans if s.ref}
    added: dict[str, int] = {}
    for s in out.spans:
        ref = (s.start, s.end, s.label)
        if ref in covered:
            continue
        covered.add(ref)
        own = s.label.startswith(FRAME_PREFIX) or s.label in EXPORT_PART_LABELS.values()
        layer = _ensure(doc, FRAMEDESK_SPAN if own else NAMED_ENTITY)
        feats: dict[str, str | None] = {name: None for _, name in layer.features()}
        label_feature = "value" if "value" in feats else "label" if "label" in feats \
            else next(iter(feats), None)
        if label_feature is not None:
            feats[label_feature] = s.label
        doc.spans.append(SpanAnnotation(layer.name, s.start, s.end, feats, ref=list(ref)))
        added[s.key] = len(doc.spans) - 1
    for r in out.relations:
        ends = [added.get(k) for _, k in r.args]
        if r.trigger is not None or len(ends) != 2 or None in ends:
            continue   # events, and links of spans the stored layout already has
        layers = {doc.spans[e].layer for e in ends}  # type: ignore[index]
        # A relation layer joins spans of one layer: links between mentions and links
        # between cues / attribution parts each have theirs; a mixed link is not written.
        layer = ENTITY_RELATION if layers == {NAMED_ENTITY.name} \
            else FRAMEDESK_RELATION if layers == {FRAMEDESK_SPAN.name} else None
        if layer is not None:
            _ensure(doc, layer)
            doc.relations.append(RelationAnnotation(layer.name, ends[0], ends[1],
                                                    {"label": r.type}))  # type: ignore[arg-type]
    return doc


def _kept(end: Any, index: dict[int, int]) -> bool:
    return not isinstance(end, int) or end in index


def _remap(end: Any, index: dict[int, int]) -> Any:
    return index[end] if isinstance(end, int) else end


def _ensure(doc: TsvDocument, layer: Layer) -> Layer:
    known = doc.layer(layer.name)
    if known is not None:
        return known
    fresh = Layer(layer.kind, layer.name, list(layer.entries))
    if layer.kind == SPAN:   # span layers come first in a header
        at = next((i for i, la in enumerate(doc.layers) if la.kind != SPAN), len(doc.layers))
        doc.layers.insert(at, fresh)
    else:
        doc.layers.append(fresh)
    return fresh


def write_webanno_tsv(project: Project, ids: Sequence[int] | None, out: Path,
                      options: ExportOptions = ExportOptions(), progress: Progress | None = None,
                      *, force: bool = False) -> int:
    """A folder with one WebAnno TSV 3.3 file per article."""
    ids = select_ids(project, ids, options)
    progress = progress or Progress()
    progress.start(len(ids), "Exporting WebAnno TSV")
    n = 0
    with atomic_folder(Path(out), force=force or options.force) as folder:
        for rec in iter_records(project, ids, options, progress):
            doc = tsv_document(rec)
            if not doc.tokens:
                continue   # an article with no word has nothing to write
            (folder / f"{rec.article.id:06d}_{rec.article.uid}.tsv").write_text(
                write_tsv(doc), encoding="utf-8", newline="\n")
            n += 1
    return n


register_exporter(ExportFormat(name="webanno", suffix="", write=write_webanno_tsv,
                               description="WebAnno TSV 3.3 per article (INCEpTION's exchange"
                                           " format, UTF-16 offsets)"))
