"""The record-based exporters (CSV, spaCy, brat, doccano, Label Studio, HTML) read entity
mentions through gather.iter_records: ordered by start, then end, then id, also when two
mentions share a start and the longer one was stored first, and across chunk boundaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from framedesk.core.exchange import gather
from framedesk.core.exchange.registry import ExportOptions
from framedesk.core.store import Project
from tests.core.test_exchange_jsonl_exact import build


@pytest.mark.parametrize("chunk", [500, 1])
def test_mentions_come_by_start_then_end_then_id(tmp_path: Path, chunk: int,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gather, "CHUNK", chunk)
    build(tmp_path / "coded.framedesk")
    with Project.open(tmp_path / "coded.framedesk", read_only=True) as project:
        records = list(gather.iter_records(project, [1, 2, 3, 5], ExportOptions()))
    first = [(m.start, m.end, m.text) for m in records[0].mentions]
    assert first[:3] == [(11, 15, "Kyiv"), (22, 30, "Vladimir"), (22, 36, "Vladimir Putin")]
    for rec in records:
        keys = [(m.start, m.end, m.id) for m in rec.mentions]
        assert keys == sorted(keys)
    assert [r.article.id for r in records] == [1, 2, 3, 5]
    assert [len(r.mentions) for r in records] == [5, 0, 1, 1]   # the deleted one left out
