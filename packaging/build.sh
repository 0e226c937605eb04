#!/usr/bin/env bash
# Builds dist/Framedesk/ (one folder) and dist/Framedesk-<version>-linux-<arch>.tar.gz.
# Uses its own build venv so the result does not depend on the developer's environment.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_VENV=${BUILD_VENV:-build/venv}
python3 -m venv "$BUILD_VENV"
"$BUILD_VENV/bin/python" -m pip install -q --upgrade pip
"$BUILD_VENV/bin/python" -m pip install -q . "pyinstaller>=6.10,<7"
"$BUILD_VENV/bin/pyinstaller" --noconfirm --clean --distpath dist --workpath build/pyinstaller \
    packaging/framedesk.spec
# Desktop integration files travel with the bundle; install-desktop.sh puts them in place.
cp packaging/io.github.framedesk.Framedesk.desktop packaging/io.github.framedesk.Framedesk.metainfo.xml \
   packaging/framedesk-mime.xml packaging/install-desktop.sh resources/icons/framedesk.svg dist/Framedesk/
version=$("$BUILD_VENV/bin/python" -c "import framedesk; print(framedesk.__version__)")
tarball="dist/Framedesk-${version}-linux-$(uname -m).tar.gz"
tar -C dist -czf "$tarball" Framedesk
echo "built dist/Framedesk/ and $tarball ($(du -sh dist/Framedesk | cut -f1))"
