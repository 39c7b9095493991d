"""Groups (answer only when addressed) and inline mode (`@bot 3.12` in any chat)."""

from __future__ import annotations

from tests.e2e.fake_bot_api import BOT_ID
from tests.e2e.harness import ANN, GROUP, LI, Harness, private, text_of
from tests.e2e.telegram_html import parse, quotes


async def test_groups_answer_only_when_addressed(tg: Harness) -> None:
    since = len(tg.api.calls)
    tg.api.send(GROUP, LI, "今天中午吃什么？")
    tg.api.send(GROUP, LI, "/help@some_other_bot")
    tg.api.send(GROUP, LI, "/frobnicate")
    (asked,) = await tg.say("/ask 3.12", LI, GROUP)  # sent after the chatter, handled after it
    assert [c for c in tg.api.calls[since:] if c.method == "sendMessage"] == [asked]
    assert asked.params["reply_parameters"]["message_id"]  # a reply to the question, in a group
    (mention,) = await tg.say("@wg_recs_bot 5.2(d)", LI, GROUP)
    assert text_of(mention).startswith("偷运移民问题工作组第五次会议（2018年7月，维也纳）建议2(d)")
    bot_message = {
        "message_id": mention.result["message_id"],
        "date": 0,
        "chat": GROUP,
        "from": {"id": BOT_ID, "is_bot": True, "first_name": "WG"},
        "text": "…",
    }
    (follow_up,) = await tg.say("7.p9", LI, GROUP, reply_to=bot_message)
    assert "报告第9段" in text_of(follow_up)
    (unknown,) = await tg.say("/frobnicate@wg_recs_bot", LI, GROUP)
    assert text_of(unknown).startswith("未知命令")


async def test_inline_results_are_citation_and_quote(tg: Harness) -> None:
    since = len(tg.api.calls)
    tg.api.send(private(ANN), ANN, "/start")  # the chat exists; inline queries need none
    tg.api.inline("3.12", ANN)
    (answer,) = await tg.sent(since, 1, methods=("answerInlineQuery",))
    (result,) = answer.params["results"]
    assert result["title"] == (
        "Working Group on the Smuggling of Migrants, 3rd meeting (Vienna, November 2015), recommendation 12"
    )
    assert result["input_message_content"]["message_text"].startswith("<code>Working Group")
    assert answer.params["is_personal"] is True

    since = len(tg.api.calls)
    tg.api.inline("洗钱", LI)
    tg.api.inline("", LI)
    answers = await tg.sent(since, 2, methods=("answerInlineQuery",))  # updates run side by side: any order
    first, empty = sorted(answers, key=lambda a: not a.params["results"])
    titles = [r["title"] for r in first.params["results"]]
    assert len(titles) > 1 and all(t.startswith("偷运移民问题工作组") for t in titles)
    assert empty.params["results"] == [] and empty.params["button"]["start_parameter"] == "help"
    assert tg.check_everything_sent() > 3


async def test_a_quote_sent_inline_stays_verbatim(tg: Harness) -> None:
    since = len(tg.api.calls)
    tg.api.inline("第五次会议建议2", LI)
    (answer,) = await tg.sent(since, 1, methods=("answerInlineQuery",))
    message = answer.params["results"][0]["input_message_content"]
    assert message["parse_mode"] == "HTML"
    assert quotes(*parse(message["message_text"]))[0].startswith("缔约国应考虑：")
