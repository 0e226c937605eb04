"""CoNLL token files import as articles with their entity mentions; image and audio tasks
of the annotation tools are left out with a sentence, not imported as articles whose text
is a file name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framedesk.core.importing import import_paths
from framedesk.core.store import Project

CONLL = Path(__file__).resolve().parents[1] / "data" / "fixtures" / "conll"
THRUN = [("Sebastian Thrun", "PERSON"), ("Google", "ORG"), ("2007", "DATE"),
         ("American", "NORP"), ("Thrun", "PERSON"), ("Recode", "ORG"),
         ("earlier this week", "DATE")]


def mentions(project: Project, article_id: int) -> list[tuple[str, str]]:
    return [(m.text, m.label) for m in project.entities.mentions(article_id)]


@pytest.mark.parametrize("name", ["ner-token-per-line-conll2003.iob", "ner-token-per-line.iob",
                                  "ner-sent-per-line.iob"])
def test_spacy_example_in_three_layouts_gives_the_same_entities(project: Project,
                                                               name: str) -> None:
    summary = import_paths(project, [CONLL / name], entities=False)
    assert not summary.failed and summary.formats["conll"] == 1
    (article_id,) = summary.new_ids
    article = project.articles.get(article_id)
    assert article.text.startswith("When Sebastian Thrun started working on self")
    assert mentions(project, article_id) == THRUN
    assert all(article.text[m.start:m.end] == m.text
               for m in project.entities.mentions(article_id))


def test_docstart_separates_documents_and_sentences_become_lines(project: Project,
                                                                  tmp_path: Path) -> None:
    path = tmp_path / "eng.train"
    path.write_text("-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n"
                    "German JJ B-NP B-MISC\ncall NN I-NP O\n\nPeter NNP B-NP B-PER\n"
                    "Blackburn NNP I-NP I-PER\n\n-DOCSTART- -X- -X- O\n\n"
                    "BRUSSELS NNP B-NP I-LOC\n1996-08-22 CD I-NP O\n", encoding="utf-8")
    summary = import_paths(project, [path], entities=False)
    assert summary.imported == 2, summary.failed
    first, second = (project.articles.get(i) for i in summary.new_ids)
    assert first.text == "EU rejects German call\nPeter Blackburn"
    assert mentions(project, first.id) == [("EU", "ORG"), ("German", "MISC"),
                                           ("Peter Blackburn", "PER")]
    # IOB1: an entity may start with I-.
    assert mentions(project, second.id) == [("BRUSSELS", "LOC")]


def test_iob1_b_splits_adjacent_entities_and_bioes_is_read(project: Project,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "tags.conll"
    path.write_text("Merkel\tI-PER\nMacron\tB-PER\nmet\tO\n\nNew\tB-LOC\nYork\tE-LOC\n"
                    "Paris\tS-LOC\ntoday\tO\n", encoding="utf-8")
    summary = import_paths(project, [path], entities=False)
    first, second = summary.new_ids
    assert mentions(project, first) == [("Merkel", "PER"), ("Macron", "PER")]
    assert mentions(project, second) == [("New York", "LOC"), ("Paris", "LOC")]


def test_a_line_without_a_tag_costs_only_its_example(project: Project) -> None:
    summary = import_paths(project, [CONLL / "doccano_invalid.conll"], entities=False)
    (failure,) = summary.failed
    assert failure.line == 1 and "is not a token and its tag" in str(failure.error)
    assert summary.imported >= 2
    texts = [project.articles.get(i).text for i in summary.new_ids]
    assert "Nadim Ladki" in texts


def test_conll_in_a_txt_file_is_recognised_but_prose_is_not(project: Project,
                                                            tmp_path: Path) -> None:
    conll = tmp_path / "train.txt"
    conll.write_text((CONLL / "doccano_example.conll").read_text(encoding="utf-8"),
                     encoding="utf-8")
    prose = tmp_path / "story.txt"
    prose.write_text("Officials met in Brussels on Monday.\nO\n\nThe talks ended late, "
                     "B-list guests said.\n", encoding="utf-8")
    summary = import_paths(project, [conll, prose], entities=False)
    assert dict(summary.formats) == {"conll": 1, "text": 1}   # files, by format


def test_image_and_audio_tasks_are_skipped_with_a_sentence(project: Project,
                                                           tmp_path: Path) -> None:
    prodigy = tmp_path / "images.jsonl"
    prodigy.write_text("\n".join(json.dumps(t) for t in [
        {"image": "/data/upload/29/example.png", "spans": [{"points": [[1, 2], [3, 4]],
                                                             "label": "CAT"}],
         "answer": "accept", "_input_hash": 1},
        {"text": "Kyiv replied on Monday.", "spans": [], "answer": "accept", "_input_hash": 2},
    ]) + "\n", encoding="utf-8")
    doccano = tmp_path / "audio.jsonl"
    doccano.write_text(json.dumps({"filename": "20210514.mp3",
                                   "label": ["Lorem ipsum dolor sit amet"]}) + "\n",
                       encoding="utf-8")
    summary = import_paths(project, [prodigy, doccano], entities=False)
    assert not summary.failed, [str(f.error) for f in summary.failed]
    assert summary.imported == 1
    assert [project.articles.get(i).text for i in summary.new_ids] == ["Kyiv replied on Monday."]
    reasons = {(s.path.name, s.reason) for s in summary.skipped}
    assert {name for name, _ in reasons} == {"images.jsonl", "audio.jsonl"}
    assert all("image, audio or video task" in reason for _, reason in reasons)
