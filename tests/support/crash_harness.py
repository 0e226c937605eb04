"""Kill a process that is coding through the core at a random moment, then check the file.

The child performs coding operations through the core (frames, cues, tone, memos,
attributions, status) and prints one line per operation AFTER the call returned, i.e. once
the operation was confirmed to the user. The parent SIGKILLs it at a random moment, reopens
the project and checks: the file opens, `PRAGMA integrity_check` is ok, and every confirmed
operation is there. (The operation in flight at the kill may or may not be there: both are
fine, it was never confirmed.)
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

CHILD = r"""
import json, random, sys
from framedesk.core.model import Span
from framedesk.core.store import Project
from framedesk.core.store.attributions import Attribution

path, seed = sys.argv[1], int(sys.argv[2])
rng = random.Random(seed)
p = Project.open(path, annotator="crash-test")
ids = p.articles.ids()
print(json.dumps({"op": "ready"}), flush=True)
n = 0
while True:
    n += 1
    aid = rng.choice(ids)
    kind = rng.choice(["cue", "frame", "memo", "attribution", "status", "tone"])
    rec = {"op": kind, "article": aid, "n": n}
    if kind == "frame":
        rec["code"] = rng.choice(["economic", "security", "political", "morality"])
    elif kind == "memo":
        rec["value"] = f"memo op{n}"
    elif kind == "status":
        rec["value"] = rng.choice(["todo", "in_progress", "done", "skipped"])
    elif kind == "tone":
        rec["value"] = rng.choice(["explicit_anti", "neutral", "implicit_pro"])
    print(json.dumps({"begin": rec}), flush=True)
    if kind == "cue":
        start = n * 3 % 900
        rec["id"] = p.coding.add_cue(aid, start, start + 2, "policy_frames", "security",
                                     note=f"op{n}")
    elif kind == "frame":
        p.coding.set_frame(aid, "policy_frames", rec["code"], primary=rng.random() < 0.3)
    elif kind == "memo":
        p.coding.set_memo(aid, rec["value"])
    elif kind == "attribution":
        s = n * 5 % 900
        rec["id"] = p.attributions.add(Attribution(aid, content=Span(s, s + 4),
                                       source=Span(s + 5, s + 7), identification="named"))
    elif kind == "status":
        p.articles.set_status(aid, rec["value"])
    else:
        p.coding.set_tone(aid, rec["value"])
    print(json.dumps({"ok": rec}), flush=True)
"""


@dataclass
class CrashResult:
    confirmed: int
    missing: list[dict]
    integrity: str


def prepare(path: Path, articles: int = 20) -> None:
    from framedesk.core.model import ArticleDraft
    from framedesk.core.store import Project

    with Project.create(path, annotator="crash-test") as p:
        p.articles.add_many([ArticleDraft(text=f"Article {i}\n\n" + "Some words here. " * 60)
                             for i in range(articles)])


def run_once(path: Path, seed: int, max_wait: float = 0.6) -> CrashResult:
    rng = random.Random(seed)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(seed)],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert child.stdout is not None
    first = child.stdout.readline()
    if '"ready"' not in first:
        child.kill()
        raise RuntimeError(f"child did not start: {first!r}")
    time.sleep(rng.uniform(0.0, max_wait))
    os.kill(child.pid, signal.SIGKILL)
    # Read through the same buffered stream as readline() above, or lines it prefetched
    # would be lost.
    out = child.stdout.read()
    child.wait()
    child.stdout.close()
    # The last line may be cut mid-write by the kill: only whole lines count.
    events = [json.loads(ln) for ln in out.split("\n")[:-1] if ln]
    confirmed = [e["ok"] for e in events if "ok" in e]
    begun = [e["begin"] for e in events if "begin" in e]
    in_flight = begun[-1] if begun and (not confirmed or begun[-1]["n"] != confirmed[-1]["n"]) else None
    return CrashResult(len(confirmed), check(path, confirmed, in_flight), integrity(path))


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def check(path: Path, confirmed: list[dict], in_flight: dict | None = None) -> list[dict]:
    """Confirmed operations not found in the file after reopening it through the core."""
    from framedesk.core.store import Project

    missing = []
    latest: dict[tuple[str, int], str] = {}  # overwriting ops: (kind, article) -> last value
    with Project.open(path, annotator="crash-test") as p:
        db = p.db
        for rec in confirmed:
            op = rec["op"]
            if op == "cue":
                row = db.execute("SELECT note FROM span_codes WHERE id = ?", [rec["id"]]).fetchone()
                if not row or row[0] != f"op{rec['n']}":
                    missing.append(rec)
            elif op == "attribution":
                if not db.execute("SELECT 1 FROM attributions WHERE id = ?", [rec["id"]]).fetchone():
                    missing.append(rec)
            elif op == "frame":
                if not any(f.code == rec["code"] for f in p.coding.frames(rec["article"])):
                    missing.append(rec)
            else:
                latest[(op, rec["article"])] = rec["value"]
        readers = {"memo": p.coding.memo, "tone": p.coding.tone,
                   "status": lambda aid: p.articles.get(aid).status}
        for (op, aid), value in latest.items():
            found = readers[op](aid)
            # The unconfirmed operation in flight may have landed on top: that is fine.
            landed = (in_flight is not None and in_flight["op"] == op
                      and in_flight["article"] == aid and found == in_flight.get("value"))
            if found != value and not landed:
                missing.append({"op": op, "article": aid, "expected": value, "found": found})
    return missing
