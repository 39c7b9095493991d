"""The terminal chat: the same service and the same replies as Telegram, as plain text.

`make run` without a token lands here, so a new user sees answers before creating a Telegram bot.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
from pathlib import Path
from typing import TextIO, TypeVar

from bot import lists, render
from bot.actions import ListSource, More
from bot.inputs import lang_arg
from bot.replies import Reply, notice
from bot.service import BotService
from corpus.zh import IDEOGRAPHS
from prompts import Lang, texts

T = TypeVar("T")
_CJK = re.compile(f"[{IDEOGRAPHS}]")
_LATIN = re.compile(r"[A-Za-z]")


class Session:
    """One terminal conversation: remembers the last answer for /more and /similar N."""

    def __init__(self, service: BotService, lang: Lang | None = None) -> None:
        self.service = service
        self.chosen: Lang | None = lang  # set with /lang; otherwise each question's script decides
        self.lang: Lang = lang or "zh"
        self.last: Reply | None = None
        self.last_list: ListSource | None = None
        self.pending: Reply | None = None  # an answer whose written summary is still to come
        self.zh_note_shown = False

    def _language(self, line: str) -> Lang:
        if self.chosen:
            return self.chosen
        if _CJK.search(line):
            self.lang = "zh"
        elif _LATIN.search(line.partition(" ")[2] if line.startswith("/") else line):
            self.lang = "en"
        return self.lang  # `3.12` alone keeps the language of the conversation so far

    async def handle(self, line: str) -> str:
        line = line.strip()
        if not line:
            return ""
        lang = self._language(line)
        command, _, argument = line.partition(" ") if line.startswith("/") else ("", "", line)
        reply = await self._reply(command.lower(), argument.strip(), lang)
        if reply.quotes:
            self.last = reply
        if reply.source is not None:
            self.last_list = reply.source
        self.pending = reply if reply.summary_of else None
        return render.to_plain(reply)

    async def follow_up(self) -> str:
        """The written summary of the last answer, printed after its quotes ("" without one)."""
        pending, self.pending = self.pending, None
        written = await self.service.summary(pending) if pending else None
        if written is None:
            return ""
        return render.to_plain(dataclasses.replace(written, blocks=written.blocks[:1]))

    async def _reply(self, command: str, argument: str, lang: Lang) -> Reply:
        service = self.service
        match command:
            case "":
                note = lang == "en" and not self.zh_note_shown
                self.zh_note_shown |= note
                return await service.ask(argument, lang, zh_note=note)
            case "/help" | "/start":
                return notice(lang, "terminal_help")
            case "/about":
                return service.about(lang)
            case "/lang":
                self.chosen = lang_arg(argument.split()) or self.chosen
                return notice(self.chosen, "lang_set") if self.chosen else notice(lang, "lang_usage")
            case "/rec":
                return await service.rec(argument, lang)
            case "/meeting":
                return service.browse(argument.split(), lang)
            case "/en":
                return await service.rec(argument, lang, english=True)
            case "/themes":
                return self._themes(argument.split(), lang)
            case "/more":
                more = self._offered(More)
                return (await service.more(more, lang) if more else None) or notice(lang, "terminal_no_more")
            case "/similar":
                return await self._similar(argument, lang)
            case "/export":
                return await self._export(lang)
            case _:
                return notice(lang, "unknown_command")

    def _offered(self, kind: type[T]) -> T | None:
        """The last answer's button of this kind (More …): what a command stands for here."""
        actions = self.last.actions if self.last else ()
        return next((a for a in actions if isinstance(a, kind)), None)

    def _themes(self, args: list[str], lang: Lang) -> Reply:
        """/themes: the list; /themes N [page]: theme N of the list (from 1), that page (from 1)."""
        if not args:
            return self.service.themes(lang)
        numbers = [int(a) for a in args[:2] if a.isdigit()]
        if len(numbers) != len(args[:2]) or len(args) > 2:
            return notice(lang, "terminal_themes_usage")
        page = (
            lists.theme_page(numbers[0] - 1, (numbers[1] if len(numbers) > 1 else 1) - 1, self.service.view(lang))
            if numbers[0] >= 1
            else None
        )
        return page or notice(lang, "terminal_themes_usage")

    async def _export(self, lang: Lang) -> Reply:
        """The last list shown, written as files in the current directory (never over an existing file)."""
        files = await self.service.export(self.last_list, lang) if self.last_list else None
        if files is None:
            return notice(lang, "terminal_export_none")
        written = []
        for file in files.files:
            path = _free_path(Path(file.name))
            path.write_bytes(file.data)
            written.append(str(path))
        return notice(lang, "terminal_exported", count=files.count, files=", ".join(written))

    async def _similar(self, argument: str, lang: Lang) -> Reply:
        quotes = self.last.quotes if self.last else ()
        marks = {str(q.mark if q.mark is not None else 1): q.unit.id for q in quotes}
        unit_id = marks.get(argument or "1")
        if unit_id is None:
            return notice(lang, "terminal_no_result", number=argument or 1)
        return await self.service.similar(unit_id, lang) or notice(lang, "similar_none")


def _free_path(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def chat(service: BotService, stdin: TextIO, stdout: TextIO) -> int:
    """Read questions until EOF or Ctrl-C; each answer printed as the Telegram bot would send it."""

    def say(text: str) -> None:
        stdout.write(text + "\n")
        stdout.flush()

    # One loop for the whole session (the service's executor and backend outlive each question);
    # input is read on the main thread so Ctrl-C interrupts it at once.
    with asyncio.Runner() as runner:
        session = Session(service)
        try:
            say(texts("zh")("terminal_banner") + "\n\n" + texts("en")("terminal_banner") + "\n")
            say(texts("zh")("terminal_loading") + "\n" + texts("en")("terminal_loading"))
            runner.run(service.start())
            while True:
                stdout.write("\n» ")
                stdout.flush()
                line = stdin.readline()
                if not line:
                    break
                answer = runner.run(session.handle(line))
                if answer:
                    say(answer)
                summary = runner.run(session.follow_up())
                if summary:
                    say("\n" + summary)
        except KeyboardInterrupt:
            pass
        finally:
            say("")
            runner.run(service.close())
    return 0
