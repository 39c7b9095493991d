from __future__ import annotations

import pytest

from bot.cite import citation, en_ordinal, label, zh_numeral
from corpus.load import Corpus


@pytest.mark.parametrize(
    ("unit_id", "lang", "expected"),
    [
        ("3.12", "zh", "偷运移民问题工作组第三次会议（2015年11月，维也纳）建议12"),
        (
            "3.12",
            "en",
            "Working Group on the Smuggling of Migrants, 3rd meeting (Vienna, November 2015), recommendation 12",
        ),
        ("5.2(d)", "zh", "偷运移民问题工作组第五次会议（2018年7月，维也纳）建议2(d)"),
        (
            "5.2(d)",
            "en",
            "Working Group on the Smuggling of Migrants, 5th meeting (Vienna, July 2018), recommendation 2(d)",
        ),
        ("7.p9", "zh", "偷运移民问题工作组第七次会议（2020年9月，维也纳）报告第9段"),
        (
            "7.p9",
            "en",
            "Working Group on the Smuggling of Migrants, 7th meeting (Vienna, September 2020), "
            "paragraph 9 of the report",
        ),
        # The 1st meeting ran from 30 May to 1 June 2012: both months are named.
        ("1.1", "zh", "偷运移民问题工作组第一次会议（2012年5月至6月，维也纳）建议1"),
        (
            "1.1",
            "en",
            "Working Group on the Smuggling of Migrants, 1st meeting (Vienna, May–June 2012), recommendation 1",
        ),
    ],
)
def test_citation_forms(corpus: Corpus, unit_id: str, lang: str, expected: str) -> None:
    unit = corpus.get(unit_id)
    assert unit is not None
    meeting = corpus.meeting(unit.meeting)
    assert meeting is not None
    assert citation(unit, meeting, lang) == expected  # type: ignore[arg-type]


def test_every_unit_has_a_citation_and_a_label(corpus: Corpus) -> None:
    for unit in corpus.units:
        meeting = corpus.meeting(unit.meeting)
        assert meeting is not None
        for lang in ("zh", "en"):
            assert citation(unit, meeting, lang) and label(unit, lang)  # type: ignore[arg-type]


def test_numerals() -> None:
    assert [zh_numeral(n) for n in (1, 3, 7, 10, 12, 20, 41)] == ["一", "三", "七", "十", "十二", "二十", "四十一"]
    assert [en_ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
    ]
    with pytest.raises(ValueError):
        zh_numeral(0)
