"""The file round trips behind docs/round-trip.md: Framedesk -> file -> a fresh Framedesk,
kind by kind, on the two-coder project (tests/support). The formats that carry Framedesk's
codes keep every kind and every analyst; doccano keeps what it has room for (spans and
relations, one line per analyst) and loses the rest, never inventing codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from framedesk.core.exchange.registry import EXPORTERS, load_all
from framedesk.core.importing import import_paths
from framedesk.core.store import Project
from tests.support.roundtrip_kinds import KINDS, compare, inventory
from tests.support.two_coders import two_coder_project

EVERYTHING = dict.fromkeys(KINDS, "kept")


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Project:
    p = two_coder_project(tmp_path_factory.mktemp("table") / "source.framedesk")
    yield p
    p.close()


def round_trip(source: Project, tmp_path: Path, fmt: str, name: str) -> dict[str, str]:
    load_all()
    EXPORTERS[fmt].write(source, None, tmp_path / name)
    with Project.create(tmp_path / "back.framedesk", annotator="Cleo") as back:
        summary = import_paths(back, [tmp_path / name], entities=False)
        assert not summary.failed
        return compare(inventory(source), inventory(back))


@pytest.mark.parametrize("fmt, name", [("jsonl", "o.jsonl"), ("labelstudio", "o.json"),
                                       ("csv", "o"), ("spacy", "o.spacy")])
def test_formats_with_codes_keep_every_kind(source: Project, tmp_path: Path, fmt: str,
                                            name: str) -> None:
    assert round_trip(source, tmp_path, fmt, name) == EVERYTHING


def test_doccano_keeps_spans_and_loses_document_codes(source: Project, tmp_path: Path) -> None:
    result = round_trip(source, tmp_path, "doccano", "o.jsonl")
    assert (result["entities"], result["cues"]) == ("kept", "kept")
    assert result["attributions"] == "kept (quote type lost)"
    assert (result["frames"], result["tone"], result["notes"]) == ("lost", "lost", "lost")
    assert result["coders"] == "kept"   # one line per analyst: cues stay with their coder
    assert all("wrong" not in verdict for verdict in result.values())
