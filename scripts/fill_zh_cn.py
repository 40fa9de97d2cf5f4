"""zh_CN is the source language: every msgstr is its msgid. Run by scripts/update_translations.sh."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def fill(path: Path) -> int:
    with path.open("rb") as fh:
        catalog = read_po(fh, locale="zh_CN")
    changed = 0
    for message in catalog:
        if not message.id:
            continue
        wanted = tuple(message.id[:1]) if message.pluralizable else message.id  # Chinese has one plural form
        if message.string != wanted:
            message.string = wanted
            changed += 1
        message.flags.discard("fuzzy")
    with path.open("wb") as fh:
        write_po(fh, catalog, width=120, omit_header=False)
    return changed


if __name__ == "__main__":
    print(f"zh_CN: {fill(Path(sys.argv[1]))} messages filled")
