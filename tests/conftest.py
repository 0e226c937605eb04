"""Shared fixtures: a fresh project per test, the seeds, and one spaCy model per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Before any Qt import: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def private_data_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Backups, logs and the demo project go to a temporary folder, never the user's."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("FRAMEDESK_DATA", str(folder))
    return folder


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "test.framedesk"


@pytest.fixture
def project(project_path: Path):
    from framedesk.core.store import Project

    p = Project.create(project_path, annotator="Ana")
    yield p
    p.close()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def shared_fixtures() -> Path:
    if not SHARED_FIXTURES.is_dir():
        pytest.skip("../shared/fixtures is not beside this checkout")
    return SHARED_FIXTURES
