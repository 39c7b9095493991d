"""English -> Chinese terms of the field, to give English questions a lexical handle on the
Chinese-only text. Pure matching; the table is read once (`load_glossary`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from retrieval.text import ENGLISH_STOPWORDS, fold, stem

GLOSSARY_PATH = Path(__file__).parent / "data" / "terms_en_zh.tsv"
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


# Words that frame a request to this bot rather than say what it is about.
_REQUEST_FRAME = frozenset(
    (
        "recommend",
        "recommendation",
        "recommended",
        "rec",
        "recs",
        "say",
        "said",
        "says",
        "mention",
        "mentions",
        "mentioned",
        "give",
        "list",
        "tell",
        "show",
        "anything",
        "something",
        "every",
        "group",
        "working",
        "guidance",
        "suggest",
        "propose",
        "proposed",
        "ask",
        "asked",
        "expected",
        "supposed",
        "make",
        "sure",
        "way",
        "thing",
        "things",
        "please",
        "need",
        "want",
        "know",
        "kind",
        "sort",
        "also",
        "just",
        "still",
        "ever",
    )
)


def content_words(text: str) -> list[str]:
    """Stemmed English words of a question, function words and request framing left out."""
    return [stem(w) for w in _WORD.findall(fold(text)) if w not in ENGLISH_STOPWORDS and w not in _REQUEST_FRAME]


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in _WORD.findall(fold(phrase)))


@dataclass(frozen=True)
class Glossary:
    entries: dict[tuple[str, ...], tuple[str, ...]]  # stemmed English words -> Chinese terms
    longest: int

    @classmethod
    def parse(cls, text: str) -> Glossary:
        entries: dict[tuple[str, ...], tuple[str, ...]] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            english, sep, chinese = line.partition("\t")
            key = _key(english)
            if not sep or not key or not chinese.strip():
                raise ValueError(f"glossary line {number} is not 'english<TAB>中文|中文': {line!r}")
            terms = tuple(t.strip() for t in chinese.split("|") if t.strip())
            entries[key] = entries.get(key, ()) + terms
        return cls(entries, max((len(k) for k in entries), default=0))

    def covered_words(self, question: str) -> set[str]:
        """The question's (stemmed) words that belong to some entry."""
        words = _key(question)
        covered: set[str] = set()
        for size in range(min(self.longest, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                if words[start : start + size] in self.entries:
                    covered.update(words[start : start + size])
        return covered

    def chinese_terms(self, question: str) -> list[str]:
        """Every entry whose English words occur in the question, longest phrases first."""
        words = _key(question)
        found: list[str] = []
        for size in range(min(self.longest, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                for term in self.entries.get(words[start : start + size], ()):
                    if term not in found:
                        found.append(term)
        return found


def load_glossary(path: Path = GLOSSARY_PATH) -> Glossary:
    return Glossary.parse(path.read_text(encoding="utf-8"))
