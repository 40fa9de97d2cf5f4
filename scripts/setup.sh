#!/usr/bin/env bash
# Install what jiaomei_desktop needs on a fresh Debian/Ubuntu machine into ./.venv.
#   bash scripts/setup.sh        the app
#   bash scripts/setup.sh test   the app and the test tools
# System libraries Qt needs (EGL, xkbcommon, fontconfig…) and poppler (PDF checks) come from apt when we are root
# or have sudo; elsewhere (Windows, a managed PC) install them by other means and this step is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-xkb1 libnss3 libasound2 poppler-utils xvfb)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
fi
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = "test" ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
else
  .venv/bin/python -m pip install -q -e .
fi
# Byte-compile the package as an installer (and the PyInstaller build) does: an editable install leaves every module
# to be compiled at its first import, which a lazily imported module then pays on the GUI thread (and nothing is
# written at all where PYTHONDONTWRITEBYTECODE is set).
.venv/bin/python -m compileall -q jiaomei_desktop >/dev/null
