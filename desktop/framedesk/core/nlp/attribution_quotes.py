"""Quotations and their speakers.

A direct quote is linked to the reporting verb beside it ('"...," said X', 'X said: "..."'),
continues across the cue ('"A," she said. "B."' is one content), and a quote paragraph with
no speaker of its own belongs to the speaker of the attribution just before it (the
convention for long quotes: "... he said. / "And another thing ..."").
"""

from __future__ import annotations

from typing import Any

from framedesk.core.nlp.attribution_rules import QUOTE_CHARS, CharSpan, Found

OPENING = "“„«"
CLOSING = "”»"
MIN_QUOTE_WORDS = 4     # shorter quotes are scare quotes or cited terms ("standoff")


def quote_spans(text: str) -> list[CharSpan]:
    """Quotations, marks included. A quote still open at the end of its paragraph runs to
    that end (the next paragraph reopens it)."""
    spans: list[CharSpan] = []
    start: int | None = None
    skip = -1
    for i, ch in enumerate(text):
        if i == skip:
            continue
        if ch == "'" and text.startswith("''", i):
            # Two apostrophes: the straight double quote of some wires and archives (NYT).
            skip = i + 1
            if start is None:
                start = i
            else:
                spans.append((start, i + 2))
                start = None
        elif ch == "\n":
            if start is not None and i > start + 1:
                spans.append((start, _rstrip(text, start, i)))
            start = None
        elif ch in OPENING:
            start = i
        elif ch in CLOSING:
            if start is not None:
                spans.append((start, i + 1))
                start = None
        elif ch == '"':
            if start is None:
                start = i
            else:
                spans.append((start, i + 1))
                start = None
    if start is not None and len(text) > start + 1:
        spans.append((start, _rstrip(text, start, len(text))))
    return spans


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def words_in(text: str, span: CharSpan) -> int:
    return len(text[span[0]:span[1]].split())


def link_quotes(doc: Any, found: list[Found], speakers: list[Found]) -> list[Found]:
    """Extend contents to whole quotations, add quotations linked to speakers, and return
    the full list in text order."""
    text = doc.text
    quotes = [q for q in quote_spans(text) if words_in(text, q) >= MIN_QUOTE_WORDS]
    consumed: set[CharSpan] = set()
    free_speakers = list(speakers)
    for qi, q in enumerate(quotes):
        if q in consumed:
            continue
        owner = _content_inside(found, q)
        if owner is not None:
            owner.content = q
            consumed.add(q)
            _merge_following(doc, quotes, qi, owner, consumed, found + free_speakers)
            continue
        if any(f.content and _overlaps(f.content, q)
               and not (f.cue and q[0] <= f.cue[0] < q[1]) for f in found):
            consumed.add(q)  # a quoted phrase inside a paraphrase: a mixed quote
            continue
        speaker = _nearest_speaker(doc, q, free_speakers)
        if speaker is not None:
            free_speakers.remove(speaker)
            item = Found(q, speaker.source, speaker.cue, "quote + speaker",
                         speaker.source_head, speaker.cue_token, speaker.certainty,
                         dict(speaker.extra))
            found.append(item)
            consumed.add(q)
            _merge_following(doc, quotes, qi, item, consumed, found + free_speakers)
            continue
        previous = _previous_with_source(found, q, text)
        if previous is not None and _stands_alone(doc, q, previous):
            found.append(Found(q, previous.source, None, "quote continues",
                               previous.source_head, None, "asserted",
                               dict(previous.extra)))
            consumed.add(q)
    found.sort(key=lambda f: (f.content or f.source or (0, 0))[0])
    return _drop_nested_in_quotes(found, text)


def _content_inside(found: list[Found], q: CharSpan) -> Found | None:
    """An attribution whose content is the inside of quotation `q` (its verb outside)."""
    for f in found:
        if f.content and q[0] <= f.content[0] and f.content[1] <= q[1] and (
                f.cue is None or not (q[0] <= f.cue[0] < q[1])):
            return f
    return None


def _merge_following(doc: Any, quotes: list[CharSpan], qi: int, owner: Found,
                     consumed: set[CharSpan], others: list[Found]) -> None:
    """'"A," she said. "B."' -> one content from A's opening to B's closing mark, when B
    follows the cue's sentence directly in the same paragraph and has no speaker of its own."""
    text = doc.text
    if owner.cue is None or owner.content is None or qi + 1 >= len(quotes):
        return
    nxt = quotes[qi + 1]
    already_merged = owner.content[0] < owner.cue[0] < owner.content[1]
    if nxt in consumed or already_merged:
        return
    cue_sentence = doc.char_span(owner.cue[0], owner.cue[1], alignment_mode="expand")
    if cue_sentence is None:
        return
    sent_end = cue_sentence.sent.end_char
    between = text[max(sent_end, owner.content[1]):nxt[0]]
    if (between.strip() or "\n" in between or nxt[0] < owner.content[1]
            or "\n" in text[owner.content[1]:nxt[0]]):
        return
    nxt_end = _sentence_end(doc, nxt)
    if any(o.cue and nxt[0] <= o.cue[0] < nxt_end and o is not owner
           and not (nxt[0] <= o.cue[0] < nxt[1]) for o in others):
        return
    owner.content = (owner.content[0], nxt[1])
    consumed.add(nxt)


def _sentence_end(doc: Any, span: CharSpan) -> int:
    last = doc.char_span(span[1] - 1, span[1], alignment_mode="expand")
    return last.sent.end_char if last is not None else span[1]


def _nearest_speaker(doc: Any, q: CharSpan, speakers: list[Found]) -> Found | None:
    """A reporting verb with a subject in a sentence the quotation touches, outside it."""
    start_span = doc.char_span(q[0], min(q[0] + 1, len(doc.text)), alignment_mode="expand")
    end_span = doc.char_span(max(q[1] - 1, 0), q[1], alignment_mode="expand")
    if start_span is None or end_span is None:
        return None
    lo, hi = start_span.sent.start_char, end_span.sent.end_char
    best: tuple[int, Found] | None = None
    for s in speakers:
        if s.cue is None or s.source is None:
            continue
        c0 = s.cue[0]
        if not (lo <= c0 < hi) or q[0] <= c0 < q[1]:
            continue
        if "\n" in doc.text[min(c0, q[1]):max(c0, q[0])]:
            continue
        distance = q[0] - c0 if c0 < q[0] else c0 - q[1]
        if best is None or distance < best[0]:
            best = (distance, s)
    return best[1] if best else None


def _previous_with_source(found: list[Found], q: CharSpan, text: str) -> Found | None:
    """The last attribution with a source before `q`, at most one paragraph back."""
    before = [f for f in found if f.source and f.source[1] <= q[0]]
    if not before:
        return None
    last = max(before, key=lambda f: max(f.source[1], (f.content or (0, 0))[1]))
    if text.count("\n\n", last.source[1], q[0]) > 1:
        return None
    return last


def _stands_alone(doc: Any, q: CharSpan, previous: Found) -> bool:
    """The quotation opens a paragraph, or is a sentence of its own in the paragraph of the
    previous attribution: not a phrase quoted inside someone else's sentence or a headline."""
    text = doc.text
    line_start = text.rfind("\n", 0, q[0]) + 1
    if not text[line_start:q[0]].strip():
        return True
    if previous.source is None or previous.source[0] < line_start:
        return False
    span = doc.char_span(q[0], q[0] + 1, alignment_mode="expand")
    if span is None:
        return False
    sent = span.sent
    return (q[1] - q[0]) >= 0.6 * (sent.end_char - sent.start_char)


def _drop_nested_in_quotes(found: list[Found], text: str) -> list[Found]:
    """A reporting verb inside someone's direct quote is part of what they said."""
    direct = [f.content for f in found
              if f.content and (text[f.content[0]] in QUOTE_CHARS
                                or text.startswith("''", f.content[0]))]
    out = []
    for f in found:
        cue = f.cue
        if cue and any(d[0] < cue[0] and cue[1] <= d[1] and d != f.content for d in direct):
            owner_is_outside = f.content is not None and not any(
                d[0] <= f.content[0] and f.content[1] <= d[1] for d in direct
                if d != f.content)
            if not owner_is_outside:
                continue
        out.append(f)
    return out


def _overlaps(a: CharSpan, b: CharSpan) -> bool:
    return a[0] < b[1] and b[0] < a[1]
