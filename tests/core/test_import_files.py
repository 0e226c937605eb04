"""Importing files and folders: formats, duplicates, bad files, batches and Cancel."""

from __future__ import annotations

import codecs
import dataclasses
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from framedesk.core.errors import UnreadableFile, UnsupportedFormat
from framedesk.core.exchange.registry import IMPORTERS, load_all
from framedesk.core.importing import import_paths
from framedesk.core.model import ArticleDraft
from framedesk.core.progress import Progress
from framedesk.core.store import Project

BODY = ("American and European officials have discreetly engaged in talks with Ukraine "
        "concerning the possibility of beginning peace negotiations with Russia.")
PAGE = """<!DOCTYPE html><html lang="en"><head><title>Kyiv talks | Example News</title>
<meta name="author" content="Jane Roe"><meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2023-11-04T13:03:00-04:00">
<link rel="canonical" href="https://news.example/kyiv-talks"></head><body>
<nav><a href="/">Home</a> &gt; <a href="/world">World</a></nav>
<article><h1>Kyiv to negotiate with Moscow?</h1>
<p>American and European officials have discreetly engaged in talks with Ukraine about
peace negotiations, according to NBC. The page wrote &lt;b&gt; as text.</p>
<p>An NBC publication indicated that officials from the USA and EU have initiated
discussions with Kiev about what Ukraine might need to concede.</p></article>
<footer>Related content: other stories, newsletter, cookie settings</footer></body></html>"""


def test_folders_are_read_recursively_skipping_hidden_and_project_files(
        project: Project, tmp_path: Path, seeds_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "nested" / "deeper").mkdir(parents=True)
    (corpus / ".hidden").mkdir()
    shutil.copy(seeds_dir / "000_8eebfda767bfdce3.txt", corpus / "a.txt")
    shutil.copy(seeds_dir / "004_ee9365a6a5392e40.txt", corpus / "nested" / "deeper" / "b.txt")
    (corpus / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (corpus / ".hidden" / "c.txt").write_text(f"Hidden\n\n{BODY}", encoding="utf-8")
    Project.create(corpus / "other.framedesk").close()
    summary = import_paths(project, [corpus], entities=False)
    assert (summary.imported, summary.duplicates, summary.failed, summary.files) == (2, 0, [], 2)
    names = sorted(Path(a.source_file).name for a in project.articles.iter_all())
    assert names == ["a.txt", "b.txt"]


def test_the_same_article_twice_is_a_duplicate_even_with_other_line_endings(
        project: Project, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"Talks in Kyiv\n\n{BODY}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(f"Talks in Kyiv\r\n\r\n{BODY}\r\n".encode("utf-16"))
    summary = import_paths(project, [tmp_path / "a.txt", tmp_path / "b.txt"], entities=False)
    assert (summary.imported, summary.duplicates) == (1, 1)
    again = import_paths(project, [tmp_path], entities=False)
    assert (again.imported, again.duplicates) == (0, 2)
    assert project.articles.count() == 1


def test_each_kind_of_bad_file_fails_alone_with_its_reason(project: Project,
                                                           tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(f"Good\n\n{BODY}", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)))
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4\n%\xc7\xec\x8f\xa2\n")
    (tmp_path / "latin1.txt").write_bytes("Café\n\nZürich".encode("latin-1"))
    (tmp_path / "notext.csv").write_text("title,url\nA,http://a\n", encoding="utf-8")
    (tmp_path / "table.json").write_text("[1, 2, 3]", encoding="utf-8")
    summary = import_paths(project, [tmp_path], entities=False)
    assert summary.imported == 1
    reasons = {f.path.name: f.error for f in summary.failed}
    assert set(reasons) == {"empty.txt", "binary.txt", "report.pdf", "latin1.txt",
                            "notext.csv", "table.json"}
    assert "empty" in reasons["empty.txt"].reason
    assert "binary" in reasons["binary.txt"].reason
    assert "PDF" in reasons["report.pdf"].reason
    assert "UTF-8" in reasons["latin1.txt"].reason
    assert "no text column" in reasons["notext.csv"].reason
    assert "title, url" in reasons["notext.csv"].reason
    assert isinstance(reasons["table.json"], UnsupportedFormat)
    assert all(f.line is None for f in summary.failed)


def test_missing_paths_and_project_files_given_by_name_fail(project: Project,
                                                            tmp_path: Path) -> None:
    other = tmp_path / "other.framedesk"
    Project.create(other).close()
    summary = import_paths(project, [tmp_path / "missing.txt", other], entities=False)
    errors = {f.path.name: f.error for f in summary.failed}
    assert isinstance(errors["missing.txt"], UnreadableFile)
    assert isinstance(errors["other.framedesk"], UnsupportedFormat)


def test_csv_finds_the_text_column_by_name_and_keeps_other_columns(project: Project,
                                                                   tmp_path: Path) -> None:
    f = tmp_path / "export.csv"
    f.write_text('Headline;Article Text;Publisher;Date;Author;Section\n'
                 f'Talks in Kyiv;"{BODY}\nSecond line with <i>tags</i>";Example;2023-11-04;'
                 'Jane Roe;World\n'
                 ';;;;;\n'
                 'No body;;Example;2023-11-05;;World\n', encoding="utf-8-sig")
    summary = import_paths(project, [f], entities=False)
    assert summary.imported == 1
    article = project.articles.get(summary.new_ids[0])
    assert article.text == f"Talks in Kyiv\n\n{BODY}\nSecond line with <i>tags</i>"
    assert (article.title, article.outlet, article.published, article.author) == (
        "Talks in Kyiv", "Example", "2023-11-04", "Jane Roe")
    assert article.extra == {"Section": "World"}
    failure, = summary.failed
    assert failure.line == 5 and "empty" in failure.error.reason


def test_utf16_csv_from_a_spreadsheet(project: Project, tmp_path: Path) -> None:
    f = tmp_path / "sheet.csv"
    f.write_bytes(codecs.BOM_UTF16_LE + f"text\tsource\r\n{BODY} 😀\tNBC\r\n"
                  .encode("utf-16-le"))
    summary = import_paths(project, [f], entities=False)
    article = project.articles.get(summary.new_ids[0])
    assert article.text == f"{BODY} 😀" and article.outlet == "NBC"


def test_html_pages_give_main_text_and_metadata(project: Project, tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    f.write_text(PAGE, encoding="utf-8")
    summary = import_paths(project, [f], entities=False)
    assert not summary.failed
    article = project.articles.get(summary.new_ids[0])
    assert article.title == "Kyiv to negotiate with Moscow?"
    assert article.text.startswith("Kyiv to negotiate with Moscow?\n\nAmerican and European")
    assert "The page wrote <b> as text." in article.text   # an entity in HTML is a character
    assert "Home" not in article.text and "cookie" not in article.text
    assert (article.author, article.outlet, article.url) == (
        "Jane Roe", "Example News", "https://news.example/kyiv-talks")
    assert article.published == "2023-11-04T13:03-04:00"
    assert project.articles.raw(article.id) == PAGE


def test_html_without_article_text_fails(project: Project, tmp_path: Path) -> None:
    f = tmp_path / "empty.html"
    f.write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    failure, = import_paths(project, [f], entities=False).failed
    assert "no article text" in failure.error.reason


def test_unknown_suffixes_are_recognised_by_content(project: Project, tmp_path: Path) -> None:
    (tmp_path / "a.data").write_text(json.dumps({"text": f"From JSONL\n\n{BODY}"}) + "\n",
                                     encoding="utf-8")
    (tmp_path / "b.download").write_text(PAGE, encoding="utf-8")
    (tmp_path / "c").write_text(f"Plain article\n\n{BODY}", encoding="utf-8")
    summary = import_paths(project, [tmp_path], entities=False)
    assert summary.imported == 3 and dict(summary.formats) == {"jsonl": 1, "html": 1,
                                                               "text": 1}


def test_outlet_option_overrides_and_source_file_is_kept(project: Project,
                                                         tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(f"Talks\n\n{BODY}", encoding="utf-8")
    aid, = import_paths(project, [f], outlet="Example Daily", entities=False).new_ids
    article = project.articles.get(aid)
    assert article.outlet == "Example Daily" and article.source_file == str(f)


def lines_file(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"text": f"Story {i}\n\n{BODY} Number {i}."}) + "\n")
    return path


def test_large_files_are_inserted_in_batches_with_progress(project: Project,
                                                           tmp_path: Path) -> None:
    f = lines_file(tmp_path / "many.jsonl", 23)
    seen: list[tuple[int, int]] = []
    summary = import_paths(project, [f], entities=False, batch_size=5,
                           progress=Progress(lambda done, total, label: seen.append((done, total))))
    assert summary.imported == 23 and project.articles.count() == 23
    assert seen[-1][0] == seen[-1][1] == f.stat().st_size
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_cancel_keeps_the_batches_already_committed(project: Project, tmp_path: Path) -> None:
    f = lines_file(tmp_path / "many.jsonl", 40)
    progress = Progress()
    calls = 0

    def on_update(done: int, total: int, label: str) -> None:
        nonlocal calls
        calls += 1
        if calls == 13:  # after 12 articles: two batches of 5 are committed
            progress.cancel()

    progress._on_update = on_update
    summary = import_paths(project, [f], entities=False, batch_size=5, progress=progress)
    assert summary.cancelled and not summary.ok
    assert summary.imported == project.articles.count() == 10


def test_entities_run_only_for_new_articles_without_spans(project: Project,
                                                          tmp_path: Path) -> None:
    pytest.importorskip("framedesk.core.nlp.entities")
    f = tmp_path / "mixed.jsonl"
    f.write_text(
        json.dumps({"text": "Vladimir Putin met Joe Biden in Kyiv.", "annotator": "Ana",
                    "spans": [{"start": 0, "end": 14, "label": "PERSON"}]}) + "\n"
        + json.dumps({"text": "Volodymyr Zelensky spoke in Moscow and Washington."}) + "\n",
        encoding="utf-8")
    summary = import_paths(project, [f], entities=True)
    first, second = summary.new_ids
    assert [m.text for m in project.entities.mentions(first)] == ["Vladimir Putin"]
    assert "Volodymyr Zelensky" in [m.text for m in project.entities.mentions(second)]
    assert summary.mentions >= 2 and project.meta("model")


def test_a_parser_crash_fails_that_file_only(project: Project, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def choke(path: Path, text: str) -> Iterator[ArticleDraft]:
        raise ValueError("malformed tree")
        yield  # a generator, like every reader

    load_all()
    monkeypatch.setitem(IMPORTERS, "html", dataclasses.replace(IMPORTERS["html"], read=choke))
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a.txt").write_text(f"Talks\n\n{BODY}", encoding="utf-8")
    summary = import_paths(project, [tmp_path], entities=False)
    assert summary.imported == 1
    failure, = summary.failed
    assert failure.path.name == "page.html"
    assert "could not be parsed (ValueError: malformed tree)" in failure.error.reason
