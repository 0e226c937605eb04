"""Coders' files from a master project: the plan (shares, overlap, strata, seed) and the
files written from it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from framedesk.core.codebook import Code
from framedesk.core.errors import TargetExists, TargetIsInput
from framedesk.core.model import ArticleDraft
from framedesk.core.review.packages import (
    MANIFEST,
    PACKAGE_META,
    PackageError,
    master_articles,
    package_of,
    plan_packages,
    write_packages,
)
from framedesk.core.store import Project
from tests.core.test_review import model_mentions

OUTLETS = {"Daily": 20, "Herald": 10, "Post": 6, None: 4}


def articles() -> list[tuple[str, str | None]]:
    return [(f"{outlet or 'none'}-{n:02d}", outlet) for outlet, count in OUTLETS.items()
            for n in range(count)]


def test_every_article_goes_to_exactly_one_share_or_the_overlap() -> None:
    plan = plan_packages(articles(), ["ana", "ben", "cy"], "10", seed=5)
    handed = plan.overlap + [u for c in plan.coders for u in plan.share[c]]
    assert sorted(handed) == sorted(u for u, _ in articles())
    assert len(plan.overlap) == 10
    sizes = [len(plan.share[c]) for c in plan.coders]
    assert max(sizes) - min(sizes) <= 1 and sum(sizes) == 30


def test_overlap_is_drawn_per_outlet_in_proportion() -> None:
    plan = plan_packages(articles(), ["ana", "ben"], "20%", seed=2)
    outlet_of = dict(articles())
    drawn = Counter(outlet_of[u] for u in plan.overlap)
    assert len(plan.overlap) == 8                       # 20% of 40
    assert drawn == {"Daily": 4, "Herald": 2, "Post": 1, None: 1}
    assert plan.strata["(no outlet)"] == {"articles": 4, "overlap": 1}
    # Each coder's share holds every outlet too (dealt per outlet, not in one run).
    for coder in plan.coders:
        assert {outlet_of[u] for u in plan.share[coder]} == set(OUTLETS)


def test_the_same_seed_gives_the_same_plan_and_another_seed_another() -> None:
    a = plan_packages(articles(), ["ana", "ben", "cy"], "25%", seed=11)
    b = plan_packages(list(reversed(articles())), ["ana", "ben", "cy"], "25%", seed=11)
    c = plan_packages(articles(), ["ana", "ben", "cy"], "25%", seed=12)
    assert (a.overlap, a.share) == (b.overlap, b.share)    # input order does not matter
    assert a.overlap != c.overlap


def test_without_strata_the_overlap_is_one_random_draw() -> None:
    plan = plan_packages(articles(), ["ana", "ben"], "10", stratify="none", seed=3)
    assert list(plan.strata) == ["all"] and len(plan.overlap) == 10


@pytest.mark.parametrize("coders, overlap, words", [
    (["ana"], "10", "at least two coders"),
    (["ana", "Ana"], "10", "different name"),
    (["a/b", "a_b"], "10", "different name"),
    (["ana", "ben"], "41", r"larger than the project \(40 articles\)"),
    (["ana", "ben"], "ten", "not a number of articles"),
    (["ana", "ben"], "120%", "not a number of articles"),
    (["ana", "ben"], "-3", "not a number of articles"),
])
def test_plans_that_cannot_be_made_say_why(coders, overlap, words) -> None:
    with pytest.raises(PackageError, match=words):
        plan_packages(articles(), coders, overlap)


@pytest.fixture
def master(tmp_path: Path) -> Path:
    path = tmp_path / "master.framedesk"
    with Project.create(path, annotator="Lead") as p:
        ids = [i for i, _ in p.articles.add_many([
            ArticleDraft(text=f"Kyiv and Geneva, story {n}. " * 3, outlet=outlet)
            for n, outlet in enumerate(["Daily"] * 6 + ["Post"] * 3 + [None])])]
        for aid in ids:
            model_mentions(p, aid, [(0, 4, "GPE", "Kyiv"), (9, 15, "GPE", "Geneva")])
        # The lead's own coding must not reach the coders.
        p.coding.set_frame(ids[0], "policy_frames", "security", primary=True)
        p.codebooks.add_code("policy_frames", Code("corruption", "Corruption", color="#123456"))
    return path


def test_files_hold_their_articles_codebooks_and_model_mentions_only(master, tmp_path) -> None:
    before = master.read_bytes()
    with Project.open(master, read_only=True) as m:
        plan = plan_packages(master_articles(m), ["ana", "ben"], "3", seed=1)
        books = {b.name: b for b in m.codebooks.all()}
    out = tmp_path / "coders"
    manifest_path = write_packages(master, out, plan)
    manifest = json.loads(manifest_path.read_text("utf-8"))
    assert manifest_path == out / MANIFEST and manifest["overlap"] == plan.overlap
    assert sorted(manifest["coders"]) == ["ana", "ben"]
    for coder in ("ana", "ben"):
        path = out / manifest["coders"][coder]["file"]
        with Project.open(path, read_only=True) as p:
            uids = [r[0] for r in p.db.execute("SELECT uid FROM articles")]
            assert sorted(uids) == sorted(plan.articles_of(coder))
            assert {b.name: b for b in p.codebooks.all()} == books   # 'crime' included
            assert p.db.execute("SELECT count(*) FROM doc_codes").fetchone()[0] == 0
            assert p.db.execute("SELECT count(*) FROM mentions WHERE status = 'auto'"
                                ).fetchone()[0] == 2 * len(uids)
            assert p.articles.pending_count() == 0                # searchable at once
            part = json.loads(p.meta(PACKAGE_META))
            assert part["coder"] == coder and part["share"] == plan.share[coder]
    assert master.read_bytes() == before
    assert sorted(x.name for x in out.iterdir()) == sorted(
        ["packages.json", "master-ana.framedesk", "master-ben.framedesk"])


def test_an_existing_folder_is_kept_unless_forced_and_never_the_masters(master,
                                                                        tmp_path) -> None:
    with Project.open(master, read_only=True) as m:
        plan = plan_packages(master_articles(m), ["ana", "ben"], "2")
    out = tmp_path / "coders"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(TargetExists):
        write_packages(master, out, plan)
    assert (out / "keep.txt").read_text() == "mine"
    write_packages(master, out, plan, force=True)
    assert not (out / "keep.txt").exists() and (out / MANIFEST).exists()
    with pytest.raises(TargetIsInput):
        write_packages(master, tmp_path, plan, force=True)
    assert master.exists()


def test_files_of_one_package_are_recognised_and_others_are_not(master, tmp_path) -> None:
    with Project.open(master, read_only=True) as m:
        plan = plan_packages(master_articles(m), ["ana", "ben"], "2")
    write_packages(master, tmp_path / "one", plan)
    write_packages(master, tmp_path / "two", plan)
    a, b = (Project.open(tmp_path / "one" / f"master-{c}.framedesk", read_only=True)
            for c in ("ana", "ben"))
    other = Project.open(tmp_path / "two" / "master-ben.framedesk", read_only=True)
    with a, b, other:
        info = package_of([("Ana", a), ("Ben", b)])
        assert info is not None and info.overlap == plan.overlap
        assert info.owner() == {u: ("Ana" if c == "ana" else "Ben")
                                for c in plan.coders for u in plan.share[c]}
        assert package_of([("Ana", a), ("Ben", other)]) is None   # two packages
        with Project.open(master, read_only=True) as m:
            assert package_of([("Ana", a), ("Lead", m)]) is None


def test_a_gold_file_takes_each_coders_share_and_logs_only_the_overlap(master,
                                                                       tmp_path) -> None:
    from framedesk.core.review.log import read_log
    from framedesk.core.review.merge import GoldFile
    from framedesk.core.review.session import ReviewSession

    with Project.open(master, read_only=True) as m:
        plan = plan_packages(master_articles(m), ["ana", "ben"], "4", seed=9)
    out = tmp_path / "coders"
    write_packages(master, out, plan)
    files = [out / f"master-{c}.framedesk" for c in ("ana", "ben")]
    for path, name, frame in zip(files, ("Ana", "Ben"), ("security", "economic")):
        with Project.open(path, annotator=name) as p:     # they code under their own names
            for (aid,) in p.db.execute("SELECT id FROM articles").fetchall():
                p.coding.set_frame(aid, "policy_frames", frame, primary=True)
    with ReviewSession.open(files) as session:           # as the review window does
        gold = GoldFile.create(tmp_path / "gold.framedesk", session, who="Lead")
        gold.merge()
        rows = gold.project.db.execute(
            "SELECT a.uid, d.code FROM doc_codes d JOIN articles a ON a.id = d.article_id"
            " WHERE d.role = 'primary'").fetchall()
        undecided = {e.article_uid for e in read_log(gold.project)
                     if e.decision == "undecided"}
        gold.project.close()
    primary = dict(rows)
    assert {u: primary.get(u) for u in plan.share["ana"]} == {
        u: "security" for u in plan.share["ana"]}
    assert {u: primary.get(u) for u in plan.share["ben"]} == {
        u: "economic" for u in plan.share["ben"]}
    assert undecided == set(plan.overlap)      # the coders disagree on every overlap article
