"""Every command that reads a project, on every generated hostile project file
(tests/hostile/project_cases.py): the documented exit code, at most one sentence, the
file byte-for-byte unchanged unless the command writes it and may, nothing left beside it
or in the output folder by a refused command, and the partner file of agree/merge intact.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.input_cases import template_project
from tests.hostile.project_cases import TEXTS, all_cases, holder
from tests.hostile.running import framedesk, integrity, one_sentence, sha256

READS = {
    "info": lambda p, o, k: ["info", p],
    "export-jsonl": lambda p, o, k: ["export", p, "--format", "jsonl", "--out", o / "x.jsonl"],
    "export-csv": lambda p, o, k: ["export", p, "--format", "csv", "--out", o / "csv"],
    "report": lambda p, o, k: ["report", p, "--out", o / "r.html"],
    "stories": lambda p, o, k: ["stories", p],
    "sources": lambda p, o, k: ["sources", p, "--csv", o / "s.csv"],
    "agree": lambda p, o, k: ["agree", p, k["partner"], "--html", o / "a.html"],
    "merge": lambda p, o, k: ["merge", p, k["partner"], "--out", o / "gold.framedesk"],
    "snapshot": lambda p, o, k: ["snapshot", p, o / "s.png"],
}
WRITES = {
    "index": lambda p, o, k: ["index", p],
    "backup": lambda p, o, k: ["backup", p],
    "stories-regroup": lambda p, o, k: ["stories", p, "--regroup"],
    "import": lambda p, o, k: ["import", p, k["new"], "--no-entities", "--no-suggestions"],
}
# `snapshot` renders the window offscreen, where Qt says this once per window.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
NEW_TEXT = "A new article about the harbour, imported into the project."


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-projects")
    locked = template_project(folder / "locked.framedesk", TEXTS)
    child = holder(locked)
    try:
        partner = template_project(folder / "partner.framedesk", TEXTS, annotator="Ben",
                                   frames=("economic", "security"))
        new = folder / "new.jsonl"
        new.write_text(f'{{"text": "{NEW_TEXT}"}}\n', encoding="utf-8")
        cases_folder = folder / "cases"
        cases_folder.mkdir()
        cases = {c.name: c for c in all_cases(cases_folder, locked)}
        yield {"cases": cases, "partner": partner, "new": new}
    finally:
        child.kill()
        child.wait()
        child.stdout.close()


CASE_NAMES = ["good", "trigger", "view", "dropped-column", "altered-table",
              "span-start-after-end", "broken-json", "damaged-pages", "truncated",
              "not-a-project", "newer-schema", "foreign-wal", "hard-link-to-locked",
              "symlink-to-locked", "fifo", "socket", "symlink-loop"]
COMMANDS = {**READS, **WRITES}


def _beside(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir() if not p.name.endswith(".lock")}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("name", CASE_NAMES)
def test_command_on_a_hostile_project(world, name, command, tmp_path):
    case = world["cases"][name]
    work = tmp_path / "work"
    work.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    path = case.fresh(work)
    expected = 0 if (case.reads if command in READS else case.writes) else 1
    expected = (case.unlike or {}).get(command, expected)
    regular = path.is_file() and not path.is_symlink()
    before = sha256(path) if regular else None
    partner_before = sha256(world["partner"])
    names_before = _beside(path) if path.parent.exists() else set()

    outcome = framedesk(*COMMANDS[command](path, out, world))

    assert one_sentence(outcome) is None, one_sentence(outcome)
    errors = [ln for ln in outcome.problem_lines() if not ln.startswith("warning: ")]
    assert outcome.code == expected, (outcome.code, errors or outcome.out[-300:])
    assert sha256(world["partner"]) == partner_before
    if expected:
        assert len(errors) == 1 and errors[0].startswith("framedesk"), errors
        for word in case.words:
            assert word in errors[0].lower(), (word, errors[0])
        assert not list(out.iterdir()), "a refused command left output behind"
    changes_allowed = expected == 0 and command in WRITES
    if regular and not changes_allowed:
        assert sha256(path) == before, "the project file was changed"
        assert _beside(path) == names_before, "files were left beside the project"
    if name == "good" and command == "import":
        conn_texts = __import__("tests.hostile.running", fromlist=["texts"]).texts(path)
        assert NEW_TEXT in conn_texts
    if regular and name in ("good", "trigger", "view", "altered-table", "newer-schema",
                            "span-start-after-end", "broken-json", "foreign-wal"):
        assert integrity(path) == "ok"   # still opens, nothing damaged
