"""A three-coder setup of real news articles, built at test time from the PolNeAR dev
articles in ../shared/data (read there, never copied into the repository).

`build_master` makes a master project: a few articles per outlet (the two articles with six
annotators each always among them), with "model" entity mentions (capitalised words, the
same in every file, as an NER run would leave). `code_as` then codes one coder's file the
way a person would, differently per coder:

* attributions: from the corpus's own annotations. On an article with several annotators
  each coder takes a different annotator's file (real disagreement); elsewhere every coder
  starts from the one annotation and coder 1 leaves out every fifth attribution, coder 2
  ends every fourth content span a few characters early;
* primary frame and tone: from a fixed mapping of the article, coder 2 choosing another
  frame on every third article;
* frame cues: the first cue word of each attribution, coded with the primary frame;
* entities: coder 1 deletes the first model mention of each article, coder 2 relabels the
  second one.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path

from framedesk.core.model import ArticleDraft, Span
from framedesk.core.store import Project
from framedesk.core.store.attributions import Attribution
from tests.benchmarks import polnear

MULTI = ("politico_2016-09-08_flynn-says-trump-absolutely-righ",
         "wash-post_2016-09-26_charlotte-struggles-to-return-to")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*\b")


@dataclass(slots=True)
class Source:
    name: str
    outlet: str
    text: str
    annotations: list[list[polnear.GoldAttribution]]   # one list per annotator file


def available() -> bool:
    return polnear.available()


def sources(per_outlet: int = 3) -> list[Source]:
    folder = polnear.POLNEAR_DEV
    out: list[Source] = []
    taken: dict[str, int] = {}
    for txt in sorted((folder / "text").glob("*.txt")):
        outlet = txt.stem.split("_")[0]
        if txt.stem not in MULTI and taken.get(outlet, 0) >= per_outlet:
            continue
        anns = sorted((folder / "attributions").glob(f"{txt.stem}_*.ann"))
        if not anns:
            continue
        taken[outlet] = taken.get(outlet, 0) + 1
        with txt.open(encoding="utf-8", newline="") as fh:
            text = fh.read()
        out.append(Source(txt.stem, outlet, text, [polnear.read_ann(a) for a in anns]))
    return out


def build_master(path: Path, per_outlet: int = 3) -> tuple[Path, list[Source]]:
    found = sources(per_outlet)
    with Project.create(path, annotator="Lead") as master:
        added = master.articles.add_many([
            ArticleDraft(text=s.text, title=s.name.split("_", 2)[-1].replace("-", " "),
                         outlet=s.outlet, source_file=f"{s.name}.txt", keep_text=True)
            for s in found])
        with master.atomic() as db:
            for (article_id, _), s in zip(added, found):
                for m in _CAPITALISED.finditer(s.text):
                    label = "PERSON" if " " in m.group() else "ORG"
                    entity_id = master.entities.ensure(m.group(), label)
                    db.execute('INSERT INTO mentions (article_id, start, "end", label, text,'
                               " entity_id, origin, status, created) VALUES"
                               " (?,?,?,?,?,?,'spacy:test@1','auto','2026-01-01')",
                               [article_id, m.start(), m.end(), label, m.group(), entity_id])
    return path, found


def _hull(frags):
    return Span(min(a for a, _ in frags), max(b for _, b in frags)) if frags else None


def code_as(path: Path, coder: str, index: int, found: list[Source]) -> int:
    """Code every article of `path` as coder number `index` (0, 1, 2); returns how many."""
    by_file = {f"{s.name}.txt": s for s in found}
    coded = 0
    with Project.open(path, annotator=coder) as project:
        frames = [c.id for c in project.codebooks.get("policy_frames").codes]
        tones = [c.id for c in project.codebooks.get("tone").codes]
        for article_id, source_file in project.db.execute(
                "SELECT id, source_file FROM articles ORDER BY id").fetchall():
            s = by_file[source_file]
            seed = zlib.crc32(s.name.encode())
            frame = frames[seed % len(frames)]
            if index == 2 and seed % 3 == 0:
                frame = frames[(seed + 1) % len(frames)]
            project.coding.set_frame(article_id, "policy_frames", frame, primary=True)
            project.coding.set_tone(article_id, tones[seed % len(tones)])
            several = len(s.annotations) > 1
            gold = s.annotations[index % len(s.annotations)] if several else s.annotations[0]
            for n, g in enumerate(gold):
                if not several and index == 1 and n % 5 == 4:
                    continue
                content = _hull(g.content)
                if content and not several and index == 2 and n % 4 == 3 \
                        and content.end - content.start > 8:
                    content = Span(content.start, content.end - 3)
                project.attributions.add(Attribution(
                    article_id, source=_hull(g.source), cue=_hull(g.cue), content=content,
                    identification="named", source_type="government"))
                if g.cue and n < 3:
                    cue = _hull(g.cue)
                    project.coding.add_cue(article_id, cue.start, cue.end, "policy_frames",
                                           frame)
            mentions = project.entities.mentions(article_id)
            if index == 1 and mentions:
                project.entities.delete(mentions[0].id)
            if index == 2 and len(mentions) > 1:
                project.entities.relabel(mentions[1].id, "GPE")
            project.articles.set_status(article_id, "done")
            coded += 1
    return coded
