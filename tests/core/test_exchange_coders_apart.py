"""Several coders in one file stay apart in every format that carries codes (issue 16, item
7): a project where Ana and Ben coded the same articles differently goes out and comes back
as the same two analysts, each with their own primary frame, tone, cues, memo and
attributions; a joined code such as `neutral;implicit_pro` appears nowhere."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from framedesk.core.exchange.registry import EXPORTERS, load_all
from framedesk.core.importing import import_paths
from framedesk.core.store import Project
from tests.support.two_coders import (
    all_tones, analysts_with_work, coding_by_analyst, two_coder_project)

# (format, output name, what round-trips: "all", or the kinds the format can carry)
FORMATS = [("jsonl", "out.jsonl"), ("labelstudio", "out.json"), ("csv", "out"),
           ("spacy", "out.spacy")]


@pytest.fixture(scope="module")
def coded(tmp_path_factory: pytest.TempPathFactory) -> Project:
    p = two_coder_project(tmp_path_factory.mktemp("coders") / "coded.framedesk")
    yield p
    p.close()


@pytest.mark.parametrize("fmt, name", FORMATS)
def test_two_analysts_come_back_as_two_analysts(coded: Project, tmp_path: Path, fmt: str,
                                                name: str) -> None:
    load_all()
    out = tmp_path / name
    EXPORTERS[fmt].write(coded, None, out)
    before = coding_by_analyst(coded)
    with Project.create(tmp_path / "back.framedesk", annotator="Cleo") as back:
        summary = import_paths(back, [out], entities=False)
        assert not summary.failed, [str(f) for f in summary.failed]
        assert back.articles.count() == 2
        assert analysts_with_work(back) == {"Ana", "Ben"}
        assert sorted(all_tones(back)) == sorted(all_tones(coded))
        after = coding_by_analyst(back)
        for key, work in before.items():
            assert after[key]["frames"] == work["frames"], (fmt, key)
            assert after[key]["tone"] == work["tone"], (fmt, key)
            assert after[key]["cues"] == work["cues"], (fmt, key)
            assert after[key]["memo"] == work["memo"], (fmt, key)
            assert after[key]["attributions"] == work["attributions"], (fmt, key)


def test_csv_articles_has_one_row_per_analyst(coded: Project, tmp_path: Path) -> None:
    EXPORTERS["csv"].write(coded, None, tmp_path / "out")
    with open(tmp_path / "out" / "articles.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["id"], r["annotator"], r["tone"]) for r in rows] == [
        ("1", "Ana", "neutral"), ("1", "Ben", "implicit_pro"),
        ("2", "Ana", "neutral"), ("2", "Ben", "implicit_pro")]


def test_docbin_has_one_doc_per_analyst(coded: Project, tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    EXPORTERS["spacy"].write(coded, None, tmp_path / "out.spacy")
    docs = list(DocBin().from_disk(tmp_path / "out.spacy").get_docs(spacy.blank("en").vocab))
    seen = [(d.user_data["framedesk"]["annotator"], d.user_data["framedesk"]["tone"],
             max(d.cats, key=d.cats.get)) for d in docs]
    assert seen == [("Ana", "neutral", "security"), ("Ben", "implicit_pro", "economic")] * 2
