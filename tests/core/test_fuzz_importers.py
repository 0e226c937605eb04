"""Importers never raise an unhandled exception: whatever the bytes, a file either imports or
is reported as failed with a reason, and the project stays usable (hypothesis fuzzing)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framedesk.core.errors import InputError
from framedesk.core.exchange.registry import IMPORTERS, load_all
from framedesk.core.importing import import_paths
from framedesk.core.store import Project

load_all()
SUFFIXES = sorted({s for fmt in IMPORTERS.values() for s in fmt.suffixes} | {".txt", ".bin"})
FUZZ = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def _import_one(project: Project, name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        summary = import_paths(project, [path], entities=False)
    for failure in summary.failed:
        assert isinstance(failure.error, InputError), failure
    assert summary.imported + summary.duplicates + len(summary.failed) + len(summary.skipped) >= 0
    project.articles.count()  # still usable


@pytest.mark.parametrize("suffix", SUFFIXES)
@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes(project: Project, suffix: str, data: bytes) -> None:
    _import_one(project, f"fuzz{suffix}", data)


@pytest.mark.parametrize("suffix", SUFFIXES)
@FUZZ
@given(text=st.text(max_size=1500))
def test_random_text(project: Project, suffix: str, text: str) -> None:
    _import_one(project, f"fuzz{suffix}", text.encode("utf-8", "surrogatepass"))


_span = st.fixed_dictionaries({}, optional={
    "start": st.one_of(st.integers(-5, 300), st.text(max_size=3), st.none()),
    "end": st.one_of(st.integers(-5, 300), st.floats(allow_nan=True), st.none()),
    "label": st.one_of(st.text(max_size=10), st.integers(), st.none()),
    "code": st.text(max_size=8), "primary": st.booleans(),
})
_record = st.fixed_dictionaries({"text": st.one_of(st.text(min_size=1, max_size=200), st.integers(),
                                                   st.none(), st.lists(st.text(), max_size=2))},
                                optional={
    "meta": st.one_of(st.dictionaries(st.text(max_size=8), st.one_of(st.text(max_size=20),
                                      st.integers(), st.none()), max_size=4), st.text(max_size=5)),
    "spans": st.one_of(st.lists(_span, max_size=4), st.text(max_size=5)),
    "frames": st.lists(_span, max_size=3),
    "frame_cues": st.lists(_span, max_size=3),
    "tone": st.one_of(st.text(max_size=10), st.integers(), st.none()),
    "attributions": st.lists(st.dictionaries(st.sampled_from(["source", "cue", "content", "status",
                                                              "identification"]),
                                             st.one_of(_span, st.text(max_size=6), st.none()),
                                             max_size=4), max_size=3),
    "memo": st.one_of(st.text(max_size=30), st.integers()),
    "status": st.text(max_size=12),
})


@FUZZ
@given(records=st.lists(_record, min_size=1, max_size=5))
def test_jsonl_records_with_wrong_shapes(project: Project, records: list) -> None:
    data = "\n".join(json.dumps(r) for r in records).encode()
    _import_one(project, "fuzz.jsonl", data)
