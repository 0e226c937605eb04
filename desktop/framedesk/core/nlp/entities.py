"""Finding entities in a project's articles and storing them as mentions.

    annotate_articles(project, ids)        after an import: new articles, default model
    recompute_entities(project, model=...)  "recompute entities", e.g. with another model

Both run spaCy's `nlp.pipe` in batches over the article texts with only the components NER
needs plus the shipped gazetteer, apply the project's own rules, link each mention to a
canonical entity (aliases.py) and store one batch per transaction, so a cancelled run keeps
every batch it finished. The analyst's corrections ('manual' and 'deleted' mentions) survive
a re-run: a model mention overlapping one of them is dropped.
"""

from __future__ import annotations

import dataclasses

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from framedesk.core.errors import Cancelled
from framedesk.core.model import Mention
from framedesk.core.nlp.aliases import (
    CanonicalResolver,
    ensure_shipped_aliases,
    link_short_names,
    link_within_article,
)
from framedesk.core.nlp.gazetteers import Found, ProjectRules, read_yaml
from framedesk.core.nlp.pieces import CharacterSteps, text_pieces, total_characters
from framedesk.core.nlp.pipeline import PipelineInfo, default_pipeline, info, load_for_ner
from framedesk.core.progress import NO_PROGRESS, Progress

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

# Numbers, dates and amounts are not entities an analyst links or filters by.
NUMERIC_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL",
                            "CARDINAL"})
READ_CHUNK = 500
# Source descriptions the model takes for names at a sentence start (resources/gazetteers).
NOT_NAMES = frozenset(w.casefold() for w in
                      (read_yaml("not_names.yaml") or {}).get("words", []))  # article ids per SELECT (well under SQLite's variable limit)


class EntityRecognizer:
    """One loaded pipeline (shared per process), ready to run over texts or articles."""

    def __init__(self, model: str | None = None, *, language: str = "en",
                 nlp: Any | None = None) -> None:
        """`nlp`: a loaded pipeline of `model` to use instead of the NER-only one (the full
        pipeline the attribution rules parse with, so one parse serves both)."""
        self.package = model or default_pipeline(language)
        self.nlp = nlp if nlp is not None else load_for_ner(self.package)
        self.info: PipelineInfo = info(self.nlp, self.package)

    @classmethod
    def for_project(cls, project: Project, model: str | None = None) -> EntityRecognizer:
        """The project's chosen model (meta "model"), else the preferred installed one."""
        return cls(model or project.meta("model"), language=project.language)

    # ------------------------------------------------------------ texts
    def find(self, text: str, rules: ProjectRules | None = None) -> list[Found]:
        """Entities in one text (for previews and tests; articles go through annotate)."""
        return self._found(self.nlp(text), rules)

    def _found(self, doc: Any, rules: ProjectRules | None) -> list[Found]:
        # ent_id_ is the gazetteer's usual spelling of a name it matched in capitals.
        found = [Found(e.start_char, e.end_char, e.label_, e.text, e.ent_id_ or None)
                 for e in doc.ents
                 if e.label_ not in NUMERIC_LABELS and "\n" not in e.text
                 and e.text.casefold() not in NOT_NAMES and not _lowercase_word(e.text)]
        return rules.apply(doc, found) if rules else found

    # ------------------------------------------------------------ articles
    def annotate(self, project: Project, article_ids: Iterable[int], *,
                 progress: Progress | None = None, batch_size: int = 64,
                 replace: bool = False, also: DocReader | None = None,
                 label: str = "Finding entities") -> int:
        """Find and store the entities of these articles; returns mentions stored.

        `replace` swaps earlier model mentions for new ones (keeping corrections); without it
        articles that already have mentions are still handled safely, just more slowly.
        `also` reads the same parses for something else (attribution suggestions): it sees
        every piece of its articles and stores after each batch's mentions are stored.
        Raises Cancelled after storing every finished batch when `progress` is cancelled.
        """
        progress = progress or NO_PROGRESS
        wanted = list(dict.fromkeys(article_ids))
        for_entities = set(wanted)
        ids = wanted + [a for a in dict.fromkeys(also.article_ids) if a not in for_entities] \
            if also is not None else wanted
        self._record_model(project, force=replace)
        ensure_shipped_aliases(project)
        rules = ProjectRules(project.entities.rules(), self.nlp)
        resolver = CanonicalResolver(project)
        progress.start(total_characters(project, ids), label)
        steps = CharacterSteps(progress)
        stored = 0
        batch: list[tuple[int, list[Found]]] = []
        try:
            limit = chunk_limit(self.nlp)
            pieces = ((piece, (article_id, offset, last, len(piece))) for text, article_id in
                      _texts(project, ids) for piece, offset, last in text_chunks(text, limit))
            docs = self.nlp.pipe(pieces, as_tuples=True, batch_size=batch_size)
            gathered: list[Found] = []
            for doc, (article_id, offset, last, length) in docs:
                if article_id in for_entities:
                    gathered.extend(shifted(self._found(doc, rules), offset))
                if also is not None:
                    also.read(article_id, doc, offset, last)
                steps(length)  # a long article moves the bar, and Cancel is heard, per piece
                if not last:
                    continue
                batch.append((article_id, gathered))
                gathered = []
                if len(batch) >= batch_size:
                    stored += self._store_batch(project, batch, resolver, replace, also,
                                                for_entities)
                    steps.flush()
                    batch = []
            if batch:
                stored += self._store_batch(project, batch, resolver, replace, also,
                                            for_entities)
            steps.flush()
        except Cancelled:
            if batch:  # the articles finished before Cancel are kept
                stored += self._store_batch(project, batch, resolver, replace, also,
                                            for_entities)
            self._finish(project, also)
            raise
        self._finish(project, also)
        return stored

    def _store_batch(self, project: Project, batch: list[tuple[int, list[Found]]],
                     resolver: CanonicalResolver, replace: bool, also: DocReader | None,
                     for_entities: set[int]) -> int:
        mine = [(a, found) for a, found in batch if a in for_entities]
        stored = self._store(project, mine, resolver, replace) if mine else 0
        if also is not None:
            also.store(project, [a for a, _ in batch])   # after the mentions they link to
        return stored

    @staticmethod
    def _finish(project: Project, also: DocReader | None) -> None:
        moves = link_short_names(project)
        if also is not None:
            also.finish(project, moves)

    def _store(self, project: Project, batch: Sequence[tuple[int, list[Found]]],
               resolver: CanonicalResolver, replace: bool) -> int:
        origin = self.info.origin
        with project.atomic():
            has_mentions = _with_mentions(project, [a for a, _ in batch])
            fresh: list[Mention] = []
            stored = 0
            for article_id, found in batch:
                mentions = _mentions(article_id, found, resolver)
                if replace or article_id in has_mentions:
                    stored += project.entities.replace_model_mentions(article_id, mentions, origin)
                else:
                    fresh.extend(mentions)
            if fresh:
                project.entities.insert_model_mentions(fresh, origin)
        return stored + len(fresh)

    def _record_model(self, project: Project, *, force: bool) -> None:
        """The project remembers which pipeline made its mentions and in which language."""
        if not force and project.meta("model") == self.package:
            return
        with project.atomic():
            project.set_meta("model", self.package)
            project.set_meta("model_version", self.info.version)
            project.set_meta("language", self.info.language)


class DocReader(Protocol):
    """Something else read from the parses of an entity run (attribution suggestions)."""

    article_ids: Sequence[int]

    def read(self, article_id: int, doc: Any, offset: int, last: bool) -> None: ...

    def store(self, project: Project, article_ids: Sequence[int]) -> None: ...

    def finish(self, project: Project, moved: int) -> None: ...


def annotate_articles(project: Project, article_ids: Iterable[int], *,
                      model: str | None = None, progress: Progress | None = None,
                      batch_size: int = 64) -> int:
    """Find entities in the given (usually just imported) articles; returns mentions stored.
    Raises ModelError if the pipeline is missing, Cancelled if cancelled (finished batches
    are kept)."""
    recognizer = EntityRecognizer.for_project(project, model)
    return recognizer.annotate(project, article_ids, progress=progress, batch_size=batch_size)


def recompute_entities(project: Project, *, model: str | None = None,
                       article_ids: Iterable[int] | None = None,
                       progress: Progress | None = None, batch_size: int = 64) -> int:
    """Run NER again (all articles by default), e.g. with another model; the model's old
    mentions are replaced, the analyst's corrections kept, and the project's model updated."""
    recognizer = EntityRecognizer.for_project(project, model)
    ids = project.articles.ids() if article_ids is None else article_ids
    return recognizer.annotate(project, ids, progress=progress, batch_size=batch_size,
                               replace=True)


# ---------------------------------------------------------------- helpers
def _lowercase_word(text: str) -> bool:
    """Lowercase letters and no capital: "china" the porcelain, "turkey" the bird, which the
    model sometimes calls places. Scripts without case (Chinese, Arabic) are not affected."""
    return text != text.upper() and text == text.lower()


def chunk_limit(nlp: Any) -> int:
    """Characters per piece: well under spaCy's max_length (E088 beyond it), and small
    enough that one piece's parse stays a few hundred MB."""
    return max(1000, min(int(getattr(nlp, "max_length", 1_000_000)) // 2, 100_000))


def text_chunks(text: str, limit: int) -> Iterator[tuple[str, int, bool]]:
    """(piece, its offset in `text`, whether it is the last) with pieces of at most `limit`
    characters, cut at a paragraph, sentence end or space where there is one (pieces.py),
    so an entity is rarely split; a text within the limit is one piece."""
    return text_pieces(text, limit)


def shifted(found: list[Found], offset: int) -> list[Found]:
    """Entities of a piece moved onto the whole text's offsets."""
    if not offset:
        return found
    return [dataclasses.replace(f, start=f.start + offset, end=f.end + offset) for f in found]


def _texts(project: Project, ids: Sequence[int]) -> Iterator[tuple[str, int]]:
    """(text, id) in the order given, read a chunk at a time (never an open cursor while
    the same connection writes)."""
    for i in range(0, len(ids), READ_CHUNK):
        chunk = list(ids[i:i + READ_CHUNK])
        marks = ",".join("?" * len(chunk))
        texts = dict(project.db.execute(
            f"SELECT id, text FROM articles WHERE id IN ({marks})", chunk).fetchall())
        for article_id in chunk:
            if article_id in texts:
                yield texts[article_id], article_id


def _with_mentions(project: Project, ids: Sequence[int]) -> set[int]:
    marks = ",".join("?" * len(ids))
    return {r[0] for r in project.db.execute(
        f"SELECT DISTINCT article_id FROM mentions WHERE article_id IN ({marks})", list(ids))}


def _mentions(article_id: int, found: Sequence[Found],
              resolver: CanonicalResolver) -> list[Mention]:
    spellings = link_within_article([(f.text, f.label) for f in found], resolver)
    out = []
    for f, spelling in zip(found, spellings):
        target = f.canonical or spelling
        entity_id = resolver.entity_id(target, f.label)
        out.append(Mention(None, article_id, f.start, f.end, f.label, f.text,
                           canonical=target, entity_id=entity_id))
    return out
