"""A whole `framedesk import --no-entities --no-suggestions` (reading, storing, grouping the
stories, building the search index) against a bare sqlite3 insert of the same JSONL into a
table with the same FTS5 index; and the peak memory of the whole command on 10,000 articles.

Both sides run as whole programs, each in a process of its own, timed from the outside
(interpreter start, imports, work, exit): what an analyst waits for. Interleaved, best of
ROUNDS each, because the machine is shared and a single run mostly measures the neighbours.
Grouping is incremental (core/story_index.py), so a second import into the filled project
is printed too: its new articles against the project's, through the story index.

Run: `python -m tests.benchmarks.bench_import_stories [ARTICLES ...] [--memory N] [--rounds R]`.
Target (issue 17): at most 1.5x the bare insert at 5,000 and 100,000; peak under 300 MB.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.corpus import write_jsonl

TARGET, MEMORY_TARGET_MB = 1.5, 300
ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> tuple[float, float]:
    """Seconds (wall, whole process) and the child's peak MB."""
    code += ("; import resource, sys; print('PEAK',"
             " resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)")
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT)
    took = time.perf_counter() - started
    if out.returncode not in (0, 1):
        raise RuntimeError(out.stderr[-2000:])
    peak = next(int(line.split()[1]) for line in out.stderr.splitlines()
                if line.startswith("PEAK "))
    return took, peak / 1024


def framedesk_import(jsonl: Path, project: Path) -> tuple[float, float]:
    return _run("from framedesk.cli import main; main(['import', "
                f"{str(project)!r}, {str(jsonl)!r}, '--no-entities', '--no-suggestions'])")


def bare_insert(jsonl: Path, db: Path) -> tuple[float, float]:
    return _run("from pathlib import Path; from tests.benchmarks.bench_import import"
                f" bare_sqlite_import; bare_sqlite_import(Path({str(jsonl)!r}),"
                f" Path({str(db)!r}), fts=True)")


def compare(work: Path, articles: int, rounds: int) -> float:
    jsonl = write_jsonl(work / f"a{articles}.jsonl", articles)
    ours, bare = [], []
    for r in range(rounds):
        bare.append(bare_insert(jsonl, work / f"bare{articles}-{r}.db")[0])
        ours.append(framedesk_import(jsonl, work / f"p{articles}-{r}.framedesk")[0])
        for leftover in work.glob(f"*{articles}-{r}*"):
            leftover.unlink()
    ratio = min(ours) / min(bare)
    print(f"whole framedesk import of {articles:,} articles (no NLP): {min(ours):.2f} s; bare "
          f"sqlite3 insert + FTS5 {min(bare):.2f} s (whole processes, best of {rounds}):"
          f" {ratio:.2f}x (target <= {TARGET}x) {'ok' if ratio <= TARGET else 'MISSED'}",
          flush=True)
    return ratio


def second_import(work: Path, first: int, more: int) -> None:
    """`more` new articles into a project that has `first`: the grouping compares them
    through the index, so it costs about what importing `more` into an empty one costs."""
    both = write_jsonl(work / "both.jsonl", first + more)
    lines = both.read_text(encoding="utf-8").splitlines(keepends=True)
    head, tail = work / "head.jsonl", work / "tail.jsonl"
    head.write_text("".join(lines[:first]), encoding="utf-8")
    tail.write_text("".join(lines[first:]), encoding="utf-8")
    framedesk_import(head, work / "big.framedesk")
    later, _ = framedesk_import(tail, work / "big.framedesk")
    alone, _ = framedesk_import(tail, work / "small.framedesk")
    print(f"{more:,} new articles into a project of {first:,}: {later:.2f} s; into an empty "
          f"project: {alone:.2f} s ({later / alone:.2f}x)", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench_import_stories")
    parser.add_argument("articles", nargs="*", type=int, default=[5_000])
    parser.add_argument("--memory", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--second", type=int, default=0, metavar="N",
                        help="also import 1,000 articles into a project of N")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="framedesk-bench-") as tmp:
        work = Path(tmp)
        for n in args.articles:
            compare(work, n, args.rounds)
        if args.memory:
            big = write_jsonl(work / "m.jsonl", args.memory)
            _, peak = framedesk_import(big, work / "m.framedesk")
            print(f"peak memory, whole import of {args.memory:,}: {peak:.0f} MB "
                  f"(target < {MEMORY_TARGET_MB} MB)", flush=True)
        if args.second:
            second_import(work, args.second, 1_000)


if __name__ == "__main__":
    main(sys.argv[1:])
