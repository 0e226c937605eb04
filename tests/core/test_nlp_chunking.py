"""Articles longer than spaCy's max_length: found in pieces, offsets mapped back exactly."""

from __future__ import annotations

from framedesk.core.importing import import_paths
from framedesk.core.nlp.entities import text_chunks

PARAGRAPH = ("Angela Merkel met Emmanuel Macron in Paris on Monday. "
             "The European Union and NATO discussed Ukraine. ")


def test_pieces_cover_the_text_exactly_and_stay_under_the_limit():
    text = PARAGRAPH * 200 + "x" * 5000 + PARAGRAPH
    pieces = list(text_chunks(text, 1000))
    assert "".join(p for p, _, _ in pieces) == text
    assert all(len(p) <= 1000 for p, _, _ in pieces)
    assert [last for _, _, last in pieces].count(True) == 1 and pieces[-1][2]
    for piece, offset, _ in pieces:
        assert text[offset:offset + len(piece)] == piece
    assert list(text_chunks("short", 1000)) == [("short", 0, True)]


def test_long_article_gets_entities_in_pieces_with_right_offsets(project, tmp_path,
                                                                recognizer, monkeypatch):
    monkeypatch.setattr(recognizer.nlp, "max_length", 2000)  # pieces of 1,000 characters: E088 without chunking
    text = PARAGRAPH * 100  # ~10,000 characters on one line
    src = tmp_path / "long.txt"
    src.write_text(text, encoding="utf-8")
    import_paths(project, [src], entities=False, backup=False)
    article_id = project.db.execute("SELECT id FROM articles").fetchone()[0]
    stored = project.db.execute("SELECT text FROM articles").fetchone()[0]
    recognizer.annotate(project, [article_id])
    rows = project.db.execute("SELECT start, \"end\", text FROM mentions").fetchall()
    assert len(rows) > 100  # entities found all along the text, not only the first piece
    assert max(r[0] for r in rows) > len(stored) * 0.9
    assert all(stored[s:e] == t for s, e, t in rows)
