"""The gold file: resolutions of the coders' differences, with the adjudication log.

The gold file is a new project (articles and codebooks copied in from the reviewed files) or
one's own project. Resolved annotations are written under the adjudicator's name (the gold
project's annotator); the log keeps every coder's version. Each resolution is one
transaction; a whole strategy merge is one too (one user action, and 60,000 commits would be
slow).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from framedesk.core.gcpause import cyclic_gc_paused
from framedesk.core.clock import utc_now
from framedesk.core.errors import DiskFull, ExportError, TargetDiskFull
from framedesk.core.exchange.writing import atomic_file
from framedesk.core.progress import NO_PROGRESS, Progress
from framedesk.core.review.compare import diff_kind
from framedesk.core.review.items import differences
from framedesk.core.review.log import add_entry
from framedesk.core.review.session import ReviewSession
from framedesk.core.review.work import (
    ATTRIBUTIONS,
    CUES,
    ENTITIES,
    KINDS,
    PRIMARY,
    SECONDARY,
    TONE,
    Item,
)
from framedesk.core.store.project import Project, dumps

AGREED = "agreed"
_ARTICLE_COLUMNS = ("uid", "title", "text", "raw", "outlet", "url", "author", "published",
                    "language", "source_file", "extra", "imported_at")


@dataclass(slots=True)
class MergeResult:
    articles: int = 0                   # articles in the gold file
    written: int = 0                    # annotations written
    undecided: int = 0                  # log rows left undecided
    partial: list[str] = field(default_factory=list)   # uids not in every file
    replayed: int = 0                   # decisions taken again from a log (--decisions)
    skipped: list[str] = field(default_factory=list)   # decisions of the log not found


class GoldFile:
    """Writes resolutions into `project` (a new gold file, or one's own project)."""

    def __init__(self, project: Project, session: ReviewSession) -> None:
        self.project = project
        self.session = session
        self._ids: dict[str, int] = {}
        self._entities: dict[tuple[str, str], int] = {}
        # Articles this GoldFile copied in (they start empty) and the kinds written to them
        # since: no DELETE is needed before the first write, which halves a merge's queries.
        self._fresh: set[int] = set()
        self._written: set[tuple[int, str]] = set()
        self._now: str | None = None
        self._versions: dict[str, int] = {}
        # One's own project is backed up before merge() writes into it; a new gold file
        # (create) has nothing to lose.
        self.backup_first = True
        # uid -> the coder a package (core.review.packages) gave the article to alone: that
        # coder's work on it is taken as it is, not logged as "coded by one coder only".
        self.assigned: dict[str, str] = _package_assignments(session)

    @classmethod
    def create(cls, path: str | Path, session: ReviewSession, *, who: str) -> GoldFile:
        """A new gold project holding every article of the reviewed files and their codebooks."""
        project = Project.create(path, annotator=who)
        gold = cls(project, session)
        gold.backup_first = False
        try:
            gold.copy_articles()
        except BaseException:
            project.close()
            raise
        return gold

    @property
    def who(self) -> str:
        return self.project.annotator

    # ------------------------------------------------------------ articles and codebooks
    def copy_articles(self) -> int:
        """Bring in articles (by uid) and codebooks (by name) the gold file lacks."""
        added = 0
        now = utc_now()
        with self.project.atomic() as db:
            have = {r[0] for r in db.execute("SELECT uid FROM articles")}
            books = {r[0] for r in db.execute("SELECT name FROM codebooks")}
            for f in self.session.files:
                src = f.project.db
                for row in src.execute(f"SELECT {', '.join(_ARTICLE_COLUMNS)} FROM articles"
                                       " ORDER BY id"):
                    if row[0] in have:
                        continue
                    have.add(row[0])
                    cur = db.execute(f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}, status,"
                               f" updated_at) VALUES ({', '.join('?' * len(row))}, 'todo', ?)",
                               [*row, now])
                    self._fresh.add(cur.lastrowid)
                    added += 1
                for book in src.execute("SELECT id, name, kind, title, description, version,"
                                        " updated FROM codebooks").fetchall():
                    if book[1] in books:
                        continue
                    books.add(book[1])
                    new_id = db.execute(
                        "INSERT INTO codebooks (name, kind, title, description, version, updated)"
                        " VALUES (?,?,?,?,?,?)", list(book[1:])).lastrowid
                    db.conn.executemany(
                        "INSERT INTO codes (codebook_id, code, label, definition, color, key,"
                        " position, attribute) VALUES (?,?,?,?,?,?,?,?)",
                        [(new_id, *c) for c in src.execute(
                            "SELECT code, label, definition, color, key, position, attribute"
                            " FROM codes WHERE codebook_id = ?", [book[0]])])
        return added

    def article_id(self, uid: str) -> int:
        if uid not in self._ids:
            row = self.project.db.execute("SELECT id FROM articles WHERE uid = ?",
                                          [uid]).fetchone()
            if row is None:
                self.copy_articles()
                row = self.project.db.execute("SELECT id FROM articles WHERE uid = ?",
                                              [uid]).fetchone()
            self._ids[uid] = row[0]
        return self._ids[uid]

    # ------------------------------------------------------------ one decision
    def versions(self, uid: str, kind: str) -> dict[str, list[Item]]:
        """Each coder's items of `kind` on the article (coders whose file has it)."""
        return {c: w[uid].of(kind) for c, w in self.session.works.items() if uid in w}

    def resolve(self, uid: str, kind: str, decision: str, *, coder: str | None = None,
                items: Sequence[Item] = (), note: str = "") -> list[Item]:
        """Decide every difference of `kind` on the article at once: take mine (the first
        file's), theirs (`coder`, or the only other coder), both (every coder's items, once
        each), neither, or edited (`items`: what the kind should hold). One log row per
        difference; returns the decided items."""
        from framedesk.core.review.decide import kind_diff, resolve_all, resolve_difference
        from framedesk.core.review.items import Difference, differences

        if decision != "edited":
            return resolve_all(self, uid, kind, decision, coder=coder, note=note)
        found = differences(kind_diff(self, uid, kind))
        if len(found) == 1:
            return resolve_difference(self, uid, found[0], "edited", items=items, note=note)
        # Several differences edited as one: one question covering every version.
        whole = Difference(kind, {c: v for c, v in self.versions(uid, kind).items()
                                  if c in kind_diff(self, uid, kind).items})
        return resolve_difference(self, uid, whole, "edited", items=items, note=note)

    # ------------------------------------------------------------ writing items
    def write(self, article_id: int, kind: str, items: Sequence[Item],
              deleted: Sequence[Item] = ()) -> int:
        """Replace the gold annotator's annotations of `kind` on the article by `items`;
        for entities, `deleted` are model mentions kept as 'deleted' markers."""
        db = self.project.db
        me = self.project.annotator_id
        now = self._now or utc_now()
        fresh = article_id in self._fresh and (article_id, kind) not in self._written
        self._written.add((article_id, kind))
        if kind in (PRIMARY, SECONDARY, TONE):
            role = {PRIMARY: "primary", SECONDARY: "secondary", TONE: "tone"}[kind]
            if not fresh:
                db.execute("DELETE FROM doc_codes WHERE article_id = ? AND annotator_id = ?"
                           " AND role = ?", [article_id, me, role])
            # A secondary frame that is also the primary stays primary.
            conflict = ("DO UPDATE SET role = 'primary'" if kind == PRIMARY else "DO NOTHING")
            for i in items:
                db.execute(
                    "INSERT INTO doc_codes (article_id, codebook, code, role, annotator_id,"
                    " codebook_version, created) VALUES (?,?,?,?,?,?,?)"
                    f" ON CONFLICT (article_id, annotator_id, codebook, code) {conflict}",
                    [article_id, i.data["codebook"], i.data["code"], role, me,
                     self._version(i.data["codebook"]), now])
        elif kind == CUES:
            if not fresh:
                db.execute("DELETE FROM span_codes WHERE article_id = ? AND annotator_id = ?",
                           [article_id, me])
            db.conn.executemany(
                'INSERT INTO span_codes (article_id, start, "end", codebook, code, note,'
                " annotator_id, codebook_version, created) VALUES (?,?,?,?,?,?,?,?,?)",
                [(article_id, i.data["start"], i.data["end"], i.data["codebook"],
                  i.data["code"], i.data.get("note"), me, self._version(i.data["codebook"]),
                  now) for i in items])
        elif kind == ATTRIBUTIONS:
            if not fresh:
                db.execute("DELETE FROM attributions WHERE article_id = ? AND annotator_id = ?"
                           " AND status IN ('accepted', 'manual')", [article_id, me])
            for i in items:
                self._write_attribution(article_id, i.data, me, now)
        elif kind == ENTITIES:
            if not fresh:
                db.execute("DELETE FROM mentions WHERE article_id = ?", [article_id])
            rows = []
            for i in items:
                d = i.data
                manual = d.get("status", "manual") != "auto"
                rows.append((article_id, d["start"], d["end"], d["label"], d.get("text", ""),
                             self._entity_id(d.get("canonical") or d["text"], d["label"]),
                             d.get("origin", "manual"), "manual" if manual else "auto",
                             me if manual else None, now))
            for i in deleted:
                d = i.data
                rows.append((article_id, d["start"], d["end"], d["label"], d.get("text", ""),
                             self._entity_id(d.get("canonical") or d["text"], d["label"]),
                             d.get("origin", "manual"), "deleted", me, now))
            db.conn.executemany(
                'INSERT INTO mentions (article_id, start, "end", label, text, entity_id,'
                " origin, status, annotator_id, created) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        else:
            raise ValueError(kind)
        return len(items)

    def _write_attribution(self, article_id: int, d: dict, me: int, now: str) -> None:
        def ends(part: str) -> list:
            span = d.get(part)
            return [span[0], span[1]] if span else [None, None]

        entity_id = None
        if d.get("entity"):
            entity_id = self._entity_id(d["entity"], d.get("entity_label") or "")
        fingerprint = "|".join(f"{d[p][0]}-{d[p][1]}" if d.get(p) else "-"
                               for p in ("source", "cue", "content"))
        self.project.db.execute(
            "INSERT INTO attributions (article_id, source_start, source_end, cue_start, cue_end,"
            " content_start, content_end, quote_type, identification, source_type, certainty,"
            " unnamed, entity_id, status, origin, fingerprint, annotator_id, created, updated)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [article_id, *ends("source"), *ends("cue"), *ends("content"), d.get("quote_type"),
             d.get("identification"), d.get("source_type"), d.get("certainty"),
             dumps(d.get("unnamed") or {}), entity_id,
             d.get("status") if d.get("status") in ("accepted", "manual") else "manual",
             d.get("origin", "manual"), fingerprint, me, now, now])

    def _entity_id(self, name: str, label: str) -> int:
        if (name, label) not in self._entities:
            self._entities[name, label] = self.project.entities.ensure(name, label)
        return self._entities[name, label]

    def _version(self, codebook: str) -> int:
        if codebook not in self._versions:
            row = self.project.db.execute("SELECT version FROM codebooks WHERE name = ?",
                                          [codebook]).fetchone()
            self._versions[codebook] = row[0] if row else 1
        return self._versions[codebook]

    # ------------------------------------------------------------ strategies
    def merge(self, strategy: str = AGREED, progress: Progress = NO_PROGRESS) -> MergeResult:
        """`agreed`: write what every coder who worked on an article agrees on; the rest is
        logged undecided. A coder's label: write that coder's everything; where others
        differ, log their versions as undecided."""
        coders = self.session.coders
        if strategy != AGREED and strategy not in coders:
            raise ValueError(strategy)
        works = self.session.works
        uids = list(dict.fromkeys(uid for w in works.values() for uid in w))
        result = MergeResult(partial=[u for u in uids if any(u not in w for w in works.values())])
        progress.start(len(uids), "merging")
        if self.backup_first and self.project.articles.count():
            from framedesk.core.backup import make_backup

            make_backup(self.project, "merge")
        self._now = utc_now()         # one edit, one time stamp
        with self.project.atomic() as db, cyclic_gc_paused():
            for uid in uids:
                holders = [c for c in coders if uid in works[c]]
                if strategy != AGREED and strategy not in holders:
                    continue          # one file's everything: its articles only
                article_id = self.article_id(uid)
                result.articles += 1
                coding = [c for c in holders if works[c][uid].coded]
                open_kinds = 0
                for kind in KINDS:
                    written, logged = self._merge_kind(db, uid, article_id, kind, strategy,
                                                       holders, coding)
                    result.written += written
                    open_kinds += logged
                result.undecided += open_kinds
                status = self._status(strategy, uid, coding, open_kinds)
                db.execute("UPDATE articles SET status = ?, updated_at = ? WHERE id = ?",
                           [status, utc_now(), article_id])
                progress.step()
        self._now = None
        return result

    def _merge_kind(self, db: Database, uid: str, article_id: int, kind: str, strategy: str,
                    holders: list[str], coding: list[str]) -> tuple[int, int]:
        """Write one kind of one article; log each difference left open. Returns (items
        written, differences logged undecided)."""
        works = self.session.works
        if strategy == AGREED:
            judges = coding if len(coding) >= 2 else []
            if not judges and coding and self.assigned.get(uid) == coding[0]:
                work = works[coding[0]][uid]
                return self.write(article_id, kind, work.of(kind),
                                  deleted=work.deleted if kind == ENTITIES else ()), 0
            if kind == ENTITIES and not judges:
                judges = holders       # untouched model mentions: keep what all files share
            if not judges:
                versions = {c: works[c][uid].of(kind) for c in coding}
                if any(versions.values()):
                    add_entry(db, article_uid=uid, article_id=article_id, kind=kind,
                              versions=versions, decision="undecided", chosen_from=None,
                              result=[], annotator=self.who, note="coded by one coder only")
                    return 0, 1
                return 0, 0
            diff = diff_kind(kind, {c: works[c][uid].of(kind) for c in judges})
            markers: list[Item] = []
            if kind == ENTITIES:       # what every coder deleted stays deleted
                shared = set.intersection(*({i.key for i in works[c][uid].deleted}
                                            for c in judges))
                markers = [i for i in works[judges[0]][uid].deleted if i.key in shared]
            written = self.write(article_id, kind, diff.agreed, deleted=markers)
            open_ = differences(diff)
            for difference in open_:
                add_entry(db, article_uid=uid, article_id=article_id, kind=kind,
                          versions=difference.versions, decision="undecided",
                          chosen_from=None, result=[], annotator=self.who,
                          item=difference.label)
            return written, len(open_)
        chosen = works[strategy][uid].of(kind)
        markers = works[strategy][uid].deleted if kind == ENTITIES else []
        written = self.write(article_id, kind, chosen, deleted=markers)
        judges = [c for c in holders if c in coding or c == strategy]
        if len(judges) < 2:
            return written, 0
        open_ = differences(diff_kind(kind, {c: works[c][uid].of(kind) for c in judges}))
        for difference in open_:
            add_entry(db, article_uid=uid, article_id=article_id, kind=kind,
                      versions=difference.versions, decision="undecided",
                      chosen_from=strategy, result=difference.versions.get(strategy, []),
                      annotator=self.who, note=f"kept {strategy}'s version",
                      item=difference.label)
        return written, len(open_)

    def _status(self, strategy: str, uid: str, coding: list[str], open_kinds: int) -> str:
        if open_kinds:
            return "in_progress"
        if strategy == AGREED:
            if len(coding) == 1 and self.assigned.get(uid) == coding[0]:
                return self.session.works[coding[0]][uid].status
            return "done" if len(coding) >= 2 else "todo"
        return self.session.works[strategy][uid].status


def merge_files(paths: Sequence[str | Path], out: str | Path, *, strategy: str = AGREED,
                who: str, progress: Progress = NO_PROGRESS, force: bool = False,
                annotators: Sequence[str | None] = (), require_named: bool = False,
                decisions: Sequence[dict] | None = None) -> MergeResult:
    """`framedesk merge`: a new gold file from the files, by strategy (`agreed`, or one of
    `paths` whose coder's work is taken whole). The gold project is built under a temporary
    name beside `out` and renamed only when complete (core.exchange.writing): a merge that
    fails, is cancelled or killed leaves no gold file, so running it again works. `out` is
    never one of `paths`; an existing `out` is replaced only with `force`.

    `annotators`: the analyst to compare in each file (None: the file's only one);
    `require_named`: refuse a file holding several analysts' work with none named;
    `decisions`: adjudication log rows taken again after the merge (core.review.replay)."""
    out = Path(out)
    with atomic_file(out, force=force, inputs=[Path(p) for p in paths]) as building, \
            ReviewSession.open(paths, annotators=annotators) as session:
        if require_named:
            from framedesk.core.review.analysts import refuse_unchosen

            refuse_unchosen(session.files, annotators)
        label = strategy
        if strategy != AGREED:
            label = _coder_of(session, strategy)
        try:
            gold = GoldFile.create(building, session, who=who)
            try:
                result = gold.merge(label, progress)
                if decisions:
                    from framedesk.core.review.log import undecided
                    from framedesk.core.review.replay import replay

                    replayed = replay(gold, decisions)
                    result.replayed, result.skipped = replayed.applied, replayed.skipped
                    result.undecided = len(undecided(gold.project))
                return result
            finally:
                gold.project.close()
        except sqlite3.DatabaseError as exc:
            if "full" in str(exc):
                raise TargetDiskFull(out) from None
            raise ExportError(out, str(exc)) from None
        except DiskFull:
            raise TargetDiskFull(out) from None


def _package_assignments(session: ReviewSession) -> dict[str, str]:
    """uid -> coder label, when the files are coders' files of one package."""
    from framedesk.core.review.packages import package_of

    package = package_of([(f.label, f.project) for f in session.files])
    return package.owner() if package is not None else {}


def _coder_of(session: ReviewSession, strategy: str) -> str:
    """The strategy names a file (as given, or its resolved path) or a coder's label."""
    for f in session.files:
        if strategy == f.label or Path(strategy).resolve() == f.source.resolve():
            return f.label
    raise ValueError(strategy)
