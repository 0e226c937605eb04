"""Three coders' files built at test time from real news text (PolNeAR dev, read from
../shared/data: never copied into the repository).

Two PolNeAR articles were annotated by six people each: Ana, Ben and Cleo take the
attributions of three of them, so these articles hold real disagreement. On four more
articles (one annotator in the corpus) the three coders share the attributions. Frames,
tones and frame cues are set here, agreeing on most articles and differing on a few; the
entity mentions are the same model run in every file ('auto'), with one correction by Ben.

`shared=True` puts Ben and Cleo in one file (team.framedesk), as a team's shared project
would: each analyst in any file is a coder.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from framedesk.core.model import ArticleDraft, Span
from framedesk.core.store import Project
from framedesk.core.store.attributions import Attribution
from tests.benchmarks import polnear
from tests.core.test_review import model_mentions

SIX_ANNOTATORS = ("politico_2016-09-08_flynn-says-trump-absolutely-righ",
                  "wash-post_2016-09-26_charlotte-struggles-to-return-to")
ANNOTATOR_OF = {"Ana": "4b22", "Ben": "4e07", "Cleo": "5fec"}
CODERS = tuple(ANNOTATOR_OF)
# Names the "model" finds, with its label (a stand-in for an NER run, the same in every file).
NAMES = {"Trump": "PERSON", "Clinton": "PERSON", "Flynn": "PERSON", "Obama": "PERSON",
         "Charlotte": "GPE", "Pence": "PERSON", "America": "GPE", "Congress": "ORG"}
_NAME = re.compile(r"\b(" + "|".join(NAMES) + r")\b")
# Per article: (primary frame, tone) of Ana, Ben, Cleo.
FRAMES = [("political", "political", "security"), ("crime", "crime", "crime"),
          ("political", "political", "political"), ("economic", "economic", "economic"),
          ("health", "political", "health"), ("political", "political", "political")]
TONES = [("negative", "negative", "negative"), ("negative", "neutral", "negative"),
         ("neutral", "neutral", "neutral"), ("positive", "positive", "positive"),
         ("neutral", "neutral", "neutral"), ("negative", "negative", "negative")]


def articles() -> list[tuple[str, str]]:
    """(name, text) of the six articles: the two with six annotators, then four others."""
    folder = polnear.POLNEAR_DEV
    if not polnear.available(folder):
        pytest.skip(f"PolNeAR dev data not found at {folder}")
    names = list(SIX_ANNOTATORS)
    for txt in sorted((folder / "text").glob("*.txt")):
        if txt.stem not in names and len(names) < 6 and txt.stem.split("_")[0] not in {
                n.split("_")[0] for n in names}:
            names.append(txt.stem)
    out = []
    for name in names:
        with (folder / "text" / f"{name}.txt").open(encoding="utf-8", newline="") as fh:
            out.append((name, fh.read()))
    return out


def _attributions(name: str, coder: str) -> list[polnear.GoldAttribution]:
    folder = polnear.POLNEAR_DEV / "attributions"
    if name in SIX_ANNOTATORS:
        return polnear.read_ann(folder / f"{name}_{ANNOTATOR_OF[coder]}.ann")
    return polnear.read_ann(sorted(folder.glob(f"{name}_*.ann"))[0])


def _span(frags) -> Span | None:
    return Span(min(a for a, _ in frags), max(b for _, b in frags)) if frags else None


def _code(p: Project, coder: str, n: int, aid: int, name: str, text: str) -> None:
    p.annotator = coder
    c = CODERS.index(coder)
    p.coding.set_frame(aid, "policy_frames", FRAMES[n][c], primary=True)
    p.coding.set_tone(aid, TONES[n][c])
    first = re.search(r"\w+(?: \w+)?", text)
    cue_code = "economic" if (n == 0 and coder == "Cleo") else FRAMES[n][0]
    p.coding.add_cue(aid, first.start(), first.end(), "policy_frames", cue_code)
    for a in _attributions(name, coder):
        p.attributions.add(Attribution(aid, source=_span(a.source), cue=_span(a.cue),
                                       content=_span(a.content), identification="named",
                                       source_type="other"))


def build(folder: Path, *, shared: bool = False) -> list[Path]:
    """Write the coders' files into `folder`; returns them (two files when `shared`)."""
    texts = articles()
    groups = [["Ana"], ["Ben", "Cleo"]] if shared else [[c] for c in CODERS]
    paths = []
    for group in groups:
        path = folder / ("team.framedesk" if len(group) > 1 else f"{group[0].lower()}.framedesk")
        p = Project.create(path, annotator=group[0])
        try:
            drafts = [ArticleDraft(text=t, title=n.split("_", 2)[2].replace("-", " "),
                                   outlet=n.split("_")[0], published=n.split("_")[1],
                                   keep_text=True) for n, t in texts]
            ids = [i for i, _ in p.articles.add_many(drafts)]
            for aid, (name, text) in zip(ids, texts):
                model_mentions(p, aid, [(m.start(), m.end(), NAMES[m[1]], m[1])
                                        for m in _NAME.finditer(text)])
            for coder in group:
                for n, (aid, (name, text)) in enumerate(zip(ids, texts)):
                    _code(p, coder, n, aid, name, text)
            if "Ben" in group:            # Ben corrects one model mention: a place, not a person
                p.annotator = "Ben"
                row = p.db.execute("SELECT id FROM mentions WHERE article_id = ? AND"
                                   " label = 'PERSON' ORDER BY start LIMIT 1",
                                   [ids[2]]).fetchone()
                if row:
                    p.entities.relabel(row[0], "ORG")
        finally:
            p.close()
        paths.append(path)
    return paths
