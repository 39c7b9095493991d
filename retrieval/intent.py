"""What a question asks for: the Working Group's recommendations, or the 2020 meeting's discussion
and organisation (the report's paragraphs). Pure: word lists over the question's text."""

from __future__ import annotations

import re
from typing import Literal

Intent = Literal["recommendation", "discussion", "neutral"]

_RECOMMENDATION = re.compile(
    r"建议|应当|应该|要不要|该不该|是否应|需不需要|需要不需要|鼓励|呼吁|要求各国|"
    r"\brecommend|\bshould\b|\bcall(?:ed)? (?:on|for)\b|\burge|\bencourage|\bask(?:ed)? (?:states|countries)"
)
_DISCUSSION = re.compile(
    r"发言|讲了|介绍|说了|提到|谈到|主讲|专家|代表|主席|摘要|讨论|(?<!发展)议程|出席|参加|与会|观察员|开幕|文件|报告|通过了?本次|哪天|何时|什么时候|"
    r"\bsa(?:y|id)\b|\bspeaker|\bpresent(?:ed|ation)|\bexpert|\bpanel|\bchair|\bsummary|\bdiscuss|"
    r"\b(?:the|its|meeting'?s?) agenda\b|\bagenda item|"
    r"\battend|\bparticipa|\bobserver|\bopen(?:ed|ing)\b|\bdelegat|\bwhen did\b|\breport\b"
)


def question_intent(text: str) -> Intent:
    lowered = text.lower()
    recommendation = bool(_RECOMMENDATION.search(lowered))
    discussion = bool(_DISCUSSION.search(lowered))
    if discussion and not recommendation:
        return "discussion"
    if recommendation and not discussion:
        return "recommendation"
    return "neutral"


# How much a unit's fused score counts, by what the question asks for and the unit's kind.
KIND_WEIGHT: dict[Intent, dict[bool, float]] = {  # keyed by unit.is_paragraph
    "recommendation": {False: 1.0, True: 0.5},
    "discussion": {False: 0.5, True: 1.0},
    "neutral": {False: 1.0, True: 1.0},
}
