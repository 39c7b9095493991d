from __future__ import annotations

from bot import explain, render, replies
from bot.actions import AnswerList, Browse, Export, More, Narrow, Show, Similar, Verdict
from bot.buttons import Copy
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


def _does(reply: Reply) -> list[list[object]]:
    """What each button does, row by row (a copy button as its type: its text is the quote's)."""
    return [[Copy if isinstance(b.does, Copy) else b.does for b in row] for row in reply.buttons]


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
    t = texts("en")
    nothing = replies.answer(SearchResult("q", False, ()), view)
    assert _texts(nothing) == [t("not_found"), t("not_found_hint")] and nothing.outcome == "not_found"
    closest = replies.answer(SearchResult("q", False, _hits(corpus, "1.1", "2.1")), view)
    assert _texts(closest)[:2] == [t("not_found"), t("closest")]
    assert [q.unit.id for q in closest.quotes] == ["1.1", "2.1"]


def test_an_answer_numbers_up_to_three_items_and_offers_more(corpus: Corpus) -> None:
    result = SearchResult("q", True, _hits(corpus, "1.1", "5.2", "3.12", "4.1"))
    reply = replies.answer(result, View(corpus, "zh", "wg_recs_bot", feedback=True), token="0123456789ab")
    assert [(q.unit.id, q.mark) for q in reply.quotes] == [("1.1", 1), ("5.2", 2), ("3.12", 3)]
    assert [q.expandable for q in reply.quotes] == [False, True, False]  # 5.2 is long
    token = "0123456789ab"
    rows = _does(reply)
    assert rows[:3] == [
        [Similar("1.1"), Copy],
        [Similar("5.2"), Copy, Show("5.2")],  # collapsed: its full text on its own
        [Similar("3.12"), Copy],
    ]
    assert rows[3] == [More(token, 3), Browse(1, 0), Browse(5, 0), Browse(3, 0)]
    assert rows[4] == [
        Verdict(token, 0, "up"),
        Verdict(token, 0, "down"),
        Verdict(token, 0, "wrong"),
        Export(AnswerList(token)),
        Narrow(token, None),
    ]
    t = texts("zh")
    assert [b.label for b in reply.buttons[0]] == [t("button_similar", mark="1 · "), t("button_copy", mark="1 · ")]
    assert reply.quotes[0].link == "https://t.me/wg_recs_bot?start=rec-1_1"
    page_two = replies.answer(result, View(corpus, "zh"), offset=3, token=token)
    assert [q.mark for q in page_two.quotes] == [4] and not any(isinstance(a, More) for a in page_two.actions)
    assert _texts(page_two) == [texts("zh")("more_header", first=4, last=4)]


def test_a_found_reference_is_the_item_alone_in_full(corpus: Corpus) -> None:
    outcome = ReferenceOutcome("found", ("5.2",), 5, 2)
    reply = replies.answer(SearchResult("5.2", True, _hits(corpus, "5.2"), outcome), View(corpus, "en"))
    (quote,) = reply.quotes
    assert quote.unit.text.count("\n(") == 11 and not quote.expandable and quote.mark is None
    assert _does(reply) == [[Similar("5.2"), Copy], [Browse(5, 0)]]
    copy = reply.buttons[0][1].does
    assert copy == Copy(quote.citation, quote.unit.text, None)


def test_a_sub_item_offers_its_parent_in_full(corpus: Corpus) -> None:
    reply = replies.item(corpus.get("5.2(d)"), View(corpus, "en"))  # type: ignore[arg-type]
    assert _does(reply) == [[Similar("5.2(d)"), Copy, Show("5.2")], [Browse(5, 0)]]
    assert reply.buttons[0][2].label == texts("en")("button_full", mark="")


def test_an_ambiguous_number_says_so(corpus: Corpus) -> None:
    outcome = ReferenceOutcome("ambiguous", ("1.14", "2.14"), None, 14)
    reply = replies.answer(SearchResult("建议14", True, _hits(corpus, "1.14", "2.14"), outcome), View(corpus, "zh"))
    assert _texts(reply) == [texts("zh")("ref_ambiguous")] and len(reply.quotes) == 2


def test_about_names_both_documents_and_what_is_missing(corpus: Corpus) -> None:
    for lang in ("zh", "en"):
        (text,) = _texts(replies.about(View(corpus, lang)))  # type: ignore[arg-type]
        assert "前五次会议通过的各项建议" in text and "2020 年 9 月 8 日和 9 日" in text and "2019" in text
    (en,) = _texts(replies.about(View(corpus, "en")))
    assert "2012–2018" in en and "Vienna, September 2020" in en


def test_the_english_note_on_quotes(corpus: Corpus) -> None:
    result = SearchResult("q", True, _hits(corpus, "1.1", "2.1"))
    reply = replies.answer(result, View(corpus, "en"), zh_note=True)
    assert _texts(reply)[-1] == texts("en")("zh_note")
    assert texts("en")("zh_note") in render.to_html(reply)[-1]
    assert all(isinstance(b, Quote) for b in replies.answer(result, View(corpus, "en")).blocks)


def test_a_broad_answer_counts_its_items_per_meeting(corpus: Corpus) -> None:
    hits = _hits(corpus, "4.1", "1.8", "3.31", "4.2", "7.2")
    reply = replies.answer(SearchResult("q", True, hits, broad=True), View(corpus, "en"), token="t")
    for lang, ordinals in (("en", ("1st", "3rd", "4th", "7th")), ("zh", ("一", "三", "四", "七"))):
        t = texts(lang)  # type: ignore[arg-type]
        counts = t("list_separator").join(
            t("meeting_count", ordinal=o, count=n) for o, n in zip(ordinals, (1, 1, 2, 1), strict=True)
        )
        reply = replies.answer(SearchResult("q", True, hits, broad=True), View(corpus, lang), token="t")  # type: ignore[arg-type]
        assert _texts(reply)[0] == t("broad_header", count=5, meetings=counts)
    narrow = replies.answer(SearchResult("q", True, hits), View(corpus, "en"), token="t")
    assert not _texts(narrow)
    closest = replies.answer(SearchResult("q", False, hits, broad=True), View(corpus, "en"), token="t")
    assert _texts(closest) == [texts("en")("not_found"), texts("en")("closest")]


def test_the_english_rendering_follows_its_quote_labelled_and_complete(corpus: Corpus) -> None:
    from corpus.records import load_records

    records = load_records()
    view = View(corpus, "en", records=records)
    reply = replies.answer(SearchResult("q", True, _hits(corpus, "5.2", "3.12")), view)
    long_one = reply.quotes[0]
    assert long_one.rendering == records.by_id["5.2"].rendering_en
    messages = render.to_html(reply)
    assert all(render.utf16_len(m) <= render.LIMIT for m in messages)
    label = texts("en")("rendering_label")
    assert "".join(messages).count(label) == 2
    plain = render.to_plain(reply)
    assert records.by_id["3.12"].rendering_en in plain and label in plain
    short_one = reply.quotes[1]
    assert reply.buttons[1][1].does == Copy(short_one.citation, short_one.unit.text, records.by_id["3.12"].rendering_en)
    chinese = replies.answer(SearchResult("q", True, _hits(corpus, "3.12")), View(corpus, "zh", records=records))
    assert chinese.quotes[0].rendering is None
    asked = View(corpus, "zh", records=records, english=True)
    assert asked.quote(corpus.get("3.12")).rendering == records.by_id["3.12"].rendering_en  # type: ignore[arg-type]
