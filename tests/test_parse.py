import re
from collections import Counter
from datetime import date

import pytest

from corpus.load import build_corpus, load_corpus
from corpus.parse import clean_line, join_pieces
from corpus.units import BACKGROUND_PAPER, REPORT_2020, layout_free, split_id

CORPUS = load_corpus()


def test_recommendation_and_paragraph_counts() -> None:
    counts = Counter(u.meeting for u in CORPUS.units if u.kind == "recommendation")
    assert counts == {1: 55, 2: 33, 3: 41, 4: 15, 5: 5, 7: 22}
    assert [u.number for u in CORPUS.of_meeting(7, "paragraph")] == list(range(1, 35))


def test_sub_items_belong_to_their_parents() -> None:
    expected = {"2.8": "abcde", "5.1": "abcd", "5.2": "abcdefghijk", "5.4": "abcde"}
    parents = {u.id: "".join(c[-2] for c in u.children) for u in CORPUS.units if u.children}
    assert parents == expected
    for parent_id in expected:
        parent = CORPUS.get(parent_id)
        assert parent is not None
        for child_id in parent.children:
            child = CORPUS.get(child_id)
            assert child is not None and child.parent == parent_id and child.kind == "sub-item"
            assert child.text in parent.text


@pytest.mark.parametrize("unit", CORPUS.units, ids=lambda u: u.id)
def test_every_unit_is_verbatim_and_its_span_holds_it(unit) -> None:  # type: ignore[no-untyped-def]
    source = CORPUS.sources[unit.source]
    assert unit.text.strip()
    assert layout_free(unit.text) in layout_free(source)
    start, end = unit.span
    assert layout_free(unit.text) in layout_free(source[start:end])
    assert not re.search(r"[#*\\]|^-\s", unit.text, re.MULTILINE), "layout mark leaked into the text"


def test_page_breaks_inside_sentences_are_joined() -> None:
    p6, p10, p16 = (CORPUS.get(i) for i in ("7.p6", "7.p10", "7.p16"))
    assert p6 and "第一位主讲人是" in p6.text
    assert p10 and re.search(r"应当解决\s*COVID-19 大流行等危机", p10.text)
    assert p16 and "反驳偷运者的言论" in p16.text


def test_headings_and_section_titles_stay_out_of_units() -> None:
    for unit in CORPUS.units:
        assert not unit.text.startswith("建议")
        assert "利用技术包括信息通信技术防止和调查偷运移民并对犯罪集团" not in unit.text or unit.id == "7.p26"
    rec_b = CORPUS.get("7.8")
    assert rec_b and rec_b.section.endswith("有关建议") and "B." in rec_b.section
    assert CORPUS.get("7.1") and CORPUS.get("7.1").text.startswith("鼓励缔约国为可能")  # type: ignore[union-attr]


def test_agenda_items_stay_inside_paragraph_26() -> None:
    p26 = CORPUS.get("7.p26")
    assert p26 is not None
    assert "4. 其他事项。" in p26.text and "5. 通过报告。" in p26.text
    assert CORPUS.get("7.p27") and CORPUS.get("7.p27").text.startswith("《打击偷运移民议定书》的下列缔约方")  # type: ignore[union-attr]


def test_meetings_are_dated_from_the_documents() -> None:
    meetings = {m.number: m for m in CORPUS.meetings}
    assert meetings[1].start == date(2012, 5, 30) and meetings[1].end == date(2012, 6, 1)
    assert meetings[3].start == date(2015, 11, 18)
    assert meetings[6].start == date(2019, 9, 11) and not meetings[6].in_corpus
    assert meetings[7].start == date(2020, 9, 8) and meetings[7].end == date(2020, 9, 9)
    assert {m.place for m in meetings.values()} == {"维也纳"}
    assert not CORPUS.of_meeting(6)


def test_units_carry_their_source() -> None:
    assert all(u.source == BACKGROUND_PAPER for u in CORPUS.units if u.meeting <= 5)
    assert all(u.source == REPORT_2020 for u in CORPUS.units if u.meeting == 7)


def test_ids_round_trip() -> None:
    assert split_id("5.2(d)") == (5, 2, "d", False)
    assert split_id("7.p9") == (7, 9, None, True)
    with pytest.raises(ValueError):
        split_id("3.x")


def test_clean_line_and_join() -> None:
    assert clean_line("#### 建议 17") == "建议 17"
    assert clean_line("## **B. 利用技术**") == "B. 利用技术"
    assert clean_line("  - (a) 偷运儿童") == "(a) 偷运儿童"
    assert clean_line("临时议程\\*项目4") == "临时议程*项目4"  # an escaped asterisk is a literal one
    assert clean_line("载于 [CTOC/COP/WG.7/2020/INF/1/Rev.1](#) 号文件") == "载于 CTOC/COP/WG.7/2020/INF/1/Rev.1 号文件"
    assert join_pieces("第一位", "主讲人是") == "第一位主讲人是"
    assert join_pieces("应当解决", "COVID-19 大流行") == "应当解决 COVID-19 大流行"


def test_a_changed_source_changes_the_fingerprint() -> None:
    changed = dict(CORPUS.sources)
    changed[REPORT_2020] = changed[REPORT_2020].replace("鼓励缔约国为可能", "鼓励各缔约国为可能")
    assert build_corpus(changed).fingerprint != CORPUS.fingerprint
