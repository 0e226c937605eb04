"""Every writer is atomic and asks first (issue 14, items 8, 11, 12): what a user notices."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from framedesk.cli import main
from tests.core.test_review import make_coder_file
from tests.support.writer_faults import (
    dead_pid, fill_the_disk, folder_state, framedesk, sha256, temporary_names)


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    ana, ben = tmp_path / "ana.framedesk", tmp_path / "ben.framedesk"
    make_coder_file(ana, "Ana", ["security"] * 3 + ["economic"] * 3, ["neutral"] * 6)
    make_coder_file(ben, "Ben", ["security"] * 6, ["neutral"] * 6)
    return [ana, ben]


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def writers(files: list[Path], out: Path) -> dict[str, list]:
    a, b = files
    return {"agree --csv": ["agree", a, b, "--csv", out],
            "agree --html": ["agree", a, b, "--html", out],
            "sources --csv": ["sources", a, "--csv", out],
            "report": ["report", a, "--out", out],
            "export jsonl": ["export", a, "-f", "jsonl", "-o", out],
            "export csv": ["export", a, "-f", "csv", "-o", out],
            "merge --log": ["merge", a, b, "--out", out.with_name("gold.framedesk"),
                            "--log", out]}


@pytest.mark.parametrize("name", ["agree --csv", "agree --html", "sources --csv", "report",
                                  "export jsonl", "export csv", "merge --log"])
def test_an_existing_file_is_kept_without_force(files, tmp_path, capsys, name) -> None:
    out = tmp_path / "out.csv"
    out.write_text("keep me", encoding="utf-8")
    code, _, err = run(capsys, *writers(files, out)[name])
    assert code == 1 and err.strip().endswith("exists; add --force to replace it.")
    assert out.read_text(encoding="utf-8") == "keep me" and not temporary_names(tmp_path)
    code, _, err = run(capsys, *writers(files, out)[name], "--force")
    assert code == 0, err
    assert out.read_text(encoding="utf-8") != "keep me" and not temporary_names(tmp_path)


@pytest.mark.parametrize("how", ["same path", "symlink", "hard link", "dot-dot"])
def test_agree_never_writes_onto_one_of_its_files(files, tmp_path, capsys, how) -> None:
    a, b = files
    before = sha256(b)
    target = {"same path": b, "dot-dot": tmp_path / "x" / ".." / b.name,
              "symlink": tmp_path / "link.html", "hard link": tmp_path / "hard.html"}[how]
    (tmp_path / "x").mkdir()
    if how == "symlink":
        target.symlink_to(b)
    elif how == "hard link":
        os.link(b, target)
    code, _, err = run(capsys, "agree", a, b, "--html", target, "--force")
    assert code == 1 and "which this command reads; it was not changed" in err
    assert sha256(b) == before and "Traceback" not in err


def test_export_never_replaces_the_project_or_a_folder_holding_it(files, tmp_path, capsys):
    a = files[0]
    before = sha256(a)
    code, _, err = run(capsys, "export", a, "-f", "jsonl", "-o", a, "--force")
    assert code == 1 and "which this command reads" in err
    code, _, err = run(capsys, "export", a, "-f", "brat", "-o", tmp_path, "--force")
    assert code == 1 and "is a folder holding" in err
    assert sha256(a) == before and a.exists()


def test_merge_onto_an_input_or_an_existing_gold_is_refused(files, tmp_path, capsys) -> None:
    a, b = files
    code, _, err = run(capsys, "merge", a, b, "--out", b, "--force")
    assert code == 1 and "which this command reads" in err
    gold = tmp_path / "gold.framedesk"
    assert run(capsys, "merge", a, b, "--out", gold)[0] == 0
    code, _, err = run(capsys, "merge", a, b, "--out", gold)
    assert code == 1 and "exists; add --force" in err
    assert run(capsys, "merge", a, b, "--out", gold, "--force")[0] == 0


@pytest.mark.parametrize("name", ["agree --csv", "agree --html", "sources --csv", "report",
                                  "export jsonl", "export csv", "merge --log"])
def test_a_full_disk_leaves_the_previous_file_and_no_partial_one(files, tmp_path, capsys,
                                                                 monkeypatch, name) -> None:
    out = tmp_path / "out.csv"
    out.write_text("the previous file", encoding="utf-8")
    argv = writers(files, out)[name]
    if name == "merge --log":
        assert run(capsys, *argv, "--force")[0] == 0
        out.write_text("the previous file", encoding="utf-8")
    before = folder_state(tmp_path)
    fill_the_disk(monkeypatch)
    code, _, err = run(capsys, *argv, "--force")
    monkeypatch.undo()
    assert code == 1 and "the disk is full" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert out.read_text(encoding="utf-8") == "the previous file"
    after = folder_state(tmp_path)
    assert not temporary_names(tmp_path)
    if name != "merge --log":
        assert after == before


def test_a_fifo_or_symlink_loop_as_out_gets_a_sentence_and_never_blocks(files, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    for target, words in ((fifo, "is not a regular file (a named pipe)"),
                          (loop, "points to itself (a loop)")):
        done = framedesk("export", files[0], "-f", "jsonl", "-o", target, "--force",
                         timeout=60)
        assert done.returncode == 1 and words in done.stderr and "Traceback" not in done.stderr


def test_export_into_head_ends_quietly(tmp_path) -> None:
    project = tmp_path / "big.framedesk"
    make_coder_file(project, "Ana", ["security"] * 6, ["neutral"] * 6,
                    texts=[f"Story {i}\n\n" + "Kyiv said the talks failed. " * 400
                           for i in range(6)])
    env_cmd = (f"PYTHONPATH={Path(__file__).resolve().parents[2] / 'desktop'} "
               f"{sys.executable} -m framedesk export {project} -f jsonl | head -c 10; "
               "echo; echo ${PIPESTATUS[0]}")
    done = subprocess.run(["bash", "-c", env_cmd], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "0"
    assert done.stderr == ""


def test_files_get_the_users_umask(files, tmp_path, capsys) -> None:
    old = os.umask(0o027)
    try:
        assert run(capsys, "export", files[0], "-f", "jsonl", "-o", tmp_path / "e.jsonl")[0] == 0
        assert run(capsys, "export", files[0], "-f", "brat", "-o", tmp_path / "brat")[0] == 0
    finally:
        os.umask(old)
    assert (tmp_path / "e.jsonl").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "brat").stat().st_mode & 0o777 == 0o750


def test_a_killed_runs_part_files_are_removed_by_the_next_run(files, tmp_path, capsys):
    pid = dead_pid()
    left = [tmp_path / f".e.jsonl.{pid}.abcd1234.part",
            tmp_path / f".gold.framedesk.{pid}.abcd1234.part",
            tmp_path / f".gold.framedesk.{pid}.abcd1234.part-journal"]
    for p in left:
        p.write_text("half", encoding="utf-8")
    mine = tmp_path / f".e.jsonl.{os.getpid()}.live0000.part"   # a live writer's: kept
    mine.write_text("busy", encoding="utf-8")
    assert run(capsys, "export", files[0], "-f", "jsonl", "-o", tmp_path / "e.jsonl")[0] == 0
    assert run(capsys, "merge", *files, "--out", tmp_path / "gold.framedesk")[0] == 0
    assert not any(p.exists() for p in left) and mine.exists()
