"""The check every quote the bot sends must pass: its text, layout aside, is in a source document."""

from __future__ import annotations

from collections.abc import Iterable

from corpus.load import Corpus
from corpus.units import layout_free


def assert_verbatim(quotes: Iterable[str], corpus: Corpus) -> int:
    """Asserts each quote is a verbatim run of a source; returns how many were checked."""
    sources = [layout_free(text) for text in corpus.sources.values()]
    checked = 0
    for quote in quotes:
        normal = layout_free(quote)
        assert normal, "an empty quote"
        assert any(normal in source for source in sources), f"not verbatim: {quote[:80]!r}"
        checked += 1
    return checked
