"""The exception tree of the core, drawn once.

Errors carry data (paths, line numbers, reasons as codes), not sentences for people: the GUI
and the CLI turn each into one clear sentence (framedesk.messages).

FramedeskError
 +-- ProjectError                  something about a project file
 |    +-- NotAProject              not SQLite, or SQLite of another program
 |    +-- CorruptProject           truncated, zeroed pages, integrity check failed
 |    +-- NewerProject             written by a newer Framedesk (schema version too high)
 |    +-- ProjectLocked            another process is writing it
 |    +-- ProjectReadOnly          the file or its folder cannot be written
 |    +-- DiskFull                 the disk (or the file's size limit) is full
 |    |    +-- BackupDiskFull      ... while a backup of it was being written
 |    +-- ProjectMissing           the file disappeared while open
 |    +-- UntrustedSchema          tables, triggers or views Framedesk did not write
 |    +-- ForeignWal               a -wal beside the file that is not its own
 |    +-- QueryTimeLimit           a read ran past its time limit (a crafted view)
 |    +-- BadStoredValue           a stored value Framedesk never writes (start > end...)
 +-- InputError                    a file given to import could not be read
 |    +-- UnsupportedFormat
 |    +-- UnreadableFile           wrong encoding, binary, empty, malformed record
 +-- ModelError                    the spaCy pipeline could not be loaded
 +-- CodebookError                 a codebook file is malformed or has conflicting keys
 +-- ExportError                   an export could not be written
      +-- TargetExists             the output exists and replacing it was not asked for
      +-- TargetIsInput            the output is one of the command's own inputs
      +-- TargetDiskFull           the disk filled up while the output was written
"""

from __future__ import annotations

from pathlib import Path


class FramedeskError(Exception):
    """Base of every error the core raises on purpose."""


class ProjectError(FramedeskError):
    def __init__(self, path: str | Path, detail: str = "") -> None:
        super().__init__(f"{path}: {detail}" if detail else str(path))
        self.path = Path(path)
        self.detail = detail


class NotAProject(ProjectError):
    pass


class CorruptProject(ProjectError):
    pass


class NewerProject(ProjectError):
    def __init__(self, path: str | Path, found: int, supported: int) -> None:
        super().__init__(path, f"schema {found} > {supported}")
        self.found = found
        self.supported = supported


class ProjectLocked(ProjectError):
    pass


class ProjectReadOnly(ProjectError):
    pass


class OpenedReadOnly(ProjectReadOnly):
    """An edit refused because the project is open read-only; `detail` says why (one of
    the READ_ONLY_* reasons)."""


# Why a project is open read-only; messages.py gives each its advice.
READ_ONLY_ASKED = "opened for reading only"
READ_ONLY_LOCKED = "another window or program is editing it"
READ_ONLY_NEWER = "a newer Framedesk made it"
READ_ONLY_UNWRITABLE = "the file or its folder cannot be written"


class DiskFull(ProjectError):
    pass


class BackupDiskFull(DiskFull):
    """`path` is the backup folder; the project itself was not touched."""


class ProjectMissing(ProjectError):
    pass


class UntrustedSchema(ProjectError):
    """`how`: missing, altered or extra; `kind`: table, index, trigger, view."""

    def __init__(self, path: str | Path, how: str, kind: str, name: str) -> None:
        super().__init__(path, f"{how} {kind} {name}")
        self.how = how
        self.kind = kind
        self.name = name


class ForeignWal(ProjectError):
    pass


class QueryTimeLimit(ProjectError):
    def __init__(self, path: str | Path, seconds: float) -> None:
        super().__init__(path, f"a read took over {seconds:g} s")
        self.seconds = seconds


class BadStoredValue(ProjectError):
    """`table` row `row` holds what Framedesk never writes; `what` says what, as data."""

    def __init__(self, path: str | Path, table: str, row: int, what: str) -> None:
        super().__init__(path, f"{table} row {row}: {what}")
        self.table = table
        self.row = row
        self.what = what


def shown_path(path: str | Path) -> str:
    """A path as one line of a message: a newline or other control character in a file
    name is escaped (it cannot fake a line of a summary), and the bytes of a name that is
    not UTF-8 (os.fsdecode's surrogateescape) are shown as \\xNN."""
    text = str(path)
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        elif 0xDC80 <= ord(ch) <= 0xDCFF:
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)


class InputError(FramedeskError):
    """A file given to import failed. `line` is 1-based where a record is at fault."""

    def __init__(self, path: str | Path, reason: str, line: int | None = None) -> None:
        where = f"{shown_path(path)}:{line}" if line else shown_path(path)
        super().__init__(f"{where}: {reason}")
        self.path = Path(path)
        self.reason = reason
        self.line = line


class UnsupportedFormat(InputError):
    pass


class UnreadableFile(InputError):
    pass


class ModelError(FramedeskError):
    def __init__(self, model: str, detail: str = "") -> None:
        super().__init__(f"{model}: {detail}" if detail else model)
        self.model = model
        self.detail = detail


class CodebookError(FramedeskError):
    def __init__(self, source: str, detail: str) -> None:
        super().__init__(f"{source}: {detail}")
        self.source = source
        self.detail = detail


class ExportError(FramedeskError):
    def __init__(self, path: str | Path, detail: str) -> None:
        super().__init__(f"{path}: {detail}")
        self.path = Path(path)
        self.detail = detail


class TargetExists(ExportError):
    def __init__(self, path: str | Path) -> None:
        super().__init__(path, "exists")


class TargetIsInput(ExportError):
    """`input` is the file given to read that `path` is (or, `inside`: a folder holding it),
    by whatever path."""

    def __init__(self, path: str | Path, input: str | Path, inside: bool = False) -> None:
        super().__init__(path, f"{'holds' if inside else 'is'} the input {input}")
        self.input = Path(input)
        self.inside = inside


class TargetDiskFull(ExportError):
    def __init__(self, path: str | Path) -> None:
        super().__init__(path, "the disk is full")


class Cancelled(FramedeskError):
    """Long work stopped because the user asked it to; what was finished is kept."""
