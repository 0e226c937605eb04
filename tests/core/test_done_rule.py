"""What "done" requires: parsed from the project's setting, limited to what its codebooks
can give, and worded for the analyst."""

from framedesk.core import done_rule


def test_default_and_stored_rules() -> None:
    assert done_rule.parse(None) == ("primary_frame", "tone")
    assert done_rule.parse("") == ()
    assert done_rule.parse("tone, cue, nonsense") == ("tone", "cue")


def test_a_rule_the_codebooks_cannot_meet_is_left_out() -> None:
    assert done_rule.effective(("primary_frame", "tone"), {"frames"}) == ("primary_frame",)
    assert done_rule.effective(("primary_frame", "tone"), {"frames", "tone"}) == (
        "primary_frame", "tone")


def test_what_is_missing_in_words() -> None:
    lacking = done_rule.missing(("primary_frame", "tone", "cue"), frames=1, primary=False,
                                tone=None, cues=2)
    assert lacking == ["a primary frame", "a tone"]
    assert done_rule.sentence(lacking) == "no primary frame and no tone"
    assert done_rule.missing(("primary_frame", "tone"), frames=1, primary=True,
                             tone="neutral", cues=0) == []
