"""Interop data brought in by a file (meta.interop) can have any shape: every exporter that
gives it back still writes its file, keeping the well-formed entries and leaving the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framedesk.core.exchange.interop_check import well_formed_interop
from framedesk.core.exchange.registry import EXPORTERS, ExportOptions, load_all
from framedesk.core.importing import import_paths
from framedesk.core.store import Project

TEXT = "Kyiv talks\n\nOfficials in Kyiv met NATO envoys."
GOOD_SPAN = {"start": 0, "end": 4, "label": "Place"}
MALFORMED = {
    "format": "brat",
    "relations": [1, {"type": "Located", "args": [{"role": "Arg1", "ref": "T1"}]}],
    "spans": [{"start": "x", "end": 4, "label": "Bad"}, GOOD_SPAN,
              {"start": 0, "end": 999, "label": "PastTheEnd"}],
    "fragments": [{"label": "Frag", "parts": [[0]]}],
    "attributes": [{"target": None, "name": "Negated", "value": True}],
    "notes": [{"target": {"relation": "first"}, "text": "?"}, "note"],
    "categories": ["Politics", 3],
}

FORMATS = [("brat", "out"), ("uima", "o.json"), ("labelstudio", "o.json"),
           ("doccano", "o.jsonl"), ("prodigy", "o.jsonl"), ("spacy", "o.spacy")]


@pytest.fixture
def with_bad_interop(project: Project, tmp_path: Path) -> Project:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": TEXT, "meta": {"title": "Kyiv talks",
                                                         "interop": MALFORMED}}) + "\n",
                      encoding="utf-8")
    summary = import_paths(project, [source], entities=False)
    assert summary.imported == 1 and not summary.failed
    return project


@pytest.mark.parametrize("fmt, name", FORMATS)
def test_every_interop_exporter_writes_despite_malformed_entries(
        with_bad_interop: Project, tmp_path: Path, fmt: str, name: str) -> None:
    load_all()
    out = tmp_path / "exports" / name
    out.parent.mkdir()
    assert EXPORTERS[fmt].write(with_bad_interop, None, out, ExportOptions()) == 1
    assert out.exists()


def test_brat_keeps_the_well_formed_span(with_bad_interop: Project, tmp_path: Path) -> None:
    load_all()
    EXPORTERS["brat"].write(with_bad_interop, None, tmp_path / "out", ExportOptions())
    ann = next((tmp_path / "out").rglob("*.ann")).read_text(encoding="utf-8")
    assert "Place 0 4\tKyiv" in ann
    assert "Bad" not in ann and "PastTheEnd" not in ann


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-2, 60), st.text(max_size=6)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(
                                ["start", "end", "label", "type", "args", "role", "ref",
                                 "trigger", "event", "target", "name", "value", "text",
                                 "relation", "parts", "attributes"]), inner, max_size=4)),
    max_leaves=20)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["spans", "relations", "fragments", "attributes",
                                        "notes", "categories"]), JSON, max_size=6))
def test_checked_interop_is_always_usable(raw: dict) -> None:
    from framedesk.core.exchange.interop import export_spans

    checked = well_formed_interop(raw, len(TEXT))
    assert well_formed_interop(checked, len(TEXT)) == checked  # nothing half-valid is kept

    class Article:
        text = TEXT

    class Record:  # the parts of an ExportRecord that export_spans reads
        article = Article()
        mentions: list = []
        cues: list = []
        attributions: list = []
        interop = raw

    export_spans(Record(), join_fragments=True)  # type: ignore[arg-type]
