"""Text normalisation and tokens for lexical search. Pure functions."""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import cache

import jieba
import Stemmer

from corpus.zh import IDEOGRAPHS

jieba.setLogLevel(logging.WARNING)

_CJK_RUN = re.compile(f"[{IDEOGRAPHS}]+")
_TOKEN_RUN = re.compile(f"[{IDEOGRAPHS}]+" + r"|[a-z0-9]+(?:[-/.][a-z0-9]+)*")
# PDF conversion split names before accented letters ("Guayasam ín"): join them back.
_SPLIT_ACCENT = re.compile(r"(?<=[A-Za-z])\s+(?=[À-ÖØ-öø-ÿ])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")

ENGLISH_STOPWORDS = frozenset(
    (
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "at",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "do",
        "does",
        "did",
        "done",
        "have",
        "has",
        "had",
        "can",
        "could",
        "should",
        "would",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "not",
        "no",
        "any",
        "all",
        "some",
        "such",
        "than",
        "then",
        "there",
        "their",
        "they",
        "them",
        "we",
        "our",
        "us",
        "you",
        "your",
        "i",
        "he",
        "she",
        "his",
        "her",
        "about",
        "into",
        "over",
        "under",
        "between",
        "during",
        "before",
        "after",
        "also",
        "more",
        "most",
        "other",
        "s",
        "t",
    )
)


# Words that frame nearly every question to this bot ("what did the Working Group recommend …")
# rather than say what it is about; left out of the lexical query so they do not outweigh the topic.
_QUESTION_FRAME = re.compile(r"工作组|建议|提过|说过|提出过|哪些|什么|怎么|怎样|如何|要不要|能不能|有没有|是否|吗|呢")


def strip_question_frame(text: str) -> str:
    return _QUESTION_FRAME.sub(" ", text)


_SURROGATES = re.compile(r"[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """Lone surrogates (half an emoji, from a broken client) out: they are not text, and the
    model, JSON and Word files all refuse them."""
    return _SURROGATES.sub("", text)


def clean_query(text: str) -> str:
    """Control characters out, whitespace collapsed, full-width forms folded (NFKC)."""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFKC", without_surrogates(text)))
    return re.sub(r"\s+", " ", text).strip()


def fold(text: str) -> str:
    """Lower case, accents removed, broken accented names joined: the form tokens are cut from."""
    text = _SPLIT_ACCENT.sub("", unicodedata.normalize("NFKC", text))
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_STEMMER = Stemmer.Stemmer("english")


@cache
def stem(word: str) -> str:
    """Snowball's English stemmer (PyStemmer): confiscating, confiscation and confiscated meet."""
    return str(_STEMMER.stemWord(word))


@cache
def _words(run: str) -> tuple[str, ...]:
    return tuple(w for w in jieba.lcut_for_search(run) if len(w) >= 3)


def tokens(text: str) -> list[str]:
    """Character bigrams and longer jieba words for Chinese; stemmed words for Latin script."""
    out: list[str] = []
    for match in _TOKEN_RUN.finditer(fold(text)):
        run = match.group()
        if _CJK_RUN.fullmatch(run):
            if len(run) == 1:
                out.append(run)
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
            out.extend(_words(run))
        elif run not in ENGLISH_STOPWORDS:
            out.append(stem(run))
    return out


def content_length(text: str) -> int:
    """How many letters, digits or CJK characters a text has: zero means nothing to search for."""
    return sum(1 for c in text if c.isalnum())


_TITLE = re.compile(r"《([^》]{2,40})》")
_LATIN_NAME = re.compile(r"(?<![\w-])(?:[A-Z]{2,}[a-z]*|[A-Z][a-z]+(?:[-'][A-Za-z]+)*)(?![\w-])")
_NAME_TAGS = frozenset({"ns", "nr", "nt", "nz", "nrt", "nrfg"})
_SENTENCE_START = re.compile(r"(?:^|[.?!。？！]\s*)$")


def candidate_names(text: str) -> list[str]:
    """Names a question mentions: titles in 《》, proper nouns (jieba's tags), capitalised Latin
    words that do not start a sentence, acronyms."""
    import jieba.posseg

    names = [m.group(1) for m in _TITLE.finditer(text)]
    for match in _LATIN_NAME.finditer(text):
        word = match.group()
        if word.isupper() or not _SENTENCE_START.search(text[: match.start()]):
            names.append(word)
    for piece in _CJK_RUN.findall(_TITLE.sub(" ", text)):
        names += [p.word for p in jieba.posseg.lcut(piece) if p.flag in _NAME_TAGS and len(p.word) >= 2]
    return list(dict.fromkeys(names))
