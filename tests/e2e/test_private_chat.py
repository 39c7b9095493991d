"""A private chat over the real PTB stack: questions, lookups, buttons, and what the fake Bot API received."""

from __future__ import annotations

import re

from tests.e2e.harness import ANN, LI, Harness, button, buttons, quotes_of, text_of

ZH_CITATION = re.compile(
    r"偷运移民问题工作组第[一二三四五七]次会议（\d{4}年\d{1,2}月(?:至\d{1,2}月)?，维也纳）"
    r"(?:建议\d+(?:\([a-z]\))?|报告第\d+段)"
)
EN_CITATION = re.compile(
    r"Working Group on the Smuggling of Migrants, \d(?:st|nd|rd|th) meeting \(Vienna, "
    r"[A-Z][a-z]+(?:–[A-Z][a-z]+)? \d{4}\), (?:recommendation \d+(?:\([a-z]\))?|paragraph \d+ "
    r"of the report)"
)


async def test_a_chinese_question_gets_cited_verbatim_quotes(tg: Harness) -> None:
    (reply,) = await tg.say("在拦截偷渡的现场负责取证的人，需要接受专门培训吗？")
    text = text_of(reply)
    assert len(ZH_CITATION.findall(text)) == len(quotes_of(reply)) == 3
    assert text.startswith("1. 偷运移民问题工作组第")
    assert reply.params["parse_mode"] == "HTML"
    rows = buttons(reply)
    assert [b["text"] for b in rows[0]][:2] == ["1 · 相似", "1 · 复制"]
    assert rows[0][1]["copy_text"]["text"].startswith("偷运移民问题工作组第")
    assert any(b["text"].startswith("第") and b["text"].endswith("次会议 ▸") for b in rows[-2])
    assert [b["text"] for b in rows[-1]] == ["👍", "👎", "✗ 条目不对", "⤓ 导出", "按主题缩小"]
    assert "https://t.me/wg_recs_bot?start=rec-" in reply.params["text"]
    assert tg.check_everything_sent() == 3


async def test_an_english_question_is_answered_from_the_chinese_text(tg: Harness) -> None:
    (first,) = await tg.say("Should sailors who rescue migrants in distress at sea be prosecuted?", ANN)
    assert EN_CITATION.search(text_of(first))
    assert text_of(first).endswith(
        "Quotes are from the Chinese version of the documents, word for word; they are not translated."
    )
    (second,) = await tg.say("Can unaccompanied children be given a guardian?", ANN)
    assert "Chinese version" not in text_of(second)  # said once
    assert [b["text"] for b in buttons(second)[0]][:2] == ["1 · Similar", "1 · Copy"]


async def test_lookups_answer_with_that_item_alone(tg: Harness) -> None:
    expected = {
        "3.12": "偷运移民问题工作组第三次会议（2015年11月，维也纳）建议12",
        "第三次会议第12条": "偷运移民问题工作组第三次会议（2015年11月，维也纳）建议12",
        "5.2(d)": "偷运移民问题工作组第五次会议（2018年7月，维也纳）建议2(d)",
        "meeting 7 rec 14": "偷运移民问题工作组第七次会议（2020年9月，维也纳）建议14",
        "7.p9": "偷运移民问题工作组第七次会议（2020年9月，维也纳）报告第9段",
    }
    for question, citation in expected.items():
        (reply,) = await tg.say(question)
        (quote,) = quotes_of(reply)
        assert text_of(reply).startswith(citation + "\n"), question
    (parent,) = await tg.say("5.2")
    (quote,) = quotes_of(parent)
    assert quote.startswith("缔约国应考虑：\n(a) ") and "\n(k) " in quote  # the parent with its sub-items
    assert "expandable" not in parent.params["text"]


async def test_missing_items_say_what_exists(tg: Harness) -> None:
    (reply,) = await tg.say("3.99")
    assert "第三次会议的建议编号为 1至41" in text_of(reply) and "第六次会议（2019年）的建议不在其中" in text_of(reply)
    (sixth,) = await tg.say("第六次会议的建议")
    assert "第六次会议（2019年）的建议不在这些文件中" in text_of(sixth) and "第一至第五次和第七次会议" in text_of(sixth)
    (english,) = await tg.say("meeting 6 rec 2", ANN)
    assert "not in these documents" in text_of(english) and "meetings 1–5 and 7" in text_of(english)
    assert not quotes_of(reply) and not buttons(reply)


async def test_more_edits_the_answer_in_place(tg: Harness) -> None:
    (reply,) = await tg.say("建议1")
    more = button(reply, "更多 ▸")
    answered, edited = await tg.press(reply, more["callback_data"])
    assert answered.method == "answerCallbackQuery" and edited.method == "editMessageText"
    assert edited.params["message_id"] == reply.result["message_id"]
    assert text_of(edited).startswith("第4至6条结果：\n\n4. ")
    assert len(quotes_of(edited)) == 3


async def test_similar_full_text_and_meeting_buttons(tg: Harness) -> None:
    (reply,) = await tg.say("5.2(d)", ANN)
    _, similar = await tg.press(reply, button(reply, "Similar")["callback_data"], ANN)
    assert similar.method == "sendMessage" and text_of(similar).startswith("Items close to Working Group")
    assert len(quotes_of(similar)) == 3
    # The whole of 5.2 with its English rendering: the rendering, too long to share a message, follows.
    _, full, rendering = await tg.press(reply, button(reply, "Full text")["callback_data"], ANN, count=3)
    assert quotes_of(full)[0].startswith("缔约国应考虑：")
    assert text_of(rendering).startswith("Unofficial English rendering") and not quotes_of(rendering)
    copy = button(reply, "Copy")["copy_text"]["text"]
    assert copy.startswith("Working Group on the Smuggling of Migrants, 5th meeting") and len(copy) <= 256
    _, listing = await tg.press(reply, button(reply, "Meeting 5 ▸")["callback_data"], ANN)
    assert "Working Group on the Smuggling of Migrants, 5th meeting (Vienna, July 2018): " in text_of(listing)
    (third,) = await tg.say("3.12", ANN)
    _, listing = await tg.press(third, button(third, "Meeting 3 ▸")["callback_data"], ANN)
    assert "41 items, page 1 of 5" in text_of(listing)
    _, page_two = await tg.press(listing, button(listing, "Next ▸")["callback_data"], ANN)
    assert page_two.method == "editMessageText" and "page 2 of" in text_of(page_two)
    _, item = await tg.press(page_two, buttons(page_two)[0][0]["callback_data"], ANN)
    assert len(quotes_of(item)) == 1


async def test_a_share_link_opens_the_item(tg: Harness) -> None:
    (reply,) = await tg.say("/start rec-3_12")
    assert text_of(reply).startswith("偷运移民问题工作组第三次会议（2015年11月，维也纳）建议12")
    links = [e["url"] for e in reply.result.get("entities", []) if e["type"] == "text_link"]
    assert links == ["https://t.me/wg_recs_bot?start=rec-3_12"]


async def test_nothing_found_is_said_honestly(tg: Harness) -> None:
    (reply,) = await tg.say("How do I bake sourdough bread at home?", LI | {"language_code": "en"})
    text = text_of(reply)
    assert text.startswith("Not found in the Working Group's recommendations.")
    if quotes_of(reply):
        assert "Closest items (they may not answer the question):" in text
