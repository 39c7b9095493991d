"""User-facing texts in Chinese and English, kept as data (`zh.toml`, `en.toml`).

Templates are plain text with `{name}` fields; a missing field is an error, never an empty gap.
Markup (HTML) is the renderer's business, so the same texts serve Telegram and the terminal.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


class PromptError(LookupError):
    """A template was asked for a key or a field that it does not have."""


def language_for(code: str | None) -> Lang:
    """Telegram's `language_code` (an IETF tag such as `zh-hans`, `en`, `de`) -> interface language."""
    return "zh" if code and code.lower().startswith("zh") else "en"


@dataclass(frozen=True)
class Texts:
    lang: Lang
    messages: Mapping[str, str]
    commands: Mapping[str, str]  # command -> description, for set_my_commands
    months: tuple[str, ...]  # January..December as this language writes them in a date
    places: Mapping[str, str]  # place name as the (Chinese) documents write it -> this language

    def __call__(self, key: str, /, **values: object) -> str:
        try:
            template = self.messages[key]
        except KeyError:
            raise PromptError(f"no text {key!r} in prompts/{self.lang}.toml") from None
        try:
            return template.format(**values)
        except (KeyError, IndexError) as exc:
            raise PromptError(f"prompts/{self.lang}.toml: {key!r} needs field {exc}") from None

    def fields(self, key: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(self.messages[key]) if name}

    def place(self, name: str) -> str:
        # An unknown place stays as the documents write it: a Chinese name beats an invented one.
        return self.places.get(name, name)

    def month(self, number: int) -> str:
        return self.months[number - 1]


@cache
def texts(lang: Lang) -> Texts:
    raw = tomllib.loads(resources.files(__package__).joinpath(f"{lang}.toml").read_text(encoding="utf-8"))
    months = tuple(raw["months"])
    if len(months) != 12:
        raise PromptError(f"prompts/{lang}.toml: months must list 12 names")
    return Texts(lang, raw["messages"], raw["commands"], months, raw.get("places", {}))


@dataclass(frozen=True)
class SummaryPrompt:
    """The request for a written summary: the instructions, and the message with question and items."""

    system: str
    user: str

    def messages(self, question: str, items: str) -> list[dict[str, str]]:
        return [
            {"role": "system", "content": self.system},
            {"role": "user", "content": self.user.format(question=question, items=items)},
        ]


@cache
def summary_prompt(lang: Lang) -> SummaryPrompt:
    raw = tomllib.loads(resources.files(__package__).joinpath("summary.toml").read_text(encoding="utf-8"))
    return SummaryPrompt(raw[lang]["system"], raw[lang]["user"])
