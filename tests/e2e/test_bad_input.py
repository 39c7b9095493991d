"""Bad input: each gets a clear reply, nothing is refused by the Bot API, no error is logged, the bot goes on."""

from __future__ import annotations

from tests.e2e.harness import ANN, LI, Harness, private, quotes_of, text_of

ASK_IN_WORDS = "请用文字输入问题，或输入编号，如 3.12。"


async def test_empty_and_wordless_text(tg: Harness) -> None:
    for text in ("   ", "😀🙈🚢", "？？？！"):
        (reply,) = await tg.say(text)
        assert text_of(reply) == ASK_IN_WORDS, text
    # Telegram never delivers an empty text; were it to, PTB sees no text at all.
    (empty,) = await tg.say("")
    assert text_of(empty) == "我只能读文字消息，请用文字输入问题。"


async def test_the_longest_message_telegram_delivers(tg: Harness) -> None:
    question = ("缔约国应如何加强合作打击偷运移民？" * 300)[:4096]
    (reply,) = await tg.say(question)
    assert quotes_of(reply)
    (emoji,) = await tg.say("🚢" * 2048)  # 4096 UTF-16 units
    assert text_of(emoji) == ASK_IN_WORDS


async def test_html_and_markdown_in_the_question_are_only_text(tg: Harness) -> None:
    for question in (
        "<b>洗钱</b> & <script>alert(1)</script>",
        "**洗钱** _偷运_ [x](http://e.org) `3.12`",
        "</blockquote><i>",
        "&amp; &lt;",
    ):
        (reply,) = await tg.say(question)
        assert text_of(reply)


async def test_stickers_photos_and_voice_get_told_to_type(tg: Harness) -> None:
    media = {
        "sticker": {
            "sticker": {
                "file_id": "s",
                "file_unique_id": "su",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            }
        },
        "photo": {"photo": [{"file_id": "p", "file_unique_id": "pu", "width": 90, "height": 90}]},
        "voice": {"voice": {"file_id": "v", "file_unique_id": "vu", "duration": 3}},
    }
    for kind, extra in media.items():
        (reply,) = await tg.say(None, ANN, **extra)
        assert text_of(reply) == "I read text only: please type your question.", kind


async def test_an_edited_question_is_answered_again(tg: Harness) -> None:
    since = len(tg.api.calls)
    question = tg.api.send(private(LI), LI, "3.12")
    await tg.sent(since)
    (again,) = await tg.say("5.2(d)", edit_of=question)
    assert text_of(again).startswith("偷运移民问题工作组第五次会议（2018年7月，维也纳）建议2(d)")


async def test_forged_and_stale_buttons_get_a_notice(tg: Harness) -> None:
    (reply,) = await tg.say("3.12")
    for data in ("m:0123456789ab:3", "f:9.99", "s:3.999", "b:3:77", "p:12:0", "garbage", "f:3.12<b>", ""):
        (answer,) = await tg.press(reply, data, methods=("answerCallbackQuery",), count=1)
        assert answer.params["text"] == "此按钮已失效，请重新提问。", data
    (still,) = await tg.say("3.12")  # still running
    assert len(quotes_of(still)) == 1
