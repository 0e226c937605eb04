"""Reading a large JSONL file line by line instead of decoding it whole.

Decoding a whole file first holds its bytes and its text (two to four bytes per character
in Python) at once: a 300 MB export of 100,000 articles peaked near 950 MB. Read line by
line, an import of any size stays at what one batch of articles needs. Only files that say
they are UTF-8 (the normal case for JSONL) are streamed; the first 64 KB go through the same
checks as any file (binary, control characters), and a line that is not valid UTF-8 fails
alone while the rest imports, as a line of bad JSON does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from framedesk.core.errors import InputError, UnreadableFile
from framedesk.core.exchange.decoding import decode_bytes, utf8_start
from framedesk.core.exchange.jsonl import line_to_draft
from framedesk.core.model import ArticleDraft

STREAM_FROM = 32 * 2**20   # bytes; smaller files are decoded whole (simpler, as fast)
_SAMPLE = 64 * 2**10


def streaming_sample(path: Path, size: int) -> str | None:
    """The decoded start of a file worth streaming (what format sniffers look at), or None
    for a file to read whole: small, not UTF-8, or no line break in its first 64 KB.
    A start that shows a binary file raises UnreadableFile, as reading it whole would."""
    if size < STREAM_FROM:
        return None
    try:
        with path.open("rb") as fh:
            sample = fh.read(_SAMPLE)
    except OSError:
        return None  # the whole-file read reports it with its reason
    cut = sample.rfind(b"\n")
    if cut < 0 or utf8_start(sample) is None:
        return None
    return decode_bytes(path, sample[:cut + 1])


def stream_jsonl(path: Path) -> Iterator[ArticleDraft | InputError]:
    """What read_jsonl yields for the whole text, reading one line at a time."""
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield UnreadableFile(path, f"the line is not UTF-8 (byte 0x{raw[exc.start]:02X} "
                                           f"at column {exc.start + 1}); save the file as UTF-8 "
                                           "and import it again", number)
                continue
            line = line.rstrip("\r\n")
            if line and not line.isspace():
                yield line_to_draft(path, number, line)
