"""Every writer, given a hostile output path: a FIFO, a socket, a symlink loop, or a link
to one of its own inputs. What a user notices: one sentence and exit 1 at once (nothing
waits on a FIFO), the inputs byte-for-byte unchanged, no temporary file left behind."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from tests.hostile.input_cases import template_project
from tests.hostile.running import fingerprints, framedesk, one_sentence
from tests.support.writer_faults import temporary_names

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def writers(a: Path, b: Path, out: Path) -> dict[str, list]:
    return {"agree --csv": ["agree", a, b, "--csv", out],
            "agree --html": ["agree", a, b, "--html", out],
            "sources --csv": ["sources", a, "--csv", out],
            "report": ["report", a, "--out", out],
            "export jsonl": ["export", a, "-f", "jsonl", "-o", out],
            "export csv": ["export", a, "-f", "csv", "-o", out],
            "export brat": ["export", a, "-f", "brat", "-o", out],
            "merge --out": ["merge", a, b, "--out", out],
            "merge --log": ["merge", a, b, "--out", out.with_name("gold.framedesk"),
                            "--log", out]}
# Not yet: `snapshot` saves its PNG with Qt straight to the path (no atomic writer, no
# check of the target), so a FIFO as its output would block; see docs/reliability.md.


def _target(folder: Path, kind: str, a: Path) -> Path:
    out = folder / "out.x"
    if kind == "fifo":
        os.mkfifo(out)
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(out))
        sock.close()
    elif kind == "symlink loop":
        out.symlink_to(out.name)
    elif kind == "hard link to an input":
        os.link(a, out)
    elif kind == "symlink to an input":
        out.symlink_to(a)
    return out


class _Unblock:
    """Should a writer open the FIFO and wait, open its other end after `after` seconds so
    the test ends (and fails) instead of hanging."""

    def __init__(self, fifo: Path, after: float = 20.0) -> None:
        self.needed = False
        self._timer = threading.Timer(after, self._open, args=(fifo,))

    def _open(self, fifo: Path) -> None:
        self.needed = True
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        threading.Timer(1.0, os.close, args=(fd,)).start()

    def __enter__(self) -> _Unblock:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-outputs")
    a = template_project(folder / "ana.framedesk")
    b = template_project(folder / "ben.framedesk", annotator="Ben", frames=("economic",))
    return a, b


KINDS = ["fifo", "socket", "symlink loop", "hard link to an input", "symlink to an input"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("writer", list(writers(Path("a"), Path("b"), Path("o"))))
def test_a_writer_refuses_a_hostile_output(inputs, tmp_path, writer, kind):
    a, b = inputs
    before = fingerprints([a, b])
    out = _target(tmp_path, kind, a)
    with _Unblock(out) as unblock:
        outcome = framedesk(*writers(a, b, out)[writer], "--force")
    assert not unblock.needed, "the writer waited on a FIFO"
    assert one_sentence(outcome) is None, one_sentence(outcome)
    assert outcome.code == 1, (outcome.code, outcome.err)
    errors = [ln for ln in outcome.problem_lines() if ln.startswith("framedesk")]
    assert len(errors) == 1, outcome.err
    assert fingerprints([a, b]) == before
    assert not temporary_names(tmp_path)
    assert not (tmp_path / "gold.framedesk").exists() or writer != "merge --log"
