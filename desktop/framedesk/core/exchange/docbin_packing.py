"""Filling a spaCy DocBin fast, with exactly what `DocBin.add` would store.

Two costs made `DocBin.add` most of the spaCy export's time:

- srsly looks its msgpack encoders up again for every object it packs (an entry-point scan
  through importlib.metadata plus a walk over catalogue's whole registry, about 1 ms), and
  `DocBin.add` packs several objects per doc (user data, the span groups, each group).
- `DocBin.add` collects the strings the docs use by asking every token for nine of them
  through Python properties.

`msgpack_encoders_cached()` looks the encoders up once for the whole export; `DocPacker`
reads the strings' hashes for all tokens with one `Doc.to_array` call and turns into strings
only the hashes not seen before in the export; the export pauses the cycle collector
(core/gcpause.py) over the growing bin. Everything else is handed to spaCy's own serialisers, so the
bin is the same, byte for byte, as `DocBin.add` fills it (tests compare the two).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_encoders_lock = threading.Lock()
_encoders_users = 0


@contextmanager
def msgpack_encoders_cached() -> Iterator[None]:
    """Answer srsly's encoder lookups from one lookup made on entry. The encoders cannot
    change while an export runs; the real lookup is put back when the last export running
    in this process (the GUI may run one on a worker thread) finishes."""
    from srsly.msgpack import msgpack_encoders

    global _encoders_users
    with _encoders_lock:
        if _encoders_users == 0:
            found = msgpack_encoders.get_all()
            msgpack_encoders.get_all = lambda: dict(found)  # instance attribute shadows it
        _encoders_users += 1
    try:
        yield
    finally:
        with _encoders_lock:
            _encoders_users -= 1
            if _encoders_users == 0:
                del msgpack_encoders.get_all  # the class's own method again


class DocPacker:
    """Adds docs to a DocBin as `DocBin.add` does (same arrays, strings, cats, flags, user
    data and span groups), minus its per-token Python loop."""

    def __init__(self, docbin: Any, *, tokenizer_only: bool = False) -> None:
        """`tokenizer_only`: the caller promises docs made by a tokenizer, with entities
        and spans set but no tagger, lemmatizer, parser, morphologizer or entity linker
        run: their tags, lemmas, dependency labels, knowledge-base ids, entity ids and
        morphology are empty (""), so those columns need not be read."""
        from spacy.attrs import (
            DEP, ENT_ID, ENT_KB_ID, ENT_TYPE, LEMMA, MORPH, NORM, ORTH, SPACY, TAG)

        self.docbin = docbin
        # One to_array call per doc reads the bin's columns, the spaces and the hashes of
        # the token strings DocBin.add keeps (text, tag_, lemma_, norm_, dep_, ent_type_,
        # ent_kb_id_, ent_id_ and the morphology, whose empty analysis reads as "").
        width = len(docbin.attrs)
        wanted = [ORTH, NORM, ENT_TYPE] if tokenizer_only else [
            ORTH, TAG, LEMMA, NORM, DEP, ENT_TYPE, ENT_KB_ID, ENT_ID]
        extra = [a for a in wanted if a not in docbin.attrs]
        self._attrs = [*docbin.attrs, SPACY, *extra] + ([] if tokenizer_only else [MORPH])
        self._columns = slice(0, width)
        self._spaces = width
        self._string_columns = [self._attrs.index(a) for a in wanted]
        self._morph_column = None if tokenizer_only else len(self._attrs) - 1
        self._seen: set[int] = set()        # hashes whose strings are in docbin.strings
        self._seen_morphs: set[int] = set()
        self._seen_spans: set[tuple[int, int, int]] = set()  # (label, kb_id, id) hashes
        self._empty_columns = tokenizer_only  # the tag, lemma ... columns left unread

    def add(self, doc: Any) -> None:
        import numpy

        bin_ = self.docbin
        values = doc.to_array(self._attrs)
        n = values.shape[0]
        bin_.tokens.append(numpy.ascontiguousarray(values[:, self._columns]))
        bin_.spaces.append(numpy.asarray(values[:, self._spaces], dtype=bool).reshape((n, 1)))
        bin_.flags.append({"has_unknown_spaces": doc.has_unknown_spaces})
        if n:
            self._add_token_strings(doc, values)
        bin_.cats.append(doc.cats)
        if bin_.store_user_data:
            import srsly

            bin_.user_data.append(srsly.msgpack_dumps(doc.user_data))
        bin_.span_groups.append(doc.spans.to_bytes())
        strings = doc.vocab.strings
        seen = self._seen_spans
        for group in doc.spans.values():
            for span in group:
                key = (span.label, span.kb_id, span.id)
                if key in seen:
                    continue
                bin_.strings.add(strings[key[0]])
                known = True
                for h in key[1:]:
                    if h in strings:
                        bin_.strings.add(strings[h])
                    else:
                        known = False  # may be in the string store later: ask again
                if known:
                    seen.add(key)

    def _add_token_strings(self, doc: Any, values: Any) -> None:
        # Columns that are all zero (no tags, lemmas ... in blank-tokenised docs) are
        # checked with any() instead of being listed: listing is the costly part.
        hashes: set[int] = {0} if self._empty_columns else set()
        for k in self._string_columns:
            column = values[:, k]
            if column.any():
                hashes.update(column.tolist())
            else:
                hashes.add(0)
        hashes -= self._seen
        strings = doc.vocab.strings
        for h in hashes:
            self.docbin.strings.add(strings[h])
        self._seen |= hashes
        if self._morph_column is None:
            return
        column = values[:, self._morph_column]
        morphs = (set(column.tolist()) if column.any() else {0}) - self._seen_morphs
        if morphs:
            empty = doc.vocab.morphology.EMPTY_MORPH
            for h in morphs:
                s = strings[h]
                self.docbin.strings.add("" if s == empty else s)
            self._seen_morphs |= morphs
