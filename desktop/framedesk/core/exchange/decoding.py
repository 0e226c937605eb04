"""Bytes of an input file to text, or a clear reason why the file is not text we can read.

Accepted: UTF-8 (with or without a byte order mark), UTF-16 and UTF-32 with a byte order
mark, and UTF-16 without one (recognised by its pattern of NUL bytes, as Windows tools
write it). Everything else is refused rather than guessed: a wrong guess (Latin-1 read as
UTF-8, say) would silently corrupt the text that every annotation points into.
Line endings come out as LF only, because Qt counts CRLF as one position and offsets must
agree everywhere.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

from framedesk.core.errors import UnreadableFile

# Magic numbers of files people drop into an import by mistake, to name what they are.
_KNOWN_BINARY = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (Word .docx and OpenDocument files are ZIP archives too)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"SQLite format 3\x00", "a SQLite database"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
)
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 and C1 control characters other than tab, line breaks and form feed.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SAMPLE = 4096


def decode_bytes(path: str | Path, data: bytes) -> str:
    """The text of a file with LF line endings and no byte order mark; raises UnreadableFile
    (carrying the path and a short reason) for empty, binary or undecodable files."""
    # isspace() stops at the first visible byte; strip() would copy a large file first.
    if not data or data.isspace():
        raise UnreadableFile(path, "the file is empty" if not data
                             else "the file holds only blank space")
    encoding, skip = _encoding_of(data)
    if encoding is None or _binary_kind(data) != "a binary file":
        raise UnreadableFile(path, f"this is {_binary_kind(data)}, not text")
    try:
        text = data[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableFile(path, _undecodable_reason(data, skip, encoding, exc)) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if _mostly_controls(text):
        raise UnreadableFile(path, f"this is {_binary_kind(data)}, not text")
    if not text or text.isspace():
        raise UnreadableFile(path, "the file holds only blank space")
    if "\r" in text:  # one fast scan; the two replaces would each walk the whole text
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# Files bigger than this are refused (a setting: FRAMEDESK_MAX_FILE_MB).
DEFAULT_MAX_FILE_MB = 200


def max_file_bytes() -> int:
    """The per-file size limit, from FRAMEDESK_MAX_FILE_MB (megabytes) or the default."""
    try:
        mb = float(os.environ.get("FRAMEDESK_MAX_FILE_MB", DEFAULT_MAX_FILE_MB))
    except ValueError:
        mb = DEFAULT_MAX_FILE_MB
    return int(max(mb, 0.001) * 1024 * 1024)


def over_limit_reason(size: int, limit: int) -> str:
    return (f"the file is over the size limit of {limit / 1048576:.0f} MB "
            f"({size / 1048576:.0f} MB or more); raise the limit with --max-file-mb or "
            "FRAMEDESK_MAX_FILE_MB, or split the file")


def read_text(path: str | Path) -> str:
    """Read and decode a file; an unreadable path becomes UnreadableFile too. Opened without
    blocking and checked to be a regular file on the open descriptor (a FIFO swapped in
    after the folder was listed never blocks), and read no further than the size limit
    (a file that grows while read, or a device, stops there)."""
    limit = max_file_bytes()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError:
        raise UnreadableFile(path, "this is a folder, not a file") from None
    except PermissionError:
        raise UnreadableFile(path, "permission denied") from None
    except FileNotFoundError:
        raise UnreadableFile(path, "no such file") from None
    except OSError as exc:
        raise UnreadableFile(path, exc.strerror or str(exc)) from None
    # Checked on the descriptor before wrapping it: io refuses a folder's descriptor itself.
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise UnreadableFile(path, "this is a folder, not a file")
        raise UnreadableFile(path, "this is not a regular file (a pipe, socket or "
                                   "device); it was skipped without reading")
    with os.fdopen(fd, "rb") as fh:
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise UnreadableFile(path, exc.strerror or str(exc)) from None
    if len(data) > limit:
        raise UnreadableFile(path, over_limit_reason(len(data), limit))
    return decode_bytes(path, data)


def utf8_start(data: bytes) -> int | None:
    """How many bytes to skip (a UTF-8 byte order mark) when the start of a file says it is
    UTF-8, else None (UTF-16 or UTF-32 marks or patterns, NUL bytes)."""
    encoding, skip = _encoding_of(data)
    return skip if encoding == "utf-8" else None


def _encoding_of(data: bytes) -> tuple[str | None, int]:
    """(codec, bytes to skip), or (None, 0) when the bytes are binary."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    guess = _bomless_utf16(data)
    if guess:
        return guess, 0
    if b"\x00" in data:
        return None, 0
    return "utf-8", 0


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a mark: text in Latin script has a NUL in every other byte."""
    sample = data[:_SAMPLE]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    # Characters outside Latin script (and emoji halves) put a few NULs on the other side.
    if odd_nul > 0.3 and even_nul < odd_nul / 5 and len(data) % 2 == 0:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < even_nul / 5 and len(data) % 2 == 0:
        return "utf-16-be"
    if len(data) % 2 == 0 and (even_nul or odd_nul):
        return _one_script_utf16(sample)
    return None


def _one_script_utf16(sample: bytes) -> str | None:
    """UTF-16 without a mark in one non-Latin script (Greek, Cyrillic, Arabic...): spaces
    and punctuation put NULs on the high side, the letters one or two block bytes; decoded,
    it is printable text. UTF-8 or a binary file almost never passes all three."""
    for codec, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        counts = sorted((high.count(b) for b in set(high)), reverse=True)
        if sum(counts[:3]) < 0.95 * len(high) or high.count(0) < 0.05 * len(high):
            continue
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        printable = sum(ch.isprintable() or ch.isspace() for ch in text)
        if printable >= 0.98 * len(text):
            return codec
    return None


def _mostly_controls(text: str) -> bool:
    sample = text[:_SAMPLE]
    controls = len(_CONTROLS.findall(sample))
    return controls > max(2, len(sample) // 100)


def _binary_kind(data: bytes) -> str:
    for magic, kind in _KNOWN_BINARY:
        if data.startswith(magic):
            return kind
    return "a binary file"


def _undecodable_reason(data: bytes, skip: int, encoding: str,
                        exc: UnicodeDecodeError) -> str:
    if encoding.startswith("utf-8"):
        position = skip + exc.start
        line = data[:position].count(b"\n") + 1
        return (f"the text is not UTF-8 or UTF-16 (byte 0x{data[position]:02X} on line {line} "
                f"is not valid UTF-8); save it as UTF-8 and import it again")
    return f"the text is not valid {encoding.upper().replace('-LE', '').replace('-BE', '')}"


def first_nonblank_line(text: str) -> str:
    """The first line with something on it, without splitting the whole (maybe huge) file:
    format sniffers only need the first record."""
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        if line.strip():
            return line
        pos = end + 1
    return ""
