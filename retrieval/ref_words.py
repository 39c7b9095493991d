"""Words typed around and inside a reference, put the way the reference forms read them: a UN
document symbol for its meeting, slips of the keyboard in the words for meetings and ordinals, and
ids spoken ("four point fourteen"). Pure: no I/O; `retrieval.refs.normalize` calls it on lower-case text.
"""

from __future__ import annotations

import re

from retrieval.refs_loose import CARDINALS, ORDINALS, TENS

# CTOC/COP/WG.7/2020/3 is a document of the 7th meeting, and "WG.7" that meeting, when an item of
# it is named ("CTOC/COP/WG.7/2020/3 para 12", "WG.7 rec. 5"); asked about alone, a document is a document.
_SYMBOL = re.compile(
    r"(?:\bctoc/cop/wg\.\s*(\d{1,2})/\d{4}/\d+(?:/rev\.\s*\d+)?|\bwg\.\s*(\d{1,2})\b(?!\s*/))"
    r"(?=.*?(?:para|§|¶|rec|item|段|建议|条))"
)

# A slip is one letter too many or too few, or two neighbours swapped ("frist", "meetting", "thrid");
# no letter replaced by another, so that "right" stays "right" and does not become "eight".
_SLIP_TARGETS = tuple(w for w in (*ORDINALS, "meeting", "session", "paragraph") if len(w) >= 5)
_WORD = re.compile(r"[a-z]{5,}")
_WORDS_OF_THEIR_OWN = frozenset({"forth"})  # "set forth in ...", not "fourth"


def _one_slip(typed: str, word: str) -> bool:
    if typed == word or abs(len(typed) - len(word)) > 1:
        return False
    if len(typed) == len(word):
        diff = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and typed[diff[0]] == word[diff[1]]
            and typed[diff[1]] == word[diff[0]]
        )
    short, long = sorted((typed, word), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _unslipped(m: re.Match[str]) -> str:
    typed = m.group()
    if typed in ORDINALS or typed in CARDINALS or typed in _WORDS_OF_THEIR_OWN:
        return typed
    if typed.endswith("s") and typed[:-1] in _SLIP_TARGETS:  # "meetings", "sessions": no slip
        return typed
    return next((word for word in _SLIP_TARGETS if _one_slip(typed, word)), typed)


_SPOKEN_NUMBER = "|".join(sorted(CARDINALS, key=len, reverse=True))
# "four point fourteen", "4 point 14": an id spoken
_POINT = re.compile(
    r"\b("
    + _SPOKEN_NUMBER
    + r"|\d{1,2})\s+point\s+(?:("
    + "|".join(TENS)
    + r")[\s-]?("
    + _SPOKEN_NUMBER
    + r")\b|("
    + _SPOKEN_NUMBER
    + r"|\d{1,3})\b)"
)


def _value(word: str) -> int:
    return int(word) if word.isdigit() else CARDINALS[word]


def _spoken(m: re.Match[str]) -> str:
    meeting, tens, unit, whole = m.groups()
    number = TENS[tens] + _value(unit) if tens else _value(whole)
    return f"{_value(meeting)}.{number}"


def typed_words(text: str) -> str:
    text = _SYMBOL.sub(lambda m: f"wg {m.group(1) or m.group(2)} ", text)
    text = _WORD.sub(_unslipped, text)
    return _POINT.sub(_spoken, text)


# Numerals NUMERAL does not read: 〇 for 零, 廿 and 卅 for twenty and thirty ("第廿八条").
_NUMERAL_FORMS = str.maketrans({"〇": "零"})
_TENS_FORMS = re.compile(r"[廿卅]")


def numeral_forms(text: str) -> str:
    """Before Chinese numerals become digits: the forms of them it does not know, as it knows them."""
    return _TENS_FORMS.sub(lambda m: "二十" if m.group() == "廿" else "三十", text.translate(_NUMERAL_FORMS))


# A year by its last two digits beside a meeting ("一五年的会", "18年那次会议"): 2015, 2018.
_SHORT_YEAR = re.compile(r"(?<![\d.去近这几多前后每])([12]\d)\s*年(?=\s*(?:的|那|度|会|工作组|报告|通过|提出|建议))")


def short_years(text: str) -> str:
    """After Chinese numerals became digits."""
    return _SHORT_YEAR.sub(r"20\1年", text)
