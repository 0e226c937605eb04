"""One article, split by analyst: what each coder did, for the formats that keep coders apart.

Label Studio (one annotation per coder), spaCy DocBin (one Doc per coder) and the CSV export
(an annotator column) write each analyst's frames, tone, cues, memo and attributions on their
own, so two coders' tones never merge into one `neutral;implicit_pro` that no codebook has.
Entity mentions are the project's shared layer (as in the JSONL export): every coder's view
carries them, and so do attributions nobody owns (suggestions).
"""

from __future__ import annotations

from dataclasses import replace

from framedesk.core.exchange.gather import ExportRecord


def coders(rec: ExportRecord) -> list[str]:
    """The analysts who coded the article, in the order their work appears."""
    names = [f.annotator for f in rec.frames] + [who for _, who in rec.tones]
    names += [c.annotator for c in rec.cues] + [who for who, _ in rec.memos]
    names += [t.annotator for t in rec.attributions if t.annotator]
    return list(dict.fromkeys(names))


def coder_views(rec: ExportRecord) -> list[tuple[str | None, ExportRecord]]:
    """(analyst, the record with only that analyst's work) for each coder; one view with
    analyst None (and everything) when nobody coded the article."""
    names = coders(rec)
    if not names:
        return [(None, rec)]
    return [(who, replace(
        rec,
        frames=[f for f in rec.frames if f.annotator == who],
        tones=[t for t in rec.tones if t[1] == who],
        cues=[c for c in rec.cues if c.annotator == who],
        attributions=[t for t in rec.attributions if t.annotator in (who, None)],
        memos=[m for m in rec.memos if m[0] == who])) for who in names]
