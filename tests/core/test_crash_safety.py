"""kill -9 right after a coding action loses nothing: the action is in the file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from framedesk.core.model import ArticleDraft
from framedesk.core.store import Project

CHILD = textwrap.dedent("""
    import sys, time
    from framedesk.core.commands import AddCue, MakePrimary, SetTone
    from framedesk.core.store import Project

    project = Project.open(sys.argv[1], annotator="Ana")
    article_id = int(sys.argv[2])
    action = sys.argv[3]
    if action == "primary":
        MakePrimary(project, article_id, "policy_frames", "security").do()
    elif action == "cue":
        AddCue(project, article_id, 2, 20, "policy_frames", "security").do()
    else:
        SetTone(project, article_id, "implicit_pro").do()
    print("ok", flush=True)
    time.sleep(60)   # still running, file still open, when the parent kills it
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("action", ["primary", "cue", "tone"])
def test_action_survives_kill_9(tmp_path: Path, action: str) -> None:
    path = tmp_path / "crash.framedesk"
    with Project.create(path, annotator="Ana") as p:
        (aid, _), = p.articles.add_many([ArticleDraft(text="Title\n\nA war of centimetres.")])
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    child = subprocess.Popen([sys.executable, str(script), str(path), str(aid), action],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline()
        assert line.strip() == "ok", child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    with Project.open(path, annotator="Ana") as p:
        if action == "primary":
            assert [(f.code, f.primary) for f in p.coding.frames(aid)] == [("security", True)]
        elif action == "cue":
            assert [(c.start, c.end, c.code) for c in p.coding.cues(aid)] == [(2, 20, "security")]
        else:
            assert p.coding.tone(aid) == "implicit_pro"
        assert p.articles.get(aid).status == "in_progress"
