"""Chinese numerals both ways, the ranges of Chinese text, and the links the conversion left empty."""

from __future__ import annotations

import re

import pytest

from corpus.parse import clean_line, join_pieces
from corpus.units import layout_free, without_empty_links
from corpus.zh import CHINESE_TEXT, IDEOGRAPHS, NUMERAL_CHARS, is_ideograph, zh_number, zh_numeral


@pytest.mark.parametrize(
    ("text", "number"),
    [("一", 1), ("七", 7), ("十", 10), ("十二", 12), ("二十", 20), ("四十一", 41), ("两", 2), ("二零", 20)],
)
def test_numerals_are_read(text: str, number: int) -> None:
    assert zh_number(text) == number


def test_numerals_are_written_and_read_back() -> None:
    assert [zh_numeral(n) for n in (1, 10, 12, 20, 41)] == ["一", "十", "十二", "二十", "四十一"]
    assert all(zh_number(zh_numeral(n)) == n for n in range(1, 100))
    assert set("".join(zh_numeral(n) for n in range(1, 100))) <= set(NUMERAL_CHARS)
    with pytest.raises(ValueError):
        zh_numeral(100)


def test_ideographs_and_chinese_text() -> None:
    assert is_ideograph("洗") and is_ideograph("\u3400") and not is_ideograph("a") and not is_ideograph("，")
    assert re.fullmatch(f"[{IDEOGRAPHS}]+", "偷运移民")
    chinese = re.compile(f"[{CHINESE_TEXT}]")
    assert all(chinese.match(c) for c in "洗钱，。（）") and not chinese.match("a")


def test_a_page_break_inside_chinese_leaves_no_gap() -> None:
    assert join_pieces("缔约国应", "加强合作") == "缔约国应加强合作"
    assert join_pieces("缔约国应，", "States") == "缔约国应， States"


def test_empty_links_keep_their_text_everywhere() -> None:
    assert without_empty_links("见[第 5 段](#)和[附件]()") == "见第 5 段和附件"
    assert without_empty_links("[网站](https://example.org)") == "[网站](https://example.org)"
    assert clean_line("## 见[第 5 段](#)") == "见第 5 段"
    assert layout_free("见[第 5 段](#)") == "见第5段"
