"""Themes, export and feedback as a user walks them in Telegram (real PTB, fake Bot API, real search)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import docx

from tests.e2e.fake_bot_api import FakeBotApi
from tests.e2e.harness import ANN, LI, Harness, button, buttons, quotes_of, text_of

DOCUMENTS = ("sendDocument",)


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


async def test_a_theme_is_browsed_then_exported(tg: Harness, api: FakeBotApi) -> None:
    (themes,) = await tg.say("/themes", ANN)
    assert text_of(themes).startswith("19 themes.")
    first_theme = buttons(themes)[0][0]
    _, page = await tg.press(themes, first_theme["callback_data"], ANN)
    assert page.method == "editMessageText" and "items, page 1 of" in text_of(page)
    _, item = await tg.press(page, buttons(page)[0][0]["callback_data"], ANN)
    assert len(quotes_of(item)) == 1  # the item's verbatim text, in a new message
    answered, word, table = await tg.press(
        page, button(page, "⤓ Export")["callback_data"], ANN, methods=("answerCallbackQuery", *DOCUMENTS), count=3
    )
    assert answered.method == "answerCallbackQuery" and word.params["caption"].endswith("(Word and CSV).")
    word_file, table_file = api.upload(word), api.upload(table)
    assert word_file.filename.endswith(".docx") and table_file.filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(table_file.data.decode("utf-8-sig"), newline="")))
    text = _docx_text(word_file.data)
    for row in rows:
        unit = tg.corpus.get(row["id"])
        assert unit is not None and row["text"] == unit.text and unit.text in text
    assert f"{len(rows)} items" in word.params["caption"]
    assert "Unofficial English rendering" in text  # the English interface carries the rendering


async def test_export_sends_the_last_list_of_the_chat(tg: Harness, api: FakeBotApi) -> None:
    (nothing,) = await tg.say("/export")
    assert text_of(nothing).startswith("暂无可导出的列表")
    (answer,) = await tg.say("工作组关于没收犯罪所得都建议了什么")
    shown = quotes_of(answer)
    since = len(api.calls)
    api.send({"id": LI["id"], "type": "private", "first_name": "Li"}, LI, "/export")
    word, _ = await tg.sent(since, 2, methods=DOCUMENTS)
    assert api.upload(word).filename == "工作组关于没收犯罪所得都建议了什么.docx"
    text = _docx_text(api.upload(word).data)
    assert all(quote in text for quote in shown)  # the answer's items, verbatim
    assert "非官方" not in text  # the Chinese interface: no rendering
    await tg.say("/meeting 5")
    since = len(api.calls)
    api.send({"id": LI["id"], "type": "private", "first_name": "Li"}, LI, "/export")
    word, _ = await tg.sent(since, 2, methods=DOCUMENTS)
    assert "第五次会议" in _docx_text(api.upload(word).data) and "共 " in word.params["caption"]


async def test_feedback_round_trip(tg: Harness) -> None:
    (answer,) = await tg.say("海上救了偷渡的人会不会被追究责任")
    (answered,) = await tg.press(
        answer, button(answer, "👎")["callback_data"], methods=("answerCallbackQuery",), count=1
    )
    assert answered.params["text"] == "谢谢，已记录。"
    _, pick = await tg.press(answer, button(answer, "✗ 条目不对")["callback_data"])
    assert text_of(pick) == "哪一条与问题不符？"
    _, closed = await tg.press(pick, buttons(pick)[0][1]["callback_data"])
    assert closed.method == "editMessageText" and closed.params["message_id"] == pick.result["message_id"]
    assert text_of(closed).startswith("谢谢：已记下")
    # An admin's report: counts and the latest 👎, with the question and the ids shown.
    (report,) = await tg.say("/feedback", ANN)
    assert text_of(report).startswith("Feedback: 👍 0 · 👎 0 · wrong item 1, from 1 people.")
    assert "海上救了偷渡的人会不会被追究责任" in text_of(report)
    (refused,) = await tg.say("/feedback", LI)  # not an admin: the command does not exist for them
    assert "海上救了偷渡的人" not in text_of(refused)
    # The operator exports the cases for review, as eval lines with the gold left to fill in.
    path = tg.app.bot_data.service.feedback._db.execute("PRAGMA database_list").fetchone()[2]  # type: ignore[union-attr]
    done = subprocess.run(
        [sys.executable, "-m", "bot", "feedback", "export"],
        capture_output=True,
        text=True,
        env={"FEEDBACK_PATH": path, "PATH": ""},
        cwd=Path(path).parent,
        timeout=60,
        check=True,
    )
    [line] = done.stdout.splitlines()
    row = json.loads(line)
    assert row["q"] == "海上救了偷渡的人会不会被追究责任" and row["gold"] == [] and row["verdict"] == "wrong"
    assert row["wrong"] in row["shown"] and "1 cases to review" in done.stderr


async def test_an_answer_narrowed_to_a_theme(tg: Harness) -> None:
    (answer,) = await tg.say("What did the group say about joint investigation teams?", ANN)
    _, choices = await tg.press(answer, button(answer, "Narrow to a theme")["callback_data"], ANN)
    assert text_of(choices) == "Ask the same question within one theme:"
    theme = buttons(choices)[0][0]
    _, narrowed = await tg.press(choices, theme["callback_data"], ANN)
    name = theme["text"].rsplit(" (", 1)[0]
    assert text_of(narrowed).startswith(f"Within the theme “{name}”:") and quotes_of(narrowed)
