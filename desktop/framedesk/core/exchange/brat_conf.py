"""The configuration a brat export writes beside its documents, by brat's own rules.

- Type, role and attribute names are stored as brat's "storage form" (`[A-Za-z0-9_-]`, what
  brat's configuration accepts as a primary term); attribute values cannot hold whitespace.
  A name that had to change ("Named Entity", "direct quote", "Vladimir Putin") is listed in
  `visual.conf`'s [labels] as `storage | original`: brat shows the original, and Framedesk's
  import of its own export (visual.conf starting with FRAMEDESK_MARK) reads it back exactly.
- An event role is declared once, without a number: brat numbers repeated roles in the
  .ann (Theme, Theme2, Theme3) and its verifier strips those numbers before looking the role
  up, so `Theme2*` in annotation.conf is never matched (and brat refuses a key twice).
  Every role is declared `*` (optional, may repeat): the export writes what was annotated.
- Equivalence types (`*` lines) are declared in [relations] with
  `<REL-TYPE>:symmetric-transitive`, as brat requires; overlapping entities are allowed by
  `<OVERLAP>` (Framedesk allows nested and crossing mentions).
"""

from __future__ import annotations

import re
from pathlib import Path

from framedesk.core.exchange.interop import OutDocument

FRAMEDESK_MARK = "# Written by Framedesk"
_NOT_STORAGE = re.compile(r"[^A-Za-z0-9_-]")
_NOT_VALUE = re.compile(r"[\s|,]")
_TRAILING_NUMBER = re.compile(r"^(.*?\D)\d+$")


def role_without_number(role: str) -> str:
    """`Theme2` -> `Theme`, as brat's verifier reads a numbered role."""
    m = _TRAILING_NUMBER.match(role)
    return m.group(1) if m else role


class Names:
    """Original names -> brat-safe ones, unique, and back (visual.conf [labels])."""

    def __init__(self) -> None:
        self.stored: dict[str, str] = {}
        self.original: dict[str, str] = {}

    def _store(self, name: str, pattern: re.Pattern[str]) -> str:
        if name in self.stored:
            return self.stored[name]
        base = pattern.sub("_", name.strip()) or "_"
        safe, n = base, 1
        while safe in self.original and self.original[safe] != name:
            n += 1
            safe = f"{base}-{n}"
        self.stored[name] = safe
        self.original[safe] = name
        return safe

    def type(self, name: str) -> str:
        """A type or attribute name: brat's storage form."""
        return self._store(name, _NOT_STORAGE)

    def role(self, name: str) -> str:
        """A role (its number, if any, stays: brat reads Theme2 as a second Theme)."""
        return self._store(name, _NOT_STORAGE)

    def value(self, value: str) -> str:
        """An attribute value: no whitespace, no | or , (separators in annotation.conf)."""
        return self._store(value, _NOT_VALUE)

    def labels(self) -> list[str]:
        return [f"{safe} | {name}" for name, safe in self.stored.items() if safe != name]


def framedesk_labels(folder: Path) -> dict[str, str]:
    """storage form -> original name, from a visual.conf that Framedesk wrote."""
    path = folder / "visual.conf"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    if not text.startswith(FRAMEDESK_MARK):
        return {}   # another tool's labels are display names, not what was annotated
    out: dict[str, str] = {}
    section = ""
    for line in text.splitlines():
        if line.startswith("["):
            section = line.strip()
        elif section == "[labels]" and " | " in line:
            safe, _, name = line.partition(" | ")
            out[safe] = name
    return out


class Types:
    """Collects the types a collection uses, for annotation.conf (brat refuses unknown ones)."""

    def __init__(self) -> None:
        self.entities: dict[str, None] = {}
        self.relations: dict[str, set[tuple[str, str]]] = {}
        self.equivs: dict[str, set[str]] = {}
        self.events: dict[str, None] = {}
        self.event_roles: dict[str, dict[str, set[str]]] = {}
        self.attributes: dict[str, tuple[set[str], set[str]]] = {}

    def add(self, doc: OutDocument, equivs: list[tuple[str, list[str]]]) -> None:
        label_of = {s.key: s.label for s in doc.spans}
        triggers = {r.trigger for r in doc.relations if r.trigger}
        event_of = {r.key: r.type for r in doc.relations if r.trigger}
        for s in doc.spans:
            if s.key in triggers:
                self.events.setdefault(s.label)
            else:
                self.entities.setdefault(s.label)
            for name, value in s.attributes.items():
                self._attr(name, value, "<ENTITY>" if s.key not in triggers else "<EVENT>")
        for r in doc.relations:
            if r.trigger is not None:
                self.events.setdefault(r.type)
                roles = self.event_roles.setdefault(r.type, {})
                for role, k in r.args:
                    target = label_of.get(k) if k not in event_of else event_of[k]
                    roles.setdefault(role_without_number(role), set()).add(target or "<ENTITY>")
                for name, value in r.attributes.items():
                    self._attr(name, value, "<EVENT>")
            else:
                self.relations.setdefault(r.type, set()).update(
                    (role, label_of.get(k) or event_of.get(k) or "<ENTITY>") for role, k in r.args)
        for kind, keys in equivs:
            self.equivs.setdefault(kind, set()).update(label_of[k] for k in keys if k in label_of)

    def _attr(self, name: str, value: object, arg: str) -> None:
        if name == "note" or value in (None, False, ""):
            return
        args, values = self.attributes.setdefault(name, (set(), set()))
        args.add(arg)
        if value is not True:
            values.add(str(value))

    def conf(self) -> str:
        out = [f"{FRAMEDESK_MARK}: the types this export uses.", "[entities]"]
        out += [e for e in self.entities if e not in self.events] or ["Span"]
        out.append("[relations]")
        for rtype, args in self.relations.items():
            roles: dict[str, set[str]] = {}
            for role, label in args:
                roles.setdefault(role, set()).add(label)
            out.append(f"{rtype}\t" + ", ".join(f"{role}:{'|'.join(sorted(labels))}"
                                                  for role, labels in sorted(roles.items())))
        for kind, labels in self.equivs.items():
            types = "|".join(sorted(labels)) or "<ENTITY>"
            out.append(f"{kind}\tArg1:{types}, Arg2:{types}, <REL-TYPE>:symmetric-transitive")
        out.append("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>")
        out.append("[events]")
        for etype in self.events:
            roles = self.event_roles.get(etype, {})
            args = ", ".join(f"{role}*:{'|'.join(sorted(labels))}"
                             for role, labels in sorted(roles.items()))
            out.append(f"{etype}\t{args}" if args else etype)
        out.append("[attributes]")
        for name, (args, values) in self.attributes.items():
            line = f"{name}\tArg:{'|'.join(sorted(args))}"
            if values:
                line += ", Value:" + "|".join(sorted(values))
            out.append(line)
        return "\n".join(out) + "\n"


def visual_conf(names: Names) -> str:
    return "\n".join([f"{FRAMEDESK_MARK}: what each brat-safe name stands for.", "[labels]",
                      *names.labels(), "[drawing]", ""]) + "\n"
