"""What "done" requires of an article, per project: by default a primary frame and a tone.

Stored in the project's meta as `done_requires`, a comma-separated list of the keys below
(an empty value: nothing is required). A requirement the project's codebooks cannot meet
(no tone codebook) is left out, so a custom codebook never makes every article incomplete.
"""

from __future__ import annotations

from collections.abc import Sequence

META_KEY = "done_requires"
DEFAULT = ("primary_frame", "tone")
# key -> the words for what is missing ("no primary frame")
REQUIREMENTS = {"primary_frame": "a primary frame", "frame": "a frame", "tone": "a tone",
                "cue": "a frame cue"}
NEEDS_KIND = {"primary_frame": "frames", "frame": "frames", "cue": "frames", "tone": "tone"}


def parse(value: str | None) -> tuple[str, ...]:
    if value is None:
        return DEFAULT
    return tuple(k for k in (part.strip() for part in value.split(",")) if k in REQUIREMENTS)


def effective(required: Sequence[str], codebook_kinds: set[str]) -> tuple[str, ...]:
    """The requirements the project can meet with the codebooks it has."""
    return tuple(k for k in required if NEEDS_KIND[k] in codebook_kinds)


def missing(required: Sequence[str], *, frames: int, primary: bool, tone: str | None,
            cues: int) -> list[str]:
    """The words for each unmet requirement, in the order they were given."""
    met = {"primary_frame": primary, "frame": frames > 0, "tone": bool(tone), "cue": cues > 0}
    return [REQUIREMENTS[k] for k in required if not met[k]]


def sentence(what: list[str]) -> str:
    """"no tone", "no primary frame and no tone"."""
    words = [f"no {w.removeprefix('a ')}" for w in what]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
