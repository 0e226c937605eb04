#!/usr/bin/env bash
# Smoke test of the bundle (make smoke; not part of the CI test run): build it, then run it
# with the development venv out of reach: --version, an import of the sample articles (spaCy
# and the model inside the bundle) and a snapshot of that project offscreen (the whole window
# with every part). SKIP_BUILD=1 reuses an existing dist/Framedesk/.
set -euo pipefail
cd "$(dirname "$0")/.."
TIMEFORMAT="  %R s"
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "build:"
  time bash packaging/build.sh
fi
out=$(mktemp -d)
# A clean environment: no venv on PATH, no PYTHONPATH, a private HOME (logs, backups).
run() { env -i HOME="$out/home" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen dist/Framedesk/framedesk "$@"; }
echo "--version:"
time run --version
echo "import of the sample articles (with entities):"
time run import "$out/demo.framedesk" dist/Framedesk/_internal/seeds
echo "snapshot:"
time run snapshot "$out/demo.framedesk" "$out/snapshot.png" 2> "$out/snapshot.err"
cat "$out/snapshot.err"
test -s "$out/snapshot.png"
if grep -q . "$out/snapshot.err"; then
  echo "smoke test failed: the snapshot wrote to stderr" >&2
  exit 1
fi
echo "bundle: $(du -sh dist/Framedesk | cut -f1), tarball: $(du -sh dist/Framedesk-*.tar.gz | cut -f1 | head -1)"
echo "smoke test passed: $out/snapshot.png"
