"""`framedesk import` on every generated hostile input (tests/hostile/input_cases.py).

What a user would notice: the documented exit code (0 all imported, 1 some input failed),
no traceback and at most one sentence on stderr, every good record in the project, every
bad record either imported or named (file and line or task) in the summary, the inputs
byte-for-byte unchanged, and a project that opens with integrity ok.
"""

from __future__ import annotations

import re

import pytest

from tests.hostile.input_cases import all_cases
from tests.hostile.running import fingerprints, framedesk, integrity, one_sentence, texts

SUMMARY = re.compile(r"^Imported (\d+) articles?, (\d+) already in the project \(skipped\), "
                     r"(\d+) failed\.$", re.M)


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-inputs")
    return {case.name: case for case in all_cases(folder)}


def _case_names() -> list[str]:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        return [c.name for c in all_cases(Path(tmp))]


CASE_NAMES = _case_names()


@pytest.mark.parametrize("name", CASE_NAMES)
def test_import_of_a_hostile_input(cases, name, tmp_path):
    case = cases[name]
    project = tmp_path / "p.framedesk"
    before = fingerprints(case.paths)
    outcome = framedesk("import", project, *case.paths, "--no-entities", "--no-suggestions")
    assert one_sentence(outcome) is None, one_sentence(outcome)
    found = SUMMARY.findall(outcome.out)
    assert len(found) == 1, outcome.out            # one summary line, none faked by a name
    imported, _dups, failed = map(int, found[0])
    assert outcome.code == (1 if failed else 0), (outcome.code, outcome.out)
    assert failed >= case.must_fail, outcome.out
    if case.must_fail == 0 and not case.mutated:
        assert failed == 0, outcome.out
    stored = texts(project)
    assert case.good <= stored, sorted(case.good - stored)[:2]
    failures = [ln for ln in outcome.out.splitlines() if ln.startswith("  failed: ")]
    for line in failures:                          # no failure blames the project
        assert "binding" not in line.lower() and "Error binding" not in line, line
    for file_name, where, variant, what in case.mutated:
        named = [ln for ln in failures if file_name in ln and (not where or re.search(
            rf"\b{where}\b", ln))]
        assert variant in stored or named, (file_name, where, what, failures[:3])
    for word in case.words:
        assert any(word in ln.lower() for ln in failures), (word, failures)
    if case.no_summary_line:
        assert not any(ln.startswith(case.no_summary_line) for ln in outcome.out.splitlines())
    assert fingerprints(case.paths) == before       # the inputs are never changed
    assert integrity(project) == "ok"
