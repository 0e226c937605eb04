"""Reading input files: the encodings analysts' files come in, and clear refusals."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from framedesk.core.errors import UnreadableFile
from framedesk.core.exchange.decoding import decode_bytes, read_text

TEXT = "Kyiv – “talks” 😀 Zürich\nsecond line"


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    TEXT.encode("utf-16"),                      # Python writes a BOM
    TEXT.encode("utf-16-le"),                   # Notepad-style, no BOM
    TEXT.encode("utf-16-be"),
    TEXT.encode("utf-32"),
], ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16", "utf16le-nobom",
        "utf16be-nobom", "utf32"])
def test_every_accepted_encoding_gives_the_same_text(data: bytes) -> None:
    assert decode_bytes("a.txt", data) == TEXT


@pytest.mark.parametrize("raw, expected", [
    ("a\r\nb\r\n", "a\nb\n"),
    ("a\rb\r", "a\nb\n"),
    ("a\r\n\r\nb", "a\n\nb"),
])
def test_line_endings_become_lf(raw: str, expected: str) -> None:
    assert decode_bytes("a.txt", raw.encode()) == expected
    assert decode_bytes("a.txt", codecs.BOM_UTF16_LE + raw.encode("utf-16-le")) == expected


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"  \n\t\n ", "blank"),
    (codecs.BOM_UTF16_LE + "   \n".encode("utf-16-le"), "blank"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (bytes(range(256)) * 4, "binary"),
    (b"text then a NUL\x00 and more text " * 3, "binary"),
    (b"\x01\x02\x03\x04\x05\x06 some \x07\x08\x0e\x0f" * 20, "binary"),
], ids=["empty", "whitespace", "utf16-whitespace", "pdf", "zip", "png", "bytes", "nul",
        "controls"])
def test_files_that_are_not_text_are_refused_with_a_reason(data: bytes, words: str) -> None:
    with pytest.raises(UnreadableFile) as info:
        decode_bytes("bad.txt", data)
    assert words in info.value.reason
    assert str(info.value.path) == "bad.txt"


def test_latin1_text_is_refused_naming_the_byte_and_line() -> None:
    data = "First line\nCafé in Zürich".encode("latin-1")
    with pytest.raises(UnreadableFile) as info:
        decode_bytes("old.txt", data)
    assert "0xE9" in info.value.reason and "line 2" in info.value.reason
    assert "UTF-8" in info.value.reason


def test_read_text_turns_os_errors_into_reasons(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="no such file"):
        read_text(tmp_path / "missing.txt")
    with pytest.raises(UnreadableFile, match="folder"):
        read_text(tmp_path)
