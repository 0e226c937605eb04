"""Everything an analyst codes survives JSONL export and re-import into a fresh project, and
`framedesk info` counts it."""

from __future__ import annotations

from pathlib import Path

from framedesk.core.commands import AddCue, MakePrimary, SetMemo, SetStatus, SetTone, ToggleFrame
from framedesk.core.exchange.jsonl import write_jsonl
from framedesk.core.importing import import_paths
from framedesk.core.model import ArticleDraft
from framedesk.core.report_info import project_info
from framedesk.core.store import Project

TEXT = "Front line 😀\n\nA war of centimetres 🇺🇦 goes on, officials said."


def coded(p: Project, aid: int) -> dict:
    c = p.coding
    return {
        "frames": [(f.codebook, f.code, f.primary, f.annotator) for f in c.frames(aid)],
        "tone": c.tone(aid, "Ana"),
        "cues": [(p.articles.get(aid).text[x.start:x.end], x.codebook, x.code, x.annotator)
                 for x in c.cues(aid)],
        "memo": c.memo(aid, "Ana"),
        "status": p.articles.get(aid).status,
    }


def test_coding_survives_jsonl_round_trip(tmp_path: Path) -> None:
    with Project.create(tmp_path / "a.framedesk", annotator="Ana") as a:
        (aid, _), = a.articles.add_many([ArticleDraft(text=TEXT, title="Front line")])
        MakePrimary(a, aid, "policy_frames", "security").do()
        ToggleFrame(a, aid, "policy_frames", "capacity").do()
        SetTone(a, aid, "implicit_anti").do()
        start = TEXT.index("war")
        AddCue(a, aid, start, TEXT.index(" goes"), "policy_frames", "security").do()
        AddCue(a, aid, TEXT.index("centimetres"), TEXT.index(","), "policy_frames",
               "capacity").do()
        SetMemo(a, aid, "Check the <source> & date").do()
        SetStatus(a, aid, "done").do()
        before = coded(a, aid)
        out = tmp_path / "export.jsonl"
        assert write_jsonl(a, None, out) == 1
        info = {(r["kind"], r["annotator"]): r["count"] for r in project_info(a)["annotations"]}
        assert info[("primary frames", "Ana")] == 1 and info[("secondary frames", "Ana")] == 1
        assert info[("tone", "Ana")] == 1 and info[("frame cues", "Ana")] == 2
        assert info[("memos", "Ana")] == 1
    assert before["cues"][0][0] == "war of centimetres 🇺🇦"

    with Project.create(tmp_path / "b.framedesk", annotator="Ben") as b:
        summary = import_paths(b, [out], entities=False)
        assert summary.imported == 1
        (bid,) = b.articles.ids()
        assert coded(b, bid) == before
