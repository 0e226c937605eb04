#!/usr/bin/env bash
# Smoke test of the bundle (make smoke; not part of the CI test run): build it, then run it
# with the development venv out of reach: --version, and a snapshot of the demo project.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/build.sh
out=$(mktemp -d)
# A clean environment: no venv on PATH, no PYTHONPATH, a private HOME.
env -i HOME="$out/home" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen \
    dist/Framedesk/framedesk --version
env -i HOME="$out/home" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen \
    dist/Framedesk/framedesk import "$out/demo.framedesk" dist/Framedesk/_internal/seeds
env -i HOME="$out/home" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen \
    dist/Framedesk/framedesk snapshot "$out/demo.framedesk" "$out/snapshot.png"
test -s "$out/snapshot.png"
echo "smoke test passed: $out/snapshot.png"
