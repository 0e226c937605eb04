"""`python -m tests.benchmarks [NAME...]`: run every bench_*.py module's main() in turn
(or only those named, e.g. `import entities`), printing each one's table."""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path


def bench_modules() -> list[str]:
    here = Path(__file__).resolve().parent
    return sorted(p.stem for p in here.glob("bench_*.py"))


def main(argv: list[str]) -> int:
    wanted = {a.removeprefix("bench_") for a in argv}
    failed = []
    for name in bench_modules():
        if wanted and name.removeprefix("bench_") not in wanted:
            continue
        print(f"\n=== {name} " + "=" * max(0, 70 - len(name)), flush=True)
        started = time.perf_counter()
        sys.argv = [f"tests.benchmarks.{name}"]  # a main() that parses arguments gets none
        try:
            importlib.import_module(f"tests.benchmarks.{name}").main()
        except Exception:  # one broken benchmark must not hide the others' results
            traceback.print_exc()
            failed.append(name)
        print(f"--- {name}: {time.perf_counter() - started:.0f} s", flush=True)
    if failed:
        print(f"\nFailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
