"""Round trips through the real Label Studio and doccano servers: what each annotation kind
keeps or loses (issue 16).

Installs each server in its own venv under the work folder (pip; skipped when the venv is
already there), starts it on loopback with a fresh data folder, creates a project, imports
Framedesk's export through the server's own HTTP API, exports the project again through the
API, imports that into a fresh Framedesk project and compares it with the original, kind by
kind (tests/support/roundtrip_kinds.py). The file-only round trip of the same formats
(Framedesk -> file -> Framedesk, no server) is measured in the same run as the baseline.

    PYTHONPATH=desktop python -m tests.benchmarks.bench_peer_servers [WORK_FOLDER]
        (default /tmp/framedesk-peers; the venvs stay there for the next run)

A server that cannot be installed or started is reported with the reason, and the run goes
on with the others.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from framedesk.core.exchange.labelstudio_export import config_path
from framedesk.core.exchange.registry import EXPORTERS, load_all
from framedesk.core.importing import import_paths
from framedesk.core.store import Project
from tests.support.roundtrip_kinds import compare, inventory, table
from tests.support.two_coders import two_coder_project

PASSWORD = "bench-pass-123"
LS_TOKEN = "framedeskbenchtoken0123456789"
# Versions that work together on this machine: label-studio 1.23 pulls sentry-sdk 3, which
# its settings do not start with; doccano 1.8.4 pulls marshmallow 4 (environs fails on it)
# and numpy 2 (its pinned pandas 1.5 is built against numpy 1).
PEERS = {
    "label-studio": {"python": ("3.11", "3.12", "3.10"),
                     "packages": ["label-studio>=1.23,<1.24", "sentry-sdk<3"]},
    "doccano": {"python": ("3.10", "3.9", "3.8"),
                "packages": ["doccano==1.8.4", "marshmallow<4", "numpy<2"]},
}


class PeerError(Exception):
    """A server that could not be installed, started or used: the reason, one sentence."""


# ------------------------------------------------------------------ processes and HTTP
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_python(versions: tuple[str, ...]) -> str:
    for v in versions:
        pyenv = sorted(Path(os.path.expanduser("~/.pyenv/versions")).glob(f"{v}.*/bin/python"))
        for candidate in (shutil.which(f"python{v}"), *map(str, pyenv)):
            if candidate and Path(candidate).exists():
                try:
                    out = subprocess.run([candidate, "-c", "import sys; print(sys.version)"],
                                         capture_output=True, text=True, timeout=30)
                except (OSError, subprocess.TimeoutExpired):
                    continue
                if out.returncode == 0:
                    return candidate
    raise PeerError(f"no Python {' or '.join(versions)} on this machine")


def ensure_venv(work: Path, name: str) -> Path:
    """The venv's bin folder, installing the server into it the first time."""
    venv = work / f"{name}-venv"
    marker = venv / ".framedesk-installed"
    if marker.exists():
        return venv / "bin"
    spec = PEERS[name]
    python = find_python(spec["python"])
    t0 = time.perf_counter()
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    log = work / f"{name}-install.log"
    with log.open("w") as fh:
        done = subprocess.run([str(venv / "bin" / "pip"), "install", *spec["packages"]],
                              stdout=fh, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        tail = log.read_text(errors="replace").strip().splitlines()[-3:]
        raise PeerError(f"pip could not install {name} ({' / '.join(tail)}); see {log}")
    marker.write_text(f"{time.perf_counter() - t0:.0f} s\n")
    print(f"  installed {name} in {time.perf_counter() - t0:.0f} s ({python})")
    return venv / "bin"


class Server:
    """Processes started here (and only those) are stopped here, by their process group."""

    def __init__(self) -> None:
        self.procs: list[subprocess.Popen] = []

    def start(self, args: list[str], log: Path, env: dict[str, str], cwd: Path | None = None
              ) -> None:
        fh = log.open("w")
        self.procs.append(subprocess.Popen(args, stdout=fh, stderr=subprocess.STDOUT,
                                           env={**os.environ, **env}, cwd=cwd,
                                           start_new_session=True))

    def stop(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)

    def alive(self) -> bool:
        return all(p.poll() is None for p in self.procs)


def http(method: str, url: str, *, token: str | None = None, scheme: str = "Token",
         body: Any = None, raw: bytes | None = None, content_type: str | None = None,
         timeout: float = 300) -> bytes:
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(url, data=data, method=method)
    if token:
        req.add_header("Authorization", f"{scheme} {token}")
    if data is not None:
        req.add_header("Content-Type", content_type or "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:300].decode(errors="replace")
        raise PeerError(f"{method} {url} answered {exc.code}: {detail}") from None


def wait_until(check: Callable[[], bool], what: str, seconds: float, server: Server) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not server.alive():
            raise PeerError(f"the server stopped while {what}")
        try:
            if check():
                return
        except (OSError, PeerError):
            pass
        time.sleep(2)
    raise PeerError(f"timed out after {seconds:.0f} s {what}")


# ------------------------------------------------------------------ Label Studio
def label_studio(work: Path, source: Project, out: Path) -> dict[str, Path]:
    """Our export imported into a real Label Studio, exported again as JSON and JSON-MIN."""
    bin_ = ensure_venv(work, "label-studio")
    data = Path(tempfile.mkdtemp(prefix="ls-data-", dir=work))
    port = free_port()
    server = Server()
    base = f"http://127.0.0.1:{port}"
    try:
        server.start([str(bin_ / "label-studio"), "start", "--no-browser", "--internal-host",
                      "127.0.0.1", "-p", str(port), "--data-dir", str(data),
                      "--username", "bench@framedesk.test", "--password", PASSWORD,
                      "--user-token", LS_TOKEN, "--enable-legacy-api-token"],
                     work / "label-studio-server.log",
                     {"LABEL_STUDIO_BASE_DATA_DIR": str(data)})
        t0 = time.perf_counter()
        wait_until(lambda: b"UP" in http("GET", f"{base}/health", timeout=5),
                   "starting Label Studio", 900, server)
        print(f"  Label Studio up in {time.perf_counter() - t0:.0f} s on {base}")
        tasks = out / "framedesk-labelstudio.json"
        EXPORTERS["labelstudio"].write(source, None, tasks)
        config = config_path(tasks).read_text(encoding="utf-8")
        project = json.loads(http("POST", f"{base}/api/projects", token=LS_TOKEN,
                                  body={"title": "Framedesk round trip",
                                        "label_config": config}))
        pid = project["id"]
        answer = json.loads(http("POST", f"{base}/api/projects/{pid}/import", token=LS_TOKEN,
                                 body=json.loads(tasks.read_text(encoding="utf-8"))))
        print(f"  Label Studio import: {answer.get('task_count')} tasks,"
              f" {answer.get('annotation_count')} annotations,"
              f" {answer.get('prediction_count')} predictions")
        files = {}
        for kind in ("JSON", "JSON_MIN"):   # the quick export: predictions as ids only
            body = http("GET", f"{base}/api/projects/{pid}/export?exportType={kind}"
                               "&download_all_tasks=true", token=LS_TOKEN)
            files[kind] = out / f"labelstudio-server-{kind.lower()}.json"
            files[kind].write_bytes(body)
        # A snapshot with the predictions' contents (Label Studio's export API).
        snapshot = json.loads(http("POST", f"{base}/api/projects/{pid}/exports/",
                                   token=LS_TOKEN, body={
                                       "title": "with predictions",
                                       "serialization_options": {
                                           "predictions": {"only_id": False}}}))
        state: dict[str, Any] = {}

        def done() -> bool:
            state.update(json.loads(http("GET", f"{base}/api/projects/{pid}/exports/"
                                                f"{snapshot['id']}", token=LS_TOKEN)))
            if state.get("status") == "failed":
                raise PeerError("Label Studio's snapshot export failed")
            return state.get("status") == "completed"

        wait_until(done, "waiting for Label Studio's snapshot export", 300, server)
        body = http("GET", f"{base}/api/projects/{pid}/exports/{snapshot['id']}/download"
                           "?exportType=JSON", token=LS_TOKEN)
        files["JSON snapshot with predictions"] = out / "labelstudio-server-snapshot.json"
        files["JSON snapshot with predictions"].write_bytes(body)
        return files
    finally:
        server.stop()


# ------------------------------------------------------------------ doccano
def doccano(work: Path, source: Project, out: Path) -> list[Path]:
    """Our doccano export imported into a real doccano (relation project), exported again."""
    bin_ = ensure_venv(work, "doccano")
    home = Path(tempfile.mkdtemp(prefix="doccano-home-", dir=work))
    env = {"DOCCANO_HOME": str(home), "DATABASE_URL": f"sqlite:///{home}/db.sqlite3",
           "MEDIA_ROOT": str(home / "media"), "STANDALONE": "True",
           "DJANGO_SETTINGS_MODULE": "config.settings.production"}
    full_env = {**os.environ, **env}
    for step in (["init"], ["createuser", "--username", "admin", "--password", PASSWORD]):
        done = subprocess.run([str(bin_ / "doccano"), *step], env=full_env,
                              capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            raise PeerError(f"doccano {step[0]} failed: "
                            f"{(done.stderr or done.stdout).strip().splitlines()[-1:]}")
    backend = next((bin_.parent / "lib").glob("python3*/site-packages/backend"))
    port = free_port()
    base = f"http://127.0.0.1:{port}/v1"
    server = Server()
    try:
        # doccano's own `webserver` binds every interface; gunicorn is started on loopback.
        server.start([str(bin_ / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "1",
                      "--timeout", "300", "config.wsgi"], work / "doccano-web.log", env,
                     cwd=backend)
        server.start([str(bin_ / "doccano"), "task", "--concurrency", "1"],
                     work / "doccano-task.log", env)
        t0 = time.perf_counter()
        token: dict[str, str] = {}

        def login() -> bool:
            token["key"] = json.loads(http("POST", f"{base}/auth/login/", timeout=10, body={
                "username": "admin", "password": PASSWORD}))["key"]
            return True

        wait_until(login, "starting doccano", 600, server)
        print(f"  doccano up in {time.perf_counter() - t0:.0f} s on {base}")
        key = token["key"]
        project = json.loads(http("POST", f"{base}/projects", token=key, body={
            "name": "Framedesk round trip", "description": "bench",
            "project_type": "SequenceLabeling", "resourcetype": "SequenceLabelingProject",
            "use_relation": True, "allow_overlapping": True, "grapheme_mode": False,
            "collaborative_annotation": True}))
        pid = project["id"]
        lines = out / "framedesk-doccano.jsonl"
        EXPORTERS["doccano"].write(source, None, lines)
        upload_id = _filepond_upload(base, key, lines)
        job = json.loads(http("POST", f"{base}/projects/{pid}/upload", token=key, body={
            "uploadIds": [upload_id], "format": "JSONL", "task": "RelationExtraction"}))
        result = _wait_job(base, key, job["task_id"], server)
        if result and result.get("error"):
            print(f"  doccano import reported: {result['error'][:3]}")
        job = json.loads(http("POST", f"{base}/projects/{pid}/download", token=key,
                              body={"format": "JSONL", "exportApproved": False}))
        _wait_job(base, key, job["task_id"], server)
        archive = http("GET", f"{base}/projects/{pid}/download?taskId={job['task_id']}",
                       token=key)
        files = []
        with zipfile.ZipFile(io.BytesIO(archive)) as zf:
            for name in zf.namelist():
                target = out / f"doccano-server-{Path(name).name}"
                target.write_bytes(zf.read(name))
                files.append(target)
        return files
    finally:
        server.stop()


def _filepond_upload(base: str, key: str, path: Path) -> str:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"filepond\"; "
            f"filename=\"{path.name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            ).encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    return http("POST", f"{base}/fp/process/", token=key, raw=body,
                content_type=f"multipart/form-data; boundary={boundary}").decode().strip()


def _wait_job(base: str, key: str, task_id: str, server: Server) -> Any:
    status: dict[str, Any] = {}

    def ready() -> bool:
        status.update(json.loads(http("GET", f"{base}/tasks/status/{task_id}", token=key)))
        return bool(status.get("ready"))

    wait_until(ready, "waiting for doccano's task queue", 300, server)
    if status.get("error"):
        raise PeerError(f"doccano's task failed: {status['error']}")
    return status.get("result")


# ------------------------------------------------------------------ measuring
def round_trip(files: list[Path], before: dict, folder: Path, name: str) -> dict[str, str]:
    with Project.create(folder / f"{name}.framedesk", annotator="Cleo") as back:
        summary = import_paths(back, files, entities=False)
        if summary.failed:
            print(f"  {name}: {len(summary.failed)} failed: {[str(f) for f in summary.failed][:2]}")
        return compare(before, inventory(back))


def main(work: str | None = None) -> None:
    load_all()
    root = Path(work or os.environ.get("FRAMEDESK_PEERS", "/tmp/framedesk-peers"))
    root.mkdir(parents=True, exist_ok=True)
    out = Path(tempfile.mkdtemp(prefix="round-trip-", dir=root))
    source = two_coder_project(out / "source.framedesk")
    before = inventory(source)
    rows: list[tuple[str, dict[str, str]]] = []
    t0 = time.perf_counter()
    for fmt, name in (("labelstudio", "o.json"), ("doccano", "o.jsonl")):
        target = out / f"file-{fmt}"
        target.mkdir()
        EXPORTERS[fmt].write(source, None, target / name)
        rows.append((f"{fmt} file (no server)", round_trip([target / name], before, out,
                                                          f"file-{fmt}")))
    baseline = time.perf_counter() - t0
    notes = []
    for label, run in (("Label Studio 1.23 server", label_studio), ("doccano 1.8 server", doccano)):
        t1 = time.perf_counter()
        try:
            print(f"{label}:")
            files = run(root, source, out)
        except (PeerError, OSError, subprocess.SubprocessError, StopIteration) as exc:
            notes.append(f"{label}: not measured ({exc})")
            print(f"  not measured: {exc}")
            continue
        if isinstance(files, dict):
            for kind, path in files.items():
                rows.append((f"{label}, {kind} export", round_trip(
                    [path], before, out, "ls-" + kind.replace(" ", "-"))))
        else:
            rows.append((f"{label}, JSONL export", round_trip(files, before, out, "doccano")))
        elapsed = time.perf_counter() - t1
        print(f"  {elapsed:.0f} s, {elapsed / baseline:.0f}x the file-only round trips"
              f" ({baseline:.2f} s)")
    source.close()
    print()
    print(table(rows))
    for note in notes:
        print(note)
    print(f"\nfiles in {out}")


if __name__ == "__main__":
    main(*sys.argv[1:2])
