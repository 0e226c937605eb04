"""What the window remembers between runs: geometry, splitters, recent projects, analyst.

Stored with QSettings (an INI file per user, never pickle). Tests and the snapshot command
pass their own QSettings file so they never touch the user's.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from framedesk import APP_NAME
from framedesk.core.backup import data_home

MAX_RECENT = 10


def user_data_dir() -> Path:
    """Where the demo project lives: the same folder as backups and logs
    (~/.local/share/framedesk, or $FRAMEDESK_DATA/framedesk), so a user finds all in one place."""
    return data_home() / "framedesk"


class AppSettings:
    def __init__(self, qsettings: QSettings | None = None, data_dir: Path | None = None) -> None:
        self.qsettings = qsettings or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_NAME, APP_NAME)
        self.data_dir = data_dir or user_data_dir()

    @classmethod
    def at(cls, folder: Path) -> AppSettings:
        """Settings and data kept in one folder (tests, snapshots)."""
        folder.mkdir(parents=True, exist_ok=True)
        qs = QSettings(str(folder / "framedesk.ini"), QSettings.Format.IniFormat)
        return cls(qs, folder / "data")

    # ------------------------------------------------------------ recent projects
    def recent_projects(self) -> list[Path]:
        value = self.qsettings.value("recent/projects", [])
        if isinstance(value, str):
            value = [value]
        return [Path(v) for v in (value or []) if v]

    def add_recent(self, path: Path) -> None:
        path = Path(path).resolve()
        paths = [p for p in self.recent_projects() if p != path]
        self.qsettings.setValue("recent/projects", [str(p) for p in [path, *paths][:MAX_RECENT]])
        self.qsettings.sync()

    def remove_recent(self, path: Path) -> None:
        path = Path(path).resolve()
        self.qsettings.setValue("recent/projects",
                                [str(p) for p in self.recent_projects() if p != path])

    def last_project(self) -> Path | None:
        for p in self.recent_projects():
            if p.exists():
                return p
        return None

    @property
    def demo_path(self) -> Path:
        return self.data_dir / "demo.framedesk"

    # ------------------------------------------------------------ analyst
    @property
    def analyst(self) -> str:
        return str(self.qsettings.value("analyst/name", "") or "")

    @analyst.setter
    def analyst(self, name: str) -> None:
        self.qsettings.setValue("analyst/name", name)

    # ------------------------------------------------------------ window state
    def save_bytes(self, key: str, value: QByteArray) -> None:
        self.qsettings.setValue(f"window/{key}", value)

    def load_bytes(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(f"window/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def value(self, key: str, default: object = None) -> object:
        return self.qsettings.value(key, default)

    def set_value(self, key: str, value: object) -> None:
        self.qsettings.setValue(key, value)

    def sync(self) -> None:
        self.qsettings.sync()
