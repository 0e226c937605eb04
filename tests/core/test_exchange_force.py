"""Every exporter treats ExportOptions(force=True) as the force= argument (the GUI passes
the options only): an existing target is kept without it and replaced with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from framedesk.core.errors import ExportError
from framedesk.core.exchange.registry import EXPORTERS, ExportOptions, load_all
from framedesk.core.model import ArticleDraft
from framedesk.core.store import Project

load_all()


def existing_target(folder: Path, name: str, suffix: str) -> tuple[Path, Path]:
    """The export's target, already there with something precious in it; and that file."""
    if suffix:
        target = folder / f"out{suffix}"
        target.write_text("precious", encoding="utf-8")
        return target, target
    target = folder / "out"
    target.mkdir()
    (target / "keep.txt").write_text("precious", encoding="utf-8")
    return target, target / "keep.txt"


@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_force_in_the_options_replaces_and_its_absence_keeps(project: Project, tmp_path: Path,
                                                             name: str) -> None:
    project.articles.add_many([ArticleDraft(text="Kyiv talks resume.\n\nNATO waits.",
                                            title="Kyiv talks")])
    fmt = EXPORTERS[name]
    target, precious = existing_target(tmp_path, name, fmt.suffix)
    with pytest.raises(ExportError):
        fmt.write(project, None, target, ExportOptions())
    assert precious.read_text(encoding="utf-8") == "precious"
    assert fmt.write(project, None, target, ExportOptions(force=True)) >= 1
    assert not precious.exists() or precious.read_bytes() != b"precious"


def test_spacy_export_refuses_an_existing_file_before_the_work(project: Project,
                                                               tmp_path: Path) -> None:
    from framedesk.core.progress import Progress

    project.articles.add_many([ArticleDraft(text="Kyiv talks resume.", title="Kyiv")])
    target = tmp_path / "out.spacy"
    target.write_bytes(b"precious")
    steps: list[int] = []
    with pytest.raises(ExportError):
        EXPORTERS["spacy"].write(project, None, target, ExportOptions(),
                                 Progress(lambda done, total, label: steps.append(done)))
    assert steps == [] and target.read_bytes() == b"precious"
