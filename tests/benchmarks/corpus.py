"""Synthetic news corpora for benchmarks: realistic in shape, seeded, any size.

Each article has a headline, an outlet, a date, an author and 6-14 paragraphs of news prose
with people, places and organisations, direct quotes ("...," X said), indirect speech and
"according to" attributions, at about the density of wire copy (an entity every 10-15
words). Nothing is copied from real articles; sentences are assembled from templates.

    from tests.benchmarks.corpus import articles, texts, write_jsonl, write_text_files
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

PEOPLE = ["Vladimir Putin", "Volodymyr Zelensky", "Joe Biden", "Olaf Scholz",
          "Emmanuel Macron", "Ursula von der Leyen", "Jens Stoltenberg", "Antony Blinken",
          "Dmitry Peskov", "Andriy Yermak", "Kaja Kallas", "Rishi Sunak", "Giorgia Meloni",
          "Recep Tayyip Erdogan", "Xi Jinping", "Sergei Lavrov", "Dmytro Kuleba",
          "Lloyd Austin", "Mark Rutte", "Viktor Orban", "Donald Tusk", "Pedro Sanchez"]
PLACES = ["Kyiv", "Kiev", "Moscow", "Washington", "Brussels", "Berlin", "Paris", "London",
          "Warsaw", "Kharkiv", "Odesa", "Donetsk", "Crimea", "Ukraine", "Russia", "Poland",
          "Germany", "France", "the United States", "Turkey", "China", "Hungary", "Geneva"]
ORGS = ["NATO", "the European Union", "the United Nations", "the Kremlin", "the Pentagon",
        "the IMF", "the World Bank", "the State Department", "Gazprom", "the Red Cross",
        "the OSCE", "the European Commission", "the G7"]
OUTLETS = ["NBC News", "Reuters", "Associated Press", "BBC News", "The Guardian", "Politico",
           "Deutsche Welle", "Le Monde", "Kyiv Independent", "Euronews", "CNN", "Bloomberg"]
ROLES = ["a senior State Department official", "two US officials", "a person familiar with "
         "the talks", "military analysts", "a spokesperson for the ministry", "diplomats",
         "an adviser to the president", "officials in Brussels", "sources close to the "
         "government", "a NATO diplomat"]
VERBS = ["said", "told reporters", "warned", "added", "noted", "insisted", "claimed",
         "stressed", "argued", "acknowledged"]
TOPICS = ["peace negotiations", "military aid", "the winter offensive", "energy supplies",
          "sanctions", "the grain corridor", "air defence systems", "reconstruction funds",
          "prisoner exchanges", "the front line", "ammunition production", "refugee support",
          "frozen Russian assets", "EU membership talks", "the ceasefire proposal"]
CLAIMS = ["talks could begin before the end of the year",
          "the stalemate on the battlefield is unlikely to change soon",
          "support for further aid is declining", "the sanctions are starting to bite",
          "no decision has been taken yet", "the allies remain united",
          "negotiations must be based on international law",
          "the offensive has slowed in recent weeks",
          "new deliveries would arrive in the spring",
          "pressure on the government is growing"]
HEADLINES = ["{p} signals openness to {t}", "{o} weighs new steps on {t}",
             "Pressure mounts in {l} over {t}", "{l} and {l2} at odds over {t}",
             "What {p} said about {t}", "Inside the talks on {t}",
             "{p} visits {l} as {t} stall", "Allies split on {t}, officials say"]


@dataclass(slots=True)
class SyntheticArticle:
    title: str
    outlet: str
    published: str
    author: str
    paragraphs: list[str]

    @property
    def text(self) -> str:
        """Headline first, as Framedesk stores articles."""
        return "\n\n".join([self.title, *self.paragraphs])

    def as_record(self) -> dict[str, object]:
        return {"text": self.text, "meta": {"title": self.title, "outlet": self.outlet,
                                             "published": self.published,
                                             "author": self.author}}

    def as_scraped(self) -> str:
        """As a scraper saves it: breadcrumb glued to the headline, repeats, debris."""
        return "\n".join([f"News{self.title}", "", self.title, f"By {self.author}",
                          _dateline(self.published), "Photo: Reuters", "",
                          "\n\n".join(self.paragraphs), "", "Related content"])


def _dateline(iso: str) -> str:
    when = datetime.fromisoformat(iso)
    return f"{when:%-I:%M %p} CET, {when:%B} {when.day}, {when.year}"


def _sentence(rng: random.Random) -> str:
    p, p2 = rng.sample(PEOPLE, 2)
    l, o, t = rng.choice(PLACES), rng.choice(ORGS), rng.choice(TOPICS)
    claim, verb, role = rng.choice(CLAIMS), rng.choice(VERBS), rng.choice(ROLES)
    return rng.choice([
        f"\u201cWe believe {claim},\u201d {p} {verb} in {l} on {rng.choice(_DAYS)}.",
        f"{p} {verb} that {claim}, according to {rng.choice(OUTLETS)}.",
        f"According to {role}, {claim}.",
        f"Officials from {o} met {p2} in {l} to discuss {t}.",
        f"{p.split()[-1]} has repeatedly said that {claim}, while {p2} disagreed.",
        f"The meeting in {l} focused on {t} and the role of {o}.",
        f"\u201cThere is no alternative to {t},\u201d said {role}, who spoke on condition of "
        f"anonymity because they were not authorised to speak publicly.",
        f"In {l}, {o} is expected to announce new measures on {t} next week.",
        f"Asked about {t}, {p} {verb}: \u201cIt is too early to say.\u201d",
        f"Critics in {l} {verb} that {claim}.",
    ])


_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def articles(n: int, seed: int = 2023) -> Iterator[SyntheticArticle]:
    """`n` articles, the same ones for the same seed; each text is distinct."""
    rng = random.Random(seed)
    start = datetime(2023, 1, 1, 6, 0)
    for i in range(n):
        title = rng.choice(HEADLINES).format(
            p=rng.choice(PEOPLE), o=rng.choice(ORGS), l=rng.choice(PLACES),
            l2=rng.choice(PLACES), t=rng.choice(TOPICS))
        paragraphs = [" ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))
                      for _ in range(rng.randint(6, 14))]
        paragraphs[-1] += f" (Story {i + 1}.)"  # distinct texts: no accidental duplicates
        when = start + timedelta(minutes=rng.randint(0, 60 * 24 * 365))
        yield SyntheticArticle(title=f"{title[0].upper()}{title[1:]}",
                               outlet=rng.choice(OUTLETS),
                               published=when.strftime("%Y-%m-%dT%H:%M"),
                               author=" ".join(rng.sample(["Anna", "Marek", "Olena", "James",
                                                           "Sofia", "Pavel", "Claire"], 1)
                                               + rng.sample(["Kowalski", "Smith", "Bondar",
                                                             "Rossi", "Meyer"], 1)),
                               paragraphs=paragraphs)


def texts(n: int, seed: int = 2023) -> Iterator[str]:
    return (a.text for a in articles(n, seed))


def write_jsonl(path: Path, n: int, seed: int = 2023) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for a in articles(n, seed):
            fh.write(json.dumps(a.as_record(), ensure_ascii=False) + "\n")
    return path


def write_text_files(folder: Path, n: int, seed: int = 2023) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, a in enumerate(articles(n, seed)):
        (folder / f"{i:06d}.txt").write_text(a.as_scraped(), encoding="utf-8")
    return folder


if __name__ == "__main__":
    sample = next(articles(1))
    print(sample.as_scraped())
    words = sum(len(t.split()) for t in texts(200))
    print(f"\n200 articles: {words / 200:.0f} words on average")
