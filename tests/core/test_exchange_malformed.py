"""Whatever another tool's file contains, a reader yields drafts or says what is wrong
(InputError); it never crashes the import with a traceback."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framedesk.core.errors import InputError
from framedesk.core.exchange.brat import parse_ann
from framedesk.core.exchange.doccano import read_doccano
from framedesk.core.exchange.interop import build_draft
from framedesk.core.exchange.labelstudio import read_labelstudio
from framedesk.core.exchange.prodigy import read_prodigy
from framedesk.core.exchange.uima_json import read_uima_json
from framedesk.core.model import ArticleDraft

PATH = Path("fuzz.json")
KEYS = st.sampled_from(["text", "label", "labels", "entities", "relations", "spans", "answer",
                        "start", "end", "start_offset", "end_offset", "id", "from_id",
                        "to_id", "type", "data", "annotations", "result", "value", "meta",
                        "head_span", "child_span", "cats", "%FEATURE_STRUCTURES", "%ID",
                        "%TYPE", "sofaString", "begin", "@Governor", "@Dependent"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 40), st.text(max_size=12),
                    st.sampled_from(["accept", "reject", "labels", "relation", "choices",
                                     "uima.cas.Sofa", "GPE"]))
JSON = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)), max_leaves=25)


def consume(results) -> None:
    try:
        for item in results:
            assert isinstance(item, (ArticleDraft, InputError)) or hasattr(item, "reason")
    except InputError:
        pass


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(JSON, min_size=1, max_size=3))
def test_jsonl_readers_never_crash(records: list) -> None:
    text = "\n".join(json.dumps(r) for r in records)
    for reader in (read_doccano, read_prodigy):
        consume(reader(PATH, text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_json_readers_never_crash(data: object) -> None:
    text = json.dumps(data)
    for reader in (read_labelstudio, read_uima_json):
        consume(reader(PATH, text))


LINE = st.one_of(
    st.builds(lambda k, lab, a, b: f"T{k}\t{lab} {a} {b}\tx", st.integers(1, 3),
              st.sampled_from(["GPE", "Person", "Merge-org"]), st.integers(-1, 30),
              st.integers(-1, 30)),
    st.builds(lambda k, a, b: f"R{k}\tRel Arg1:T{a} Arg2:T{b}\t", st.integers(1, 3),
              st.integers(1, 4), st.integers(1, 4)),
    st.builds(lambda k, t, a: f"E{k}\tMerge-org:T{t} Org-Arg:T{a}", st.integers(1, 3),
              st.integers(1, 4), st.integers(1, 4)),
    st.builds(lambda k, t: f"A{k}\tNeg T{t}", st.integers(1, 3), st.integers(1, 4)),
    st.builds(lambda t, n: f"#1\tAnnotatorNotes {t}\t{n}", st.sampled_from(["T1", "R1", "E1"]),
              st.text(max_size=5)),
    st.text(max_size=15))


@settings(max_examples=200, deadline=None)
@given(st.lists(LINE, max_size=8))
def test_brat_reader_never_crashes(lines: list[str]) -> None:
    text = "Kyiv and Moscow met YouTube in Google town."
    try:
        doc = parse_ann(PATH, "\n".join(lines), text)
    except InputError:
        return
    build_draft(doc, "brat")
