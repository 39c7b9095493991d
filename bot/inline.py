"""Inline mode (`@bot 3.12` in any chat): results whose message is a citation and a verbatim quote. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent
from telegram.constants import ParseMode

from bot.render import quote_html
from bot.replies import View
from prompts import texts
from retrieval.results import SearchResult

MAX_RESULTS = 10
DESCRIPTION = 80  # characters of the quote shown under each result's title


@dataclass(frozen=True)
class InlineAnswer:
    results: tuple[InlineQueryResultArticle, ...]
    button: InlineQueryResultsButton | None = None  # says why there are no results
    cacheable: bool = True  # "unavailable" must not be cached: the next try may work


def hint(view: View, key: str, *, cacheable: bool = True) -> InlineAnswer:
    # The button opens a private chat with the bot, where /start shows the help.
    return InlineAnswer((), InlineQueryResultsButton(texts(view.lang)(key), start_parameter="help"), cacheable)


def inline_answer(result: SearchResult, view: View) -> InlineAnswer:
    if result.problem is not None:
        return hint(view, "inline_hint")
    if not result.hits:
        return hint(view, "inline_not_found")
    t = texts(view.lang)
    articles = []
    for hit in result.hits[:MAX_RESULTS]:
        quote = view.quote(hit.unit)
        opening = hit.unit.text.replace("\n", " ")[:DESCRIPTION]
        articles.append(
            InlineQueryResultArticle(
                id=hit.unit.id,
                title=quote.citation,
                # A unit never nears the length limit; were one to, the first verbatim piece is sent.
                input_message_content=InputTextMessageContent(
                    quote_html(quote, view.lang, with_link=False)[0], parse_mode=ParseMode.HTML
                ),
                description=opening if result.answerable else t("inline_closest", snippet=opening),
            )
        )
    return InlineAnswer(tuple(articles))
