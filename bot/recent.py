"""Recent answers, by the short token their buttons carry (More, feedback, export, narrowing to a
theme), so a button names an answer, not the question. A question kept beyond this process
(`RememberedQuestions`) is searched again when its button is pressed after a restart.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.remembered import RememberedQuestions
from bot.replies import PAGE
from corpus.records import Records
from retrieval.results import SearchResult

# (question, theme index or None, user) -> the result, searched again; may raise `Unavailable`.
SearchAgain = Callable[[str, int | None, int | None], Awaitable[SearchResult]]


@dataclass(frozen=True)
class Asked:
    """A question answered recently: what its More, feedback, export and theme buttons act on."""

    question: str
    theme: int | None
    result: SearchResult  # every hit searched for; pages show a prefix

    def page(self, offset: int) -> tuple[str, ...]:
        return tuple(hit.id for hit in self.result.hits[offset : offset + PAGE])


class RecentAnswers:
    def __init__(
        self,
        records: Records,
        search_again: SearchAgain,
        *,
        remembered: RememberedQuestions | None = None,
        at_most: int = 5000,
    ) -> None:
        self._records = records
        self._search_again = search_again
        self._remembered = remembered
        self._at_most = at_most
        self._answers: OrderedDict[str, Asked] = OrderedDict()
        self._turned: set[str] = set()  # answers paged with More: a late summary must not turn them back

    def theme_key(self, theme: int | None) -> str | None:
        return None if theme is None else self._records.themes[theme].key

    def remember(self, asked: Asked, *, keep: bool = False) -> str:
        """The answer's token. `keep`: the question can be asked again after a restart (a list's
        title cannot)."""
        key = f"{asked.theme}\0{asked.question}"
        token = hashlib.blake2b(key.encode(), digest_size=6).hexdigest()
        if keep and self._remembered is not None:
            self._remembered.put(token, asked.question, self.theme_key(asked.theme))
        self._answers[token] = asked
        self._answers.move_to_end(token)
        while len(self._answers) > self._at_most:
            self._turned.discard(self._answers.popitem(last=False)[0])
        return token

    async def recall(self, token: str, who: int | None = None) -> Asked | None:
        """The answer behind a button; one asked before a restart (or on another process) is
        searched again, and `Unavailable` raised while search is down. None: forgotten."""
        asked = self._answers.get(token)
        kept = self._remembered.get(token) if asked is None and self._remembered is not None else None
        if kept is None:
            return asked
        question, theme_key = kept
        keys = [t.key for t in self._records.themes]
        theme = keys.index(theme_key) if theme_key in keys else None
        if theme_key is not None and theme is None:
            return None  # the taxonomy changed since
        asked = Asked(question, theme, await self._search_again(question, theme, who))
        self.remember(asked)
        return asked

    def turn(self, token: str) -> None:
        self._turned.add(token)

    def turned(self, token: str) -> bool:
        return token in self._turned

    def close(self) -> None:
        if self._remembered is not None:
            self._remembered.close()
