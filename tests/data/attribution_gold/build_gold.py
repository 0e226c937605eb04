"""Build gold.jsonl from the hand-written annotation files (*.yaml in this folder).

The annotations name their spans by the quoted text; this script finds the offsets (Python
code points into the article text, end exclusive) so nobody counts characters by hand:
- content: the only occurrence in the text, or the first after `after:`;
- source and cue: the whole-word occurrence nearest to the content (overlap counts as
  nearest), or with `source_before: true` the nearest one that ends before the content.
It refuses ambiguous or missing substrings. Run it after editing a YAML file:

    .venv/bin/python tests/data/attribution_gold/build_gold.py [--show]

`--show` prints every attribution with its spans marked, to check them by eye.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT / "desktop"))

from framedesk.core.textnorm import article_uid, normalise_text  # noqa: E402

SOURCES = ("seeds.yaml", "articles_a.yaml", "articles_b.yaml", "heldout.yaml")
HELD_OUT = {"heldout.yaml"}   # written after the rules were frozen; never used to tune them
ATTRIBUTES = ("quote_type", "identification", "source_type", "certainty")


class GoldError(ValueError):
    pass


def seed_text(item: dict) -> str:
    raw = normalise_text((ROOT / item["seed"]).read_text(encoding="utf-8"))
    start = raw.index(item["body_from"])
    end = raw.index(item["body_until"], start) if item.get("body_until") else len(raw)
    return normalise_text(item["title"] + "\n\n" + raw[start:end])


def find_content(text: str, needle: str, after: str | None, where: str) -> tuple[int, int]:
    base = 0
    if after:
        base = text.index(after) + len(after)
    hits = [m.start() + base for m in re.finditer(re.escape(needle), text[base:])]
    if not hits:
        raise GoldError(f"{where}: content not found: {needle!r}")
    if len(hits) > 1 and not after:
        raise GoldError(f"{where}: content occurs {len(hits)} times, add 'after': {needle!r}")
    return hits[0], hits[0] + len(needle)


def find_near(text: str, needle: str, content: tuple[int, int], before: bool,
              where: str) -> tuple[int, int]:
    pattern = (r"(?<!\w)" if needle[0].isalnum() else "") + re.escape(needle) \
        + (r"(?!\w)" if needle[-1].isalnum() else "")
    best: tuple[int, int, int] | None = None
    for m in re.finditer(pattern, text):
        s, e = m.start(), m.end()
        if before and e > content[0]:
            continue
        distance = max(0, content[0] - e, s - content[1])
        if best is None or distance < best[0]:
            best = (distance, s, e)
    if best is None:
        raise GoldError(f"{where}: not found near the content: {needle!r}")
    return best[1], best[2]


def span(text: str, se: tuple[int, int] | None) -> dict | None:
    if se is None:
        return None
    return {"start": se[0], "end": se[1], "text": text[se[0]:se[1]]}


def build_article(item: dict, split: str = "dev") -> dict:
    text = seed_text(item) if "seed" in item else normalise_text(item["text"])
    title = text.split("\n", 1)[0]
    rows = []
    for n, a in enumerate(item.get("attributions", []), 1):
        where = f"{item['id']}#{n}"
        content = find_content(text, a["content"], a.get("after"), where)
        source = (find_near(text, a["source"], content, a.get("source_before", False), where)
                  if a.get("source") else None)
        cue = find_near(text, a["cue"], content, False, where) if a.get("cue") else None
        for key in ATTRIBUTES:
            if key not in a:
                raise GoldError(f"{where}: missing {key}")
        rows.append({
            "source": span(text, source), "cue": span(text, cue),
            "content": span(text, content),
            **{k: a[k] for k in ATTRIBUTES},
            "unnamed": a.get("unnamed") or {},
            "entity": a.get("entity"), "status": "manual",
        })
    return {
        "id": article_uid(text), "text": text,
        "meta": {"title": title, "outlet": item.get("outlet"), "url": None, "author": None,
                 "published": item.get("published"), "language": "en",
                 "source_file": item.get("seed") or f"attribution_gold/{item['id']}",
                 "status": "done", "gold_id": item["id"], "split": split},
        "spans": [], "frames": [], "tone": None, "frame_cues": [],
        "attributions": rows, "memo": None, "annotator": "gold",
    }


def show(record: dict) -> None:
    text = record["text"]
    print(f"=== {record['meta']['gold_id']}")
    for a in record["attributions"]:
        parts = [f"{k}={a[k]['text']!r}" for k in ("source", "cue") if a[k]]
        print(f"  [{a['content']['text'][:70]}...] {' '.join(parts)} "
              f"{a['identification']}/{a['source_type']}/{a['certainty']}/{a['quote_type']}")
        assert text[a["content"]["start"]:a["content"]["end"]] == a["content"]["text"]


def main(argv: list[str]) -> int:
    records = []
    for name in SOURCES:
        for item in yaml.safe_load((HERE / name).read_text(encoding="utf-8")):
            records.append(build_article(item, "heldout" if name in HELD_OUT else "dev"))
    out = HERE / "gold.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    if "--show" in argv:
        for r in records:
            show(r)
    total = sum(len(r["attributions"]) for r in records)
    print(f"{len(records)} articles, {total} attributions -> {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
