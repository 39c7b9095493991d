"""The facts of the 2020 meeting: which paragraph names which person, state, organisation, number,
date, agenda item, document or way of taking part, and what kind of fact a question asks for.

Pure: built from the curated records, matched against a question's folded text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.records import Records
from corpus.zh import is_ideograph
from retrieval.text import fold

# What kind of fact a question asks for, by the words that ask for it (not by any topic).
_ASKS: dict[str, re.Pattern[str]] = {
    "number": re.compile(r"多少|几个|几位|几名|几家|人数|数量|how many|how much|number of|headcount", re.I),
    "date": re.compile(
        r"什么时候|何时|哪天|哪一天|几号|几月|日期|哪年|when\b|what date|which day|what day|"
        r"dates?\b",
        re.I,
    ),
    "person": re.compile(r"谁|哪位|何人|名字|叫什么|\bwho\b|\bwhom\b|\bwhose\b|\bnamed?\b", re.I),
    # What someone is: their post, title or the body they work for.
    "role": re.compile(
        r"职务|职位|头衔|身份(?!证)|担任|什么职|负责人|是做什么|干什么的|做什么工作|\bjob\b|"
        r"\b(?:his|her|their) (?:role|position|title|post)\b|works? (?:for|at|as)\b",
        re.I,
    ),
    "place": re.compile(r"哪里|哪儿|在哪|地点|城市|\bwhere\b|\bvenue\b|which city|location", re.I),
    "format": re.compile(
        r"线上|线下|网上|网络会议|视频|远程|现场|面对面|混合|online|virtual|in person|in-person|"
        r"hybrid|remote|video|\bformat\b|physically",
        re.I,
    ),
    "state": re.compile(
        r"哪些国家|哪几个国家|哪国|国家.{0,4}(?:参加|出席|来了)|which (?:countries|states)|"
        r"what (?:countries|states)|\b(?:did|was|were) \w+(?: \w+)? "
        r"(?:attend|present|represented)",
        re.I,
    ),
    "organisation": re.compile(
        r"哪些组织|哪些机构|什么组织|(?:哪个|哪家|什么)(?:机构|组织|单位|部门)|观察员|非政府|organi[sz]ations?|observers?|\bngos?\b|"
        r"agenc(?:y|ies)|bodies|which (?:body|institution|authority)",
        re.I,
    ),
    "document": re.compile(r"文件|文档|材料|document|papers?\b|\bsymbol", re.I),
    "agenda_item": re.compile(r"议程|议题|agenda", re.I),
}
# A fact type answers the ask of the same name; people are also named by their role.
_ANSWERS: dict[str, frozenset[str]] = {
    "number": frozenset({"number"}),
    "date": frozenset({"date"}),
    "person": frozenset({"person", "role"}),
    "role": frozenset({"role", "organisation"}),
    "place": frozenset({"place"}),
    "format": frozenset({"format"}),
    "state": frozenset({"state"}),
    "organisation": frozenset({"organisation"}),
    "document": frozenset({"document"}),
    "agenda_item": frozenset({"agenda_item"}),
}
_MIN_LATIN_NAME = 3
# Does a passage give a count or a date at all? By its digits and counting words, not by its topic.
GIVES_QUANTITY = re.compile(r"\d[\d,.]*\s*(?:名|人|个|起|天|周|个月|%|％|倍|万|亿|美元|欧元)|约有|大约|以上|以下")
GIVES_DATE = re.compile(r"\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日")
# Stricter, for telling passages apart: a number that counts something ("约有 450 名", "两名专家",
# "四场"); not an ordinal ("第二次"), "一个" (an article) or "以下" ("the following", a list).
GIVES_COUNT = re.compile(
    r"(?<![第\d两二三四五六七八九十百千])(?:\d[\d,.]*|[两二三四五六七八九十百千]+)\s*"
    r"(?:名|位|人|个|场|起|天|周(?!年)|个月|%|％|倍|万|亿|美元|欧元)"
)


def asked_fact_types(question: str) -> frozenset[str]:
    return frozenset(kind for kind, pattern in _ASKS.items() if pattern.search(question))


@dataclass(frozen=True)
class EntityMatch:
    names: dict[str, float]  # unit id -> weight of the entity names the question mentions
    types: dict[str, float]  # unit id -> 1.0 when the unit holds a fact of the kind asked for


@dataclass(frozen=True)
class _Entry:
    unit_id: str
    pattern: re.Pattern[str]
    type: str


class EntityIndex:
    def __init__(self, records: Records, unit_texts: dict[str, str]) -> None:
        entries: list[_Entry] = []
        for record in records.by_id.values():
            for entity in record.entities:
                for name in (entity.zh, entity.en):
                    pattern = _name_pattern(name)
                    if pattern is not None:
                        entries.append(_Entry(record.id, pattern, entity.type))
        self._entries = entries
        self._types: dict[str, set[str]] = {}
        for record in records.by_id.values():
            self._types.setdefault(record.id, set()).update(e.type for e in record.entities)
        # A name many paragraphs hold ("Vienna", "缔约国") says little about which one is meant.
        folded = {uid: fold(text) for uid, text in unit_texts.items()}
        holders: dict[str, set[str]] = {}
        for entry in entries:
            holders.setdefault(entry.pattern.pattern, set()).add(entry.unit_id)
        self._spread = {
            key: max(1, len(units | {uid for uid, t in folded.items() if re.search(key, t)}))
            for key, units in holders.items()
        }

    def match(self, question: str) -> EntityMatch:
        text = fold(question)
        names: dict[str, float] = {}
        seen: set[tuple[str, str]] = set()
        for entry in self._entries:
            key = (entry.unit_id, entry.pattern.pattern)
            if key in seen or not entry.pattern.search(text):
                continue
            seen.add(key)
            names[entry.unit_id] = names.get(entry.unit_id, 0.0) + 1.0 / self._spread[entry.pattern.pattern]
        asked = asked_fact_types(question)
        wanted = set().union(*(_ANSWERS[a] for a in asked)) if asked else set()
        types = {uid: 1.0 for uid, held in self._types.items() if wanted & held}
        return EntityMatch(names, types)


def _name_pattern(name: str) -> re.Pattern[str] | None:
    folded = fold(name).strip()
    if any(is_ideograph(c) for c in folded):
        return re.compile(re.escape(folded)) if len(folded) >= 2 else None
    if len(folded) < _MIN_LATIN_NAME:
        return None
    return re.compile(rf"(?<![a-z0-9]){re.escape(folded)}(?![a-z0-9])")
