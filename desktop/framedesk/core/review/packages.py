"""Coders' files: from a master project, one project file per coder with that coder's share
of the articles plus an overlap sample everyone codes, for reliability.

The plan is deterministic: articles are taken in uid order, the overlap is drawn per
stratum (outlet by default) in proportion to its size, and the rest is dealt to the coders
stratum by stratum, so each coder gets a similar mix of outlets; one seed gives one plan.

Each coder's file holds the articles (text and metadata, status "todo"), the master's
codebooks and the model's entity mentions (status "auto", so coders correct them rather
than start from nothing); none of the master's own coding, so coders code blind. The files
and a manifest (`packages.json`: which articles went where, the overlap list, the seed)
are written into a new folder that appears only when complete (core.exchange.writing);
each file also carries its part of the manifest (meta key "package"), so `agree` and
`merge` know the overlap from the files alone.
"""

from __future__ import annotations

import json
import random
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from framedesk.core.clock import utc_now
from framedesk.core.errors import FramedeskError
from framedesk.core.exchange.writing import atomic_folder
from framedesk.core.progress import NO_PROGRESS, Progress
from framedesk.core.store.codebooks import CHOSEN_META
from framedesk.core.store.lock import side_file
from framedesk.core.store.project import Project

MANIFEST = "packages.json"
PACKAGE_META = "package"
NO_OUTLET = "(no outlet)"
STRATA = ("outlet", "none")
_ARTICLE_COLUMNS = ("uid", "title", "text", "raw", "outlet", "url", "author", "published",
                    "language", "source_file", "extra", "imported_at")
_UNSAFE = re.compile(r"[^\w.-]+")


class PackageError(FramedeskError):
    """A plan that cannot be made: too few articles, a bad overlap size, bad coder names."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(slots=True)
class PackagePlan:
    coders: list[str]
    overlap: list[str]                          # uids every coder codes
    share: dict[str, list[str]]                 # coder -> uids only that coder codes
    seed: int
    stratify: str
    strata: dict[str, dict[str, int]] = field(default_factory=dict)  # stratum -> counts

    def articles_of(self, coder: str) -> list[str]:
        return self.overlap + self.share[coder]


def parse_overlap(text: str | int) -> tuple[int | None, float | None]:
    """'10' -> 10 articles; '10%' -> ten percent. Raises PackageError with the reason."""
    raw = str(text).strip()
    try:
        if raw.endswith("%"):
            share = float(raw[:-1])
            if not 0 <= share <= 100:
                raise ValueError
            return None, share / 100
        count = int(raw)
        if count < 0:
            raise ValueError
        return count, None
    except ValueError:
        raise PackageError(f"the overlap {raw!r} is not a number of articles (10) or a "
                           "percentage (10%)") from None


def check_coders(coders: Sequence[str]) -> list[str]:
    names = [c.strip() for c in coders if c.strip()]
    if len(names) < 2:
        raise PackageError("name at least two coders, e.g. --coders ana,ben")
    folded = [_UNSAFE.sub("_", n).strip("_").casefold() for n in names]
    if len(set(folded)) != len(folded):
        raise PackageError("each coder needs a different name (names differing only in "
                           "capitals or punctuation would share one file)")
    return names


def plan_packages(articles: Sequence[tuple[str, str | None]], coders: Sequence[str],
                  overlap: str | int = "10%", *, stratify: str = "outlet",
                  seed: int = 1) -> PackagePlan:
    """`articles`: (uid, outlet) of every article to hand out."""
    coders = check_coders(coders)
    if stratify not in STRATA:
        raise PackageError(f"--stratify is 'outlet' or 'none', not {stratify!r}")
    count, share = parse_overlap(overlap)
    ordered = sorted(articles, key=lambda a: a[0])
    total = len(ordered)
    wanted = count if count is not None else round((share or 0) * total)
    if wanted > total:
        raise PackageError(f"the overlap ({wanted} articles) is larger than the project "
                           f"({total} articles)")
    strata: dict[str, list[str]] = {}
    for uid, outlet in ordered:
        key = (outlet or NO_OUTLET) if stratify == "outlet" else "all"
        strata.setdefault(key, []).append(uid)
    rng = random.Random(seed)
    quotas = _proportional(wanted, {k: len(v) for k, v in strata.items()})
    plan = PackagePlan(coders, [], {c: [] for c in coders}, seed, stratify)
    turn = 0
    for key in sorted(strata):
        uids = list(strata[key])
        rng.shuffle(uids)
        plan.overlap.extend(uids[:quotas[key]])
        for uid in uids[quotas[key]:]:          # dealt in turn, carried across strata
            plan.share[coders[turn % len(coders)]].append(uid)
            turn += 1
        plan.strata[key] = {"articles": len(uids), "overlap": quotas[key]}
    plan.overlap.sort()
    for c in coders:
        plan.share[c].sort()
    return plan


def _proportional(total: int, sizes: dict[str, int]) -> dict[str, int]:
    """`total` split over the strata by size, largest remainders first (ties by name)."""
    whole = sum(sizes.values())
    if not whole:
        return {k: 0 for k in sizes}
    exact = {k: total * n / whole for k, n in sizes.items()}
    out = {k: int(v) for k, v in exact.items()}
    left = total - sum(out.values())
    for k in sorted(sizes, key=lambda k: (-(exact[k] - out[k]), k))[:left]:
        out[k] += 1
    return out


def file_name(master: Path, coder: str) -> str:
    return f"{master.stem}-{_UNSAFE.sub('_', coder).strip('_') or 'coder'}.framedesk"


def master_articles(project: Project) -> list[tuple[str, str | None]]:
    return [tuple(r) for r in project.db.execute("SELECT uid, outlet FROM articles ORDER BY id")]


def write_packages(master_path: str | Path, out: str | Path, plan: PackagePlan, *,
                   force: bool = False, progress: Progress = NO_PROGRESS) -> Path:
    """Write the coders' files and the manifest into the new folder `out` (replaced only
    with `force`, never when it holds the master). Returns the manifest's path."""
    master_path, out = Path(master_path), Path(out)
    package_id = uuid.uuid4().hex
    created = utc_now()
    manifest: dict = {"format": "framedesk-packages", "version": 1, "id": package_id,
                      "created": created, "master": master_path.name, "seed": plan.seed,
                      "stratify": plan.stratify, "strata": plan.strata,
                      "overlap": plan.overlap, "coders": {}}
    progress.start(sum(len(plan.articles_of(c)) for c in plan.coders), "writing coders' files")
    with Project.open(master_path, read_only=True) as master, \
            atomic_folder(out, force=force, inputs=[master_path]) as folder:
        for coder in plan.coders:
            name = file_name(master_path, coder)
            part = {"id": package_id, "coder": coder, "coders": plan.coders,
                    "overlap": plan.overlap, "share": plan.share[coder], "seed": plan.seed,
                    "master": master_path.name, "created": created}
            _write_one(master, folder / name, coder, plan.articles_of(coder), part, progress)
            manifest["coders"][coder] = {"file": name, "share": plan.share[coder],
                                         "articles": len(plan.articles_of(coder))}
        (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2),
                                       encoding="utf-8")
    return out / MANIFEST


def _write_one(master: Project, path: Path, coder: str, uids: Sequence[str], part: dict,
               progress: Progress) -> None:
    src = master.db
    wanted = set(uids)
    with Project.create(path, annotator=coder, language=master.language,
                        model=master.meta("model"), codebooks=[]) as project:
        project.codebooks.choose(master.codebooks.all())
        project.set_meta(CHOSEN_META, master.meta(CHOSEN_META) or "[]")
        project.set_meta(PACKAGE_META, json.dumps(part, ensure_ascii=False))
        now = utc_now()
        ids: dict[int, int] = {}                 # master article id -> new id
        entity_ids: dict[tuple[str, str], int] = {}
        with project.atomic() as db:
            for row in src.execute(f"SELECT id, {', '.join(_ARTICLE_COLUMNS)} FROM articles"
                                   " ORDER BY id"):
                if row[1] not in wanted:
                    continue
                cur = db.execute(
                    f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}, status, updated_at)"
                    f" VALUES ({', '.join('?' * len(_ARTICLE_COLUMNS))}, 'todo', ?)",
                    [*row[1:], now])
                ids[row[0]] = cur.lastrowid
                progress.step()
            rows = []
            for article_id, start, end, label, text, name, origin, created in src.execute(
                    'SELECT m.article_id, m.start, m."end", m.label, m.text, e.name, m.origin,'
                    " m.created FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id"
                    " WHERE m.status = 'auto' ORDER BY m.article_id, m.start"):
                if article_id not in ids:
                    continue
                key = (name or text, label)
                if key not in entity_ids:
                    entity_ids[key] = project.entities.ensure(*key)
                rows.append((ids[article_id], start, end, label, text, entity_ids[key],
                             origin, created))
            db.conn.executemany(
                'INSERT INTO mentions (article_id, start, "end", label, text, entity_id,'
                " origin, status, created) VALUES (?,?,?,?,?,?,?,'auto',?)", rows)
        project.articles.index_pending()
    # The closed file's writer-lock side file (core.store.lock) holds nothing any more; the
    # folder is what the coders get, so it keeps only their files.
    side_file(path).unlink(missing_ok=True)


# ----------------------------------------------------------------------------- reading back
@dataclass(slots=True)
class PackageInfo:
    """What the coders' files say about the package they came from."""

    id: str
    coders: list[str]
    overlap: list[str]
    share: dict[str, list[str]]                 # coder -> uids only that coder codes

    def owner(self) -> dict[str, str]:
        """uid -> the coder it was assigned to alone."""
        return {uid: coder for coder, uids in self.share.items() for uid in uids}


def package_of(files: Sequence[tuple[str, Project]]) -> PackageInfo | None:
    """The package all these files belong to, or None (files from no package, or from
    different packages: then nothing is assumed). `files`: (coder label, project); the
    shares are keyed by those labels (a coder may code under another name than the one
    the package gave)."""
    parts = []
    for _label, project in files:
        try:
            raw = project.meta(PACKAGE_META)
            part = json.loads(raw) if raw else None
        except (ValueError, TypeError):
            part = None
        if not isinstance(part, dict) or not isinstance(part.get("id"), str):
            return None
        parts.append(part)
    if not parts or len({p["id"] for p in parts}) != 1:
        return None
    try:
        share = {label: [str(u) for u in p["share"]] for (label, _), p in zip(files, parts)}
        return PackageInfo(parts[0]["id"], [label for label, _ in files],
                           [str(u) for u in parts[0]["overlap"]], share)
    except (KeyError, TypeError):
        return None
