"""The written summary, checked: only sentences whose every citation is an item retrieved. Pure.

A model may cite ids it was not given, cite nothing, or quote (wrongly). So the text is cut into
sentences; a sentence survives only if it cites at least one id and every id it cites was given
(or is a sub-item of an item given, whose text includes it). Quotation marks are removed: quotes
come from the source alone. Anything too long, or with no sentence left, is no summary at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from corpus.units import Unit
from corpus.zh import is_ideograph

MAX_CHARS = 900  # a summary longer than this is not "two or three sentences": dropped whole
MAX_SENTENCES = 4
ITEM_CHARS = 1200  # each item's text given to the model, at most

_ID = r"\d{1,2}\.(?:p\d{1,3}|\d{1,3}(?:\([a-z]\))?)"
_BRACKETS = re.compile(r"[\[【]\s*([^\]】]*?)\s*[\]】]")
_CITATION = re.compile(rf"^{_ID}(?:\s*[,，、;；]\s*{_ID})*$")
_SEPARATOR = re.compile(r"\s*[,，、;；]\s*")
# A sentence ends after 。！？ or after .!? followed by a space; citations after the mark stay with it.
_SENTENCE = re.compile(r".+?(?:[。！？]|[.!?](?=\s)|$)(?:\s*[\[【][^\]】]*[\]】])*", re.DOTALL)
_QUOTES = re.compile(r"[\"“”„«»「」『』]")
# Single quotes only in pairs: a lone ’ or ' is an apostrophe (the group’s, it's).
_SINGLE_QUOTED = re.compile(r"‘([^‘’]*)’|(?<!\w)'([^']+)'(?!\w)")
_SPACES = re.compile(r"[ \t]+")


@dataclass(frozen=True)
class Sentence:
    text: str  # as written, quotation marks removed, citations kept
    cites: tuple[str, ...]


@dataclass(frozen=True)
class Written:
    sentences: tuple[Sentence, ...]
    dropped: int  # sentences removed for citing nothing, or something not retrieved

    @property
    def text(self) -> str:
        joiner = "" if any(is_ideograph(c) for c in self.sentences[0].text) else " "
        return joiner.join(s.text for s in self.sentences)

    @property
    def cited(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i for s in self.sentences for i in s.cites))


def items_text(units: Sequence[Unit]) -> str:
    """The items as the model reads them: `[id] text`, each cut to ITEM_CHARS."""
    return "\n\n".join(f"[{u.id}] {u.text[:ITEM_CHARS]}" for u in units)


def _citations(sentence: str) -> tuple[str, ...] | None:
    """The ids a sentence cites; None if any bracket holds something that is not a list of ids."""
    ids: list[str] = []
    for inside in _BRACKETS.findall(sentence):
        if not _CITATION.match(inside):
            return None
        ids += _SEPARATOR.split(inside)
    return tuple(ids)


def _allowed(cited: str, given: set[str]) -> bool:
    return cited in given or ("(" in cited and cited.split("(", 1)[0] in given)


def sentences(text: str) -> Iterable[str]:
    for match in _SENTENCE.finditer(text.strip()):
        sentence = match.group(0).strip()
        if sentence:
            yield sentence


def check(text: str | None, given: Iterable[str]) -> Written | None:
    """The summary to show, or None: empty, "NONE", too long, or no sentence with valid citations."""
    if not text or not text.strip() or text.strip().upper().strip(".") == "NONE" or len(text) > MAX_CHARS:
        return None
    allowed = set(given)
    kept: list[Sentence] = []
    dropped = 0
    unquoted = _SINGLE_QUOTED.sub(lambda m: m.group(1) or m.group(2) or "", _QUOTES.sub("", text))
    for raw in sentences(unquoted):
        cites = _citations(raw)
        if not cites or not all(_allowed(c, allowed) for c in cites):
            dropped += 1
            continue
        kept.append(Sentence(_SPACES.sub(" ", raw).strip(), cites))
    if not kept or len(kept) > MAX_SENTENCES:
        return None
    return Written(tuple(kept), dropped)
