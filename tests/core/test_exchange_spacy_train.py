"""The DocBin export is accepted by `spacy train`: a short NER + textcat training run (and a
textcat_multilabel one) on an exported project finishes and writes a pipeline that loads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from framedesk.core.exchange.spacy_docbin import write_spacy, write_spacy_multilabel
from framedesk.core.model import ArticleDraft
from framedesk.core.store import Project

ARTICLES = [
    ("Kyiv and Moscow talk peace.\n\nVladimir Putin met Volodymyr Zelensky in Kyiv.", "security"),
    ("Budget cuts in Ukraine.\n\nThe economy of Ukraine shrank, NATO said.", "economic"),
    ("Court rules on Russia.\n\nJudges in Moscow ruled against Joe Biden's envoy.", "legality"),
    ("Elections in Russia.\n\nVladimir Putin won the vote in Moscow, NBC reported.", "political"),
    ("Aid for Ukraine.\n\nJoe Biden promised money to Kyiv, NATO added.", "economic"),
    ("Troops near Kyiv.\n\nNATO moved troops; Volodymyr Zelensky thanked NATO.", "security"),
]
LABELS = {"Kyiv": "GPE", "Moscow": "GPE", "Ukraine": "GPE", "Russia": "GPE", "NATO": "ORG",
          "NBC": "ORG", "Vladimir Putin": "PERSON", "Volodymyr Zelensky": "PERSON",
          "Joe Biden": "PERSON"}


def fill(project: Project) -> None:
    for text, frame in ARTICLES:
        (aid, _), = project.articles.add_many([ArticleDraft(text=text)])
        stored = project.articles.get(aid).text
        for name, label in LABELS.items():
            start = stored.find(name)
            while start >= 0:
                project.entities.add_manual(aid, start, start + len(name), label)
                start = stored.find(name, start + len(name))
        project.coding.set_frame(aid, "policy_frames", frame, primary=True)
        if frame != "political":
            project.coding.set_frame(aid, "policy_frames", "political")


def spacy_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "spacy", *args], cwd=cwd, text=True,
                          capture_output=True, timeout=300)


@pytest.mark.slow
@pytest.mark.parametrize("pipeline, writer", [("ner,textcat", write_spacy),
                                              ("textcat_multilabel", write_spacy_multilabel)])
def test_spacy_train_accepts_the_export(project: Project, tmp_path: Path, pipeline: str,
                                        writer) -> None:
    fill(project)
    data = tmp_path / "corpus.spacy"
    assert writer(project, None, data) == len(ARTICLES)
    made = spacy_cli("init", "config", "config.cfg", "--lang", "en", "--pipeline", pipeline,
                     "--optimize", "efficiency", "--force", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    debug = spacy_cli("debug", "data", "config.cfg", "--paths.train", str(data),
                      "--paths.dev", str(data), cwd=tmp_path)
    assert "Corpus is loadable" in debug.stdout, debug.stdout + debug.stderr
    # Six documents are of course "a low number of examples"; nothing else may fail.
    failures = [line for line in debug.stdout.splitlines() if "\u2718" in line
                and "Low number of examples" not in line and " 1 error" not in line]
    assert failures == [], debug.stdout
    trained = spacy_cli("train", "config.cfg", "--output", "out", "--paths.train", str(data),
                        "--paths.dev", str(data), "--training.max_epochs", "1",
                        "--training.max_steps", "2", "--training.eval_frequency", "1",
                        cwd=tmp_path)
    assert trained.returncode == 0, trained.stdout + trained.stderr
    import spacy

    nlp = spacy.load(tmp_path / "out" / "model-last")
    component = "textcat" if pipeline != "textcat_multilabel" else "textcat_multilabel"
    assert {"security", "economic", "political"} <= set(nlp.get_pipe(component).labels)
    if "ner" in pipeline:
        assert {"GPE", "ORG", "PERSON"} == set(nlp.get_pipe("ner").labels)
