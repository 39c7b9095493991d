from __future__ import annotations

import dataclasses

from bot import render
from bot.replies import Entry, Note, Reply, View
from corpus.load import Corpus
from corpus.units import Unit
from tests.bot.verbatim import assert_verbatim
from tests.e2e.telegram_html import parse, quotes


def _sent(messages: list[str]) -> list[str]:
    """What Telegram would show: parse each message as it would (raises on malformed HTML)."""
    found = []
    for message in messages:
        assert render.utf16_len(message) <= render.LIMIT
        text, entities = parse(message)
        found += quotes(text, entities)
    return found


def test_every_unit_renders_as_a_verbatim_escaped_quote(corpus: Corpus) -> None:
    for lang in ("zh", "en"):
        view = View(corpus, lang, "wg_recs_bot")
        reply = Reply(lang, tuple(view.quote(u, i, expandable=i % 2 == 0) for i, u in enumerate(corpus.units)))
        assert assert_verbatim(_sent(render.to_html(reply)), corpus) == len(corpus.units)


def test_html_in_text_is_escaped(corpus: Corpus) -> None:
    unit = dataclasses.replace(corpus.units[0], text="a < b & c > d <b>not bold</b>")
    reply = Reply("en", (Note("1 < 2 & <i>"), View(corpus, "en").quote(unit)))
    (message,) = render.to_html(reply)
    text, entities = parse(message)
    assert "1 < 2 & <i>" in text and quotes(text, entities) == ["a < b & c > d <b>not bold</b>"]


def test_long_replies_split_between_units(corpus: Corpus) -> None:
    view = View(corpus, "zh", "wg_recs_bot")
    longest = sorted(corpus.units, key=lambda u: -len(u.text))[:12]
    reply = Reply("zh", (Note("header"), *(view.quote(u, i + 1, True) for i, u in enumerate(longest))))
    messages = render.to_html(reply)
    assert len(messages) > 1
    shown = _sent(messages)
    assert shown == [u.text for u in longest]  # every unit whole, in order, none cut


def _huge(corpus: Corpus) -> Unit:
    text = "\n".join(f"({chr(97 + i % 26)}) " + "缔约国应当加强合作，交流信息&经验。" * 40 for i in range(20))
    return dataclasses.replace(corpus.units[0], text=text)


def test_a_unit_longer_than_a_message_is_cut_into_verbatim_pieces(corpus: Corpus) -> None:
    unit = _huge(corpus)
    reply = Reply("zh", (View(corpus, "zh", "bot_name").quote(unit, 1),))
    messages = render.to_html(reply)
    pieces = _sent(messages)
    assert len(messages) > 1 and len(pieces) == len(messages)
    assert "".join(pieces).replace("\n", "") == unit.text.replace("\n", "")
    assert all(unit.text.find(piece) >= 0 for piece in pieces)
    assert "bot_name" in messages[-1] and "bot_name" not in messages[0]  # the share link closes the quote


def test_plain_text_has_the_same_content(corpus: Corpus) -> None:
    view = View(corpus, "zh")
    unit = corpus.get("5.2")
    assert unit is not None
    reply = Reply("zh", (Note("说明"), view.quote(unit, 1), Entry("建议1", "开头…"), Entry("建议2", "开头…")))
    plain = render.to_plain(reply)
    assert plain.startswith(
        "说明\n\n1. 偷运移民问题工作组第五次会议（2018年7月，维也纳）建议2\n> 缔约国应考虑：\n> (a) "
    )
    assert plain.endswith("建议1  开头…\n建议2  开头…")
    assert "<" not in plain
