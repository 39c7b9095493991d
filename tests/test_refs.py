"""The reference forms people type, good and bad, resolved without any search."""

import pytest

from corpus.load import load_corpus
from retrieval.prepare import Prepared, QueryPreparer
from retrieval.ref_words import typed_words
from retrieval.refs import normalize, parse_reference
from retrieval.refs_loose import number_words_to_digits
from retrieval.resolve import resolve
from retrieval.results import (
    MeetingNotInCorpus,
    NoMeetingHasNumber,
    NoMeetingInYear,
    NoSuchParagraph,
    NoSuchRecommendation,
    NoSuchSubItem,
    NumberSpan,
    ParagraphsOnlyInReport,
    ReferenceOutcome,
    UnknownMeeting,
    Unresolved,
)

CORPUS = load_corpus()

FOUND = [
    ("3.12", "3.12"),
    ("3.12条", "3.12"),
    ("3.12 条", "3.12"),
    ("第三次会议第12条", "3.12"),
    ("第三次会议建议12", "3.12"),
    ("第3次会议第十二项建议", "3.12"),
    ("第三次会议的第十二条建议", "3.12"),
    ("第三次会议第12条讲了什么？", "3.12"),
    ("2015年会议建议12", "3.12"),
    ("2015年的第12条建议", "3.12"),
    ("WG3 rec 12", "3.12"),
    ("wg 3 rec 12", "3.12"),
    ("meeting 3 recommendation 12", "3.12"),
    ("Meeting 3, Recommendation 12", "3.12"),
    ("3rd meeting, rec. 12", "3.12"),
    ("third meeting recommendation 12", "3.12"),
    ("recommendation 12 of the third meeting", "3.12"),
    ("rec 12 of the 2015 meeting", "3.12"),
    ("meeting 7 rec 14", "7.14"),
    ("show me 3.12", "3.12"),
    ("请给我 3.12 的全文", "3.12"),
    ("３．１２", "3.12"),
    ("5.2(d)", "5.2(d)"),
    ("5.2 d", "5.2(d)"),
    ("5.2（d）", "5.2(d)"),
    ("5.2(D)", "5.2(d)"),
    ("2.8(a)", "2.8(a)"),
    ("meeting 5 rec 2(c)", "5.2(c)"),
    ("第五次会议建议2(k)", "5.2(k)"),
    ("5.2", "5.2"),
    ("7.p9", "7.p9"),
    ("7.P9", "7.p9"),
    ("7.p 34", "7.p34"),
    ("2020年会议第9段", "7.p9"),
    ("2020年报告第9段", "7.p9"),
    ("第9段", "7.p9"),
    ("paragraph 9 of the 2020 report", "7.p9"),
    ("1.55", "1.55"),
    ("建议 50", "1.50"),
    # 届 for 次, the 第 left out, a letter without brackets, an id after a word for it
    ("第一届会议建议5", "1.5"),
    ("第三届会议第12项建议", "3.12"),
    ("3次会议第12条", "3.12"),
    ("第3次会议12号建议", "3.12"),
    ("5.2d", "5.2(d)"),
    ("5.2.d", "5.2(d)"),
    ("recommendation 3.12", "3.12"),
    ("item 5.2(d)", "5.2(d)"),
    ("rec 12, 3rd meeting", "3.12"),
    ("the 12th recommendation of meeting 3", "3.12"),
    ("2015 recommendation 12", "3.12"),
    ("2018 rec 2(d)", "5.2(d)"),
]


@pytest.mark.parametrize(("typed", "unit_id"), FOUND)
def test_reference_resolves_to_the_item(typed: str, unit_id: str) -> None:
    parsed, _ = parse_reference(typed)
    assert parsed is not None, typed
    outcome = resolve(parsed, CORPUS)
    assert outcome is not None and outcome.status == "found"
    assert outcome.ids == (unit_id,)


AMBIGUOUS = [
    ("建议14", ("1.14", "2.14", "3.14", "4.14", "7.14")),
    ("recommendation 14", ("1.14", "2.14", "3.14", "4.14", "7.14")),
    ("rec 3", ("1.3", "2.3", "3.3", "4.3", "5.3", "7.3")),
    ("第20条建议", ("1.20", "2.20", "3.20", "7.20")),
]


@pytest.mark.parametrize(("typed", "candidates"), AMBIGUOUS)
def test_a_number_without_a_meeting_lists_the_candidates(typed: str, candidates: tuple[str, ...]) -> None:
    parsed, _ = parse_reference(typed)
    assert parsed is not None
    outcome = resolve(parsed, CORPUS)
    assert outcome is not None and outcome.status == "ambiguous" and outcome.ids == candidates


LETTERS_5_2 = tuple("abcdefghijk")
YEARS = ((1, 2012), (2, 2013), (3, 2015), (4, 2017), (5, 2018), (6, 2019), (7, 2020))
COVERED = (1, 2, 3, 4, 5, 7)
PARAGRAPHS = NumberSpan(1, 34)
MISSING: list[tuple[str, str, Unresolved]] = [
    ("3.99", "no_such_item", NoSuchRecommendation(3, 99, NumberSpan(1, 41))),
    ("meeting 3 rec 42", "no_such_item", NoSuchRecommendation(3, 42, NumberSpan(1, 41))),
    ("第四次会议第16条", "no_such_item", NoSuchRecommendation(4, 16, NumberSpan(1, 15))),
    ("5.6", "no_such_item", NoSuchRecommendation(5, 6, NumberSpan(1, 5))),
    ("5.2(z)", "no_such_item", NoSuchSubItem(5, 2, "z", LETTERS_5_2)),
    ("3.12(a)", "no_such_item", NoSuchSubItem(3, 12, "a", ())),
    ("7.p40", "no_such_item", NoSuchParagraph(40, 7, 2020, PARAGRAPHS)),
    ("2020年会议第35段", "no_such_item", NoSuchParagraph(35, 7, 2020, PARAGRAPHS)),
    ("3.p2", "no_such_item", ParagraphsOnlyInReport(3, 7, 2020, PARAGRAPHS)),
    ("7.23", "no_such_item", NoSuchRecommendation(7, 23, NumberSpan(1, 22))),
    ("第六次会议建议1", "not_in_corpus", MeetingNotInCorpus(6, 2019)),
    ("6.1", "not_in_corpus", MeetingNotInCorpus(6, 2019)),
    ("2019年会议建议3", "not_in_corpus", MeetingNotInCorpus(6, 2019)),
    ("第六次会议的建议", "not_in_corpus", MeetingNotInCorpus(6, 2019)),
    (
        "What did the working group recommend in 2019 about online smuggling?",
        "not_in_corpus",
        MeetingNotInCorpus(6, 2019),
    ),
    ("8.1", "no_such_meeting", UnknownMeeting(8, COVERED)),
    ("第八次会议第1条", "no_such_meeting", UnknownMeeting(8, COVERED)),
    ("What did the 9th meeting recommend?", "no_such_meeting", UnknownMeeting(9, COVERED)),
    ("2016年会议建议1", "no_such_meeting", NoMeetingInYear(2016, YEARS)),
    ("建议 99", "no_such_item", NoMeetingHasNumber(99, None)),
    ("建议 99(b)", "no_such_item", NoMeetingHasNumber(99, "b")),
]


@pytest.mark.parametrize(("typed", "status", "why"), MISSING)
def test_an_item_that_does_not_exist_says_what_does(typed: str, status: str, why: Unresolved) -> None:
    parsed, _ = parse_reference(typed)
    assert parsed is not None, typed
    outcome = resolve(parsed, CORPUS)
    assert outcome is not None and outcome.status == status and outcome.ids == ()
    assert outcome.why == why and not outcome.resolved


def test_found_and_ambiguous_references_have_no_reason() -> None:
    for typed in ("3.12", "建议14", "1.55"):
        parsed, _ = parse_reference(typed)
        assert parsed is not None
        outcome = resolve(parsed, CORPUS)
        assert outcome is not None and outcome.resolved and outcome.why is None


def test_an_outcome_as_json_carries_its_reason_as_data() -> None:
    parsed, _ = parse_reference("3.99")
    assert parsed is not None
    outcome = resolve(parsed, CORPUS)
    assert outcome is not None
    assert outcome.to_json() == {
        "status": "no_such_item",
        "ids": [],
        "meeting": 3,
        "number": 99,
        "why": {"kind": "no_such_recommendation", "meeting": 3, "number": 99, "numbers": [1, 41]},
    }
    year = NoMeetingInYear(2016, ((1, 2012),))
    assert ReferenceOutcome("no_such_meeting", (), None, 1, year).to_json()["why"] == {
        "kind": "no_meeting_in_year",
        "year": 2016,
        "meetings": [[1, 2012]],
    }


NOT_REFERENCES = [
    "洗钱",
    "2030 Agenda",
    "Which recommendations mention the 2030 Agenda?",
    "2030年可持续发展议程",
    "How many refugees did UNHCR register worldwide in 2020?",
    "根据《公约》第 19 条设立联合调查小组",
    "Should countries agree on time limits under article 8 of the protocol?",
    "COVID-19",
    "前三次会议关于洗钱的建议",
    "近三次会议建议12条",
    "How many of the 2015 recommendations mention training?",
    "what is CTOC/COP/WG.7/2020/3 about",
    # a dotted quantity
    "about 2.5 million people",
    "smuggling rose 1.5倍",
    "article 6.1 of the protocol",
    "SDG target 10.7",
    "a 3.5% rise",
]


@pytest.mark.parametrize("typed", NOT_REFERENCES)
def test_questions_that_are_not_references(typed: str) -> None:
    parsed, _ = parse_reference(typed)
    assert parsed is None or parsed.number is None


def test_a_meeting_without_an_item_is_a_filter() -> None:
    parsed, leftover = parse_reference("第三次会议关于洗钱的建议")
    assert parsed is not None and parsed.meeting == 3 and parsed.number is None
    assert resolve(parsed, CORPUS) is None
    assert "洗钱" in leftover


def test_normalize_folds_width_case_and_chinese_numerals() -> None:
    assert normalize("第三十一次　Meeting") == "第31次 meeting"
    assert normalize("（ｄ）") == "(d)"


@pytest.mark.parametrize("typed", ["十十", "三十二五", "十十十条", "第十十次会议"])
def test_malformed_numerals_do_not_break_parsing(typed: str) -> None:
    parse_reference(typed)  # read as digits, never an exception


def test_a_named_meeting_is_kept_even_when_not_searched_within() -> None:
    preparer = QueryPreparer(CORPUS)
    filtered = preparer.prepare("第三次会议关于洗钱的建议")
    assert isinstance(filtered, Prepared) and (filtered.meeting, filtered.named_meeting) == (3, 3)
    # The organisation of a meeting is searched everywhere (only the 2020 report records one),
    # but the meeting asked about is not forgotten.
    about = preparer.prepare("how many delegates registered for the 2015 meeting?")
    assert isinstance(about, Prepared) and (about.meeting, about.named_meeting) == (None, 3)
    plain = preparer.prepare("洗钱")
    assert isinstance(plain, Prepared) and plain.named_meeting is None


@pytest.mark.parametrize("typed", ["2012年第一次会议的主席是谁", "第一次会议一共有多少个国家参加"])
def test_a_meeting_named_in_running_text_is_no_item(typed: str) -> None:
    parsed, _ = parse_reference(typed)  # "第1次" names the meeting; "一共" is "in all", not item 1
    assert parsed is not None and parsed.meeting == 1 and parsed.number is None


@pytest.mark.parametrize(
    "typed",
    [
        "缔约方会议第七届会议应考虑发起什么讨论",
        "What should the seventh session of the Conference of the Parties discuss?",
        "resolution 5/3 adopted by the Conference at its fifth session",
        "what did COP 9 ask the working group to do",
    ],
)
def test_a_session_of_the_conference_of_the_parties_names_no_meeting(typed: str) -> None:
    parsed, _ = parse_reference(typed)
    assert parsed is None or parsed.meeting is None


@pytest.mark.parametrize(
    "typed",
    [
        "who opened the second session of the 2020 meeting?",
        "3rd and 4th sessions on 9 September",
        "第7次会议 session 2",
    ],
)
def test_a_session_of_the_2020_meeting_is_no_meeting_of_its_own(typed: str) -> None:
    parsed, _ = parse_reference(typed)
    assert parsed is None or parsed.meeting in (None, 7)


def test_a_meeting_beside_a_session_of_the_conference_is_still_read() -> None:
    parsed, _ = parse_reference("第二次会议关于缔约方会议第七届会议的建议")
    assert parsed is not None and parsed.meeting == 2


@pytest.mark.parametrize(
    "typed",
    [
        "从2012年第一次会议到2020年，工作组关于海上偷运说了什么？",
        "What did the group say about digital evidence, from the 4th meeting through 2020?",
        "Since the first meeting, what has been said about return?",
        "what did the WG say on regional cooperation at its 1st, 3rd and 5th meetings?",
        "第一、三次会议关于洗钱的建议",
        "第三次会议以来关于洗钱的建议",
        "2018年和2020年的会议关于儿童说了什么",
    ],
)
def test_a_span_or_list_of_meetings_is_no_single_meeting(typed: str) -> None:
    parsed, _ = parse_reference(typed)
    assert parsed is None or parsed.spans
    prepared = QueryPreparer(CORPUS).prepare(typed)
    assert isinstance(prepared, Prepared) and prepared.meeting is None and prepared.named_meeting is None


def test_the_meetings_of_a_span_are_taken_out_of_what_is_searched() -> None:
    prepared = QueryPreparer(CORPUS).prepare("从2012年第一次会议到2020年，工作组关于海上偷运说了什么？")
    assert isinstance(prepared, Prepared)
    assert "海上偷运" in prepared.text and not any(w in prepared.text for w in ("2012", "2020", "第1次"))


@pytest.mark.parametrize(
    ("typed", "meeting"),
    [
        ("What did the first meeting in 2012 say about rescue at sea?", 1),
        ("What did the 3rd meeting say about moving from detention to alternatives?", 3),
        ("第三次会议上关于从原籍国到目的地国的路线", 3),
        ("Did the United Kingdom send a delegation to the seventh meeting?", 7),
    ],
)
def test_one_meeting_named_twice_or_beside_a_from_is_still_one(typed: str, meeting: int) -> None:
    parsed, _ = parse_reference(typed)
    assert parsed is not None and parsed.meeting == meeting and not parsed.spans


def test_the_2030_agenda_is_no_year_of_a_meeting() -> None:
    parsed, _ = parse_reference("2030年议程和减贫相关的建议")
    assert parsed is None


@pytest.mark.parametrize(
    ("typed", "meeting", "year", "number", "letter", "paragraph"),
    [
        ("the 37th rec adopted in 2015", None, 2015, 37, None, False),
        ("2012年那次会第20条建议", None, 2012, 20, None, False),
        ("3rd meeting, recommendation no. 21", 3, None, 21, None, False),
        ("首次会议的第50条建议说的是什么", 1, None, 50, None, False),
        ("5th mtg rec 2 (h)", 5, None, 2, "h", False),
        ("the twenty-second recommendation, third meeting", 3, None, 22, None, False),
        ("4th WG meeting (2017), recommendation four", 4, None, 4, None, False),
        ("the 20th paragraph of the 2020 report", 7, None, 20, None, True),
        ("2020年维也纳会议第19项建议", None, 2020, 19, None, False),
    ],
)
def test_a_meeting_and_an_item_named_apart_are_one_reference(
    typed: str, meeting: int | None, year: int | None, number: int, letter: str | None, paragraph: bool
) -> None:
    parsed, _ = parse_reference(typed)
    assert parsed is not None
    assert (parsed.meeting, parsed.year, parsed.number, parsed.letter, parsed.paragraph) == (
        meeting,
        year,
        number,
        letter,
        paragraph,
    )


@pytest.mark.parametrize(
    "typed",
    [
        "第三次会议关于《议定书》第6条的建议",  # an article of the Protocol, not an item
        "第七次会议 item 3 和 item 4 是哪天审议的",  # agenda items
        "which of the 2020 recommendations is about one of the routes",
    ],
)
def test_an_article_an_agenda_item_or_a_word_is_no_item(typed: str) -> None:
    parsed, _ = parse_reference(typed)
    assert parsed is None or parsed.number is None


def test_a_word_for_an_item_before_a_typed_id_makes_it_one() -> None:
    for typed, unit in [
        ("rec 1.9 witness protection", (1, 9)),
        ("Hi, could you tell me what recommendation 2.12 says?", (2, 12)),
    ]:
        parsed, _ = parse_reference(typed)
        assert parsed is not None and (parsed.meeting, parsed.number) == unit
    parsed, _ = parse_reference("5.4(a) 移民权利")
    assert parsed is not None and parsed.letter == "a"
    assert parse_reference("about 2.5 million people were smuggled")[0] is None


def test_the_last_item_without_a_meeting_is_each_meetings_last() -> None:
    parsed, _ = parse_reference("最后一条建议")
    assert parsed is not None
    outcome = resolve(parsed, CORPUS)
    assert outcome is not None and outcome.status == "ambiguous"
    assert outcome.ids == ("1.55", "2.33", "3.41", "4.15", "5.5", "7.22")


def test_counting_back_past_the_first_item_finds_none() -> None:
    parsed, _ = parse_reference("第五次会议倒数第九条")
    assert parsed is not None
    outcome = resolve(parsed, CORPUS)
    assert outcome is not None and outcome.status == "no_such_item"
    assert outcome.why == NoSuchRecommendation(5, 0, NumberSpan(1, 5))


def test_a_list_with_commas_is_no_dotted_id() -> None:
    parsed, _ = parse_reference("recs 3,4 and 5")
    assert parsed is None or (parsed.meeting, parsed.number) != (3, 4)


def test_a_span_of_years_is_no_year_by_its_last_two_digits() -> None:
    parsed, _ = parse_reference("过去12年的会议提了哪些建议")
    assert parsed is None or (parsed.year is None and parsed.meeting is None)


def test_slips_of_the_keyboard_are_mended_but_words_are_left_alone() -> None:
    assert typed_words("frist meetting") == "first meeting"
    assert (
        typed_words("meetings and sessions set forth, the right eight")
        == "meetings and sessions set forth, the right eight"
    )


def test_english_number_words_become_digits() -> None:
    assert number_words_to_digits("the fortieth recommendation") == "the 40th recommendation"
    assert number_words_to_digits("twenty-second rec") == "22th rec"
    assert number_words_to_digits("recommendation four") == "recommendation 4"
    assert number_words_to_digits("one of the seventeen") == "one of the seventeen"  # no item word before


@pytest.mark.parametrize(
    ("typed", "unit_id"),
    [
        ("5th meeting rec 2 letter d", "5.2(d)"),
        ("recommendation 5.2, subparagraph (d)", "5.2(d)"),
        ("rec 5.2 item d", "5.2(d)"),
        ("建议5.2第(d)项", "5.2(d)"),
        ("第5次会议建议2 d项", "5.2(d)"),
        ("第五次会议建议２第（ｈ）项", "5.2(h)"),
        ("point (b) of rec 4 of the 5th meeting", "5.4(b)"),
        ("2013年建议8a", "2.8(a)"),
        ("第二次会议建议第8条第(b)项", "2.8(b)"),
        ("wg som 4 rec 7", "4.7"),
        ("WG SOM 5 rec 4(b)", "5.4(b)"),
        ("2nd wg recommendation 9", "2.9"),
        ("recomendation 3.4", "3.4"),
        ("recc 1.9 witnesses", "1.9"),
        ("2020 report ¶ 12", "7.p12"),
        ("par 14 of the 2020 report", "7.p14"),
        ("can you explain 7.p11 on the discussion", "7.p11"),
        # a dotted id beside topic words; counted from the end; separators and words typed inside it
        ("CTOC/COP/WG.7/2020/3, paragraph 20", "7.p20"),
        ("2013 recs, number 9", "2.9"),
        ("fifth meeting: 4(c)", "5.4(c)"),
        ("thrid meeting rec 5", "3.5"),
        ("secnod meeting rec 3", "2.3"),
        ("meetting 4 rec 2", "4.2"),
        ("three point twelve", "3.12"),
        ("第一次meeting rec 3", "1.3"),
        ("一三年那次会 第7条", "2.7"),
        ("第廿一条 第一次会议", "1.21"),
        ("二〇二〇年会议建议6", "7.6"),
        ("第二次会议建议8之e项", "2.8(e)"),
        ("第五次会议建议4 子项a", "5.4(a)"),
        ("2018年建议1的(c)", "5.1(c)"),
        ("2020年报告第10自然段", "7.p10"),
        ("2020年报告12段", "7.p12"),
        ("3.12 洗钱 腐败 关系 国际合作", "3.12"),
        ("4.10 what does it say on return", "4.10"),
        ("2.15 关于证人的那条", "2.15"),
        ("does 7.9 cover hotspots?", "7.9"),
        ("the final recommendation of the 4th meeting", "4.15"),
        ("penultimate rec of meeting 3", "3.40"),
        ("第二次会议倒数第三条", "2.31"),
        ("第五次会议的最后一项建议", "5.5"),
        ("2020年报告的最后一段", "7.p34"),
        ("the last paragraph of the 2020 report", "7.p34"),
        ("2。7", "2.7"),
        ("rec 4,12", "4.12"),
        ("wg 2 / 19", "2.19"),
        ("mtg two rec nine", "2.9"),
        ("reccomendation 1.10", "1.10"),
        ("四次会议七", "4.7"),
        ("§ 20", "7.p20"),
        ("sub-item b of 2.8", "2.8(b)"),
    ],
)
def test_typed_forms_of_meetings_items_sub_items_and_paragraphs(typed: str, unit_id: str) -> None:
    parsed, _ = parse_reference(typed)
    assert parsed is not None, typed
    outcome = resolve(parsed, CORPUS)
    assert outcome is not None and outcome.status == "found" and outcome.ids == (unit_id,)


def test_a_numbered_item_word_is_no_sub_item() -> None:
    parsed, _ = parse_reference("第1次会议第2项建议")
    assert parsed is not None and (parsed.meeting, parsed.number, parsed.letter) == (1, 2, None)


@pytest.mark.parametrize("typed", ["the record of 3.2 million crossings", "recent figures: 2.5 million migrants"])
def test_words_like_rec_are_no_item_word(typed: str) -> None:
    parsed, _ = parse_reference(typed)
    assert parsed is None or not parsed.explicit
