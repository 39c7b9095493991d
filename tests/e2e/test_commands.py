"""Commands, the command menu in both languages, and the interface language."""

from __future__ import annotations

from tests.e2e.harness import ANN, HANS, LI, Harness, button, buttons, quotes_of, text_of
from tests.e2e.telegram_html import parse, renderings


async def test_commands_are_registered_in_chinese_and_english(tg: Harness) -> None:
    commands = tg.api.commands
    assert set(commands) == {"zh", "en", ""}
    names = ["start", "help", "ask", "rec", "en", "meeting", "themes", "export", "lang", "about"]
    assert [c["command"] for c in commands["zh"]] == names
    assert commands["zh"][3]["description"] == "查看一条：/rec 3.12"
    assert commands[""] == commands["en"] and commands["en"][3]["description"] == "Show one item: /rec 3.12"


async def test_start_and_help_explain_with_examples(tg: Harness) -> None:
    (start,) = await tg.say("/start", HANS)
    assert text_of(start).startswith("I quote the recommendations") and "@wg_recs_bot 3.12" in text_of(start)
    (help_zh,) = await tg.say("/help")
    assert "第三次会议第12条" in text_of(help_zh) and "在群组中" in text_of(help_zh)


async def test_about_names_the_documents_and_the_gaps(tg: Harness) -> None:
    (about,) = await tg.say("/about", ANN)
    text = text_of(about)
    assert "偷运移民问题工作组前五次会议通过的各项建议（秘书处编写的背景文件）" in text
    assert "6th meeting (2019)" in text and "other language versions" in text and "not translated" in text


async def test_lang_overrides_the_telegram_language(tg: Harness) -> None:
    (switched,) = await tg.say("/lang en")
    assert text_of(switched).startswith("Interface language: English.")
    (reply,) = await tg.say("3.12")
    assert text_of(reply).startswith("Working Group on the Smuggling of Migrants, 3rd meeting")
    (usage,) = await tg.say("/lang klingon")
    assert text_of(usage) == "/lang zh for a Chinese interface, /lang en for English."
    (back,) = await tg.say("/lang zh")
    assert text_of(back) == "界面语言：中文。"


async def test_rec_and_meeting(tg: Harness) -> None:
    (rec,) = await tg.say("/rec 5.2(d)")
    assert text_of(rec).startswith("偷运移民问题工作组第五次会议（2018年7月，维也纳）建议2(d)")
    (listing,) = await tg.say("/meeting 7 2", ANN)
    assert "56 items, page 2 of 6" in text_of(listing) and len(buttons(listing)[0]) == 5
    (ask,) = await tg.say("/ask 3.12")
    assert len(quotes_of(ask)) == 1


async def test_bad_command_arguments_get_usage(tg: Harness) -> None:
    replies = {
        "/rec": "请在 /rec 后写上编号",
        "/rec 洗钱": "请在 /rec 后写上编号",
        "/rec 3.99": "第三次会议的建议编号为 1至41",
        "/rec 99.1": "没有第九十九次会议",
        "/meeting": "请在 /meeting 后写上会议编号（1至7）",
        "/meeting abc": "请在 /meeting 后写上会议编号",
        "/meeting 3 0": "请在 /meeting 后写上会议编号",
        "/meeting 6": "第六次会议（2019年）的建议不在这些文件中",
        "/meeting 9": "没有第9次会议",
        "/meeting 3 99": "共41条，第5/5页",
        "/ask": "请在 /ask 后面写上问题",
        "/frobnicate": "未知命令",
    }
    for command, expected in replies.items():
        (reply,) = await tg.say(command, LI)
        assert expected in text_of(reply), (command, text_of(reply))


async def test_english_readers_get_the_unofficial_rendering_after_each_quote(tg: Harness) -> None:
    from corpus.records import load_records

    rendering = load_records().by_id["3.12"].rendering_en
    (english,) = await tg.say("3.12", ANN)
    text = text_of(english)
    assert text.index("偷运") < text.index("Unofficial English rendering (not the UN's text):")
    assert rendering in text
    assert renderings(*parse(english.params["text"])) == [rendering]
    assert len(quotes_of(english)) == 1
    (chinese,) = await tg.say("3.12", LI)
    assert "Unofficial" not in text_of(chinese) and "非官方" not in text_of(chinese)
    (asked,) = await tg.say("/en 3.12", LI)
    assert "非官方英文译文（不是联合国正式文本）：" in text_of(asked) and rendering in text_of(asked)
    (usage,) = await tg.say("/en 洗钱", LI)
    assert text_of(usage).startswith("请给出编号：/en 3.12")


async def test_browsing_by_theme_walks_from_the_list_to_an_items_text(tg: Harness) -> None:
    from corpus.records import load_records

    records = load_records()
    (listing,) = await tg.say("/themes", ANN)
    text = text_of(listing)
    assert text.startswith("19 themes.") and "Financial investigation, money laundering and confiscation" in text
    assert "1st meeting 2 · 2nd meeting 1 · 3rd meeting 5 · 4th meeting 6" in text
    labels = [b["text"] for row in buttons(listing) for b in row]
    assert len(labels) == 19 and labels[7] == "Smuggling at sea and rescue"
    _, sea = await tg.press(listing, button(listing, "Smuggling at sea and rescue")["callback_data"], ANN)
    assert sea.method == "editMessageText"
    sea_ids = records.of_theme("sea", [u.id for u in tg.corpus.units if not u.children])
    assert text_of(sea).startswith(f"Smuggling at sea and rescue: {len(sea_ids)} items, page 1 of")
    assert "Working Group on the Smuggling of Migrants, 1st meeting (Vienna, May–June 2012)" in text_of(sea)
    assert records.by_id[sea_ids[0]].title_en in text_of(sea)
    _, item = await tg.press(sea, buttons(sea)[0][0]["callback_data"], ANN)
    assert item.method == "sendMessage" and len(quotes_of(item)) == 1
    assert len(sea_ids) <= 10 and "Next ▸" not in [b["text"] for row in buttons(sea) for b in row]
    _, back = await tg.press(sea, button(sea, "◂ All themes")["callback_data"], ANN)
    assert text_of(back).startswith("19 themes.")
    _, cooperation = await tg.press(back, button(back, "International cooperation")["callback_data"], ANN)
    _, page_two = await tg.press(cooperation, button(cooperation, "Next ▸")["callback_data"], ANN)
    assert page_two.method == "editMessageText" and "page 2 of" in text_of(page_two)
    (chinese,) = await tg.say("/themes", LI)
    assert text_of(chinese).startswith("共 19 个主题") and "海上偷运与救助" in text_of(chinese)
