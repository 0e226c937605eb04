"""The performance suite: every user-facing speed figure at 1k, 10k and 100k articles, each
against its baseline measured in the same run, printed as one markdown table.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.benchmarks.suite \
        [--sizes 1000,10000,100000] [--out docs/benchmarks.md]

(or `make benchmark-suite`). For each size a coded project is built straight into the
tables (suite_build.py) and the JSONL corpus is written; then: open, first paint of the
list, switching articles, search, import without entities, export, agreement over two
coders' files, applying a code; import with entities runs at 1k only, and the long
articles (5,000 and 200,000 words) once. About 15 minutes on a shared 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.benchmarks.corpus import write_jsonl  # noqa: E402
from tests.benchmarks.suite_build import (  # noqa: E402
    add_long_articles,
    build_coded_project,
    second_coder,
)
from tests.benchmarks.suite_core import (  # noqa: E402
    measure_agreement,
    measure_apply_code,
    measure_export,
    measure_import,
    measure_import_entities,
    measure_open,
    measure_search,
    sample_ids,
)
from tests.benchmarks.suite_table import (  # noqa: E402
    Row,
    machine_line,
    markdown,
    size_label,
)

ENTITIES_UP_TO = 1_000     # import with entities: 10k would take minutes of NER on 2 cores
REPEAT_UP_TO = 10_000      # best of 3 up to here; a single run above (100k imports, exports)

NOTES = """\
How to read it: *framedesk* is the app's own code path, *baseline* the least any program
must do for the same result, measured in the same run on the same files (bare `sqlite3`,
bare `nlp.pipe`, plain Qt widgets); *ratio* = framedesk / baseline. Short timings are the
best of 3 (interleaved with the baseline), distributions are percentiles over repeated
actions. The machine is shared (2 cores), so the ratios are steadier than the absolute
figures. Projects are synthetic coded news (tests/benchmarks/corpus.py): about 450 words,
40 entity mentions, 3 codes, 1-2 cues and 2-3 attributions per coded article.
Above 10k, import, export and agreement are single runs (each takes from seconds to a
minute there), agreement a best of 2 below. Import with entities is measured at 1k only (NER on 10k articles takes minutes on two
cores) and in process CPU time, without attribution suggestions on either side."""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_size(n: int, tmp: Path, gui, rows: list[Row]) -> None:
    size = size_label(n)
    path = tmp / f"coded-{size}.framedesk"
    started = time.perf_counter()
    mentions = build_coded_project(path, n)
    log(f"{size}: built {n:,} coded articles, {mentions:,} mentions, "
        f"{path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - started:.0f} s")

    def add(*new: Row) -> None:
        for row in new:
            rows.append(row)
            log(" | ".join(row.cells()))

    row, open_seconds = measure_open(path, size)
    add(row)
    add(gui.first_paint(path, size, open_seconds))
    add(gui.switch(path, size, sample_ids(path, 21)))
    add(measure_search(path, size))
    jsonl = write_jsonl(tmp / f"corpus-{size}.jsonl", n)
    runs = 3 if n <= REPEAT_UP_TO else 1
    add(*measure_import(jsonl, tmp, size, runs))
    if n <= ENTITIES_UP_TO:
        add(measure_import_entities(jsonl, tmp, size))
    jsonl.unlink()
    add(measure_export(path, tmp, size, runs))
    colleague = tmp / f"coded-{size}-ben.framedesk"
    second_coder(path, colleague)
    add(measure_agreement([path, colleague], size, n, 2 if n <= REPEAT_UP_TO else 1))
    add(measure_apply_code(path, size))
    for p in tmp.glob(f"coded-{size}*"):
        p.unlink()
    log(f"{size}: done in {time.perf_counter() - started:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="comma-separated numbers of articles (default 1000,10000,100000)")
    parser.add_argument("--out", type=Path, help="also write the table to this markdown file")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    from tests.benchmarks.suite_gui import GuiBench

    started = time.perf_counter()
    header = machine_line()
    log(header)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="framedesk-suite-") as tmp_name:
        tmp = Path(tmp_name)
        gui = GuiBench(tmp)
        try:
            for n in sorted(sizes):
                run_size(n, tmp, gui, rows)
            long_ids = add_long_articles(tmp / "long.framedesk")
            rows.extend(gui.long_articles(tmp / "long.framedesk", long_ids))
        finally:
            gui.close()
    minutes = (time.perf_counter() - started) / 60
    order = {what: k for k, what in reversed(list(enumerate(r.what for r in rows)))}
    rows.sort(key=lambda r: order[r.what])   # stable: one step's sizes side by side
    table = markdown(rows)
    missed = [r for r in rows if r.ok is False]
    summary = (f"{len(rows)} figures, {len(missed)} over target; the whole suite took "
               f"{minutes:.0f} min.")
    print(f"\n{header}\n\n{table}\n\n{summary}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(
            f"# Performance suite\n\n`make benchmark-suite` (tests/benchmarks/suite.py). "
            f"{header}\n\n{table}\n\n{summary}\n\n{NOTES}\n", encoding="utf-8")
        log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
