"""UI fixtures: settings and data folders in tmp (never the user's), a small project with
entity mentions written straight into the store (no spaCy), and the main window."""

from __future__ import annotations

from pathlib import Path

import pytest

from framedesk.core.model import ArticleDraft, Mention
from framedesk.core.store import Project

# The offscreen platform says these of windows and tooltips; they are not our problem.
OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints",
                   r"This plugin does not support raise\(\)")

KYIV = ("Kyiv to negotiate with Moscow? 😀 Unexpected reports\n\n"
        "Officials in 𝕏 Kyiv met NBC reporters. Kiev and Moscow deny it.\n\n"
        "Joe Biden said Kyiv needs aid.")
BUDGET = "Budget talks in Berlin\n\nParliament in Berlin debated the budget with NBC watching."
FLOODS = "Floods hit Lagos\n\nRain flooded Lagos again; the governor blamed drains."


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """QSettings and QStandardPaths point into tmp for every UI test."""
    from PySide6.QtCore import QSettings

    home = tmp_path / "home"
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(home / "settings"))
    return home


@pytest.fixture
def settings(tmp_path: Path):
    from framedesk.ui.settings import AppSettings

    return AppSettings.at(tmp_path / "appsettings")


def mention(article_id: int, text: str, word: str, label: str, canonical: str | None = None,
            nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Mention(None, article_id, start, start + len(word), label, word, canonical)


def make_news_project(path: Path) -> dict[str, int]:
    """Three articles (one with emoji before its entities) and their mentions."""
    p = Project.create(path, annotator="Ana")
    drafts = [
        ArticleDraft(text=KYIV, title="Kyiv to negotiate", outlet="Wire", published="2023-11-04"),
        ArticleDraft(text=BUDGET, title="Budget talks", outlet="Daily", published="2023-12-01"),
        ArticleDraft(text=FLOODS, title="Floods hit Lagos", outlet="Wire",
                     published="2024-01-15"),
    ]
    kyiv, budget, floods = [i for i, _ in p.articles.add_many(drafts)]
    mentions = [
        mention(kyiv, KYIV, "Kyiv", "GPE"),
        mention(kyiv, KYIV, "Moscow", "GPE"),
        mention(kyiv, KYIV, "Kyiv", "GPE", nth=1),
        mention(kyiv, KYIV, "NBC", "ORG"),
        mention(kyiv, KYIV, "Kiev", "GPE", canonical="Kyiv"),
        mention(kyiv, KYIV, "Moscow", "GPE", nth=1),
        mention(kyiv, KYIV, "Joe Biden", "PERSON"),
        mention(kyiv, KYIV, "Kyiv", "GPE", nth=2),
        mention(budget, BUDGET, "Berlin", "GPE"),
        mention(budget, BUDGET, "Berlin", "GPE", nth=1),
        mention(budget, BUDGET, "NBC", "ORG"),
        mention(floods, FLOODS, "Lagos", "GPE"),
    ]
    p.entities.insert_model_mentions(mentions, origin="test")
    p.close()
    return {"kyiv": kyiv, "budget": budget, "floods": floods}


@pytest.fixture
def news_path(tmp_path: Path) -> Path:
    path = tmp_path / "news.framedesk"
    make_news_project(path)
    return path


@pytest.fixture
def window(qtbot, settings):
    from framedesk.ui.main_window import MainWindow

    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.resize(1300, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.tasks.shutdown()
    w.close()


@pytest.fixture
def news_window(window, news_path: Path):
    assert window.project_actions.open_path(news_path)
    return window
