#!/usr/bin/env bash
# Registers an unpacked Framedesk bundle with the desktop for the current user: menu entry,
# icon, and *.framedesk files opening in Framedesk on a double click.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
mkdir -p "$data/applications" "$data/icons/hicolor/scalable/apps" "$data/mime/packages" "$data/metainfo" "$HOME/.local/bin"
ln -sf "$here/framedesk" "$HOME/.local/bin/framedesk"
cp "$here/io.github.framedesk.Framedesk.desktop" "$data/applications/"
cp "$here/framedesk.svg" "$data/icons/hicolor/scalable/apps/io.github.framedesk.Framedesk.svg"
cp "$here/framedesk-mime.xml" "$data/mime/packages/io.github.framedesk.Framedesk.xml"
cp "$here/io.github.framedesk.Framedesk.metainfo.xml" "$data/metainfo/"
command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
echo "Framedesk is in your applications menu; ~/.local/bin/framedesk starts it."
