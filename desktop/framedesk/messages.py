"""One clear sentence for each error the core raises: what, where, what to do.

Shared by the GUI and the CLI, so the two never word the same problem differently.
"""

from __future__ import annotations

from framedesk.core import errors as e


def describe(error: BaseException) -> str:
    """The sentence, always one printable line: a detail quoted from a file (a lone
    surrogate, a newline, a control character) is escaped, so it can neither fake a line
    of a summary nor make printing the sentence fail."""
    return e.shown_path(_sentence(error))


def _sentence(error: BaseException) -> str:
    path = getattr(error, "path", None)
    name = e.shown_path(path) if path is not None else ""
    if isinstance(error, e.NewerProject):
        return (f"{name} was made by a newer Framedesk (file format {error.found}, this one "
                f"reads up to {error.supported}); update Framedesk to open it.")
    if isinstance(error, e.NotAProject):
        return (f"{name} is not a Framedesk project ({error.detail}); choose a .framedesk file, "
                f"or use Import to bring articles in.")
    if isinstance(error, e.CorruptProject):
        return (f"{name} is damaged ({error.detail}) and was not changed; restore a backup "
                f"(`framedesk backup {name} --list` shows them, `--restore 1` puts back the "
                f"newest) or ask whoever sent it for a new copy.")
    if isinstance(error, e.UntrustedSchema):
        return (f"{name} {_schema_words(error)}, so it was not changed (nothing in it ran); "
                f"open it read-only, or restore a backup "
                f"(`framedesk backup {name} --list`).")
    if isinstance(error, e.ForeignWal):
        return (f"{name} has a leftover {error.detail} beside it that does not belong to "
                f"it (another file's edits), so it was not applied and nothing was changed; "
                f"move that -wal file elsewhere to open {name} as it is.")
    if isinstance(error, e.QueryTimeLimit):
        return (f"Reading {name} was stopped after {error.seconds:g} seconds (the file may "
                f"hold a view that never ends); it was not changed, ask whoever sent it for "
                f"a copy made with Framedesk.")
    if isinstance(error, e.BadStoredValue):
        row = f" row {error.row}" if error.row else ""
        return (f"{name} holds a value Framedesk never writes ({error.table}{row}: "
                f"{error.what}), so it was not used or changed; restore a "
                f"backup or ask whoever sent it for a new copy.")
    if isinstance(error, e.ProjectLocked):
        return (f"{name} is in use by another Framedesk window or program; close it there "
                f"and try again.")
    if isinstance(error, e.OpenedReadOnly):
        # Said in the status bar beside its facts: the file's name, not its whole path.
        advice = {e.READ_ONLY_LOCKED: "close it there, then open it again here",
                  e.READ_ONLY_NEWER: "update Framedesk to edit it",
                  e.READ_ONLY_UNWRITABLE: "check the file's and folder's permissions, or save "
                                          "a copy elsewhere"}.get(error.detail,
                                                                  "open it again to edit it")
        return f"Not saved: {error.path.name} is open read-only ({error.detail}); {advice}."
    if isinstance(error, e.ProjectReadOnly):
        return (f"{name} cannot be written ({error.detail}); check the file's and folder's "
                f"permissions, or save a copy elsewhere.")
    if isinstance(error, e.BackupDiskFull):
        return (f"The disk holding the backups ({name}) is full; no backup was made, the "
                f"project and the earlier backups are unchanged. Free some space and try "
                f"again.")
    if isinstance(error, e.DiskFull):
        return (f"The disk holding {name} is full; the last change was not saved. Free some "
                f"space and try again: everything before it is safe.")
    if isinstance(error, e.ProjectMissing):
        return f"{name} does not exist (any more); check the path or open another project."
    if isinstance(error, e.ProjectError):
        return f"{name} could not be used ({error.detail})."
    if isinstance(error, e.UnsupportedFormat):
        return (f"{name}: {error.reason}; Framedesk imports plain text, JSONL, CSV, HTML "
                f"and exports of Prodigy, doccano, brat, Label Studio and spaCy.")
    if isinstance(error, e.InputError):
        where = f"{name}, line {error.line}" if error.line else name
        return f"{where}: {error.reason}."
    if isinstance(error, e.ModelError):
        return (f"The spaCy pipeline {error.model} could not be loaded ({error.detail}); "
                f"install it with pip or choose another in the project settings.")
    if isinstance(error, e.CodebookError):
        return f"Codebook {error.source}: {error.detail}."
    if isinstance(error, e.TargetExists):
        return f"{name} exists; add --force to replace it."
    if isinstance(error, e.TargetIsInput):
        what = "is a folder holding" if error.inside else "is"
        return (f"{name} {what} {error.input}, which this command reads; it was not changed. "
                f"Choose another output file.")
    if isinstance(error, e.TargetDiskFull):
        return (f"Could not write {name}: the disk is full; nothing was written and any "
                f"earlier {path.name if path is not None else 'file'} is unchanged. Free some "
                f"space and try again.")
    if isinstance(error, e.ExportError):
        return f"Could not write {error.path}: {error.detail}."
    if isinstance(error, e.Cancelled):
        return "Cancelled; the work finished before that is kept."
    from framedesk.core.review.packages import PackageError

    if isinstance(error, PackageError):
        return f"{error.message[:1].upper()}{error.message[1:]}."
    return f"Unexpected error: {error}"


def _schema_words(error: e.UntrustedSchema) -> str:
    if error.how == "extra":
        return f"has a {error.kind} '{error.name}' that Framedesk did not create"
    if error.how == "missing":
        return f"lacks the {error.kind} '{error.name}' that Framedesk needs"
    return f"has the {error.kind} '{error.name}' changed from what Framedesk writes"


def describe_notice(notice: object) -> str:
    """One sentence for a review warning (framedesk.core.review.colleague.Notice): data in,
    words out, like describe() for errors."""
    code = getattr(notice, "code", "")
    subject = getattr(notice, "subject", "")
    detail = getattr(notice, "detail", {}) or {}
    if code == "foreign_wal":
        return (f"{subject} came with a -wal file that does not belong to it; it was "
                f"ignored, so edits made after its last save may be missing.")
    if code == "unclosed":
        return (f"{subject} was sent while Framedesk still had it open (a -wal file came with "
                f"it); its last edits were read from that file. Ask for a copy made with "
                f"File > Share with a colleague next time.")
    if code == "several_annotators":
        others = ", ".join(detail.get("others", []))
        return (f"{subject} holds the work of several annotators; comparing "
                f"{detail.get('chosen')}'s (the most), not {others}.")
    if code == "no_annotations":
        return f"{subject} has no annotations yet: there is nothing of it to compare."
    if code == "few_units":
        return (f"{subject}: only {detail.get('units')} units coded by two or more coders "
                f"(fewer than {detail.get('minimum')}); the figures can swing a lot.")
    if code == "undefined":
        return (f"{subject}: every coder used one and the same value, so kappa and alpha "
                f"are undefined (agreement is shown as a percentage only).")
    if code == "partial":
        return (f"{detail.get('articles')} article(s) are not in every file; they are compared "
                f"only among the files that have them.")
    if code == "package":
        return (f"These are coders' files of one package: agreement is computed on the "
                f"{detail.get('compared')} of {detail.get('overlap')} overlap articles that "
                f"two or more coders coded; the {detail.get('alone')} articles each coder "
                f"had alone are left out.")
    if code == "uncoded":
        return (f"{detail.get('articles')} article(s) that several files share were coded by "
                f"fewer than two coders and are left out of the figures.")
    return f"{subject}: {code}"
