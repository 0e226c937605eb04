"""`framedesk import` and `framedesk export` as a user runs them: output, files, exit codes."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from framedesk.cli import main
from framedesk.core.store import Project

BODY = ("American and European officials have discreetly engaged in talks with Ukraine "
        "concerning the possibility of beginning peace negotiations with Russia.")


@pytest.fixture
def corpus(tmp_path: Path, seeds_dir: Path) -> Path:
    folder = tmp_path / "corpus"
    (folder / "more").mkdir(parents=True)
    shutil.copy(seeds_dir / "000_8eebfda767bfdce3.txt", folder)
    shutil.copy(seeds_dir / "004_ee9365a6a5392e40.txt", folder / "more")
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_creates_the_project_and_exits_0(tmp_path: Path, corpus: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "new.framedesk"
    code, out, err = run(capsys, "import", project, corpus, "--no-entities",
                         "--outlet", "Example")
    assert code == 0
    assert "Imported 2 articles, 0 already in the project (skipped), 0 failed." in out
    assert "\r" not in err  # not a terminal: no bar redrawing, plain lines
    with Project.open(project, read_only=True) as p:
        assert p.articles.count() == 2
        assert p.articles.outlets() == ["Example"]
    code, out, _ = run(capsys, "import", project, corpus, "--no-entities")
    assert code == 0 and "Imported 0 articles, 2 already in the project" in out


def test_some_failures_exit_1_naming_file_line_and_reason(
        tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (corpus / "broken.jsonl").write_text(
        json.dumps({"text": f"Good\n\n{BODY}"}) + "\n{oops\n", encoding="utf-8")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, out, _ = run(capsys, "import", tmp_path / "p.framedesk", corpus, "--no-entities")
    assert code == 1
    assert "Imported 3 articles, 0 already in the project (skipped), 2 failed." in out
    assert "broken.jsonl, line 2: not valid JSON" in out
    assert "image.txt: this is a PNG image, not text." in out
    assert "Traceback" not in out


@pytest.mark.parametrize("argv", [
    ["import"], ["import", "p.framedesk"], ["export", "p.framedesk"],
    ["export", "p.framedesk", "--format", "nope"],
    ["export", "p.framedesk", "--format", "jsonl", "--status", "finished"],
])
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_export_to_stdout_and_to_a_file(tmp_path: Path, corpus: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p.framedesk"
    run(capsys, "import", project, corpus, "--no-entities")
    code, out, _ = run(capsys, "export", project, "--format", "jsonl")
    assert code == 0
    lines = [json.loads(x) for x in out.splitlines()]
    assert [o["meta"]["title"] for o in lines] == [
        "Kyiv to negotiate with Moscow? Unexpected reports emerge",
        "Ukraine-Russia, pressure on Kiev: war stopped, negotiations needed"]
    target = tmp_path / "out.jsonl"
    code, out, err = run(capsys, "export", project, "-f", "jsonl", "--out", target)
    assert code == 0 and out == "" and "Exported 2 records" in err
    assert target.read_text(encoding="utf-8").splitlines() == [
        json.dumps(o, ensure_ascii=False) for o in lines]
    assert not list(tmp_path.glob(".out.jsonl*"))  # no temporary file left behind


def test_an_existing_file_is_replaced_only_with_force(tmp_path: Path, corpus: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p.framedesk"
    run(capsys, "import", project, corpus, "--no-entities")
    target = tmp_path / "out.jsonl"
    target.write_text("keep me\n", encoding="utf-8")
    code, _, err = run(capsys, "export", project, "-f", "jsonl", "-o", target)
    assert code == 1 and "exists; add --force to replace it" in err
    assert target.read_text(encoding="utf-8") == "keep me\n"
    code, _, _ = run(capsys, "export", project, "-f", "jsonl", "-o", target, "--force")
    assert code == 0 and len(target.read_text(encoding="utf-8").splitlines()) == 2


def test_export_filters_by_status_and_annotator(tmp_path: Path, corpus: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.framedesk"
    run(capsys, "import", path, corpus, "--no-entities")
    with Project.open(path, annotator="Ana") as p:
        first, second = p.articles.ids()
        p.articles.set_status(first, "done")
        p.coding.set_frame(first, "policy_frames", "security", primary=True)
        p.annotator = "Ben"
        p.coding.set_frame(first, "policy_frames", "political", primary=True)
    _, out, _ = run(capsys, "export", path, "-f", "jsonl", "--status", "done")
    done = [json.loads(x) for x in out.splitlines()]
    assert [(o["annotator"], o["frames"][0]["code"]) for o in done] == [
        ("Ana", "security"), ("Ben", "political")]
    _, out, _ = run(capsys, "export", path, "-f", "jsonl", "--annotator", "Ben")
    assert [json.loads(x)["annotator"] for x in out.splitlines()] == ["Ben", "Ben"]


def test_a_file_that_is_not_a_project_is_one_sentence(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "notes.framedesk"
    bogus.write_text("just notes", encoding="utf-8")
    code, out, err = run(capsys, "import", bogus, tmp_path, "--no-entities")
    assert code == 1 and "is not a Framedesk project" in err and "Traceback" not in err
    assert bogus.read_text(encoding="utf-8") == "just notes"


def test_import_finds_entities_and_export_carries_them(tmp_path: Path, corpus: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p.framedesk"
    code, out, _ = run(capsys, "import", project, corpus)
    assert code == 0 and "Entity mentions found:" in out
    _, out, _ = run(capsys, "export", project, "-f", "jsonl")
    first = json.loads(out.splitlines()[0])
    spans = {(first["text"][s["start"]:s["end"]], s["label"]) for s in first["spans"]}
    assert ("Kyiv", "GPE") in spans and ("NBC", "ORG") in spans
    assert all(s["text"] == first["text"][s["start"]:s["end"]] for s in first["spans"])
    assert all(s["origin"].startswith("spacy:") for s in first["spans"])
    with Project.open(project, read_only=True) as p:
        assert p.meta("model")


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_redraws_one_line_on_a_terminal_and_ends_it() -> None:
    from framedesk.cli.import_ import ProgressBar

    screen = FakeTerminal()
    bar = ProgressBar(screen)
    for done in range(0, 101, 50):
        bar.update(done, 100, "Reading articles")
        bar.last = 0.0  # as if time passed between updates
    bar.update(3, 3, "Finding entities")
    bar.finish()
    shown = screen.getvalue()
    assert shown.count("\r") == 4 and shown.endswith("\n") and shown.count("\n") == 2
    assert "[" + "#" * ProgressBar.WIDTH + "] 100%" in shown
    assert "Finding entities" in shown.split("\n")[1]
