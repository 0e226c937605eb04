"""Long articles: parsed in pieces for entities and suggestions, offsets mapped back onto
the whole text, nothing lost at a cut, progress within the article, Cancel heard."""

from __future__ import annotations

import pytest

from framedesk.core.errors import Cancelled
from framedesk.core.importing import import_paths
from framedesk.core.nlp import attribution
from framedesk.core.nlp.attribution import AttributionExtractor
from framedesk.core.nlp.pieces import text_pieces
from framedesk.core.progress import Progress

PARAGRAPH = ("Angela Merkel met Emmanuel Macron in Paris on Monday, officials said. "
             "\"We agree on the budget,\" the minister told reporters in Berlin. ")


@pytest.fixture(scope="module")
def extractor() -> AttributionExtractor:
    return AttributionExtractor()


def _spans(found):
    return {(a.source and (a.source.start, a.source.end), a.cue and (a.cue.start, a.cue.end),
             a.content and (a.content.start, a.content.end)) for a in found}


# ---------------------------------------------------------------- cutting
def test_pieces_give_the_text_back_and_prefer_line_and_sentence_ends():
    text = ("First paragraph, short. " * 30 + "\n") * 20 + "x" * 3000
    pieces = list(text_pieces(text, 1000))
    assert "".join(p for p, _, _ in pieces) == text
    assert all(len(p) <= 1000 for p, _, _ in pieces)
    for piece, offset, last in pieces:
        assert text[offset:offset + len(piece)] == piece
        if not last and "\n" in text[offset + 500:offset + 1000]:
            assert piece.endswith("\n")  # a line end wins over a sentence end


def test_a_cut_on_one_line_falls_between_sentences_outside_quotations():
    # Sentence ends inside the quotation are tempting; the cut goes after it closes.
    sentence = 'He said: "One. Two. Three. Four. Five. Six. Seven. Eight. Nine." Then he left. '
    pieces = list(text_pieces(sentence * 40, 300))
    assert len(pieces) > 5
    for piece, _, _ in pieces[:-1]:
        assert piece.count('"') % 2 == 0, piece[-80:]


# ---------------------------------------------------------------- attributions
def test_seed_articles_give_the_same_suggestions_as_one_parse(extractor, seed_drafts):
    """A news article is one piece: the chunked path changes nothing."""
    for draft in seed_drafts:
        whole = extractor.from_doc(extractor.nlp(draft.text))
        assert [repr(a) for a in extractor.extract(draft.text)] == [repr(a) for a in whole]
        assert whole


def test_small_pieces_keep_the_seed_suggestions_away_from_the_cuts(extractor, seed_drafts):
    """Forced into pieces of 700 characters, every suggestion whose spans keep clear of a
    cut is found again at the same offsets (the parse near a cut may differ)."""
    chunked = AttributionExtractor(nlp=extractor.nlp, piece_limit=700)
    compared = 0
    for draft in seed_drafts:
        cuts = [offset for _, offset, _ in text_pieces(draft.text, 700)][1:]
        assert cuts, "the seed should need several pieces at this size"
        whole = extractor.extract(draft.text)
        pieces = _spans(chunked.extract(draft.text))
        for a in whole:
            lo = min(s.start for s in (a.source, a.cue, a.content) if s)
            hi = max(s.end for s in (a.source, a.cue, a.content) if s)
            if any(lo - 150 <= cut <= hi + 150 for cut in cuts):
                continue
            compared += 1
            assert _spans([a]) <= pieces, (draft.title, a)
    assert compared >= 5


def test_a_surname_in_a_later_piece_is_linked_to_the_full_name(extractor):
    filler = "The weather was mild and the markets were calm that week.\n" * 12
    text = ("Olaf Scholz said the budget would pass.\n" + filler
            + "Scholz said the vote would come on Friday.\n" + filler)
    chunked = AttributionExtractor(nlp=extractor.nlp, piece_limit=400)
    assert len(list(text_pieces(text, 400))) > 2
    later = [a for a in chunked.extract(text) if a.source and a.source.start > 400]
    assert later and later[0].entity == "Olaf Scholz"
    assert text[later[0].cue.start:later[0].cue.end] == "said"


# ---------------------------------------------------------------- import
def test_a_long_one_line_article_gets_suggestions_all_along(project, tmp_path, monkeypatch):
    monkeypatch.setattr(attribution, "DEFAULT_LIMIT", 2000)
    reps = 60
    text = PARAGRAPH * reps  # ~8,800 characters on one line: five pieces
    src = tmp_path / "long.txt"
    src.write_text(text, encoding="utf-8")
    updates: list[tuple[int, int, str]] = []
    summary = import_paths(project, [src], backup=False,
                           progress=Progress(lambda d, t, l: updates.append((d, t, l))))
    assert summary.ok and summary.imported == 1
    [article_id] = summary.new_ids
    stored = project.articles.get(article_id).text
    found = project.attributions.list(article_id)
    cues = [stored[a.cue.start:a.cue.end] for a in found if a.cue]
    # Offsets map back onto the whole text: every cue is one of the paragraph's verbs.
    assert set(cues) <= {"said", "told"}
    # Two per paragraph; a cut between sentences loses none of them.
    assert cues.count("said") >= reps - 1 and cues.count("told") >= reps - 1
    assert max(a.cue.start for a in found) > len(stored) - len(PARAGRAPH)
    mentions = project.entities.mentions(article_id)
    assert {stored[m.start:m.end] for m in mentions} >= {"Angela Merkel", "Emmanuel Macron"}
    assert max(m.start for m in mentions) > len(stored) - len(PARAGRAPH)


def test_progress_moves_within_one_long_article_and_cancel_stops_it(project, tmp_path,
                                                                   monkeypatch):
    monkeypatch.setattr(attribution, "DEFAULT_LIMIT", 1000)
    monkeypatch.setattr("framedesk.core.nlp.pieces.PROGRESS_EVERY", 1000)
    src = tmp_path / "long.txt"
    src.write_text(PARAGRAPH * 40, encoding="utf-8")
    import_paths(project, [src], backup=False, attributions=False)
    [article_id] = project.articles.ids()
    seen: list[int] = []

    def update(done: int, total: int, label: str) -> None:
        seen.append(done)
        if done >= total // 3 and done:
            progress.cancel()

    progress = Progress(update)
    with pytest.raises(Cancelled):
        attribution.suggest_for_articles(project, [article_id], progress=progress)
    assert len([d for d in seen if 0 < d]) >= 1 and max(seen) < progress.total
    assert project.attributions.list(article_id) == []  # the unfinished article: nothing half
