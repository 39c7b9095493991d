from __future__ import annotations

import re

import pytest

from bot import buttons, keyboards
from bot.actions import Browse, More, Show, Similar, decode, encode
from bot.buttons import Copy, ItemButtons
from bot.inputs import addressed_question, command_is_for, lang_arg, meeting_args
from bot.keyboards import COPY_LIMIT, copy_text
from bot.links import share_link, start_payload, unit_from_payload
from corpus.load import Corpus
from prompts import texts


def test_every_action_round_trips_within_64_bytes(corpus: Corpus) -> None:
    actions = [More("0123456789ab", 3), Browse(3, 0), Browse(7, 5, edit=True)]
    actions += [a for u in corpus.units for a in (Similar(u.id), Show(u.id))]
    for action in actions:
        data = encode(action)
        assert len(data.encode()) <= 64 and decode(data) == action


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "x",
        "m:zz:3",
        "m:0123456789ab:-1",
        "m:0123456789ab:1000",
        "s:3.12;drop",
        "f:../../etc",
        "f:3.12 ",
        "b:3",
        "b:x:1",
        "p:3:1:2",
        "s:" + "1" * 70,
        "f:3.12(dd)",
        "\u0000",
    ],
)
def test_forged_callback_data_decodes_to_nothing(data: str | None) -> None:
    assert decode(data) is None


def test_copy_text_fits_the_copy_button() -> None:
    assert copy_text(Copy("citation", "短文")) == "citation\n短文"
    long = "很长" * 200
    assert copy_text(Copy("citation", long)) == "citation"
    with_rendering = copy_text(Copy("citation", "短文", "A short rendering."))
    assert with_rendering.startswith("citation\n短文\n") and with_rendering.endswith("A short rendering.")
    assert copy_text(Copy("citation", "短文", "x" * 300)) == "citation\n短文"  # no room: the quote alone
    assert len(copy_text(Copy("c" * 300, "短文"))) == COPY_LIMIT


def test_answer_buttons_rows_and_meeting_buttons() -> None:
    copy = Copy("c", "t")
    items = [
        ItemButtons("3.1", copy, None, 1),
        ItemButtons("5.2(d)", copy, "5.2", 2),
        ItemButtons("3.4", copy, "3.4", 3),
    ]
    rows = buttons.answer_buttons(items, [3, 5, 3], More("0123456789ab", 3), "en")
    assert [[b.does for b in row] for row in rows] == [
        [Similar("3.1"), copy],
        [Similar("5.2(d)"), copy, Show("5.2")],
        [Similar("3.4"), copy, Show("3.4")],
        [More("0123456789ab", 3), Browse(3, 0), Browse(5, 0)],  # each meeting once
    ]
    assert rows[1][0].label == texts("en")("button_similar", mark="2 · ")


def test_the_telegram_keyboard_carries_the_same_buttons() -> None:
    copy = Copy("c", "t")
    rows = buttons.answer_buttons([ItemButtons("5.2(d)", copy, "5.2", 1)], [5], More("0123456789ab", 3), "en")
    markup = keyboards.markup(rows)
    assert markup is not None and keyboards.markup(()) is None
    telegram_rows = markup.inline_keyboard
    assert [[b.text for b in row] for row in telegram_rows] == [[b.label for b in row] for row in rows]
    similar, copied, full = telegram_rows[0]
    assert decode(similar.callback_data) == Similar("5.2(d)") and decode(full.callback_data) == Show("5.2")  # type: ignore[arg-type]
    assert copied.callback_data is None and copied.copy_text is not None and copied.copy_text.text == "c\nt"
    assert [decode(b.callback_data) for b in telegram_rows[1]] == [More("0123456789ab", 3), Browse(5, 0)]  # type: ignore[arg-type]


def test_share_links_round_trip(corpus: Corpus) -> None:
    for unit in corpus.units:
        payload = start_payload(unit.id)
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", payload) and unit_from_payload(payload) == unit.id
    assert share_link("wg_recs_bot", "3.12") == "https://t.me/wg_recs_bot?start=rec-3_12"
    assert [unit_from_payload(p) for p in ("rec-5_2d", "rec-7_p9", "help", "rec-3", "rec-3_12dd")] == [
        "5.2(d)",
        "7.p9",
        None,
        None,
        None,
    ]


def test_group_messages_are_questions_only_when_addressed() -> None:
    assert addressed_question("@WG_Recs_Bot 洗钱？", "wg_recs_bot", replied_to_bot=False) == "洗钱？"
    assert addressed_question("what about @wg_recs_bot", "wg_recs_bot", replied_to_bot=False) == "what about"
    assert addressed_question("lunch?", "wg_recs_bot", replied_to_bot=False) is None
    assert addressed_question("@wg_recs_bot_fan hi", "wg_recs_bot", replied_to_bot=False) is None
    assert addressed_question("还有呢？", "wg_recs_bot", replied_to_bot=True) == "还有呢？"
    assert command_is_for("/foo@WG_recs_bot x", "wg_recs_bot")
    assert not command_is_for("/foo x", "wg_recs_bot") and not command_is_for("/foo@other_bot", "wg_recs_bot")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["3"], (3, 0)),
        (["3", "2"], (3, 1)),
        (["三"], (3, 0)),
        (["第三次会议"], (3, 0)),
        (["７"], (7, 0)),
        ([], None),
        (["x"], None),
        (["3", "0"], None),
        (["3", "-1"], None),
        (["3", "2", "1"], None),
        (["3.5"], None),
    ],
)
def test_meeting_arguments(args: list[str], expected: tuple[int, int] | None) -> None:
    assert meeting_args(args) == expected


def test_lang_argument() -> None:
    assert [lang_arg([a]) for a in ("zh", "EN", "中文", "fr")] == ["zh", "en", "zh", None]
    assert lang_arg([]) is None and lang_arg(["zh", "en"]) is None


def test_theme_pages_round_trip_and_forged_ones_are_refused() -> None:
    from bot.actions import ThemePage

    for action in (ThemePage(None, 0), ThemePage(18, 3, edit=True)):
        assert decode(encode(action)) == action
    for forged in ("t:x:0", "t:1:", "u:123:0", "t:-:-1", "t:1:0:9"):
        assert decode(forged) is None
