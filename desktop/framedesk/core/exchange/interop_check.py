"""Keeping only the well-formed parts of an article's stored interop data.

`extra["interop"]` is written by our importers, but it is JSON an analyst (or another
tool's export) can bring in any shape, e.g. `{"relations": [1]}` in a JSONL `meta`. The
exporters that give it back (brat, UIMA, Label Studio, doccano) read it by position and key;
a malformed entry would stop the whole export with a traceback. Anything not in the shape
our importers write, or pointing outside the article's text, is left out instead.
"""

from __future__ import annotations

from typing import Any


def well_formed_interop(interop: Any, text_length: int) -> dict[str, Any]:
    """The entries of `interop` an exporter can rely on; the rest is dropped silently (it
    was never an annotation Framedesk showed, only data kept for a round trip)."""
    if not isinstance(interop, dict):
        return {}
    spans = _Checker(text_length)
    out: dict[str, Any] = {k: v for k, v in interop.items()
                           if k not in {"fragments", "spans", "relations", "attributes",
                                        "notes", "categories"}}
    out["fragments"] = [f for f in _list(interop.get("fragments")) if spans.fragment(f)]
    out["spans"] = [s for s in _list(interop.get("spans")) if spans.ref(s)]
    out["relations"] = [r for r in _list(interop.get("relations")) if spans.relation(r)]
    out["attributes"] = [a for a in _list(interop.get("attributes")) if spans.attribute(a)]
    out["notes"] = [n for n in _list(interop.get("notes")) if spans.note(n)]
    out["categories"] = [c for c in _list(interop.get("categories")) if isinstance(c, str)]
    return out


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _offset(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


class _Checker:
    def __init__(self, text_length: int) -> None:
        self.length = text_length

    def ref(self, r: Any) -> bool:
        """{"start", "end", "label"} inside the text."""
        return (isinstance(r, dict) and _offset(r.get("start")) and _offset(r.get("end"))
                and r["start"] <= r["end"] <= self.length and isinstance(r.get("label"), str))

    def target(self, r: Any) -> bool:
        """A span, or {"event": span}."""
        return self.ref(r) or (isinstance(r, dict) and self.ref(r.get("event")))

    def fragment(self, f: Any) -> bool:
        parts = f.get("parts") if isinstance(f, dict) else None
        return (isinstance(f, dict) and isinstance(f.get("label"), str)
                and isinstance(parts, list) and bool(parts)
                and all(isinstance(p, (list, tuple)) and len(p) == 2
                        and self.ref({"start": p[0], "end": p[1], "label": ""}) for p in parts))

    def relation(self, r: Any) -> bool:
        if not isinstance(r, dict) or not isinstance(r.get("type"), str):
            return False
        trigger, attributes, args = r.get("trigger"), r.get("attributes"), r.get("args")
        return ((trigger is None or self.ref(trigger))
                and (attributes is None or isinstance(attributes, dict))
                and isinstance(args, list)
                and all(isinstance(a, dict) and isinstance(a.get("role"), str)
                        and self.target(a.get("ref")) for a in args))

    def attribute(self, a: Any) -> bool:
        return (isinstance(a, dict) and isinstance(a.get("name"), str) and "value" in a
                and self.target(a.get("target")))

    def note(self, n: Any) -> bool:
        if not isinstance(n, dict) or not isinstance(n.get("text"), str):
            return False
        target = n.get("target")
        return (isinstance(target, dict) and "relation" in target
                and _offset(target["relation"])) or self.target(target)
