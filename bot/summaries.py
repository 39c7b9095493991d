"""The optional written summary: which answers get one, what the model is asked, what is kept."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot.llm import LlmClient
from bot.written import Written, check, items_text
from corpus.units import Unit
from prompts import Lang, summary_prompt
from retrieval.results import SearchResult

log = logging.getLogger(__name__)


def wants_summary(result: SearchResult) -> bool:
    """Found by a topical search: not a reference such as 3.12, not "not found", not a problem."""
    return result.answerable and bool(result.hits) and result.reference is None and result.problem is None


class Summarizer:
    def __init__(self, client: LlmClient) -> None:
        self.client = client

    async def write(self, question: str, units: Sequence[Unit], lang: Lang) -> Written | None:
        messages = summary_prompt(lang).messages(question, items_text(units))
        written = check(await self.client.complete(messages), [u.id for u in units])
        if written is not None and written.dropped:
            log.info("summary: %d sentence(s) dropped for citing nothing or an item not retrieved", written.dropped)
        return written

    async def close(self) -> None:
        await self.client.close()
