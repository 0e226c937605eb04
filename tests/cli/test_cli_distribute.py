"""Coders' files end to end on real articles: `framedesk distribute` from a master, three
coders code their files differently, `framedesk merge` brings them back, `framedesk agree`
measures the overlap (PolNeAR dev articles read from ../shared/data at test time)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from framedesk.cli import main
from framedesk.core.review.log import read_log
from framedesk.core.review.packages import master_articles, plan_packages
from framedesk.core.store import Project
from tests.support import three_coder_master as three_coders

CODERS = ["ana", "ben", "cy"]


def attributions(path: Path, who: str | None = None) -> dict[str, set[tuple]]:
    """uid -> the attributions' spans in the file (of one annotator, if given)."""
    out: dict[str, set[tuple]] = {}
    with Project.open(path, read_only=True) as p:
        sql = ("SELECT a.uid, t.source_start, t.source_end, t.cue_start, t.cue_end,"
               " t.content_start, t.content_end FROM attributions t JOIN articles a"
               " ON a.id = t.article_id JOIN annotators n ON n.id = t.annotator_id")
        rows = p.db.execute(sql + (" WHERE n.name = ?" if who else ""),
                            [who] if who else []).fetchall()
    for uid, *spans in rows:
        out.setdefault(uid, set()).add(tuple(spans))
    return out


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    if not three_coders.available():
        pytest.skip("../shared/data/polnear-dev is not beside this checkout")
    folder = tmp_path_factory.mktemp("team")
    master, found = three_coders.build_master(folder / "master.framedesk")
    with Project.open(master, read_only=True) as m:
        articles = master_articles(m)
    # A seed whose overlap holds both articles with six annotators: there the coders
    # disagree as real annotators did.
    with Project.open(master, read_only=True) as m:
        multi = {uid for uid, title in m.db.execute("SELECT uid, source_file FROM articles")
                 if title[:-4] in three_coders.MULTI}
    seed = next(s for s in range(1, 500)
                if multi <= set(plan_packages(articles, CODERS, "7", seed=s).overlap))
    return folder, master, found, seed


@pytest.fixture(scope="module")
def coded(setup):
    folder, master, found, seed = setup
    out = folder / "coders"
    assert main(["distribute", str(master), "--coders", ",".join(CODERS), "--overlap", "7",
                 "--seed", str(seed), "--out", str(out)]) == 0
    manifest = json.loads((out / "packages.json").read_text("utf-8"))
    files = [out / manifest["coders"][c]["file"] for c in CODERS]
    for n, (path, coder) in enumerate(zip(files, CODERS)):
        assert three_coders.code_as(path, coder, n, found) == 7 + len(
            manifest["coders"][coder]["share"])
    return folder, master, manifest, files


def test_distribute_writes_one_file_per_coder_with_a_stratified_overlap(setup, coded,
                                                                        capsys) -> None:
    folder, master, manifest, files = coded
    with Project.open(master, read_only=True) as m:
        outlet = dict(master_articles(m))
    # Seven outlets, seven overlap articles: one from each.
    assert sorted(outlet[u] for u in manifest["overlap"]) == sorted(set(outlet.values()))
    shares = [set(manifest["coders"][c]["share"]) for c in CODERS]
    assert not (shares[0] & shares[1]) and not (shares[1] & shares[2])
    assert set().union(*shares) | set(manifest["overlap"]) == set(outlet)
    # The same seed again gives the same files' contents; the master is only read.
    before = master.read_bytes()
    again = folder / "again"
    assert main(["distribute", str(master), "--coders", "ana,ben,cy", "--overlap", "7",
                 "--seed", str(setup[3]), "--out", str(again)]) == 0
    repeat = json.loads((again / "packages.json").read_text("utf-8"))
    assert repeat["overlap"] == manifest["overlap"]
    assert {c: v["share"] for c, v in repeat["coders"].items()} == {
        c: v["share"] for c, v in manifest["coders"].items()}
    assert master.read_bytes() == before
    out = capsys.readouterr().out
    assert "7 overlap articles for everyone, drawn from 7 outlets" in out


def test_distribute_refuses_bad_input_with_one_sentence(setup, capsys) -> None:
    folder, master, _found, _seed = setup
    with pytest.raises(SystemExit) as stop:
        main(["distribute", str(master), "--coders", "ana,ben", "--overlap", "lots",
              "--out", str(folder / "x")])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "'lots' is not a number of articles (10) or a percentage (10%)" in err
    (folder / "taken").mkdir()
    assert main(["distribute", str(master), "--coders", "ana,ben",
                 "--out", str(folder / "taken")]) == 1
    err = capsys.readouterr().err
    assert "exists; add --force" in err and "Traceback" not in err
    assert not (folder / "x").exists()


def test_merge_takes_each_share_whole_and_merges_the_overlap(coded, capsys) -> None:
    folder, _master, manifest, files = coded
    before = [f.read_bytes() for f in files]
    gold = folder / "gold.framedesk"
    assert main(["merge", *map(str, files), "--out", str(gold), "--who", "Lead"]) == 0
    in_gold = attributions(gold, "Lead")
    coders_work = [attributions(f) for f in files]
    for coder, work in zip(CODERS, coders_work):
        for uid in manifest["coders"][coder]["share"]:
            assert in_gold[uid] == work[uid]              # the coder's share, all of it
    for uid in manifest["overlap"]:
        agreed = set.intersection(*(work[uid] for work in coders_work))
        assert agreed and agreed <= in_gold.get(uid, set())   # every agreed attribution
        assert in_gold.get(uid, set()) <= set.union(*(w[uid] for w in coders_work))
    with Project.open(gold, read_only=True) as g:
        log = read_log(g)
        open_uids = {e.article_uid for e in log if e.decision == "undecided"}
        assert open_uids and open_uids <= set(manifest["overlap"])
        statuses = dict(g.db.execute("SELECT uid, status FROM articles").fetchall())
    assert all(statuses[u] == "done" for c in CODERS for u in manifest["coders"][c]["share"])
    assert [f.read_bytes() for f in files] == before


def test_agree_measures_the_overlap_and_reports_it_as_html(coded, capsys) -> None:
    folder, _master, manifest, files = coded
    page, table = folder / "agreement.html", folder / "agreement.csv"
    assert main(["agree", *map(str, files), "--json", "--html", str(page), "--csv",
                 str(table)]) == 0
    report = json.loads(capsys.readouterr().out)
    with table.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["uid"] for r in rows if r["section"] == "article"} == set(manifest["overlap"])
    assert {(r["variable"], r["label"]) for r in rows if r["section"] == "unitizing"} == {
        (r["variable"], r["label"]) for r in report["unitizing"]}
    assert report["articles"] == 7
    assert {f["uid"] for f in report["article_figures"]} == set(manifest["overlap"])
    assert any(n["code"] == "package" and n["overlap"] == 7 and n["compared"] == 7
               for n in report["notices"])
    assert not any(n["code"] == "partial" for n in report["notices"])
    overall = {r["variable"]: r for r in report["unitizing"] if not r["label"]}
    assert set(overall) == {"entity spans", "frame cue spans", "attribution spans"}
    assert all(r["coders"] == 3 and r["articles"] == 7 for r in overall.values())
    # The coders differ (on the six-annotator articles as real annotators did): below 1.
    assert 0 < overall["attribution spans"]["alpha"] < 1
    parts = {r["label"] for r in report["unitizing"] if r["variable"] == "attribution spans"}
    assert parts == {"", "source", "cue", "content"}
    totals = [f["total"] for f in report["article_figures"]]
    assert totals == sorted(totals, reverse=True) and totals[0] > 0
    html = page.read_text("utf-8")
    worst = report["article_figures"][0]
    assert "Spans: unitizing alpha" in html and "most disagreement" in html
    assert worst["uid"] in html and "<svg" in html and "Confusion matrices" in html
    assert "<script" not in html and "src=" not in html and "href=" not in html


def test_agree_prints_unitizing_alpha_and_the_worst_articles(coded, capsys) -> None:
    _folder, _master, manifest, files = coded
    assert main(["agree", *map(str, files)]) == 0
    out = capsys.readouterr().out
    assert "Unitizing alpha (Krippendorff's u-alpha; 3 coders, 7 articles" in out
    assert "Articles with the most disagreement (of 7)" in out
    worst = out.split("Articles with the most disagreement")[1].splitlines()[2]
    assert worst.split()[-1] in manifest["overlap"]
