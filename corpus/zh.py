"""Chinese script the layers share: numerals both ways, and the code points of Chinese text."""

from __future__ import annotations

# Inside a regex character class: CJK Unified Ideographs with Extension A.
IDEOGRAPHS = "\u3400-\u9fff"
# Ideographs, CJK punctuation and full-width forms: what a Chinese sentence is written in.
CHINESE_TEXT = "\u3000-\u303f" + IDEOGRAPHS + "\uff00-\uffef"

DIGITS = "零一二三四五六七八九"
_VALUES = {char: value for value, char in enumerate(DIGITS)} | {"两": 2}
# Every character a numeral is written with, for a regex character class.
NUMERAL_CHARS = DIGITS + "两十"
# One well-formed numeral, for a regex: 十二, 二十, 四十一, 两, or digit by digit (二零); not 十十.
NUMERAL = f"[{DIGITS}两]?十[{DIGITS}两]?|[{DIGITS}两]+"


def is_ideograph(char: str) -> bool:
    return IDEOGRAPHS[0] <= char <= IDEOGRAPHS[-1]


def zh_number(text: str) -> int:
    """一 -> 1, 十二 -> 12, 二十 -> 20, 四十一 -> 41, 两 -> 2; digit by digit without 十 (二零 -> 20)."""
    if "十" not in text:
        return int("".join(str(_VALUES[c]) for c in text))
    tens, _, units = text.partition("十")
    return (_VALUES[tens] if tens else 1) * 10 + (_VALUES[units] if units else 0)


def zh_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十 (meetings are numbered well below 100)."""
    if not 0 < n < 100:
        raise ValueError(f"no Chinese numeral for {n}")
    tens, ones = divmod(n, 10)
    if not tens:
        return DIGITS[ones]
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")
