#!/usr/bin/env bash
# Extract every _()/N_()/ngettext() string from the package, merge it into the zh_CN and en catalogs, compile .mo.
#   scripts/update_translations.sh           extract + update + compile
#   scripts/update_translations.sh compile   compile only (what the build needs)
# Source strings are Chinese: zh_CN's msgstr equals its msgid (filled in by fill_zh_cn below); en is translated by
# hand in jiaomei_desktop/resources/locale/en/LC_MESSAGES/jiaomei.po. tests/i18n checks both are complete.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL="${PYBABEL:-$(dirname "$(command -v python)")/pybabel}"
[ -x "$PYBABEL" ] || PYBABEL=/work/venv/bin/pybabel
PYTHON="${PYTHON:-python}"
LOCALE=jiaomei_desktop/resources/locale
POT=$LOCALE/jiaomei.pot
mkdir -p "$LOCALE"

if [ "${1:-}" != "compile" ]; then
  "$PYTHON" scripts/vocab_messages.py
  "$PYBABEL" extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 --no-location --sort-output \
    --project=jiaomei-desktop --copyright-holder="焦煤集团" -o "$POT" .
  for lang in zh_CN en; do
    po=$LOCALE/$lang/LC_MESSAGES/jiaomei.po
    if [ -f "$po" ]; then
      "$PYBABEL" update -i "$POT" -d "$LOCALE" -D jiaomei -l "$lang" --no-fuzzy-matching --ignore-obsolete
    else
      "$PYBABEL" init -i "$POT" -d "$LOCALE" -D jiaomei -l "$lang"
    fi
  done
  "$PYTHON" scripts/fill_zh_cn.py "$LOCALE/zh_CN/LC_MESSAGES/jiaomei.po"
fi
"$PYBABEL" compile -d "$LOCALE" -D jiaomei --statistics
