"""Build jiaomei_desktop/resources/passphrase_words.txt: 4,096 two-character Chinese words for setup passphrases.

Each word is one of 4,096 (12 bits); seven words give 84 bits. Chosen from pypinyin's phrase dictionary so that a
word read over the phone cannot be mistaken for another: both characters among GB2312's 3,755 level-1 (most used)
characters, and no other two-character word in the dictionary has the same pinyin (tones ignored). Commonness is
approximated by how many phrases each character forms (characters of death, violence, filth or vice are left
out); the 4,096 words whose rarer character forms the most are
kept, in pinyin order. Run once when the list should change: `.venv/bin/python scripts/build_passphrase_words.py`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pypinyin import Style, lazy_pinyin, phrases_dict

SIZE = 4096
# Characters we do not want a secretary to read out to a colleague (death, violence, filth, vice, illness).
AVOID = set(
    "死亡丧乱暴败病杀鬼毒尸哭葬坟墓棺凶灾祸贼奸淫屎尿屁血妓赌娼嫖癌疮脓奴囚刑枪炮弹炸爆邪魔妖色裸骚屠尸殡殓瘟疫痛苦恨仇骂蠢傻贱"
)
OUT = Path(__file__).resolve().parent.parent / "jiaomei_desktop" / "resources" / "passphrase_words.txt"


def _level1(ch: str) -> bool:
    try:
        raw = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(raw) == 2 and 0xB0 <= raw[0] <= 0xD7


def main() -> None:
    phrases = phrases_dict.phrases_dict
    two = [w for w in phrases if len(w) == 2]
    sound = {w: " ".join(lazy_pinyin(w, style=Style.NORMAL)) for w in two}
    homophones = Counter(sound.values())
    productive = Counter(ch for w in phrases for ch in set(w))
    words = [
        w for w in two if all(map(_level1, w)) and homophones[sound[w]] == 1 and w[0] != w[1] and not AVOID & set(w)
    ]
    words.sort(key=lambda w: (-min(productive[w[0]], productive[w[1]]), sound[w], w))
    chosen = sorted(words[:SIZE], key=lambda w: (sound[w], w))
    assert len(chosen) == SIZE
    OUT.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    print(f"{len(chosen)} words → {OUT}")


if __name__ == "__main__":
    main()
