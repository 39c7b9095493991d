"""Does anything in the documents answer the question? Signals, and a small rule over them.

Pure functions: the caller passes the question, what the retrievers found and what the corpus knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.units import layout_free
from corpus.zh import IDEOGRAPHS, is_ideograph
from retrieval.entities import GIVES_DATE, GIVES_QUANTITY
from retrieval.glossary import Glossary, content_words
from retrieval.text import candidate_names, fold, strip_question_frame, tokens

CJK_SHARE_FOR_CHINESE = 0.3


@dataclass(frozen=True)
class Signals:
    chinese: bool  # the question is written (mostly) in Chinese
    top_dense: float  # cosine similarity of the best chunk
    coverage: float  # share of the question's content tokens found in its top units
    understood: float  # share of the question's content words the corpus or the glossary knows
    unknown_names: tuple[str, ...] = field(default=())  # names the documents never mention
    missing_answer_type: bool = False  # asks for a number or a date that its top units do not give
    unknown_words: tuple[str, ...] = field(default=())  # content words the documents and records never use
    asked: tuple[str, ...] = field(default=())  # the question's content words (Chinese words or English stems)


def is_chinese(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    cjk = sum(1 for c in letters if is_ideograph(c))
    return bool(letters) and cjk / len(letters) >= CJK_SHARE_FOR_CHINESE


def measure(
    question: str,
    top_dense: float,
    top_texts: list[str],
    corpus_folded: str,
    vocabulary: set[str],
    glossary: Glossary,
    terms: list[str] | None = None,
) -> Signals:
    """Signals for one question; `top_texts` are the texts of its best units, `corpus_folded` the
    whole corpus through `fold(layout_free(...))`, `terms` the glossary's Chinese terms for it."""
    chinese = is_chinese(question)
    terms = glossary.chinese_terms(question) if terms is None else terms
    covered_by_glossary = glossary.covered_words(question)
    if chinese:
        wanted = set(tokens(strip_question_frame(question)))
        known = {t for t in wanted if t in vocabulary}
    else:
        words = content_words(question)
        wanted = set(tokens(strip_question_frame(" ".join([question, *terms]))))
        known_words = [w for w in words if w in covered_by_glossary or w in vocabulary]
        known = set(known_words)
        understood_en = len(known_words) / len(words) if words else 0.0
    found = set().union(*(set(tokens(t)) for t in top_texts)) if top_texts else set()
    coverage = len(wanted & found) / len(wanted) if wanted else 0.0
    understood = (len(known) / len(wanted) if wanted else 0.0) if chinese else understood_en
    unknown = tuple(
        name
        for name in candidate_names(question)
        if fold(layout_free(name)) not in corpus_folded and not _glossary_knows(name, covered_by_glossary)
    )
    asked = chinese_words(question) if chinese else list(dict.fromkeys(content_words(question)))
    if chinese:
        strange = tuple(w for w in asked if w not in corpus_folded)
    else:
        strange = tuple(w for w in asked if w not in vocabulary and w not in covered_by_glossary)
    return Signals(
        chinese,
        top_dense,
        coverage,
        understood,
        unknown,
        _missing_answer_type(question, top_texts),
        strange,
        tuple(asked),
    )


def chinese_words(question: str) -> list[str]:
    """The question's Chinese content words (nouns, verbs, idioms; two or more characters), its
    framing, pronouns, particles and the like left out."""
    import jieba.posseg

    words = []
    for run in _CJK.findall(strip_question_frame(question)):
        words += [
            p.word
            for p in jieba.posseg.lcut(run)
            if len(p.word) >= 2 and p.flag[:1] in _CONTENT_TAGS and p.word not in _CHINESE_FUNCTION_WORDS
        ]
    return list(dict.fromkeys(words))


_CONTENT_TAGS = frozenset("nvlijsa")  # jieba's tags: noun, verb, idiom/phrase, abbreviation, place, adjective


_CJK = re.compile(f"[{IDEOGRAPHS}]+")
# Words that carry the asking, not the topic (they need not occur in the documents).
_CHINESE_FUNCTION_WORDS = frozenset(
    (
        "我们",
        "你们",
        "他们",
        "这个",
        "那个",
        "这些",
        "那些",
        "一下",
        "可以",
        "应该",
        "需要",
        "怎么办",
        "为什么",
        "关于",
        "对于",
        "还是",
        "或者",
        "以及",
        "这种",
        "那种",
        "时候",
        "现在",
        "已经",
        "到底",
        "是不是",
        "有没",
        "没有",
        "会不会",
        "告诉",
        "知道",
        "请问",
        "一些",
        "什么样",
        "方面",
        "问题",
        "情况",
        "事情",
        "东西",
        "不会",
        "不能",
        "用来",
        "提到",
        "说过",
        "提过",
        "是否",
        "有没有",
        "要不要",
        "能不能",
        "可不可以",
    )
)


# A question that asks "how many" or "when" is answered only by a passage that gives a number or a date.
_ASKS_QUANTITY = re.compile(
    r"多少|几年|几天|几个月|多久|多长时间|百分之几|比例|how many|how much|what percentage|what share|"
    r"what proportion|how long|how often",
    re.IGNORECASE,
)
_ASKS_DATE = re.compile(
    r"什么时候|何时|哪一年|哪年|哪天|\bwhen (?:did|was|were|is|will|do)\b|what date|what year", re.IGNORECASE
)


def _missing_answer_type(question: str, top_texts: list[str]) -> bool:
    if _ASKS_QUANTITY.search(question) and not any(GIVES_QUANTITY.search(t) for t in top_texts):
        return True
    return bool(_ASKS_DATE.search(question)) and not any(GIVES_DATE.search(t) for t in top_texts)


def _glossary_knows(name: str, covered: set[str]) -> bool:
    words = set(content_words(name))
    return bool(words) and words <= covered
