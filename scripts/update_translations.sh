#!/usr/bin/env bash
# Extract every _()/N_()/ngettext() string from the package, merge it into the zh_CN and en catalogs, compile .mo.
#   scripts/update_translations.sh           extract + update + compile
#   scripts/update_translations.sh compile   compile only (what the build needs)
# Source strings are Chinese: zh_CN's msgstr equals its msgid (filled in by fill_zh_cn below); en is translated by
# hand in jiaomei_desktop/resources/locale/en/LC_MESSAGES/jiaomei.po. tests/i18n checks both are complete.
set -euo pipefail
cd "$(dirname "$0")/.."
# The Python with the package and Babel installed: $PYTHON, else the project's .venv, else python3 / python on PATH.
if [ -z "${PYTHON:-}" ]; then
  for candidate in .venv/bin/python .venv/Scripts/python.exe python3 python; do
    if command -v "$candidate" >/dev/null 2>&1; then PYTHON=$candidate; break; fi
  done
fi
# pybabel next to that Python (a venv's bin/ or Scripts/), else Babel's own entry point run by that Python.
if [ -z "${PYBABEL:-}" ]; then
  PYBABEL="$(dirname "$("$PYTHON" -c 'import sys; print(sys.executable)')")/pybabel"
fi
pybabel() {
  if [ -x "$PYBABEL" ]; then "$PYBABEL" "$@"; else "$PYTHON" -m babel.messages.frontend "$@"; fi
}
LOCALE=jiaomei_desktop/resources/locale
POT=$LOCALE/jiaomei.pot
mkdir -p "$LOCALE"

if [ "${1:-}" != "compile" ]; then
  "$PYTHON" scripts/vocab_messages.py
  pybabel extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 --no-location --sort-output \
    --project=jiaomei-desktop --copyright-holder="焦煤集团" -o "$POT" .
  for lang in zh_CN en; do
    po=$LOCALE/$lang/LC_MESSAGES/jiaomei.po
    if [ -f "$po" ]; then
      pybabel update -i "$POT" -d "$LOCALE" -D jiaomei -l "$lang" --no-fuzzy-matching --ignore-obsolete -w 120
    else
      pybabel init -i "$POT" -d "$LOCALE" -D jiaomei -l "$lang"
    fi
  done
  "$PYTHON" scripts/fill_zh_cn.py "$LOCALE/zh_CN/LC_MESSAGES/jiaomei.po"
fi
pybabel compile -d "$LOCALE" -D jiaomei --statistics
