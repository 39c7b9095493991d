from __future__ import annotations

from bot import explain, render, replies
from bot.actions import Browse, Export, MeetingList, More, Show, decode
from bot.replies import Note, Quote, Reply, View
from corpus.load import Corpus
from prompts import texts
from retrieval.results import (
    Hit,
    MeetingNotInCorpus,
    NoSuchRecommendation,
    NumberSpan,
    Problem,
    ReferenceOutcome,
    SearchResult,
    UnknownMeeting,
)


def _texts(reply: Reply) -> list[str]:
    return [b.text for b in reply.blocks if isinstance(b, Note)]


def _buttons(reply: Reply) -> list[list[str]]:
    assert reply.keyboard is not None
    return [[b.text for b in row] for row in reply.keyboard.inline_keyboard]


def _hits(corpus: Corpus, *ids: str) -> tuple[Hit, ...]:
    return tuple(Hit(corpus.get(i), 1.0) for i in ids)  # type: ignore[arg-type]


def test_a_problem_asks_for_words(corpus: Corpus) -> None:
    for kind in ("empty", "no_words", "not_text"):
        reply = replies.answer(SearchResult("😀", False, (), problem=Problem(kind)), View(corpus, "en"))  # type: ignore[arg-type]
        assert _texts(reply) == [texts("en")("problem")] and not reply.quotes


def test_a_missing_item_says_what_exists_and_what_is_not_covered(corpus: Corpus) -> None:
    why = NoSuchRecommendation(3, 99, NumberSpan(1, 41))
    outcome = ReferenceOutcome("no_such_item", (), 3, 99, why)
    for lang in ("zh", "en"):
        notes = _texts(replies.answer(SearchResult("3.99", False, (), outcome), View(corpus, lang)))  # type: ignore[arg-type]
        assert notes == [explain.unresolved(why, lang), texts(lang)("coverage", sixth_year=2019)]  # type: ignore[arg-type]


def test_a_meeting_outside_the_documents_gets_the_coverage_that_fits(corpus: Corpus) -> None:
    sixth = ReferenceOutcome("not_in_corpus", (), 6, 1, MeetingNotInCorpus(6, 2019))
    notes = _texts(replies.answer(SearchResult("6.1", False, (), sixth), View(corpus, "zh")))
    assert notes == [explain.unresolved(sixth.why, "zh"), texts("zh")("coverage_short")]
    eighth = ReferenceOutcome("no_such_meeting", (), 8, 1, UnknownMeeting(8, (1, 2, 3, 4, 5, 7)))
    notes = _texts(replies.answer(SearchResult("8.1", False, (), eighth), View(corpus, "en")))
    assert notes == [explain.unresolved(eighth.why, "en"), texts("en")("coverage", sixth_year=2019)]


def test_nothing_found_and_closest_items_are_labelled(corpus: Corpus) -> None:
    view = View(corpus, "en")
    nothing = replies.answer(SearchResult("q", False, ()), view)
    assert _texts(nothing)[0] == "Not found in the Working Group's recommendations."
    closest = replies.answer(SearchResult("q", False, _hits(corpus, "1.1", "2.1")), view)
    assert _texts(closest)[:2] == [
        "Not found in the Working Group's recommendations.",
        "Closest items (they may not answer the question):",
    ]
    assert [q.unit.id for q in closest.quotes] == ["1.1", "2.1"]


def test_an_answer_numbers_up_to_three_items_and_offers_more(corpus: Corpus) -> None:
    result = SearchResult("q", True, _hits(corpus, "1.1", "5.2", "3.12", "4.1"))
    reply = replies.answer(result, View(corpus, "zh", "wg_recs_bot", feedback=True), token="0123456789ab")
    assert [(q.unit.id, q.mark) for q in reply.quotes] == [("1.1", 1), ("5.2", 2), ("3.12", 3)]
    assert [q.expandable for q in reply.quotes] == [False, True, False]  # 5.2 is long
    assert reply.more == More("0123456789ab", 3) and _buttons(reply)[-2][0] == "更多 ▸"
    assert _buttons(reply)[-1] == ["👍", "👎", "✗ 条目不对", "⤓ 导出", "按主题缩小"]
    assert reply.quotes[0].link == "https://t.me/wg_recs_bot?start=rec-1_1"
    page_two = replies.answer(result, View(corpus, "zh"), offset=3, token="0123456789ab")
    assert [q.mark for q in page_two.quotes] == [4] and page_two.more is None
    assert _texts(page_two) == ["第4至4条结果："]


def test_a_found_reference_is_the_item_alone_in_full(corpus: Corpus) -> None:
    outcome = ReferenceOutcome("found", ("5.2",), 5, 2)
    reply = replies.answer(SearchResult("5.2", True, _hits(corpus, "5.2"), outcome), View(corpus, "en"))
    (quote,) = reply.quotes
    assert quote.unit.text.count("\n(") == 11 and not quote.expandable and quote.mark is None
    assert _buttons(reply) == [["Similar", "Copy"], ["Meeting 5 ▸"]]


def test_a_sub_item_offers_its_parent_in_full(corpus: Corpus) -> None:
    reply = replies.item(corpus.get("5.2(d)"), View(corpus, "en"))  # type: ignore[arg-type]
    assert reply.keyboard is not None
    full = reply.keyboard.inline_keyboard[0][2]
    assert full.text == "Full text" and decode(full.callback_data) == Show("5.2")  # type: ignore[arg-type]


def test_an_ambiguous_number_says_so(corpus: Corpus) -> None:
    outcome = ReferenceOutcome("ambiguous", ("1.14", "2.14"), None, 14)
    reply = replies.answer(SearchResult("建议14", True, _hits(corpus, "1.14", "2.14"), outcome), View(corpus, "zh"))
    assert _texts(reply) == [texts("zh")("ref_ambiguous")] and len(reply.quotes) == 2


def test_meeting_pages(corpus: Corpus) -> None:
    view = View(corpus, "zh")
    first = replies.meeting_page(3, 0, view)
    assert first is not None
    assert _texts(first) == ["偷运移民问题工作组第三次会议（2015年11月，维也纳）：共41条，第1/5页。"]
    assert _buttons(first)[-2] == ["下一页 ▸"] and _buttons(first)[0] == ["1", "2", "3", "4", "5"]
    assert _buttons(first)[-1] == ["⤓ 导出"] and first.source == MeetingList(3)
    last = replies.meeting_page(3, 99, view, clamp=True)
    assert last is not None and _buttons(last)[-2] == ["◂ 上一页"]
    assert replies.meeting_page(3, 5, view) is None
    assert decode(last.keyboard.inline_keyboard[-2][0].callback_data) == Browse(3, 3, edit=True)  # type: ignore[union-attr,arg-type]
    assert decode(last.keyboard.inline_keyboard[-1][0].callback_data) == Export(MeetingList(3))  # type: ignore[union-attr,arg-type]
    seventh = replies.meeting_page(7, 0, View(corpus, "en"))
    assert seventh is not None and "56 items" in _texts(seventh)[0]  # 22 recommendations, 34 paragraphs
    sixth = replies.meeting_page(6, 0, view)
    assert sixth is not None and _texts(sixth)[0] == "第六次会议（2019年）的建议不在这些文件中。"
    ninth = replies.meeting_page(9, 0, View(corpus, "en"))
    assert ninth is not None and "no meeting 9" in _texts(ninth)[0]


def test_about_names_both_documents_and_what_is_missing(corpus: Corpus) -> None:
    for lang in ("zh", "en"):
        (text,) = _texts(replies.about(View(corpus, lang)))  # type: ignore[arg-type]
        assert "前五次会议通过的各项建议" in text and "2020 年 9 月 8 日和 9 日" in text and "2019" in text
    (en,) = _texts(replies.about(View(corpus, "en")))
    assert "not translated" in en and "2012–2018" in en and "Vienna, September 2020" in en


def test_the_english_note_on_quotes(corpus: Corpus) -> None:
    result = SearchResult("q", True, _hits(corpus, "1.1", "2.1"))
    reply = replies.answer(result, View(corpus, "en"), zh_note=True)
    assert _texts(reply)[-1].startswith("Quotes are from the Chinese version")
    assert "Chinese version" in render.to_html(reply)[-1]
    assert all(isinstance(b, Quote) for b in replies.answer(result, View(corpus, "en")).blocks)


def test_a_broad_answer_counts_its_items_per_meeting(corpus: Corpus) -> None:
    hits = _hits(corpus, "4.1", "1.8", "3.31", "4.2", "7.2")
    reply = replies.answer(SearchResult("q", True, hits, broad=True), View(corpus, "en"), token="t")
    assert _texts(reply)[0].startswith("5 items on this, by meeting: 1st meeting 1 · 3rd meeting 1 · 4th meeting 2")
    zh = replies.answer(SearchResult("q", True, hits, broad=True), View(corpus, "zh"), token="t")
    assert "第一次会议 1 条；第三次会议 1 条；第四次会议 2 条；第七次会议 1 条" in _texts(zh)[0]
    narrow = replies.answer(SearchResult("q", True, hits), View(corpus, "en"), token="t")
    assert not _texts(narrow)
    closest = replies.answer(SearchResult("q", False, hits, broad=True), View(corpus, "en"), token="t")
    assert "items on this" not in " ".join(_texts(closest))


def test_the_english_rendering_follows_its_quote_labelled_and_complete(corpus: Corpus) -> None:
    from corpus.records import load_records

    records = load_records()
    view = View(corpus, "en", records=records)
    reply = replies.answer(SearchResult("q", True, _hits(corpus, "5.2", "3.12")), view)
    long_one = reply.quotes[0]
    assert long_one.rendering == records.by_id["5.2"].rendering_en
    messages = render.to_html(reply)
    assert all(render.utf16_len(m) <= render.LIMIT for m in messages)
    joined = "".join(messages)
    assert joined.count("Unofficial English rendering (not the UN") == 2
    plain = render.to_plain(reply)
    assert records.by_id["3.12"].rendering_en in plain and "Unofficial English rendering" in plain
    chinese = replies.answer(SearchResult("q", True, _hits(corpus, "3.12")), View(corpus, "zh", records=records))
    assert chinese.quotes[0].rendering is None
    asked = View(corpus, "zh", records=records, english=True)
    assert asked.quote(corpus.get("3.12")).rendering == records.by_id["3.12"].rendering_en  # type: ignore[arg-type]


def test_a_theme_page_that_does_not_exist_is_none(corpus: Corpus) -> None:
    from corpus.records import load_records

    view = View(corpus, "en", records=load_records())
    assert replies.theme_page(19, 0, view) is None and replies.theme_page(0, 99, view) is None
    assert replies.theme_page(0, 0, View(corpus, "en")) is None
    assert _texts(replies.themes_list(View(corpus, "en"))) == ["Themes are not available."]
