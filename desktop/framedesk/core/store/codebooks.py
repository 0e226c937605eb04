"""The project's own copy of its codebooks (tables `codebooks` and `codes`).

A project keeps the codebooks it was created with, so a file sent to a colleague codes the
same way on their machine, and a team's edits never depend on what Framedesk ships. Every
edit is one transaction and bumps the codebook's version; annotations are stamped with the
version they were made under (CodingStore reads it).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from framedesk.core.clock import utc_now
from framedesk.core.codebook import (
    DEFAULT_CODEBOOKS,
    KEYS,
    Code,
    Codebook,
    check_codebook,
    key_conflicts,
    load_codebook,
    load_shipped,
    normalise_key,
    save_codebook,
)
from framedesk.core.errors import CodebookError

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

CHOSEN_META = "codebooks"
# Sourcing attributes stored as columns of `attributions`: deleting or merging such a code
# has to update them too.
ATTRIBUTION_COLUMNS = {"quote_type", "identification", "source_type", "certainty"}
_UNSET = object()


@dataclass(frozen=True, slots=True)
class Usage:
    """How many annotations (of every analyst) use a code."""

    documents: int = 0     # frames and tone on articles
    spans: int = 0         # frame cues
    attributions: int = 0  # sourcing attributes

    @property
    def total(self) -> int:
        return self.documents + self.spans + self.attributions


def coded_with(codebook: str, code: str) -> tuple[str, list[str]]:
    """An ArticleFilter.extra_sql clause: articles where any analyst applied the code (a
    frame as primary or secondary, or a tone)."""
    return ("a.id IN (SELECT article_id FROM doc_codes WHERE codebook = ? AND code = ?)",
            [codebook, code])


def coded_as_primary(codebook: str, code: str) -> tuple[str, list[str]]:
    return ("a.id IN (SELECT article_id FROM doc_codes WHERE codebook = ? AND code = ?"
            " AND role = 'primary')", [codebook, code])


class CodebookStore:
    def __init__(self, project: Project) -> None:
        self.project = project

    @property
    def db(self):
        return self.project.db

    # ------------------------------------------------------------ reading
    def names(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM codebooks ORDER BY id")]

    def all(self, kind: str | None = None) -> list[Codebook]:
        books = [self.get(n) for n in self.names()]
        return [b for b in books if kind is None or b.kind == kind]

    def get(self, name: str) -> Codebook:
        row = self.db.execute(
            "SELECT id, name, title, kind, version, description FROM codebooks WHERE name = ?",
            [name]).fetchone()
        if row is None:
            raise CodebookError(name, "is not a codebook of this project")
        codes = tuple(Code(code, label, definition, color, key, attribute)
                      for code, label, definition, color, key, attribute in self.db.execute(
                          "SELECT code, label, definition, color, key, attribute FROM codes"
                          " WHERE codebook_id = ? ORDER BY position, id", [row[0]]))
        return Codebook(name=row[1], title=row[2], kind=row[3], version=row[4],
                        description=row[5], codes=codes)

    def find(self, name: str) -> Codebook | None:
        try:
            return self.get(name)
        except CodebookError:
            return None

    def chosen(self) -> list[str]:
        """The codebooks chosen when the project was made (or since)."""
        return json.loads(self.project.meta(CHOSEN_META) or "[]")

    def key_map(self) -> dict[str, tuple[str, Code]]:
        """Keyboard key -> (codebook name, code) over the frames and tone codebooks."""
        out: dict[str, tuple[str, Code]] = {}
        for book in self.all():
            if book.kind == "sourcing":
                continue
            for c in book.codes:
                if c.key is not None:
                    out.setdefault(c.key, (book.name, c))
        return out

    # ------------------------------------------------------------ choosing
    def choose(self, books: Sequence[str | Codebook] = DEFAULT_CODEBOOKS) -> list[Codebook]:
        """Install codebooks (shipped names or loaded codebooks) and record the choice. Keys a
        later codebook shares with an earlier one move to a free key (or none), so two frame
        codebooks can be used side by side."""
        loaded = [load_shipped(b) if isinstance(b, str) else b for b in books]
        installed: list[Codebook] = []
        with self.project.atomic():
            for book in loaded:
                if self.find(book.name) is None:
                    book = self._free_keys(book)
                    self._write(book, version=book.version)
                installed.append(self.get(book.name))
            names = list(dict.fromkeys(self.chosen() + [b.name for b in installed]))
            self.project.set_meta(CHOSEN_META, json.dumps(names))
        return installed

    def ensure_defaults(self) -> bool:
        """Give a project that has no codebooks yet (made before codebooks existed, or by a
        tool) the defaults. Returns whether anything was installed."""
        if self.names() or self.project.read_only:
            return False
        self.choose(DEFAULT_CODEBOOKS)
        return True

    def _free_keys(self, book: Codebook) -> Codebook:
        if book.kind == "sourcing":
            return book
        taken = set(self.key_map())
        codes = []
        for c in book.codes:
            key = c.key
            if key is not None and key in taken:
                key = next((k for k in KEYS if k not in taken), None)
            if key is not None:
                taken.add(key)
            codes.append(replace(c, key=key))
        return book.with_codes(codes)

    # ------------------------------------------------------------ import / export
    def import_file(self, path: str | Path) -> Codebook:
        """A team's codebook: added if new, otherwise it replaces this project's codes of the
        same name, unless that would drop codes annotations still use."""
        book = load_codebook(path)
        current = self.find(book.name)
        if current is None:
            self._check_keys(book)
            with self.project.atomic():
                self._write(book, version=book.version)
                self.project.set_meta(CHOSEN_META, json.dumps(self.chosen() + [book.name]))
            return self.get(book.name)
        if current.kind != book.kind:
            raise CodebookError(str(path), f"is a {book.kind} codebook, the project's "
                                           f"'{book.name}' is {current.kind}")
        kept = {(c.attribute, c.id) for c in book.codes}
        dropped = [c.id for c in current.codes if (c.attribute, c.id) not in kept
                   and self.usage(book.name, c.id, c.attribute).total]
        if dropped:
            raise CodebookError(str(path), f"lacks codes still in use here: {', '.join(dropped)}")
        return self._update(book, source=str(path))

    def export_file(self, name: str, path: str | Path) -> Path:
        save_codebook(self.get(name), path)
        return Path(path)

    # ------------------------------------------------------------ editing codes
    def add_code(self, name: str, code: Code, position: int | None = None) -> Codebook:
        book = self.get(name)
        codes = list(book.codes)
        code = replace(code, key=normalise_key(code.key))
        codes.insert(len(codes) if position is None else position, code)
        return self._update(book.with_codes(codes))

    def update_code(self, name: str, code_id: str, *, label: object = _UNSET,
                    definition: object = _UNSET, color: object = _UNSET,
                    key: object = _UNSET, attribute: str | None = None) -> Codebook:
        """Change one code's label, definition, colour or key (only those given)."""
        book = self.get(name)
        old = self._code(book, code_id, attribute)
        changes: dict[str, object] = {}
        if label is not _UNSET:
            changes["label"] = str(label).strip()
        if definition is not _UNSET:
            changes["definition"] = " ".join(str(definition).split())
        if color is not _UNSET:
            changes["color"] = None if color is None else str(color).strip().lower()
        if key is not _UNSET:
            changes["key"] = normalise_key(key)
        new = replace(old, **changes)
        return self._update(book.with_codes(new if c is old else c for c in book.codes))

    def rename(self, name: str, code_id: str, label: str) -> Codebook:
        return self.update_code(name, code_id, label=label)

    def recolour(self, name: str, code_id: str, color: str) -> Codebook:
        return self.update_code(name, code_id, color=color)

    def set_key(self, name: str, code_id: str, key: str | None) -> Codebook:
        return self.update_code(name, code_id, key=key)

    def set_definition(self, name: str, code_id: str, definition: str) -> Codebook:
        return self.update_code(name, code_id, definition=definition)

    def move_code(self, name: str, code_id: str, index: int,
                  attribute: str | None = None) -> Codebook:
        book = self.get(name)
        code = self._code(book, code_id, attribute)
        codes = [c for c in book.codes if c is not code]
        codes.insert(max(0, min(index, len(codes))), code)
        return self._update(book.with_codes(codes))

    def reorder(self, name: str, code_ids: Sequence[str]) -> Codebook:
        """Put the (non-attribute) codes in the given order; all of them must be listed."""
        book = self.get(name)
        if sorted(code_ids) != sorted(book.ids()):
            raise CodebookError(name, "a new order must list every code once")
        rank = {c: i for i, c in enumerate(code_ids)}
        codes = sorted(book.codes, key=lambda c: (c.attribute is not None,
                                                  rank.get(c.id, 0)))
        return self._update(book.with_codes(codes))

    # ------------------------------------------------------------ deleting and merging
    def usage(self, name: str, code_id: str, attribute: str | None = None) -> Usage:
        db = self.db
        if attribute is not None:
            if attribute not in ATTRIBUTION_COLUMNS:
                return Usage()
            n = db.execute(f"SELECT count(*) FROM attributions WHERE {attribute} = ?",
                           [code_id]).fetchone()[0]
            return Usage(attributions=n)
        docs = db.execute("SELECT count(*) FROM doc_codes WHERE codebook = ? AND code = ?",
                          [name, code_id]).fetchone()[0]
        spans = db.execute("SELECT count(*) FROM span_codes WHERE codebook = ? AND code = ?",
                           [name, code_id]).fetchone()[0]
        return Usage(documents=docs, spans=spans)

    def delete_code(self, name: str, code_id: str, attribute: str | None = None) -> Usage:
        """Remove a code and every annotation made with it (the GUI asks first, showing
        `usage`). Returns what was removed."""
        book = self.get(name)
        code = self._code(book, code_id, attribute)
        with self.project.atomic() as db:
            affected = self.usage(name, code_id, attribute)
            if attribute is None:
                db.execute("DELETE FROM doc_codes WHERE codebook = ? AND code = ?", [name, code_id])
                db.execute("DELETE FROM span_codes WHERE codebook = ? AND code = ?",
                           [name, code_id])
            elif attribute in ATTRIBUTION_COLUMNS:
                db.execute(f"UPDATE attributions SET {attribute} = NULL, updated = ?"
                           f" WHERE {attribute} = ?", [utc_now(), code_id])
            self._update(book.with_codes(c for c in book.codes if c is not code))
        return affected

    def merge_code(self, name: str, source: str, target: str,
                   attribute: str | None = None) -> Usage:
        """Fold `source` into `target`: its annotations move to `target` and it disappears.
        Where an analyst had both on one article, one document code remains (primary wins)."""
        book = self.get(name)
        code = self._code(book, source, attribute)
        self._code(book, target, attribute)
        if source == target:
            raise CodebookError(name, f"cannot merge '{source}' into itself")
        with self.project.atomic() as db:
            affected = self.usage(name, source, attribute)
            if attribute is None:
                self._merge_doc_codes(name, source, target)
                db.execute("UPDATE span_codes SET code = ? WHERE codebook = ? AND code = ?",
                           [target, name, source])
            elif attribute in ATTRIBUTION_COLUMNS:
                db.execute(f"UPDATE attributions SET {attribute} = ?, updated = ?"
                           f" WHERE {attribute} = ?", [target, utc_now(), source])
            self._update(book.with_codes(c for c in book.codes if c is not code))
        return affected

    def _merge_doc_codes(self, name: str, source: str, target: str) -> None:
        db = self.db
        # Same analyst, same article, both codes: keep the target, primary if either was.
        db.execute(
            "UPDATE doc_codes SET role = 'primary' WHERE codebook = ? AND code = ? AND EXISTS"
            " (SELECT 1 FROM doc_codes s WHERE s.codebook = doc_codes.codebook AND s.code = ?"
            " AND s.article_id = doc_codes.article_id AND s.annotator_id = doc_codes.annotator_id"
            " AND s.role = 'primary')", [name, target, source])
        db.execute(
            "DELETE FROM doc_codes WHERE codebook = ? AND code = ? AND EXISTS"
            " (SELECT 1 FROM doc_codes t WHERE t.codebook = doc_codes.codebook AND t.code = ?"
            " AND t.article_id = doc_codes.article_id AND t.annotator_id = doc_codes.annotator_id)",
            [name, source, target])
        db.execute("UPDATE doc_codes SET code = ? WHERE codebook = ? AND code = ?",
                   [target, name, source])

    # ------------------------------------------------------------ internals
    @staticmethod
    def _code(book: Codebook, code_id: str, attribute: str | None) -> Code:
        code = book.code(code_id, attribute)
        if code is None:
            raise CodebookError(book.name, f"has no code '{code_id}'")
        return code

    def _check_keys(self, book: Codebook) -> None:
        others = [b for b in self.all() if b.name != book.name]
        clashes = key_conflicts(others + [book])
        if clashes:
            key, a, b = clashes[0]
            raise CodebookError(book.name, f"key '{key}' is given to both '{a}' and '{b}'")

    def _update(self, book: Codebook, source: str | None = None) -> Codebook:
        """Check the edited codebook as a whole, then store it with its version bumped."""
        check_codebook(book, source or book.name)
        self._check_keys(book)
        current = self.get(book.name)
        with self.project.atomic():
            self._write(book, version=max(current.version, book.version) + 1)
        return self.get(book.name)

    def _write(self, book: Codebook, *, version: int) -> None:
        """Replace the stored codebook by `book` (codes rewritten in order: nothing refers to
        the rows of `codes`, annotations name codes by their id)."""
        with self.project.atomic() as db:
            row = db.execute("SELECT id FROM codebooks WHERE name = ?", [book.name]).fetchone()
            if row is None:
                cur = db.execute("INSERT INTO codebooks (name, kind, title, description, version,"
                                 " updated) VALUES (?,?,?,?,?,?)",
                                 [book.name, book.kind, book.title, book.description, version,
                                  utc_now()])
                book_id = cur.lastrowid
            else:
                book_id = row[0]
                db.execute("UPDATE codebooks SET title = ?, description = ?, version = ?,"
                           " updated = ? WHERE id = ?",
                           [book.title, book.description, version, utc_now(), book_id])
                db.execute("DELETE FROM codes WHERE codebook_id = ?", [book_id])
            db.conn.executemany(
                "INSERT INTO codes (codebook_id, code, label, definition, color, key, position,"
                " attribute) VALUES (?,?,?,?,?,?,?,?)",
                [(book_id, c.id, c.label, c.definition, c.color, c.key, i, c.attribute)
                 for i, c in enumerate(book.codes)])
