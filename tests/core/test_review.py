"""Opening colleagues' files safely and comparing them article by article."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from framedesk.core.errors import CorruptProject, NewerProject, NotAProject, ProjectMissing
from framedesk.core.model import ArticleDraft, Span
from framedesk.core.review.colleague import SEVERAL_ANNOTATORS, UNCLOSED, open_for_review
from framedesk.core.review.session import ReviewSession
from framedesk.core.review.work import ATTRIBUTIONS, CUES, ENTITIES, PRIMARY, TONE
from framedesk.core.store import SCHEMA_VERSION, Project
from framedesk.core.store.attributions import Attribution

TEXTS = [f"Story {i}\n\nKyiv said the talks in Geneva failed, officials said on day {i}."
         for i in range(6)]


def make_coder_file(path: Path, annotator: str, frames: list[str], tones: list[str | None],
                    texts: list[str] = TEXTS, cue_code: dict[int, str] | None = None,
                    close: bool = True) -> Project:
    """A project in which `annotator` coded every article: primary frame, tone, a cue on
    'Kyiv', an attribution, model mentions of Kyiv and Geneva."""
    p = Project.create(path, annotator=annotator)
    ids = [i for i, _ in p.articles.add_many([ArticleDraft(text=t) for t in texts])]
    for n, (aid, frame, tone) in enumerate(zip(ids, frames, tones)):
        p.coding.set_frame(aid, "policy_frames", frame, primary=True)
        if tone:
            p.coding.set_tone(aid, tone)
        code = (cue_code or {}).get(n, frame)
        p.coding.add_cue(aid, 0, 5, "policy_frames", code)
        p.attributions.add(Attribution(aid, source=Span(9, 13), cue=Span(14, 18),
                                       content=Span(19, 45), identification="named",
                                       source_type="government"))
        model_mentions(p, aid, [(9, 13, "GPE", "Kyiv"), (31, 37, "GPE", "Geneva")])
    if close:
        p.close()
    return p


def model_mentions(p: Project, article_id: int, spans: list[tuple[int, int, str, str]]) -> None:
    """What an NER run leaves: 'auto' mentions linked to canonical entities. Written with SQL
    because EntityStore._insert calls Database.executemany, which sqlite-utils lacks."""
    with p.atomic() as db:
        for start, end, label, text in spans:
            entity_id = p.entities.ensure(text, label)
            db.execute('INSERT INTO mentions (article_id, start, "end", label, text, entity_id,'
                       " origin, status, created) VALUES (?,?,?,?,?,?,'spacy:test@1','auto',"
                       " '2026-01-01')", [article_id, start, end, label, text, entity_id])


@pytest.fixture
def two_files(tmp_path: Path) -> tuple[Path, Path]:
    ana = tmp_path / "ana.framedesk"
    ben = tmp_path / "ben.framedesk"
    make_coder_file(ana, "Ana", ["security", "economic", "security", "political", "morality", "health"],
                    ["neutral", "negative", "neutral", "positive", None, "neutral"])
    make_coder_file(ben, "Ben", ["security", "security", "security", "political", "economic", "health"],
                    ["neutral", "neutral", "neutral", "positive", "negative", "neutral"],
                    cue_code={1: "economic"})
    return ana, ben


def test_review_never_changes_the_original_bytes(two_files: tuple[Path, Path],
                                                 tmp_path: Path) -> None:
    from framedesk.core.review.merge import merge_files

    before = {p: p.read_bytes() for p in two_files}
    with ReviewSession.open(two_files) as session:
        assert session.comparison.articles
    merge_files(two_files, tmp_path / "gold.framedesk", who="Cleo")
    assert {p: p.read_bytes() for p in two_files} == before
    assert not any(Path(str(p) + suffix).exists() for p in two_files for suffix in ("-wal", "-shm"))


def test_the_copy_is_read_only(two_files: tuple[Path, Path]) -> None:
    with open_for_review(two_files[0]) as review:
        with pytest.raises(sqlite3.OperationalError):
            review.project.db.execute("DELETE FROM articles")
        assert review.project.db.execute("PRAGMA query_only").fetchone()[0] == 1
        assert review.project.db.execute("PRAGMA trusted_schema").fetchone()[0] == 0
        assert review.copy != two_files[0]
        copy_folder = review.copy.parent
    assert not copy_folder.exists()        # the private copy is removed on close


def test_a_left_behind_wal_is_read_and_reported(tmp_path: Path) -> None:
    sender = make_coder_file(tmp_path / "live.framedesk", "Ben", ["security"] * 6,
                             ["neutral"] * 6, close=False)
    sent = tmp_path / "sent"
    sent.mkdir()
    # The sender's app is still open: the last edits are only in the -wal.
    shutil.copyfile(sender.path, sent / "ben.framedesk")
    shutil.copyfile(str(sender.path) + "-wal", sent / "ben.framedesk-wal")
    sender.close()
    before = [(sent / n).read_bytes() for n in ("ben.framedesk", "ben.framedesk-wal")]
    with open_for_review(sent / "ben.framedesk") as review:
        assert [n.code for n in review.notices] == [UNCLOSED]
        assert review.project.db.execute(
            "SELECT count(*) FROM doc_codes WHERE role = 'primary'").fetchone()[0] == 6
    assert [(sent / n).read_bytes() for n in ("ben.framedesk", "ben.framedesk-wal")] == before


def test_bad_files_get_typed_errors_and_stay_untouched(two_files: tuple[Path, Path],
                                                      tmp_path: Path) -> None:
    newer = tmp_path / "newer.framedesk"
    shutil.copyfile(two_files[0], newer)
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    conn.close()
    corrupt = tmp_path / "corrupt.framedesk"
    data = bytearray(two_files[0].read_bytes())
    page = 4096
    data[3 * page:5 * page] = b"\xff" * (2 * page)      # scribble over b-tree pages
    corrupt.write_bytes(bytes(data))
    text = tmp_path / "notes.framedesk"
    text.write_text("not a database " * 50)
    for path, error in ((newer, NewerProject), (corrupt, CorruptProject), (text, NotAProject),
                        (tmp_path / "missing.framedesk", ProjectMissing)):
        before = path.read_bytes() if path.exists() else None
        with pytest.raises(error) as info:
            open_for_review(path)
        assert info.value.path == path
        assert (path.read_bytes() if path.exists() else None) == before


def test_articles_match_by_uid_and_one_sided_ones_are_listed(tmp_path: Path) -> None:
    ana, ben = tmp_path / "a.framedesk", tmp_path / "b.framedesk"
    # Ben imported the same articles with Windows line endings, plus one Ana doesn't have.
    make_coder_file(ana, "Ana", ["security"] * 3, ["neutral"] * 3, texts=TEXTS[:3])
    make_coder_file(ben, "Ben", ["security"] * 3, ["neutral"] * 3,
                    texts=[TEXTS[2].replace("\n", "\r\n"), TEXTS[0], "Only Ben has this one."])
    with ReviewSession.open([ana, ben]) as session:
        comparison = session.comparison
        assert sorted(a.title for a in comparison.articles) == ["Story 0", "Story 2"]
        partial = {r.title: r.present_in for r in comparison.partial}
        assert partial == {"Story 1": ("Ana",), "Only Ben has this one.": ("Ben",)}


def test_each_kind_is_marked_agree_or_disagree_with_both_versions(two_files) -> None:
    with ReviewSession.open(two_files) as session:
        assert session.coders == ["Ana", "Ben"]
        by_title = {a.title: a for a in session.comparison.articles}
        assert by_title["Story 0"].agrees
        story1 = by_title["Story 1"]
        assert set(story1.disagreeing) == {PRIMARY, TONE}       # Ben's cue is also economic
        frames = story1.kinds[PRIMARY]
        assert [i.text for i in frames.items["Ana"]] == ["economic"]
        assert [i.text for i in frames.items["Ben"]] == ["security"]
        assert frames.agreed == []
        assert story1.kinds[CUES].agrees and story1.kinds[ENTITIES].agrees
        assert story1.kinds[ATTRIBUTIONS].agrees
        # Ana gave no tone on story 4: a disagreement with Ben's 'negative'.
        assert by_title["Story 4"].kinds[TONE].disputed() == {
            "Ana": [], "Ben": by_title["Story 4"].kinds[TONE].items["Ben"]}
        assert [a.title for a in session.comparison.disagreements()] == [
            "Story 1", "Story 4"]


def test_entity_corrections_show_as_differences(two_files) -> None:
    ana = Project.open(two_files[0], annotator="Ana")
    aid = ana.articles.ids()[2]
    geneva = next(m for m in ana.entities.mentions(aid) if m.text == "Geneva")
    ana.entities.relabel(geneva.id, "LOC")
    ana.close()
    with ReviewSession.open(two_files) as session:
        story2 = next(a for a in session.comparison.articles if a.title == "Story 2")
        entities = story2.kinds[ENTITIES]
        assert not entities.agrees
        assert {i.key[2] for i in entities.disputed()["Ana"]} == {"LOC"}
        assert {i.key[2] for i in entities.disputed()["Ben"]} == {"GPE"}
        assert [i.key[3] for i in entities.agreed] == ["Kyiv"]


def test_the_main_coder_of_a_shared_file_is_chosen_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "shared.framedesk"
    p = make_coder_file(path, "Ana", ["security"] * 6, ["neutral"] * 6, close=False)
    p.annotator = "Dan"
    p.coding.set_tone(p.articles.ids()[0], "positive")
    p.close()
    with open_for_review(path) as review:
        assert review.coder == "Ana"
        assert review.notices[0].code == SEVERAL_ANNOTATORS
        assert review.notices[0].detail["others"] == ["Dan"]
    with open_for_review(path, annotator="Dan") as review:
        assert review.coder == "Dan"


def test_three_coders_compare_at_once(two_files, tmp_path: Path) -> None:
    cleo = tmp_path / "cleo.framedesk"
    make_coder_file(cleo, "Cleo", ["security"] * 6, ["neutral"] * 6)
    with ReviewSession.open([*two_files, cleo]) as session:
        story0 = next(a for a in session.comparison.articles if a.title == "Story 0")
        assert story0.coders == ["Ana", "Ben", "Cleo"] and story0.agrees
        story3 = next(a for a in session.comparison.articles if a.title == "Story 3")
        assert story3.disagreeing == [PRIMARY, TONE, CUES]     # Cleo: security, neutral


def test_same_annotator_name_in_two_files_gets_told_apart(two_files, tmp_path: Path) -> None:
    other = tmp_path / "other" / "ana.framedesk"
    other.parent.mkdir()
    make_coder_file(other, "Ana", ["security"] * 6, ["neutral"] * 6)
    with ReviewSession.open([two_files[0], other]) as session:
        assert len(set(session.coders)) == 2


def test_share_with_a_colleague_writes_a_self_contained_copy(tmp_path: Path) -> None:
    p = make_coder_file(tmp_path / "mine.framedesk", "Ana", ["security"] * 6, ["neutral"] * 6,
                        close=False)
    assert Path(str(p.path) + "-wal").exists()      # edits still live in the -wal
    target = p.write_copy(tmp_path / "to_send.framedesk")
    p.close()
    assert not Path(str(target) + "-wal").exists()
    conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM doc_codes WHERE role = 'primary'").fetchone()[0] == 6
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal"
    conn.close()
    with open_for_review(target) as review:
        assert review.notices == [] and review.coder == "Ana"


def test_ones_own_open_project_is_snapshotted_not_copied(two_files) -> None:
    with Project.open(two_files[0], annotator="Ana") as mine:
        mine.coding.set_tone(mine.articles.ids()[4], "explicit_pro")    # only in the -wal
        with ReviewSession.open(two_files, live=mine) as session:
            assert session.notices == []                    # no "sent while open" warning
            story4 = next(a for a in session.comparison.articles if a.title == "Story 4")
            assert [i.text for i in story4.kinds[TONE].items["Ana"]] == ["explicit_pro"]
