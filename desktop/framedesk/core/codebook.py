"""Codebooks: the lists of codes analysts apply (frames, tone, sourcing attributes).

A codebook is plain data read from YAML, checked here once so every later step (the project's
copy, the coding keys, the exports) can trust it. The shape, shared by all kinds:

    name: policy_frames          # stable id, used in the project file and exports
    title: Policy frames
    kind: frames                 # frames | tone | sourcing
    version: 1
    description: ...
    codes: [{id, label, definition, color, key}, ...]
    attributes: {quote_type: [{id, label, definition}, ...], ...}   # sourcing only

Problems raise CodebookError(source, detail) with the offending id or key in the detail.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from framedesk.core.errors import CodebookError
from framedesk.core.resources import resource

KINDS = ("frames", "tone", "sourcing")
DEFAULT_CODEBOOKS = ("policy_frames", "tone")
CODE_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
COLOR = re.compile(r"^#[0-9a-f]{6}$")
KEYS = "1234567890QWERTYUIOPASDFGHLZXCVB"
# Keys the keyboard sheet (UX.md) gives to other actions: next/previous article, new
# attribution, memo. A code cannot take them.
RESERVED_KEYS = frozenset("JKNM")
# Backgrounds the reader is drawn on (light and dark theme) and the contrast a cue colour
# needs on both: 3:1 is WCAG's minimum for graphical marks such as an underline.
LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#1e1e1e"
MIN_CONTRAST = 3.0


@dataclass(frozen=True, slots=True)
class Code:
    id: str
    label: str
    definition: str = ""
    color: str | None = None
    key: str | None = None
    attribute: str | None = None  # sourcing codebooks: which attribute list the code is in


@dataclass(frozen=True, slots=True)
class Codebook:
    name: str
    title: str
    kind: str
    version: int = 1
    description: str = ""
    codes: tuple[Code, ...] = field(default_factory=tuple)

    def code(self, code_id: str, attribute: str | None = None) -> Code | None:
        for c in self.codes:
            if c.id == code_id and c.attribute == attribute:
                return c
        return None

    def ids(self) -> list[str]:
        return [c.id for c in self.codes if c.attribute is None]

    @property
    def attributes(self) -> dict[str, list[Code]]:
        """Sourcing codebooks: attribute name -> its codes, in file order."""
        out: dict[str, list[Code]] = {}
        for c in self.codes:
            if c.attribute is not None:
                out.setdefault(c.attribute, []).append(c)
        return out

    def with_codes(self, codes: Iterable[Code]) -> Codebook:
        return replace(self, codes=tuple(codes))


# ---------------------------------------------------------------- reading
def parse_codebook(data: Any, source: str) -> Codebook:
    """Build and check a codebook from the YAML's data (a mapping)."""
    if not isinstance(data, dict):
        raise CodebookError(source, "not a mapping of name, kind and codes")
    name = _text(data.get("name"), source, "name")
    kind = _text(data.get("kind"), source, "kind")
    if kind not in KINDS:
        raise CodebookError(source, f"kind '{kind}' is not one of {', '.join(KINDS)}")
    version = data.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise CodebookError(source, f"version '{version}' is not a whole number from 1 up")
    codes = [_code(item, source, None) for item in _list(data.get("codes", []), source, "codes")]
    attributes = data.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise CodebookError(source, "attributes is not a mapping of name to codes")
    for attribute, items in attributes.items():
        attribute = str(attribute)
        codes.extend(_code(item, source, attribute)
                     for item in _list(items, source, f"attributes.{attribute}"))
    book = Codebook(name=name, title=str(data.get("title") or name), kind=kind,
                    version=version, description=str(data.get("description") or "").strip(),
                    codes=tuple(codes))
    check_codebook(book, source)
    return book


def loads_codebook(text: str, source: str = "codebook") -> Codebook:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise CodebookError(source, f"{where}not valid YAML") from None
    return parse_codebook(data, source)


def load_codebook(path: str | Path) -> Codebook:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CodebookError(str(path), "not UTF-8 text") from None
    except OSError as exc:
        raise CodebookError(str(path), exc.strerror or "cannot be read") from None
    return loads_codebook(text, str(path))


def check_codebook(book: Codebook, source: str) -> None:
    """Refuse what would make coding ambiguous: duplicate ids, clashing keys, bad colours."""
    if not CODE_ID.match(book.name):
        raise CodebookError(source, f"name '{book.name}' must be lower-case letters, digits, _")
    if book.kind != "sourcing" and any(c.attribute for c in book.codes):
        raise CodebookError(source, "only sourcing codebooks have attributes")
    if book.kind != "sourcing" and not book.codes:
        raise CodebookError(source, "has no codes")
    seen: set[tuple[str | None, str]] = set()
    for c in book.codes:
        if not CODE_ID.match(c.id):
            raise CodebookError(source, f"code id '{c.id}' must be lower-case letters, digits, _")
        if (c.attribute, c.id) in seen:
            raise CodebookError(source, f"duplicate code id '{c.id}'")
        seen.add((c.attribute, c.id))
        if not c.label.strip():
            raise CodebookError(source, f"code '{c.id}' has no label")
        if c.color is not None and not COLOR.match(c.color):
            raise CodebookError(source, f"colour '{c.color}' of code '{c.id}' is not #rrggbb")
        if c.color is None and book.kind in ("frames", "tone"):
            raise CodebookError(source, f"code '{c.id}' has no colour")
        if c.key is not None:
            if c.key not in KEYS:
                raise CodebookError(source, f"key '{c.key}' of code '{c.id}' is not a digit or "
                                            f"a letter other than {', '.join(sorted(RESERVED_KEYS))}")
    clashes = key_conflicts([book])
    if clashes:
        key, a, b = clashes[0]
        raise CodebookError(source, f"key '{key}' is given to both '{a}' and '{b}'")


def key_conflicts(books: Iterable[Codebook]) -> list[tuple[str, str, str]]:
    """(key, first code, second code) for each key used twice among coding codebooks; codes
    are named "codebook:code" when the clash is between two codebooks."""
    owner: dict[str, tuple[str, str]] = {}
    clashes = []
    for book in books:
        if book.kind == "sourcing":
            continue
        for c in book.codes:
            if c.key is None:
                continue
            if c.key not in owner:
                owner[c.key] = (book.name, c.id)
                continue
            first_book, first = owner[c.key]
            if first_book == book.name:
                clashes.append((c.key, first, c.id))
            else:
                clashes.append((c.key, f"{first_book}:{first}", f"{book.name}:{c.id}"))
    return clashes


def normalise_key(value: Any) -> str | None:
    """'q' -> 'Q', 1 -> '1', '' / None -> None (no key)."""
    if value is None:
        return None
    text = str(value).strip().upper()
    return text or None


def _code(item: Any, source: str, attribute: str | None) -> Code:
    if not isinstance(item, dict):
        raise CodebookError(source, f"a code is not a mapping: {item!r:.60}")
    code_id = _text(item.get("id"), source, "code id")
    color = item.get("color", item.get("colour"))
    return Code(id=code_id, label=str(item.get("label") or code_id),
                definition=" ".join(str(item.get("definition") or "").split()),
                color=str(color).strip().lower() if color is not None else None,
                key=normalise_key(item.get("key")), attribute=attribute)


def _text(value: Any, source: str, what: str) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise CodebookError(source, f"{what} is missing")
    return str(value).strip()


def _list(value: Any, source: str, what: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise CodebookError(source, f"{what} is not a list")
    return value


# ---------------------------------------------------------------- writing
def codebook_to_data(book: Codebook) -> dict[str, Any]:
    data: dict[str, Any] = {"name": book.name, "title": book.title, "kind": book.kind,
                            "version": book.version, "description": book.description}
    plain = [c for c in book.codes if c.attribute is None]
    if plain or book.kind != "sourcing":
        data["codes"] = [_code_data(c) for c in plain]
    if book.attributes:
        data["attributes"] = {name: [_code_data(c) for c in codes]
                              for name, codes in book.attributes.items()}
    return data


def dump_codebook(book: Codebook) -> str:
    return yaml.safe_dump(codebook_to_data(book), sort_keys=False, allow_unicode=True, width=100)


def save_codebook(book: Codebook, path: str | Path) -> None:
    Path(path).write_text(dump_codebook(book), encoding="utf-8")


def _code_data(c: Code) -> dict[str, Any]:
    out: dict[str, Any] = {"id": c.id, "label": c.label, "definition": c.definition}
    if c.color is not None:
        out["color"] = c.color
    if c.key is not None:
        out["key"] = c.key
    return out


# ---------------------------------------------------------------- shipped codebooks
def shipped_codebook_paths() -> dict[str, Path]:
    folder = resource("codebooks")
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))}


def load_shipped(name: str) -> Codebook:
    path = shipped_codebook_paths().get(name)
    if path is None:
        raise CodebookError(name, "is not a codebook Framedesk ships")
    return load_codebook(path)


# ---------------------------------------------------------------- colours and tone
def contrast_ratio(color: str, background: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    a, b = sorted((_luminance(color), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def readable_on_both(color: str) -> bool:
    return (contrast_ratio(color, LIGHT_BACKGROUND) >= MIN_CONTRAST
            and contrast_ratio(color, DARK_BACKGROUND) >= MIN_CONTRAST)


def _luminance(color: str) -> float:
    channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def collapse_tone(book: Codebook, code_id: str) -> str:
    """Map a tone code onto negative / neutral / positive by its place on the scale: tone
    codebooks list their codes from most against to most in favour."""
    ids = book.ids()
    if code_id not in ids:
        raise CodebookError(book.name, f"no tone code '{code_id}'")
    index, n = ids.index(code_id), len(ids)
    if n % 2 and index == n // 2:
        return "neutral"
    return "negative" if index < n / 2 else "positive"
