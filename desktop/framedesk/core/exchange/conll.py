"""CoNLL-style token files: CoNLL 2003 (`token POS chunk NER`, `-DOCSTART-` between
documents), two-column `token<TAB>tag` (doccano's and spaCy's .conll / .iob), and spaCy's
one-sentence-per-line `token|POS|tag`. Each document becomes an article whose entity
mentions are the tagged token runs.

Documents: `-DOCSTART-` lines separate them where the file has them (sentences then are one
per line of the article); a file without them is a list of examples, one per blank-line
separated block (as doccano and spaCy read it). The text is the tokens joined by spaces
(a CoNLL file does not say where the spaces were), kept exactly as built.

Tags: the last column. IOB1 (I- may start an entity, B- only splits two adjacent ones),
IOB2 (B- starts each) and BIOES / BILOU (S-/U- a one-token entity, E-/L- its last token)
are read; a tag is O or has its prefix (a bare `PER` is not taken for a tag, so prose and
other tables are never read as CoNLL); POS and chunk columns are not kept. A line whose last
column is not a tag fails its document with its line number; the other documents import.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from framedesk.core.errors import InputError, UnreadableFile
from framedesk.core.exchange.interop import ForeignDocument, ForeignSpan, build_draft
from framedesk.core.exchange.registry import ImportFormat, register_importer
from framedesk.core.model import ArticleDraft

DOCSTART = "-DOCSTART-"
_TAG = re.compile(r"^(?:O|[BIESLU][-_][^\s|]+)$")
_PREFIXED = re.compile(r"^([BIESLU])[-_](.+)$")
SNIFF_LINES = 200


@dataclass(slots=True)
class _Document:
    first_line: int
    sentences: list[list[tuple[str, str]]] = field(default_factory=lambda: [[]])
    error: InputError | None = None


def _columns(line: str) -> list[str]:
    return line.split("\t") if "\t" in line else line.split()


def _token_tags(line: str) -> list[tuple[str, str]] | None:
    """The (token, tag) pairs of one line, or None if the line is not CoNLL."""
    cols = _columns(line.strip())
    if 2 <= len(cols) <= 10 and _TAG.match(cols[-1]) and cols[0]:
        return [(cols[0], cols[-1])]
    pieces = [p.rsplit("|", 1) for p in line.split()]
    if pieces and all(len(p) == 2 and p[0] and _TAG.match(p[1]) for p in pieces):
        return [(p[0].split("|")[0] or p[0], p[1]) for p in pieces]   # token|POS|tag
    return None


def read_conll(path: Path, text: str) -> Iterator[ArticleDraft | InputError]:
    if not text.strip():
        raise UnreadableFile(path, "the file is empty")
    documents = _documents(path, text)
    if not documents:
        raise UnreadableFile(path, "no token lines (a CoNLL file has one token and its tag"
                             " per line)")
    for n, doc in enumerate(documents, 1):
        if doc.error is not None:
            yield doc.error
            continue
        sentences = [s for s in doc.sentences if s]
        if not sentences:
            continue
        yield build_draft(_foreign(sentences), "conll", source_file=str(path), keep_text=True)


def _documents(path: Path, text: str) -> list[_Document]:
    lines = text.lstrip("\ufeff").splitlines()
    by_docstart = any(line.startswith(DOCSTART) for line in lines)
    docs: list[_Document] = []
    current: _Document | None = None
    for lineno, line in enumerate(lines, 1):
        if line.startswith(DOCSTART):
            current = _Document(lineno)
            docs.append(current)
            continue
        if not line.strip():
            if current is not None and (current.sentences[-1] or current.error):
                if by_docstart:
                    current.sentences.append([])
                else:
                    current = None     # one example per block
            continue
        if current is None:
            current = _Document(lineno)
            docs.append(current)
        if current.error is not None:
            continue
        pairs = _token_tags(line)
        if pairs is None:
            current.error = UnreadableFile(
                path, f"{line.strip()[:40]!r} is not a token and its tag (the tag is the"
                " last column: O, B-PER, I-ORG ...); this document was left out", line=lineno)
            continue
        current.sentences[-1].extend(pairs)
        if len(pairs) > 1:          # one sentence per line
            current.sentences.append([])
    return docs


def _foreign(sentences: list[list[tuple[str, str]]]) -> ForeignDocument:
    parts: list[str] = []
    spans: list[ForeignSpan] = []
    pos = 0
    open_label: str | None = None
    start = end = 0

    def close() -> None:
        nonlocal open_label
        if open_label is not None:
            spans.append(ForeignSpan(f"c{len(spans)}", start, end, open_label))
        open_label = None

    for s, sentence in enumerate(sentences):
        if s:
            parts.append("\n")
            pos += 1
            close()         # an entity never runs across a sentence break
        for t, (token, tag) in enumerate(sentence):
            if t:
                parts.append(" ")
                pos += 1
            b, e = pos, pos + len(token)
            parts.append(token)
            pos = e
            m = _PREFIXED.match(tag)
            prefix, label = (m.group(1), m.group(2)) if m else ("O", tag)
            if prefix == "O":
                close()
            elif prefix in "BSU" or label != open_label:
                close()
                open_label, start, end = label, b, e
            else:                                  # I, E, L continuing the same label
                end = e
            if prefix in "ESLU":
                close()
    close()
    return ForeignDocument(text="".join(parts), spans=spans)


def sniff_conll(path: Path, text: str) -> bool:
    """Token-per-line files: most lines end in a tag, and some tag is not O (or the file
    says -DOCSTART-). Prose never looks like that."""
    lines = [line for line in text.lstrip("\ufeff").splitlines()[:SNIFF_LINES] if line.strip()]
    if not lines:
        return False
    if lines[0].startswith(DOCSTART):
        return True
    parsed = [_token_tags(line) for line in lines]
    tagged = [p for p in parsed if p is not None]
    if len(tagged) < 2 or len(tagged) < 0.9 * len(lines):
        return False
    tags = [tag for pairs in tagged for _, tag in pairs]
    return any(tag == "O" for tag in tags) and any(tag != "O" for tag in tags)


register_importer(ImportFormat(name="conll", suffixes=(".conll", ".iob", ".bio", ".iob2",
                                                       ".conll03", ".txt"),
                               read=read_conll, sniff=sniff_conll))
