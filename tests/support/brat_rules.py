"""brat's configuration and verifier rules, as brat's documentation and its verifier
(server/src/verify_annotations.py, projectconfig.py) state them, for checking our exports
without a brat server. Written from those rules, not from brat's code.

Configuration (annotation.conf): sections [entities] [relations] [events] [attributes];
`<NAME>=...` macros; a type's first term must be a storage form ([A-Za-z0-9_-]); arguments
`Role:Type|Type` with `?` (optional), `*` (optional, repeatable), `+` (repeatable) or
`{n}` / `{n-m}` suffixes; a role appears once per type; event roles are declared without
the number brat appends to repeated roles in the .ann (Theme, Theme2 -> Theme).

Verification of a document: every annotation's type is declared; relation and event
arguments have allowed types; a repeated role is declared repeatable and a mandatory one is
present; attributes are declared for that kind of annotation with a declared value;
equivalences use a type declared `<REL-TYPE>:symmetric-transitive`; entities overlap only
where `<OVERLAP>` allows it; every event-type text span is the trigger of an event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

STORAGE = re.compile(r"^[A-Za-z0-9_-]+$")
ROLE = re.compile(r"^(.*?)(\?|\*|\+|\{\d+(?:-\d+)?\})?$")


@dataclass
class TypeDecl:
    name: str
    args: dict[str, tuple[set[str], str]] = field(default_factory=dict)  # role -> (types, card)
    special: dict[str, str] = field(default_factory=dict)


@dataclass
class Conf:
    entities: dict[str, TypeDecl] = field(default_factory=dict)
    relations: dict[str, TypeDecl] = field(default_factory=dict)
    events: dict[str, TypeDecl] = field(default_factory=dict)
    attributes: dict[str, TypeDecl] = field(default_factory=dict)
    issues: list[str] = field(default_factory=list)


def parse_conf(text: str) -> Conf:
    conf = Conf()
    section = None
    macros: dict[str, str] = {}
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^\s*\[(.*)\]\s*$", line)
        if m:
            section = m.group(1)
            continue
        m = re.match(r"^<([A-Za-z_-]+)>=\s*(.*?)\s*$", line)
        if m:
            macros[f"<{m.group(1)}>"] = m.group(2)
            continue
        for k, v in macros.items():
            line = line.replace(k, v)
        m = re.match(r"^(\s*)(\S+)(?:\s+(.*))?$", line)
        if not m:
            conf.issues.append(f"line {n}: cannot parse {raw!r}")
            continue
        name = m.group(2).split("|")[0].lstrip("!")
        decl = TypeDecl(name)
        if name != "<OVERLAP>" and not STORAGE.match(name):
            conf.issues.append(f"line {n}: type {name!r} is not a storage form")
        for arg in (a.strip() for a in (m.group(3) or "").split(",") if a.strip()):
            key, sep, types = arg.partition(":")
            if not sep or not types:
                conf.issues.append(f"line {n}: argument {arg!r} is not ROLE:TYPE")
                continue
            if key.startswith("<") and key.endswith(">"):
                decl.special[key] = types
                continue
            role, card = ROLE.match(key).groups()
            if role in decl.args:
                conf.issues.append(f"line {n}: {name} argument {role!r} appears multiple times")
            if section == "events" and re.search(r"\D\d+$", role):
                conf.issues.append(f"line {n}: {name} role {role!r} ends in a number (brat "
                                   "numbers repeated roles itself)")
            decl.args[role] = (set(types.split("|")), card or "")
        target = {"entities": conf.entities, "relations": conf.relations,
                  "events": conf.events, "attributes": conf.attributes}.get(section or "")
        if target is None:
            conf.issues.append(f"line {n}: outside a known section")
        elif name != "<OVERLAP>" or section == "relations":
            target[name] = decl
    return conf


def _allowed(types: set[str], actual: str, conf: Conf) -> bool:
    if "<ANY>" in types or actual in types:
        return True
    if "<ENTITY>" in types and actual in conf.entities:
        return True
    return "<EVENT>" in types and actual in conf.events


def verify(ann: str, conf: Conf) -> list[str]:
    issues: list[str] = []
    spans: dict[str, tuple[str, int, int]] = {}
    events: dict[str, tuple[str, str, list[tuple[str, str]]]] = {}
    relations, attrs, equivs, norms = [], [], [], []
    for line in ann.splitlines():
        if not line.strip():
            continue
        f = line.split("\t")
        kind = f[0][0]
        if kind == "T":
            label, offsets = f[1].split(" ", 1)
            pieces = [tuple(map(int, p.split())) for p in offsets.split(";")]
            spans[f[0]] = (label, pieces[0][0], pieces[-1][1])
        elif kind == "E":
            head, *args = f[1].split()
            etype, trigger = head.split(":")
            events[f[0]] = (etype, trigger, [tuple(a.split(":")) for a in args])
        elif kind == "R":
            rtype, *args = f[1].split()
            relations.append((f[0], rtype, [tuple(a.split(":")) for a in args]))
        elif kind in "AM":
            attrs.append((f[0], *f[1].split()))
        elif kind == "*":
            etype, *keys = f[1].split()
            equivs.append((etype, keys))
        elif kind == "N":
            norms.append((f[0], f[1].split()))

    def type_of(key: str) -> str | None:
        return spans[key][0] if key in spans else events[key][0] if key in events else None

    for key, (label, _, _) in spans.items():
        if label not in conf.entities and label not in conf.events:
            issues.append(f"{key}: {label} is not a known textbound type")
    triggers = {t for _, t, _ in events.values()}
    for key, (label, _, _) in spans.items():
        if label in conf.events and key not in triggers:
            issues.append(f"{key}: trigger is not referenced from any event")
    for key, (etype, trigger, args) in events.items():
        decl = conf.events.get(etype)
        if decl is None:
            issues.append(f"{key}: {etype} is not a known event type")
            continue
        if trigger not in spans:
            issues.append(f"{key}: trigger {trigger} does not exist")
        counts: dict[str, int] = {}
        for role, target in args:
            plain = re.sub(r"(?<=\D)\d+$", "", role)
            counts[plain] = counts.get(plain, 0) + 1
            if plain not in decl.args:
                issues.append(f"{key}: {etype} cannot take a {plain} argument")
            elif not _allowed(decl.args[plain][0], type_of(target) or "", conf):
                issues.append(f"{key}: {etype} argument {plain} cannot be of type"
                              f" {type_of(target)}")
        for role, (_, card) in decl.args.items():
            if card not in ("?", "*") and not card.startswith("{0") and role not in counts:
                issues.append(f"{key}: {role} required for event")
            if counts.get(role, 0) > 1 and card not in ("*", "+") and "-" not in card \
                    and card != f"{{{counts[role]}}}":
                issues.append(f"{key}: {etype} cannot take multiple {role} arguments")
    for key, rtype, args in relations:
        decl = conf.relations.get(rtype)
        if decl is None:
            issues.append(f"{key}: {rtype} is not a known relation type")
            continue
        for role, target in args:
            if role not in decl.args or not _allowed(decl.args[role][0], type_of(target) or "",
                                                     conf):
                issues.append(f"{key}: {rtype} relation not allowed with {role} {type_of(target)}")
    for key, name, target, *value in attrs:
        decl = conf.attributes.get(name)
        if decl is None:
            issues.append(f"{key}: {name} is not a known attribute")
            continue
        kinds = decl.args.get("Arg", (set(), ""))[0]
        kind = "<EVENT>" if target in events else "<ENTITY>"
        if kind not in kinds and type_of(target) not in kinds:
            issues.append(f"{key}: {name} is not allowed on {target}")
        values = decl.args.get("Value", (set(), ""))[0]
        if value and values and value[0] not in values:
            issues.append(f"{key}: {name} value {value[0]!r} is not declared")
        if bool(value) != bool(values):
            issues.append(f"{key}: {name} value given where none is declared or missing")
    for etype, keys in equivs:
        decl = conf.relations.get(etype)
        if decl is None or decl.special.get("<REL-TYPE>") != "symmetric-transitive":
            issues.append(f"*: {etype} is not declared as an equivalence")
        elif not all(_allowed(decl.args.get("Arg1", (set(), ""))[0], type_of(k) or "", conf)
                     for k in keys):
            issues.append(f"*: {etype} not allowed between {[type_of(k) for k in keys]}")
    for key, (ntype, target, *_) in norms:
        if target not in spans and target not in events:
            issues.append(f"{key}: normalisation of unknown {target}")
    overlap = conf.relations.get("<OVERLAP>")
    any_overlap = overlap is not None and overlap.special.get("<OVL-TYPE>") == "<ANY>"
    entity_spans = [(k, s) for k, s in spans.items() if s[0] in conf.entities]
    if not any_overlap:
        for i, (k1, (_, a1, b1)) in enumerate(entity_spans):
            for k2, (_, a2, b2) in entity_spans[i + 1:]:
                if a1 < b2 and a2 < b1:
                    issues.append(f"{k1}: overlaps {k2} and no <OVERLAP> allows it")
    return issues


def verify_collection(folder: Path) -> list[str]:
    conf = parse_conf((folder / "annotation.conf").read_text(encoding="utf-8"))
    issues = list(conf.issues)
    for ann in sorted(folder.glob("*.ann")):
        issues += [f"{ann.name}: {i}" for i in verify(ann.read_text(encoding="utf-8"), conf)]
    return issues
