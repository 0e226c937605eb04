"""Hostile files to import, generated: every kind issue 14 lists, in every importer.

Framedesk's own exports of a small coded project (JSONL, doccano, Prodigy, Label Studio,
UIMA JSON, brat, CSV) are the templates; each generated file holds the template's good
records and copies of its first record in which ONE field (any depth) is replaced by a
value of the wrong kind: a list, an object, a number, true, null, a numeric string (string
offsets) or a lone surrogate. Explicit cases add what is not a field: special files, file
names that are not UTF-8 or hold a newline, UTF-16LE without a byte order mark.

A case knows the texts that must be in the project afterwards (its good records), and for
every mutated record which line (or task) an error message would name.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# A value of each wrong kind; a field whose value already has that kind is not mutated.
WRONG: dict[str, Any] = {
    "list": [1, "x"], "object": {"x": 1}, "number": 7, "true": True, "null": None,
    "numeric string": "12", "lone surrogate": "\ud800",
}
CHUNK = 40  # mutated records per file: the CLI lists the first 50 failures

GOOD_TEXTS = [
    f"Story {i}\n\nKyiv said the talks in Geneva failed, officials said on day {i}. "
    f"The ministry in Brussels answered that the budget of {2000 + i} would pass."
    for i in range(4)
]


@dataclass
class InputCase:
    name: str                      # pytest id
    kind: str                      # the word for it (for the reliability table)
    paths: list[Path]              # what `framedesk import` is given
    good: set[str]                 # texts that must be in the project afterwards
    # for each mutated record: (file name, what a message names: "line N", "task N" or "",
    # its text, which field was made wrong)
    mutated: list[tuple[str, str, str, str]] = field(default_factory=list)
    must_fail: int = 0             # at least this many failures reported (0: none expected)
    words: tuple[str, ...] = ()    # the failure sentence names these (lower case)
    no_summary_line: str = ""      # stdout must not hold a line starting with this


def template_project(path: Path, texts: list[str] = GOOD_TEXTS, annotator: str = "Ana",
                     frames: tuple[str, ...] = ("security", "economic", "security", "health")
                     ) -> Path:
    """A coded project: per article a primary frame, a tone, a frame cue, an attribution
    ("Kyiv said ...") and entity mentions of Kyiv and Geneva, offsets taken from the text."""
    from framedesk.core.model import ArticleDraft, Span
    from framedesk.core.store import Project
    from framedesk.core.store.attributions import Attribution
    from tests.core.test_review import model_mentions

    def at(text: str, word: str) -> tuple[int, int]:
        start = text.index(word)
        return start, start + len(word)

    p = Project.create(path, annotator=annotator)
    try:
        ids = [i for i, _ in p.articles.add_many([ArticleDraft(text=t) for t in texts])]
        for n, (aid, text) in enumerate(zip(ids, texts)):
            p.coding.set_frame(aid, "policy_frames", frames[n % len(frames)], primary=True)
            p.coding.set_tone(aid, ("neutral", "negative", "positive")[n % 3])
            p.coding.add_cue(aid, *at(text, "talks"), "policy_frames", frames[n % len(frames)])
            p.attributions.add(Attribution(aid, source=Span(*at(text, "Kyiv")),
                                           cue=Span(*at(text, "said")),
                                           content=Span(*at(text, "the talks in Geneva failed")),
                                           identification="named", source_type="government"))
            model_mentions(p, aid, [(*at(text, "Kyiv"), "GPE", "Kyiv"),
                                    (*at(text, "Geneva"), "GPE", "Geneva")])
    finally:
        p.close()
    return path


# ------------------------------------------------------------------ mutation
def _leaf_paths(node: Any, prefix: tuple = ()) -> Iterator[tuple]:
    """Every path to a value in a JSON tree (containers included, the root excluded)."""
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return
    for key, value in items:
        yield (*prefix, key)
        yield from _leaf_paths(value, (*prefix, key))


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true"
    if isinstance(value, (int, float)):
        return "number"
    if value is None:
        return "null"
    return {list: "list", dict: "object"}.get(type(value), "string")


def _replace(node: Any, path: tuple, value: Any) -> Any:
    copy = json.loads(json.dumps(node))
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return copy


def _retext(node: Any, old: str, new: str) -> Any:
    """The record with its article text (wherever the format keeps it) changed to `new`."""
    if isinstance(node, dict):
        return {k: _retext(v, old, new) for k, v in node.items()}
    if isinstance(node, list):
        return [_retext(v, old, new) for v in node]
    return new if node == old else node


def mutations(record: Any, text: str, kinds: tuple[str, ...] = tuple(WRONG)
              ) -> Iterator[tuple[str, Any, str]]:
    """(description, mutated record, its article text) for every field and wrong kind.
    Each mutated record's text gets its own ending (offsets before it stay right), so it
    is a new article, not a duplicate of the template."""
    n = 0
    for path in _leaf_paths(record):
        target = record
        for key in path:
            target = target[key]
        for kind in kinds:
            if _kind_of(target) == kind or (kind == "numeric string" and isinstance(target, str)
                                            and target != text):
                continue
            n += 1
            variant = f"{text} Variant {n}."
            base = _retext(record, text, variant)
            mutated = _replace(base, path, WRONG[kind])
            still = variant if _contains(mutated, variant) else f"(text replaced: {kind})"
            yield f"{'.'.join(map(str, path))} as {kind}", mutated, still


def _contains(node: Any, text: str) -> bool:
    if isinstance(node, dict):
        return any(_contains(v, text) for v in node.values())
    if isinstance(node, list):
        return any(_contains(v, text) for v in node)
    return node == text


def _dump(record: Any) -> str:
    return json.dumps(record)  # ensure_ascii: a lone surrogate is written as \ud800


def jsonl_cases(name: str, export: Path, folder: Path) -> list[InputCase]:
    """A JSON-lines export (jsonl, doccano, prodigy): mutated copies of line 1."""
    lines = [ln for ln in export.read_text(encoding="utf-8").splitlines() if ln.strip()]
    records = [json.loads(ln) for ln in lines]
    template = records[0]
    text = GOOD_TEXTS[0]
    muts = list(mutations(template, text))
    cases = []
    for c, start in enumerate(range(0, len(muts), CHUNK)):
        chunk = muts[start:start + CHUNK]
        path = folder / f"{name}-{c}.jsonl"
        body = [_dump(r) for r in records[1:]]  # the good records first: lines 1..k
        entries = []
        for what, mutated, variant in chunk:
            body.append(_dump(mutated))
            entries.append((path.name, f"line {len(body)}", variant, what))
        path.write_text("\n".join(body) + "\n", encoding="utf-8")
        cases.append(InputCase(f"{name}-wrong-types-{c}", "wrong JSON type / lone surrogate / "
                               "string offsets in every field", [path], set(GOOD_TEXTS[1:]),
                               entries))
    return cases


def labelstudio_cases(export: Path, folder: Path) -> list[InputCase]:
    tasks = json.loads(export.read_text(encoding="utf-8"))
    muts = list(mutations(tasks[0], GOOD_TEXTS[0]))
    cases = []
    for c, start in enumerate(range(0, len(muts), CHUNK)):
        chunk = muts[start:start + CHUNK]
        path = folder / f"labelstudio-{c}.json"
        body = list(tasks[1:])
        entries = []
        for what, mutated, variant in chunk:
            body.append(mutated)
            entries.append((path.name, f"task {len(body)}", variant, what))
        path.write_text(json.dumps(body), encoding="utf-8")
        cases.append(InputCase(f"labelstudio-wrong-types-{c}", "wrong JSON type in every "
                               "field (Label Studio)", [path], set(GOOD_TEXTS[1:]), entries))
    return cases


def uima_cases(export_folder: Path, folder: Path) -> list[InputCase]:
    """One document per file: a folder of mutated copies of the first, beside good ones."""
    files = sorted(export_folder.glob("*.json"))
    doc = json.loads(files[0].read_text(encoding="utf-8"))
    structures = {"%FEATURE_STRUCTURES": doc["%FEATURE_STRUCTURES"]}
    muts = list(mutations(structures, GOOD_TEXTS[0], ("list", "number", "null", "lone surrogate")))
    cases = []
    for c, start in enumerate(range(0, len(muts), CHUNK)):
        sub = folder / f"uima-{c}"
        sub.mkdir()
        for good in files[1:]:
            (sub / good.name).write_bytes(good.read_bytes())
        entries = []
        for k, (what, mutated, variant) in enumerate(muts[start:start + CHUNK]):
            path = sub / f"m{k:03d}.json"
            path.write_text(json.dumps({**doc, **mutated}), encoding="utf-8")
            entries.append((path.name, "", variant, what))
        cases.append(InputCase(f"uima-wrong-types-{c}", "wrong JSON type in every field "
                               "(UIMA JSON)", [sub], set(GOOD_TEXTS[1:]), entries))
    return cases


def brat_cases(export_folder: Path, folder: Path) -> list[InputCase]:
    """brat standoff: every number of the first .ann replaced by a wrong one."""
    anns = sorted(export_folder.glob("*.ann"))
    first = anns[0].read_text(encoding="utf-8").splitlines()
    wrong_numbers = ["x", "-3", "99999", "12.5", "\ud800"]
    sub = folder / "brat"
    sub.mkdir()
    for item in export_folder.iterdir():
        if item not in (anns[0], anns[0].with_suffix(".txt")):
            (sub / item.name).write_bytes(item.read_bytes())
    entries = []
    k = 0
    for row, line in enumerate(first):
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].startswith("T"):
            continue
        for wrong in wrong_numbers:
            k += 1
            fields = parts[1].split(" ")
            fields[1] = wrong
            changed = list(first)
            changed[row] = "\t".join([parts[0], " ".join(fields), *parts[2:]])
            variant = f"{GOOD_TEXTS[0]} Variant {k}."
            name = f"m{k:03d}"
            (sub / f"{name}.txt").write_text(variant, encoding="utf-8")
            (sub / f"{name}.ann").write_text("\n".join(changed) + "\n", encoding="utf-8",
                                             errors="surrogatepass")
            entries.append((f"{name}.ann", "", variant, f"{parts[0]} offset as {wrong!r}"))
    return [InputCase("brat-bad-offsets", "string offsets / bad numbers (brat)", [sub],
                      set(GOOD_TEXTS[1:]), entries)]


# ------------------------------------------------------------------ explicit cases
def explicit_cases(folder: Path) -> list[InputCase]:
    good_lines = [json.dumps({"text": t}) for t in GOOD_TEXTS]
    cases = []

    def jsonl(name: str, lines: list[str]) -> Path:
        path = folder / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    # Special files inside a folder and given directly; nothing may block on them.
    special = folder / "special"
    special.mkdir()
    jsonl("special/good.jsonl", good_lines)
    os.mkfifo(special / "pipe.jsonl")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(special / "sock.txt"))
    sock.close()  # the socket file stays
    (special / "loop.txt").symlink_to("loop.txt")
    (special / "zero.txt").symlink_to("/dev/zero")
    cases.append(InputCase("special-files-in-folder", "FIFO, socket, symlink loop, /dev/zero "
                           "in an imported folder", [special], set(GOOD_TEXTS), must_fail=4,
                           words=("fifo", "socket", "loops back", "device")))
    cases.append(InputCase("special-files-given", "FIFO, socket, symlink loop given directly",
                           [special / "pipe.jsonl", special / "sock.txt", special / "loop.txt",
                            special / "good.jsonl"], set(GOOD_TEXTS), must_fail=3,
                           words=("fifo", "socket", "loops back")))

    # File names: not UTF-8; a newline that would fake a summary line.
    names = folder / "names"
    names.mkdir()
    (names / os.fsdecode(b"caf\xe9.txt")).write_text(GOOD_TEXTS[0], encoding="utf-8")
    fake = "x\nImported 999 articles, 0 already in the project (skipped), 0 failed.\n.jsonl"
    (names / fake).write_text(good_lines[1] + '\n{"text": 5}\n', encoding="utf-8")
    cases.append(InputCase("file-names", "file name not UTF-8 / with a newline", [names],
                           {GOOD_TEXTS[0], GOOD_TEXTS[1]}, must_fail=1,
                           no_summary_line="Imported 999"))

    # UTF-16LE without a byte order mark, Latin and Greek.
    utf16 = folder / "utf16"
    utf16.mkdir()
    greek = "Η κυβέρνηση στην Αθήνα είπε ότι ο προϋπολογισμός θα περάσει την Τρίτη."
    (utf16 / "latin.txt").write_bytes(GOOD_TEXTS[2].encode("utf-16-le"))
    (utf16 / "greek.txt").write_bytes(greek.encode("utf-16-le"))
    cases.append(InputCase("utf16le-no-bom", "UTF-16LE text without a BOM", [utf16],
                           {GOOD_TEXTS[2], greek}))

    # Numeric text and string offsets, with the sentence a user needs.
    cases.append(InputCase("numeric-text", "numeric text",
                           [jsonl("numeric.jsonl", good_lines[:2] + ['{"text": 12345}'])],
                           set(GOOD_TEXTS[:2]), must_fail=1, words=("numeric.jsonl, line 3",
                                                                    "number")))
    offsets = {"text": GOOD_TEXTS[3], "spans": [{"start": "9", "end": "13", "label": "GPE"}]}
    cases.append(InputCase("string-offsets", "string offsets",
                           [jsonl("offsets.jsonl", good_lines[:1] + [json.dumps(offsets)])],
                           {GOOD_TEXTS[0], GOOD_TEXTS[3]}, must_fail=1,
                           words=("offsets.jsonl, line 2",)))
    # Lone surrogates in a CSV cell and a text file (bytes that decode to one).
    lone = folder / "lone"
    lone.mkdir()
    (lone / "a.csv").write_text(f'text,outlet\n"{GOOD_TEXTS[1]}",Daily\n', encoding="utf-8")
    (lone / "b.txt").write_bytes(b"An article with the bytes of a surrogate \xed\xa0\x80 in it.")
    jsonl("lone/c.jsonl", ['{"text": "Lone \\udc80 surrogate text."}', good_lines[2]])
    cases.append(InputCase("lone-surrogates", "lone surrogate (CSV, text, JSONL)", [lone],
                           {GOOD_TEXTS[1], GOOD_TEXTS[2]}, must_fail=1,
                           words=("c.jsonl, line 1", "surrogate")))
    return cases


def all_cases(folder: Path) -> list[InputCase]:
    """Every import case, built under `folder` (needs a template project's exports)."""
    from tests.hostile.running import framedesk

    project = template_project(folder / "template.framedesk")
    exports = folder / "exports"
    exports.mkdir()
    for fmt in ("jsonl", "doccano", "prodigy", "labelstudio", "uima", "brat"):
        outcome = framedesk("export", project, "--format", fmt, "--out", exports / fmt)
        assert outcome.code == 0, outcome.err
    cases: list[InputCase] = []
    for fmt in ("jsonl", "doccano", "prodigy"):
        cases += jsonl_cases(fmt, exports / fmt, folder)
    cases += labelstudio_cases(exports / "labelstudio", folder)
    cases += uima_cases(exports / "uima", folder)
    cases += brat_cases(exports / "brat", folder)
    cases += explicit_cases(folder)
    return cases
