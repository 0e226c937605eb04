"""WebAnno TSV 3.x as data: layers, sentences, tokens and annotations of one document.

The reader (webanno_tsv.py) fills a TsvDocument from a file, the writer (webanno_write.py)
writes one back; both share the value escaping of the format. A document's layers and
annotations that Framedesk has no table for (chains, relations between tokens, slot
features, feature values besides the label) are kept in meta.interop["webanno"] as
`TsvDocument.to_json()`, so an export to WebAnno TSV gives them back.

Offsets here are Python string indices (code points); the file counts UTF-16 code units and
the reader and writer convert.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FORMAT_LINE = "#FORMAT=WebAnno TSV 3.3"
SPAN, RELATION, CHAIN = "SP", "RL", "CH"
GENERIC_TARGET = "uima.tcas.Annotation"
# Characters with a meaning in a cell; a feature value carrying one has it escaped.
_ESCAPES = [("\\", "\\\\"), ("[", "\\["), ("]", "\\]"), ("|", "\\|"), ("_", "\\_"),
            ("->", "\\->"), (";", "\\;"), ("\t", "\\t"), ("\n", "\\n"), ("*", "\\*")]
_UNESCAPE = {"\\": "\\", "[": "[", "]": "]", "|": "|", "_": "_", ";": ";", "t": "\t",
             "n": "\n", "*": "*", "-": "-", "r": "\r"}


def escape(value: str) -> str:
    out = value
    for raw, escaped in _ESCAPES:
        out = out.replace(raw, escaped)
    return out


def unescape(value: str) -> str:
    if "\\" not in value:
        return value
    out: list[str] = []
    i = 0
    while i < len(value):
        c = value[i]
        if c == "\\" and i + 1 < len(value) and value[i + 1] in _UNESCAPE:
            out.append(_UNESCAPE[value[i + 1]])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_unescaped(value: str, sep: str) -> list[str]:
    """`value` split at every `sep` not preceded by a backslash escape (escapes kept)."""
    if "\\" not in value:
        return value.split(sep)   # the usual cell: nothing escaped
    parts: list[str] = []
    cur: list[str] = []
    i = 0
    while i < len(value):
        c = value[i]
        if c == "\\" and i + 1 < len(value):
            cur.append(value[i:i + 2])
            i += 2
            continue
        if value.startswith(sep, i):
            parts.append("".join(cur))
            cur = []
            i += len(sep)
            continue
        cur.append(c)
        i += 1
    parts.append("".join(cur))
    return parts


def escape_text(line: str) -> str:
    """A `#Text=` line: backslashes and tabs escaped (line breaks start a new #Text line)."""
    return line.replace("\\", "\\\\").replace("\t", "\\t")


def unescape_text(line: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(line):
        if line[i] == "\\" and i + 1 < len(line) and line[i + 1] in "\\tnr":
            out.append({"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}[line[i + 1]])
            i += 2
        else:
            out.append(line[i])
            i += 1
    return "".join(out)


_CACHE: dict[tuple[Any, ...], Any] = {}   # a layer's columns, by its header entries


@dataclass(slots=True)
class Layer:
    kind: str                       # SP, RL, CH
    name: str                       # the UIMA type, e.g. webanno.custom.Span
    entries: list[str]              # the header's entries after the type name

    @property
    def columns(self) -> int:
        if self.kind == RELATION:
            return len(self.entries)      # the features, then the governor column (BT_)
        return max(1, len(self.entries))

    @property
    def base(self) -> str | None:
        """A relation layer's span layer (BT_...), or the token type."""
        last = self.entries[-1] if self.entries else ""
        return last[3:] if self.kind == RELATION and last.startswith("BT_") else None

    def slot_columns(self) -> list[tuple[int, str, str]]:
        """(column of the roles, link feature name, target type) of each slot feature;
        the column after the roles holds the targets."""
        key = ("slots", tuple(self.entries))
        if key not in _CACHE:
            _CACHE[key] = self._slot_columns()
        return _CACHE[key]

    def _slot_columns(self) -> list[tuple[int, str, str]]:
        out = []
        for i, entry in enumerate(self.entries):
            if entry.startswith("ROLE_") and i + 1 < len(self.entries):
                feature = entry[5:].split(":", 1)[-1].split("_", 1)[0]
                out.append((i, feature, self.entries[i + 1]))
        return out

    def features(self) -> list[tuple[int, str]]:
        """(column, name) of the plain features (not slot roles or targets, not BT_)."""
        key = ("features", self.kind, tuple(self.entries))
        if key not in _CACHE:
            _CACHE[key] = self._features()
        return _CACHE[key]

    def _features(self) -> list[tuple[int, str]]:
        skip: set[int] = set()
        for i, _, _ in self.slot_columns():
            skip.update((i, i + 1))
        entries = self.entries[:-1] if self.kind == RELATION else self.entries
        return [(i, e) for i, e in enumerate(entries) if e and i not in skip]


@dataclass(slots=True)
class SpanAnnotation:
    layer: str
    begin: int
    end: int
    features: dict[str, str | None] = field(default_factory=dict)
    links: list[tuple[str | None, int]] = field(default_factory=list)   # (role, span index)
    link_feature: str | None = None
    ref: list[Any] | None = None      # [start, end, label] of its Framedesk span, if any


@dataclass(slots=True)
class RelationAnnotation:
    layer: str
    governor: int | tuple[int, int]   # a span index, or (begin, end) of a token
    dependent: int | tuple[int, int]
    features: dict[str, str | None] = field(default_factory=dict)


@dataclass(slots=True)
class ChainLink:
    begin: int
    end: int
    type_value: str | None
    relation_value: str | None


@dataclass(slots=True)
class TsvDocument:
    text: str
    layers: list[Layer] = field(default_factory=list)
    sentences: list[tuple[int, int, str | None]] = field(default_factory=list)  # id or None
    tokens: list[tuple[int, int]] = field(default_factory=list)
    spans: list[SpanAnnotation] = field(default_factory=list)
    relations: list[RelationAnnotation] = field(default_factory=list)
    chains: list[tuple[str, list[ChainLink]]] = field(default_factory=list)   # (layer, links)

    def layer(self, name: str) -> Layer | None:
        return next((la for la in self.layers if la.name == name), None)

    def to_json(self) -> dict[str, Any]:
        def end(x: int | tuple[int, int]) -> Any:
            return x if isinstance(x, int) else list(x)
        return {
            "layers": [[la.kind, la.name, la.entries] for la in self.layers],
            "sentences": [list(s) for s in self.sentences],
            "tokens": [list(t) for t in self.tokens],
            "spans": [{"layer": s.layer, "begin": s.begin, "end": s.end,
                       "features": s.features, "links": [list(k) for k in s.links],
                       "link_feature": s.link_feature, "ref": s.ref} for s in self.spans],
            "relations": [{"layer": r.layer, "governor": end(r.governor),
                           "dependent": end(r.dependent), "features": r.features}
                          for r in self.relations],
            "chains": [[name, [[k.begin, k.end, k.type_value, k.relation_value]
                               for k in links]] for name, links in self.chains],
        }

    @classmethod
    def from_json(cls, text: str, data: dict[str, Any]) -> TsvDocument:
        """The stored document back; ValueError if the stored data is not in its shape
        (meta.interop is JSON anyone could have edited)."""
        try:
            def end(x: Any) -> int | tuple[int, int]:
                return int(x) if isinstance(x, int) else (int(x[0]), int(x[1]))
            doc = cls(text=text)
            doc.layers = [Layer(str(k), str(n), [str(e) for e in es]) for k, n, es in data["layers"]]
            doc.sentences = [(int(b), int(e), i) for b, e, i in data["sentences"]]
            doc.tokens = [(int(b), int(e)) for b, e in data["tokens"]]
            doc.spans = [SpanAnnotation(s["layer"], int(s["begin"]), int(s["end"]),
                                        dict(s["features"]),
                                        [(r, int(i)) for r, i in s["links"]],
                                        s.get("link_feature"), s.get("ref"))
                         for s in data["spans"]]
            doc.relations = [RelationAnnotation(r["layer"], end(r["governor"]),
                                                end(r["dependent"]), dict(r["features"]))
                             for r in data["relations"]]
            doc.chains = [(str(n), [ChainLink(int(b), int(e), t, r) for b, e, t, r in links])
                          for n, links in data["chains"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"stored WebAnno layout is malformed ({exc})") from None
        n = len(text)

        def bad_end(x: int | tuple[int, int]) -> bool:
            return not 0 <= x < len(doc.spans) if isinstance(x, int) else x not in set_tokens

        set_tokens = set(doc.tokens)
        if any(not 0 <= b <= e <= n for b, e in doc.tokens) or doc.tokens != sorted(doc.tokens) \
                or any(not 0 <= s.begin <= s.end <= n for s in doc.spans) \
                or any(not 0 <= i < len(doc.spans) for s in doc.spans for _, i in s.links) \
                or any(bad_end(r.governor) or bad_end(r.dependent) for r in doc.relations) \
                or any(not 0 <= k.begin <= k.end <= n for _, links in doc.chains for k in links) \
                or any(not 0 <= b <= e <= n for b, e, _ in doc.sentences):
            raise ValueError("stored WebAnno layout points outside the text")
        for holder in [*doc.spans, *doc.relations]:   # feature values are strings or unset
            holder.features = {str(k): None if v is None else str(v)
                               for k, v in holder.features.items()}
        return doc
