"""Document codes (frames, tone), span codes (frame cues) and memos.

Every write is stamped with the current analyst and time, and returns what it replaced so
the GUI's undo commands can put it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from framedesk.core.clock import utc_now

if TYPE_CHECKING:
    from framedesk.core.store.project import Project


@dataclass(frozen=True, slots=True)
class FrameCode:
    codebook: str
    code: str
    primary: bool
    annotator: str


@dataclass(frozen=True, slots=True)
class Cue:
    id: int
    article_id: int
    start: int
    end: int
    codebook: str
    code: str
    note: str | None
    annotator: str


class CodingStore:
    def __init__(self, project: Project) -> None:
        self.project = project

    @property
    def db(self):
        return self.project.db

    def _who(self, annotator: str | None) -> tuple[str, list]:
        if annotator is None:
            return "", []
        return " AND n.name = ?", [annotator]

    def _version(self, codebook: str) -> int:
        row = self.db.execute("SELECT version FROM codebooks WHERE name = ?", [codebook]).fetchone()
        return row[0] if row else 1

    # ------------------------------------------------------------ frames
    def frames(self, article_id: int, annotator: str | None = None) -> list[FrameCode]:
        """Primary first, then secondary frames in the order they were coded."""
        who, params = self._who(annotator)
        rows = self.db.execute(
            "SELECT d.codebook, d.code, d.role = 'primary', n.name FROM doc_codes d"
            " JOIN annotators n ON n.id = d.annotator_id"
            f" WHERE d.article_id = ? AND d.role != 'tone'{who}"
            " ORDER BY d.role = 'primary' DESC, d.id", [article_id, *params])
        return [FrameCode(cb, code, bool(p), name) for cb, code, p, name in rows]

    def set_frame(self, article_id: int, codebook: str, code: str, *, primary: bool = False
                  ) -> list[FrameCode]:
        """Code a frame (secondary, or primary: the old primary becomes secondary).
        Returns the analyst's frames before the change."""
        me = self.project.annotator_id
        before = self.frames(article_id, self.project.annotator)
        with self.project.atomic() as db:
            if primary:
                db.execute("UPDATE doc_codes SET role = 'secondary' WHERE article_id = ? AND"
                           " annotator_id = ? AND role = 'primary'", [article_id, me])
            db.execute(
                "INSERT INTO doc_codes (article_id, codebook, code, role, annotator_id,"
                " codebook_version, created) VALUES (?,?,?,?,?,?,?)"
                " ON CONFLICT (article_id, annotator_id, codebook, code)"
                " DO UPDATE SET role = excluded.role, created = excluded.created",
                [article_id, codebook, code, "primary" if primary else "secondary", me,
                 self._version(codebook), utc_now()])
        return before

    def remove_frame(self, article_id: int, codebook: str, code: str) -> list[FrameCode]:
        before = self.frames(article_id, self.project.annotator)
        with self.project.atomic() as db:
            db.execute("DELETE FROM doc_codes WHERE article_id = ? AND annotator_id = ? AND"
                       " codebook = ? AND code = ? AND role != 'tone'",
                       [article_id, self.project.annotator_id, codebook, code])
        return before

    def restore_frames(self, article_id: int, frames: list[FrameCode]) -> None:
        """Put the analyst's frames back exactly as `frames` (undo)."""
        me = self.project.annotator_id
        with self.project.atomic() as db:
            db.execute("DELETE FROM doc_codes WHERE article_id = ? AND annotator_id = ? AND"
                       " role != 'tone'", [article_id, me])
            for f in frames:
                db.execute("INSERT INTO doc_codes (article_id, codebook, code, role, annotator_id,"
                           " codebook_version, created) VALUES (?,?,?,?,?,?,?)",
                           [article_id, f.codebook, f.code, "primary" if f.primary else "secondary",
                            me, self._version(f.codebook), utc_now()])

    # ------------------------------------------------------------ tone
    def tone(self, article_id: int, annotator: str | None = None) -> str | None:
        name = annotator or self.project.annotator
        row = self.db.execute(
            "SELECT d.code FROM doc_codes d JOIN annotators n ON n.id = d.annotator_id"
            " WHERE d.article_id = ? AND d.role = 'tone' AND n.name = ?",
            [article_id, name]).fetchone()
        return row[0] if row else None

    def set_tone(self, article_id: int, code: str | None, codebook: str = "tone") -> str | None:
        """Set (or with None clear) the analyst's tone; returns the previous one."""
        me = self.project.annotator_id
        before = self.tone(article_id)
        with self.project.atomic() as db:
            db.execute("DELETE FROM doc_codes WHERE article_id = ? AND annotator_id = ? AND"
                       " role = 'tone'", [article_id, me])
            if code is not None:
                db.execute("INSERT INTO doc_codes (article_id, codebook, code, role, annotator_id,"
                           " codebook_version, created) VALUES (?,?,?,'tone',?,?,?)",
                           [article_id, codebook, code, me, self._version(codebook), utc_now()])
        return before

    # ------------------------------------------------------------ cues
    def cues(self, article_id: int, annotator: str | None = None) -> list[Cue]:
        who, params = self._who(annotator)
        rows = self.db.execute(
            "SELECT s.id, s.article_id, s.start, s.\"end\", s.codebook, s.code, s.note, n.name"
            " FROM span_codes s JOIN annotators n ON n.id = s.annotator_id"
            f" WHERE s.article_id = ?{who} ORDER BY s.start, s.\"end\"", [article_id, *params])
        return [Cue(*r) for r in rows]

    def add_cue(self, article_id: int, start: int, end: int, codebook: str, code: str,
                note: str | None = None, cue_id: int | None = None) -> int:
        """Mark text as evidence for a frame. `cue_id` re-creates a deleted cue (redo)."""
        if end <= start:
            raise ValueError("empty cue")
        with self.project.atomic() as db:
            cur = db.execute(
                "INSERT INTO span_codes (id, article_id, start, \"end\", codebook, code, note,"
                " annotator_id, codebook_version, created) VALUES (?,?,?,?,?,?,?,?,?,?)",
                [cue_id, article_id, start, end, codebook, code, note,
                 self.project.annotator_id, self._version(codebook), utc_now()])
        return cur.lastrowid

    def recode_cue(self, cue_id: int, code: str, note: str | None = None) -> tuple[str, str | None]:
        with self.project.atomic() as db:
            old = db.execute("SELECT code, note FROM span_codes WHERE id = ?", [cue_id]).fetchone()
            db.execute("UPDATE span_codes SET code = ?, note = ? WHERE id = ?",
                       [code, note, cue_id])
        return old[0], old[1]

    def remove_cue(self, cue_id: int) -> Cue | None:
        found = [c for c in self.cues_by_id([cue_id])]
        with self.project.atomic() as db:
            db.execute("DELETE FROM span_codes WHERE id = ?", [cue_id])
        return found[0] if found else None

    def cues_by_id(self, ids: list[int]) -> list[Cue]:
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            "SELECT s.id, s.article_id, s.start, s.\"end\", s.codebook, s.code, s.note, n.name"
            f" FROM span_codes s JOIN annotators n ON n.id = s.annotator_id WHERE s.id IN ({marks})",
            ids)
        return [Cue(*r) for r in rows]

    # ------------------------------------------------------------ memos
    def memo(self, article_id: int, annotator: str | None = None) -> str:
        name = annotator or self.project.annotator
        row = self.db.execute(
            "SELECT m.text FROM memos m JOIN annotators n ON n.id = m.annotator_id"
            " WHERE m.article_id = ? AND n.name = ?", [article_id, name]).fetchone()
        return row[0] if row else ""

    def set_memo(self, article_id: int, text: str) -> str:
        before = self.memo(article_id)
        with self.project.atomic() as db:
            if text.strip():
                db.execute("INSERT OR REPLACE INTO memos (article_id, annotator_id, text, updated)"
                           " VALUES (?,?,?,?)",
                           [article_id, self.project.annotator_id, text, utc_now()])
            else:
                db.execute("DELETE FROM memos WHERE article_id = ? AND annotator_id = ?",
                           [article_id, self.project.annotator_id])
        return before
