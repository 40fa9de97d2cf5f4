#!/usr/bin/env bash
# CI: build the one-folder app with PyInstaller and run the built program's self-check, so a missing data file,
# migration or module fails the build. About 1-2 minutes on 2 cores.
#   scripts/build_and_check.sh            (uses the active python / $PYTHON)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"
"$PYTHON" -m pip install --quiet "pyinstaller>=6.10"
# The compiled catalogs are committed; recompile so a .po edited without running the update script still ships.
"$PYTHON" -m babel.messages.frontend compile -d jiaomei_desktop/resources/locale -D jiaomei --statistics
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
  packaging/pyinstaller.spec
QT_QPA_PLATFORM=offscreen dist/jiaomei-desktop/jiaomei-desktop --self-check
du -sh dist/jiaomei-desktop
