"""Importing files and folders of articles into a project: formats, duplicates, failures,
annotations that came with the files, then entities for the new articles, then suggested
attributions (sourcing) for the new articles that did not bring attributions of their own.
The new articles are left out of the search index (search still finds them): the caller
indexes them afterwards with ArticleStore.index_pending.

Files are read one at a time and articles inserted in batches (one transaction each), so
memory stays bounded however large the corpus, and Cancel (or a crash) keeps every batch
already committed. A bad file or record is recorded and skipped; the rest still import.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framedesk.core.errors import (
    Cancelled,
    CorruptProject,
    DiskFull,
    FramedeskError,
    InputError,
    ModelError,
    NotAProject,
    ProjectLocked,
    ProjectMissing,
    ProjectReadOnly,
    UnreadableFile,
    UnsupportedFormat,
)
from framedesk.core.exchange.decoding import max_file_bytes, over_limit_reason, read_text
from framedesk.core.exchange.jsonl import JSONL
from framedesk.core.exchange.jsonl_stream import stream_jsonl, streaming_sample
from framedesk.core.exchange.record_faults import RECORD_FAULTS, record_fault
from framedesk.core.exchange.registry import IMPORTERS, ImportFormat, Skipped, load_all
from framedesk.core.exchange.sanitising import draft_problem
from framedesk.core.exchange.storing import store_annotations
from framedesk.core.model import ArticleDraft
from framedesk.core.progress import Progress

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

# Articles per transaction. Each commit rewrites every index page its rows touched; with
# 500 a 100,000-article import wrote the uid and date indexes' pages ~200 times over (10.3 s
# against 7.8 s with 2,000; no gain beyond). 2,000 drafts stay a few tens of MB.
BATCH_SIZE = 2000
PROJECT_SUFFIX = ".framedesk"
LINE_KEY = "_line"  # where a reader notes the record's line, for error reports
RECORD_KEY = "_record"  # ... or the record's name where a file has no lines ("task 3")
# bulk_writes defers SQLite's checkpoints; past 64 MB of WAL the import copies it back
# itself (passive: never waits for a reader), so a million-article import does not leave a
# WAL the size of the corpus beside the project.
WAL_CHECKPOINT_BYTES = 64 * 1024 * 1024


@dataclass(slots=True)
class ImportFailure:
    """One file, or one record of a file (line is 1-based), that was not imported."""

    path: Path
    line: int | None
    error: FramedeskError


@dataclass(slots=True)
class ImportSummary:
    imported: int = 0
    duplicates: int = 0
    failed: list[ImportFailure] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # left out on purpose (Prodigy reject)
    files: int = 0
    annotations: int = 0             # annotations stored from the files themselves
    mentions: int = 0                # entity mentions found by the model in new articles
    suggestions: int = 0             # attributions suggested for new articles
    new_ids: list[int] = field(default_factory=list)
    formats: Counter[str] = field(default_factory=Counter)
    cancelled: bool = False
    entity_error: FramedeskError | None = None
    suggestion_error: FramedeskError | None = None

    @property
    def ok(self) -> bool:
        """Every input was imported or was already there."""
        return (not self.failed and self.entity_error is None
                and self.suggestion_error is None and not self.cancelled)


@dataclass(slots=True)
class _Pending:
    draft: ArticleDraft
    path: Path
    line: int | None
    fmt: str
    where: str = ""  # "task 3: " when the record has a name but no line


def import_paths(project: Project, paths: Sequence[str | Path], *, outlet: str | None = None,
                 model: str | None = None, entities: bool = True,
                 attributions: bool | None = None, progress: Progress | None = None,
                 batch_size: int = BATCH_SIZE, backup: bool = True) -> ImportSummary:
    """Import files and folders (recursively; hidden files and project files are skipped).

    `outlet` overrides what the files say; `entities` runs the model over the new articles
    whose files did not bring entity spans of their own; `attributions` (by default: when
    `entities`) then suggests attributions for the new articles whose files did not bring
    attributions. With `backup`, a project that already has articles is backed up first
    (core.backup), so an import gone wrong can be undone from File > Backups.
    """
    load_all()
    progress = progress or Progress()
    summary = ImportSummary()
    files = without_companions(list(input_files(paths, summary)))
    if backup and files and project.articles.count():
        from framedesk.core.backup import make_backup

        make_backup(project, "import")
    sizes = {f: _size(f) for f in files}
    progress.start(sum(sizes.values()) or len(files), "Reading articles")
    needs_entities: list[int] = []
    needs_suggestions: list[int] = []
    try:
        with project.bulk_writes():
            _store_files(project, files, sizes, outlet, batch_size, progress, summary,
                         needs_entities, needs_suggestions)
    except Cancelled:
        summary.cancelled = True
        return summary
    # The new articles stay in fts_pending: search finds them already, and the caller
    # builds the index afterwards (ArticleStore.index_pending: the GUI in the background,
    # the CLI as a phase of its own), so the import itself ends sooner.
    if attributions is None:
        attributions = entities
    if ONE_PARSE and entities and attributions and needs_suggestions:
        # One parse serves both: entities and suggestions read the same Docs.
        _entities_and_suggestions(project, needs_entities, needs_suggestions, model,
                                  progress, summary)
        return summary
    if entities and needs_entities:
        _find_entities(project, needs_entities, model, progress, summary)
    if attributions and needs_suggestions and not summary.cancelled:
        _suggest_attributions(project, needs_suggestions, progress, summary)
    return summary


def _store_files(project: Project, files: list[Path], sizes: dict[Path, int],
                 outlet: str | None, batch_size: int, progress: Progress,
                 summary: ImportSummary, needs_entities: list[int],
                 needs_suggestions: list[int]) -> None:
    """Read every file and store its articles batch by batch (one transaction each)."""
    batch: list[_Pending] = []
    for path in files:
        summary.files += 1
        consumed = 0
        try:
            fmt, items = _guarded(path, _read)
            for record_no, item in enumerate(items, 1):
                if isinstance(item, InputError):
                    summary.failed.append(ImportFailure(path, item.line, item))
                    continue
                if isinstance(item, Skipped):
                    summary.skipped.append(item)
                    continue
                try:
                    pending = _prepare(item, path, outlet, fmt.name)
                    problem = draft_problem(item)
                except RECORD_FAULTS as exc:  # a value nobody foresaw: this record only
                    summary.failed.append(ImportFailure(path, None, record_fault(
                        path, exc, where=f"record {record_no}: ")))
                    continue
                if problem is not None:
                    # A reader that does not note lines still gets the record's place named.
                    where = "" if pending.line else pending.where or f"record {record_no}: "
                    summary.failed.append(ImportFailure(path, pending.line, UnreadableFile(
                        path, f"{where}this article was not imported: {problem}",
                        pending.line)))
                    continue
                batch.append(pending)
                if len(batch) >= batch_size:
                    _flush(project, batch, summary, needs_entities, needs_suggestions)
                    batch = []
                    _checkpoint_if_large(project)
                step = min(len(item.text), sizes[path] - consumed)
                consumed += step
                if step:
                    progress.step(step)
            summary.formats[fmt.name] += 1
        except InputError as exc:
            summary.failed.append(ImportFailure(path, exc.line, exc))
        progress.step(max(sizes[path] - consumed, 0) or (0 if sizes[path] else 1))
    _flush(project, batch, summary, needs_entities, needs_suggestions)


def _checkpoint_if_large(project: Project) -> None:
    wal = Path(str(project.path) + "-wal")
    try:
        large = wal.stat().st_size > WAL_CHECKPOINT_BYTES
    except OSError:
        return
    if large:
        project.db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()


def input_files(paths: Iterable[str | Path], summary: ImportSummary | None = None
                ) -> Iterator[Path]:
    """The files to read: given files as they are, folders walked in name order, skipping
    hidden files and folders and Framedesk's own project files. FIFOs, sockets, devices,
    symlink loops and files over the size limit are left out with a sentence, decided by
    stat alone: nothing is opened, so a FIFO never blocks the import (and its lock)."""
    for given in paths:
        path = Path(given)
        if _is_dir(path):
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if not name.startswith(".") and PROJECT_SUFFIX not in name:
                        candidate = Path(root) / name
                        if _readable_regular(candidate, summary):
                            yield candidate
        elif not os.path.lexists(path):
            if summary is not None:
                summary.failed.append(ImportFailure(path, None, UnreadableFile(
                    path, "no such file or folder; check the path")))
        elif PROJECT_SUFFIX in path.name:
            if summary is not None:
                summary.failed.append(ImportFailure(path, None, UnsupportedFormat(
                    path, "this is a Framedesk project, not a file of articles")))
        elif _readable_regular(path, summary):
            yield path


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def _readable_regular(path: Path, summary: ImportSummary | None) -> bool:
    """A regular file within the size limit; else a failure with a sentence, and False."""
    def refuse(reason: str) -> bool:
        if summary is not None:
            summary.failed.append(ImportFailure(path, None, UnreadableFile(path, reason)))
        return False

    try:
        st = path.stat()  # follows symlinks: /dev/zero behind a link is a device here
    except OSError as exc:
        if exc.errno == 40 or "loop" in str(exc).lower():  # ELOOP
            return refuse("this is a symbolic link that loops back on itself; it was skipped")
        return refuse(f"the file could not be read ({exc.strerror or exc}); it was skipped")
    mode = st.st_mode
    if stat.S_ISREG(mode):
        limit = max_file_bytes()
        if st.st_size > limit:
            return refuse(over_limit_reason(st.st_size, limit))
        return True
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else
            "a socket" if stat.S_ISSOCK(mode) else
            "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return refuse(f"this is {kind}, not a file of articles; it was skipped without reading")


def without_companions(files: list[Path]) -> list[Path]:
    """Drop files another file's format reads itself (brat: the .txt beside each .ann)."""
    consumed: set[Path] = set()
    for path in files:
        for fmt in IMPORTERS.values():
            if fmt.companions is not None and path.suffix.lower() in fmt.suffixes:
                consumed.update(fmt.companions(path))
    return [f for f in files if f not in consumed]


def choose_format(path: Path, text: str) -> ImportFormat:
    """By suffix, else by content. Specific formats (Prodigy JSONL is JSONL too) claim a
    file by its content before the generic ones (JSONL, CSV, HTML, text) take it."""
    suffix = path.suffix.lower()
    formats = list(IMPORTERS.values())
    ordered = [f for f in formats if not f.generic] + [f for f in formats if f.generic]
    for f in ordered:
        if suffix in f.suffixes and not f.binary:
            if f.generic or f.sniff is None or f.sniff(path, text):
                return f
    for f in ordered:
        if f.sniff is not None and not f.binary and f.sniff(path, text):
            return f
    raise UnsupportedFormat(path, f"the format of this {suffix or 'file'} is not one "
                                  "Framedesk knows")


def _guarded(path: Path, read: Callable[[Path], tuple[ImportFormat, Iterator[Any]]]
             ) -> tuple[ImportFormat, Iterator[Any]]:
    """A parser that chokes on a malformed file (an HTML or XML library's exception) fails
    that file with a reason, not the whole import with a traceback."""
    try:
        fmt, items = read(path)
    except FramedeskError:
        raise
    except Exception as exc:
        raise _parse_error(path, exc) from exc

    def checked() -> Iterator[Any]:
        try:
            yield from items
        except FramedeskError:
            raise
        except Exception as exc:
            raise _parse_error(path, exc) from exc

    return fmt, checked()


def _parse_error(path: Path, exc: Exception) -> UnreadableFile:
    return UnreadableFile(path, f"the file could not be parsed ({type(exc).__name__}: {exc})")


def _read(path: Path) -> tuple[ImportFormat, Iterator[ArticleDraft | InputError]]:
    suffix = path.suffix.lower()
    binary = next((f for f in IMPORTERS.values() if f.binary and suffix in f.suffixes), None)
    if binary is not None:
        return binary, iter(binary.read(path, ""))
    sample = streaming_sample(path, _size(path))
    if sample is not None and choose_format(path, sample) is JSONL:
        return JSONL, stream_jsonl(path)  # a big plain JSONL file: line by line
    try:
        text = read_text(path)
    except UnreadableFile:
        # An empty file can mean something to a specific format (a brat .ann without
        # annotations beside its .txt); only for generic formats is it a failure.
        specific = next((f for f in IMPORTERS.values()
                         if not f.generic and suffix in f.suffixes), None)
        if specific is None or _size(path) > 0 and path.read_bytes().strip():
            raise
        return specific, iter(specific.read(path, ""))
    fmt = choose_format(path, text)
    return fmt, iter(fmt.read(path, text))


def _prepare(draft: ArticleDraft, path: Path, outlet: str | None, fmt: str) -> _Pending:
    line = draft.extra.pop(LINE_KEY, None)
    name = draft.extra.pop(RECORD_KEY, None)
    if outlet:
        draft.outlet = outlet
    if not draft.source_file:
        draft.source_file = str(path)
    if isinstance(draft.source_file, str):
        # A file name that is not UTF-8 (os.fsdecode's surrogateescape) is stored readable;
        # any other lone surrogate came from the record and draft_problem names it.
        try:
            draft.source_file = draft.source_file.encode("utf-8", "surrogateescape").decode(
                "utf-8", "replace")
        except UnicodeEncodeError:
            pass
    return _Pending(draft, path, line if isinstance(line, int) else None, fmt,
                    f"{name}: " if isinstance(name, str) and name else "")


def _flush(project: Project, batch: list[_Pending], summary: ImportSummary,
           needs_entities: list[int], needs_suggestions: list[int] | None = None) -> None:
    """One transaction: the batch's articles and the annotations they brought. Should the
    batch still fail on a record (something the checks did not foresee), it is rolled back
    and its records are stored one by one, so only the bad one fails."""
    if not batch:
        return
    try:
        _store_batch(project, batch, summary, needs_entities, needs_suggestions)
        return
    except (FramedeskError, UnicodeError, TypeError, ValueError, OverflowError) as exc:
        if isinstance(exc, Cancelled) or not _record_fault(exc):
            raise
        if len(batch) == 1:
            pending = batch[0]
            summary.failed.append(ImportFailure(pending.path, pending.line, UnreadableFile(
                pending.path, pending.where + "this article was not imported: a value in it cannot be stored "
                "(" + _short(exc) + "); fix that record in the file", pending.line)))
            return
    for pending in batch:
        _flush(project, [pending], summary, needs_entities, needs_suggestions)


def _record_fault(exc: Exception) -> bool:
    """A failure a record's content can cause (a bad value), not a full disk or a lock."""
    return not isinstance(exc, (DiskFull, ProjectLocked, CorruptProject, ProjectReadOnly,
                                ProjectMissing, NotAProject))


def _short(exc: Exception) -> str:
    """SQLite's own words, without the project's path (the record is at fault, not it)."""
    detail = getattr(exc, "detail", None) or str(exc)
    return " ".join(str(detail).split())[:120]


def _store_batch(project: Project, batch: list[_Pending], summary: ImportSummary,
                 needs_entities: list[int], needs_suggestions: list[int] | None) -> None:
    # Counted aside and applied only once the transaction committed, so a batch retried
    # record by record is not counted twice.
    imported, duplicates, annotations = 0, 0, 0
    new_ids: list[int] = []
    entities: list[int] = []
    suggestions: list[int] = []
    failures: list[ImportFailure] = []
    with project.atomic():
        results = project.articles.add_many((p.draft for p in batch), index=False)
        for pending, (article_id, created) in zip(batch, results):
            ann = pending.draft.annotations
            if created:
                imported += 1
                new_ids.append(article_id)
                if ann is None or not ann.spans:
                    entities.append(article_id)
                if needs_suggestions is not None and (ann is None or not ann.attributions):
                    suggestions.append(article_id)
            else:
                duplicates += 1
            if ann is None:
                continue
            stored = store_annotations(project, article_id, pending.draft.text, ann,
                                       origin=f"import:{pending.fmt}")
            annotations += stored.total
            for problem in stored.problems:
                failures.append(ImportFailure(pending.path, pending.line, UnreadableFile(
                    pending.path, f"{pending.where}{problem}; the article was imported without it",
                    pending.line)))
    summary.imported += imported
    summary.duplicates += duplicates
    summary.annotations += annotations
    summary.new_ids.extend(new_ids)
    summary.failed.extend(failures)
    needs_entities.extend(entities)
    if needs_suggestions is not None:
        needs_suggestions.extend(suggestions)


def _find_entities(project: Project, ids: list[int], model: str | None, progress: Progress,
                   summary: ImportSummary) -> None:
    try:
        from framedesk.core.nlp.entities import annotate_articles
    except ImportError:
        summary.entity_error = ModelError(model or "spaCy", "entity recognition is not "
                                          "available in this installation")
        return
    try:
        summary.mentions = annotate_articles(project, ids, model=model, progress=progress)
    except Cancelled:
        summary.cancelled = True
    except ModelError as exc:
        summary.entity_error = exc


# Off until fixed: entities from the full pipeline's parse lose some the NER-only parse finds
# ("Angela Merkel" in tests/ui/test_main_window.py::test_import_finds_entities_with_spacy).
ONE_PARSE = False


def _entities_and_suggestions(project: Project, entity_ids: list[int],
                              suggestion_ids: list[int], model: str | None,
                              progress: Progress, summary: ImportSummary) -> None:
    try:
        from framedesk.core.nlp.one_parse import annotate_and_suggest
    except ImportError:
        summary.entity_error = ModelError(model or "spaCy", "entity recognition is not "
                                          "available in this installation")
        summary.suggestion_error = ModelError("spaCy", "attribution suggestions are not "
                                              "available in this installation")
        return
    try:
        summary.mentions, summary.suggestions = annotate_and_suggest(
            project, entity_ids, suggestion_ids, model=model, progress=progress)
    except Cancelled:
        summary.cancelled = True
    except ModelError as exc:
        # The full pipeline is missing or cannot parse: entities alone may still work.
        summary.suggestion_error = exc
        if entity_ids:
            _find_entities(project, entity_ids, model, progress, summary)


def _suggest_attributions(project: Project, ids: list[int], progress: Progress,
                          summary: ImportSummary) -> None:
    """After entities, so a suggested source links to the mention's canonical entity."""
    try:
        from framedesk.core.nlp.attribution import suggest_for_articles
    except ImportError:
        summary.suggestion_error = ModelError("spaCy", "attribution suggestions are not "
                                              "available in this installation")
        return
    try:
        summary.suggestions = suggest_for_articles(project, ids, progress=progress)
    except Cancelled:
        summary.cancelled = True
    except ModelError as exc:
        summary.suggestion_error = exc
    except ValueError as exc:
        if "E088" not in str(exc):
            raise
        # spaCy's max_length: the articles are imported; only the suggestions are missing.
        summary.suggestion_error = ModelError("spaCy", "an article is longer than the model "
                                              "reads at once, so attributions were not "
                                              "suggested; the articles were imported")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
