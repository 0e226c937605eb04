"""One record a reader could not understand: fail it alone, in words a user can act on.

Readers walk a file record by record (a JSON line, a Label Studio task). A field of a kind
the reader did not expect (a list where a number belongs, a lone surrogate where text
belongs) surfaces as a Python exception deep inside the parsing of that record; caught
here, per record, it becomes one sentence about that record, and the reader goes on with
the next one. Left to reach the importer, the exception would end the whole file: a
generator cannot resume after it raised.
"""

from __future__ import annotations

from pathlib import Path

from framedesk.core.errors import UnreadableFile

# What the content of one record can make a parser raise (never a full disk or a lock).
RECORD_FAULTS = (TypeError, KeyError, AttributeError, IndexError, ValueError, UnicodeError,
                 OverflowError, RecursionError)


def record_fault(path: Path, exc: BaseException, line: int | None = None,
                 where: str = "") -> UnreadableFile:
    """`where` names the record when the file has no lines for it ("task 3: ")."""
    return UnreadableFile(path, f"{where}{fault_reason(exc)}", line)


def fault_reason(exc: BaseException) -> str:
    if isinstance(exc, UnicodeError):
        return ("this record holds a character that is not valid Unicode (a lone surrogate "
                "such as \\ud800); remove it from the file")
    if isinstance(exc, RecursionError):
        return "this record is nested too deeply to read"
    if isinstance(exc, ValueError) and not isinstance(exc, UnicodeError) and str(exc):
        return str(exc)  # our parsers raise ValueError with a sentence of their own
    detail = " ".join(str(exc).split())[:80]
    return ("a field of this record holds the wrong kind of value (a list, an object, a "
            "number or text where another kind belongs"
            + (f": {detail}" if detail else "") + "); fix that record in the file")
