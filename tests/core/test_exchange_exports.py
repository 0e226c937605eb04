"""Exports as the people who open them would check them: CSV in a spreadsheet or pandas, the
HTML report in a browser, the DocBin in spaCy; written atomically, never over an existing
file without force, nothing left behind by Cancel; options honoured."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from framedesk.core.errors import Cancelled, ExportError
from framedesk.core.exchange.csv_export import write_csv
from framedesk.core.exchange.html_report import write_html
from framedesk.core.exchange.labelstudio import write_labelstudio
from framedesk.core.exchange.registry import EXPORTERS, ExportOptions, load_all
from framedesk.core.exchange.spacy_docbin import write_spacy, write_spacy_multilabel
from framedesk.core.model import ArticleDraft, Span
from framedesk.core.progress import Progress
from framedesk.core.store import Project
from framedesk.core.store.attributions import Attribution

TEXT = ('😀 NewsKyiv talks <script>alert(1)</script>\n\n"We will win," Zelensky said. '
        "NATO agrees & waits.")


def at(text: str, word: str) -> Span:
    i = text.index(word)
    return Span(i, i + len(word))


@pytest.fixture
def coded(project: Project) -> Project:
    """Two articles: one done and fully coded by Ana (plus a suggestion), one coded by Bo."""
    (a1, _), (a2, _) = project.articles.add_many([
        ArticleDraft(text=TEXT, title='Kyiv <b>talks</b> "now"', outlet="NBC", status="done"),
        ArticleDraft(text="Budget\n\nThe economy grows in Moscow.", outlet="AP")])
    t = project.articles.get(a1).text
    for word, label in (("Kyiv", "GPE"), ("Zelensky", "PERSON"), ("NATO", "ORG"),
                        ("NATO agrees", "ORG")):
        s = at(t, word)
        project.entities.add_manual(a1, s.start, s.end, label)
    project.coding.set_frame(a1, "policy_frames", "security", primary=True)
    project.coding.set_frame(a1, "policy_frames", "political")
    project.coding.set_tone(a1, "neutral")
    cue = at(t, "win")
    project.coding.add_cue(a1, cue.start, cue.end, "policy_frames", "security", note="war")
    project.attributions.add(Attribution(
        a1, source=at(t, "Zelensky"), cue=at(t, "said"), content=at(t, "We will win,"),
        quote_type="direct", identification="named", source_type="politician",
        status="manual"))
    project.attributions.add(Attribution(a1, source=at(t, "NATO"), cue=at(t, "agrees"),
                                         status="suggested"))
    project.coding.set_memo(a1, "Check <img src=x onerror=alert(1)> later")
    project.annotator = "Bo"
    project.coding.set_frame(a2, "policy_frames", "economic", primary=True)
    project.annotator = "Ana"
    return project


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets then read it as UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_articles_and_annotations(coded: Project, tmp_path: Path) -> None:
    assert write_csv(coded, None, tmp_path / "out") == 2
    articles = read_csv(tmp_path / "out" / "articles.csv")
    annotations = read_csv(tmp_path / "out" / "annotations.csv")
    first = articles[0]
    assert (first["status"], first["primary_frame"], first["secondary_frames"],
            first["tone"]) == ("done", "security", "political", "neutral")
    assert (first["entities"], first["frame_cues"], first["attributions"]) == ("4", "1", "1")
    assert articles[1]["primary_frame"] == "economic" and articles[1]["outlet"] == "AP"
    text = first["text"]
    assert text == TEXT  # emoji, quotes, tags and the line breaks intact
    rows = [r for r in annotations if r["article_id"] == first["id"]]
    for r in rows:  # every offset slices the article text to the row's text
        if r["kind"] in ("entity", "frame_cue"):
            assert text[int(r["start"]):int(r["end"])] == r["text"]
    (attribution,) = [r for r in rows if r["kind"] == "attribution"]
    assert (attribution["source_text"], attribution["cue_text"], attribution["content_text"],
            attribution["quote_type"]) == ("Zelensky", "said", "We will win,", "direct")
    assert [r["label"] for r in rows if r["kind"] == "frame_cue"] == ["security"]
    # Document codes: one row per analyst, so several coders stay apart.
    assert {(r["kind"], r["label"], r["note"]) for r in rows if r["kind"] in ("frame", "tone")
            } == {("frame", "security", "primary"), ("frame", "political", "secondary"),
                  ("tone", "neutral", "")}


def test_csv_options_status_annotator_and_suggestions(coded: Project, tmp_path: Path) -> None:
    write_csv(coded, None, tmp_path / "done", ExportOptions(status=("done",)))
    assert [r["status"] for r in read_csv(tmp_path / "done" / "articles.csv")] == ["done"]
    write_csv(coded, None, tmp_path / "bo", ExportOptions(annotator="Bo"))
    bo = read_csv(tmp_path / "bo" / "articles.csv")
    assert [r["primary_frame"] for r in bo] == ["", "economic"]
    write_csv(coded, None, tmp_path / "all", ExportOptions(include_suggestions=True))
    kinds = [r["status"] for r in read_csv(tmp_path / "all" / "annotations.csv")
             if r["kind"] == "attribution"]
    assert sorted(kinds) == ["manual", "suggested"]


def test_csv_to_a_named_file_writes_its_annotations_beside_it(coded: Project,
                                                              tmp_path: Path) -> None:
    write_csv(coded, None, tmp_path / "corpus.csv")
    assert len(read_csv(tmp_path / "corpus.csv")) == 2
    assert read_csv(tmp_path / "corpus.annotations.csv")


def test_existing_output_is_kept_without_force(coded: Project, tmp_path: Path) -> None:
    target = tmp_path / "tasks.json"
    target.write_text("precious", encoding="utf-8")
    with pytest.raises(ExportError):
        write_labelstudio(coded, None, target)
    assert target.read_text(encoding="utf-8") == "precious"
    write_labelstudio(coded, None, target, ExportOptions(force=True))
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 2
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "keep.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ExportError):
        write_csv(coded, None, tmp_path / "folder")
    assert (tmp_path / "folder" / "keep.txt").exists()


@pytest.mark.parametrize("fmt, name", [("csv", "out"), ("brat", "out"), ("spacy", "o.spacy"),
                                       ("labelstudio", "o.json"), ("doccano", "o.jsonl"),
                                       ("prodigy", "o.jsonl"), ("html", "o.html")])
def test_cancel_leaves_no_file_and_no_temporary(coded: Project, tmp_path: Path, fmt: str,
                                                name: str) -> None:
    load_all()
    folder = tmp_path / "exports"
    folder.mkdir()
    progress = Progress(lambda done, total, label: progress.cancel() if done else None)
    with pytest.raises(Cancelled):
        EXPORTERS[fmt].write(coded, None, folder / name, ExportOptions(), progress)
    assert list(folder.iterdir()) == []


def test_html_report_is_escaped_and_self_contained(coded: Project, tmp_path: Path) -> None:
    write_html(coded, None, tmp_path / "report.html")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html and "<b>talks" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Kyiv &lt;b&gt;talks&lt;/b&gt; &quot;now&quot;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # Nothing to fetch: no scripts, links, external stylesheets, images or fonts.
    for needle in ("src=", "href=", "@import", "url(", "http:", "https:", "<link"):
        assert needle not in html.replace("&lt;img src=x", "")
    assert "Security and defense" in html and "Neutral" in html   # codebook labels
    assert 'title="GPE"' in html and "<th>Source</th>" in html
    assert "Zelensky" in html and "politician" in html


def test_html_report_per_article_folder(coded: Project, tmp_path: Path) -> None:
    assert write_html(coded, None, tmp_path / "reports") == 2
    assert len(list((tmp_path / "reports").glob("*.html"))) == 2


def test_spacy_docbin_carries_every_kind(coded: Project, tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    write_spacy(coded, None, tmp_path / "x.spacy")
    docs = list(DocBin().from_disk(tmp_path / "x.spacy").get_docs(spacy.blank("en").vocab))
    doc = docs[0]
    # "Kyiv" inside the token "NewsKyiv": tokens were split so the offsets stay exact.
    assert [(e.text, e.label_) for e in doc.ents] == [("Kyiv", "GPE"), ("Zelensky", "PERSON"),
                                                     ("NATO agrees", "ORG")]
    assert len(doc.spans["entities"]) == 4  # the overlapping NATO is kept in the group
    assert [(s.text, s.label_) for s in doc.spans["frame_cues"]] == [("win", "security")]
    parts = [(g, s.text, s.id_) for g in ("attribution_source", "attribution_cue",
                                          "attribution_content") for s in doc.spans[g]]
    assert parts == [("attribution_source", "Zelensky", "attribution-1"),
                     ("attribution_cue", "said", "attribution-1"),
                     ("attribution_content", "We will win,", "attribution-1")]
    assert [k for k, v in doc.cats.items() if v] == ["security"]
    assert len(doc.cats) >= 15  # one-hot over the policy frames codebook
    meta = doc.user_data["framedesk"]
    assert (meta["outlet"], meta["tone"], meta["status"]) == ("NBC", "neutral", "done")
    assert doc.text == TEXT

    write_spacy_multilabel(coded, None, tmp_path / "m.spacy")
    doc = next(DocBin().from_disk(tmp_path / "m.spacy").get_docs(spacy.blank("en").vocab))
    assert sorted(k for k, v in doc.cats.items() if v) == ["political", "security"]


def test_label_studio_tasks_shape(coded: Project, tmp_path: Path) -> None:
    write_labelstudio(coded, None, tmp_path / "t.json")
    tasks = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    results = tasks[0]["annotations"][0]["result"]
    spans = [r for r in results if r["type"] == "labels"]
    text = tasks[0]["data"]["text"]
    assert all(text[r["value"]["start"]:r["value"]["end"]] == r["value"]["text"] for r in spans)
    ids = {r["id"]: r["value"]["labels"][0] for r in spans}
    relations = [(ids[r["from_id"]], r["labels"][0], ids[r["to_id"]]) for r in results
                 if r["type"] == "relation"]
    assert sorted(relations) == [("CONTENT", "ATTR_CUE", "CUE"),
                                 ("CONTENT", "ATTR_SOURCE", "SOURCE")]
