"""What a question asks for: the Working Group's recommendations, or the 2020 meeting's discussion
and organisation (the report's paragraphs). Pure: word lists over the question's text."""

from __future__ import annotations

import re
from typing import Literal

Intent = Literal["recommendation", "discussion", "neutral"]

# "What did the group say / propose …" asks for recommendations; so does "should …".
_RECOMMENDATION = re.compile(
    r"建议|应当|应该|要不要|该不该|是否应|需不需要|需要不需要|鼓励|呼吁|工作组(?:有没有|是否|都)?(?:提到|说过|提过|提出)|"
    r"\brecommend|\brecs?\b|\bshould\b|\bcall(?:ed|s)? (?:on|for)\b|\burge|\bencourage|\bguidance\b|"
    r"\b(?:working )?group (?:say|said|suggest|propose|ask)|\bexpected to\b|\bsupposed to\b"
)
# Who spoke and how the meeting ran: the report's paragraphs.
_DISCUSSION = re.compile(
    r"发言|主讲|专家|代表|主席|法官|观察员|摘要|讨论|(?<!发展)议程|出席|参加|与会|开幕|线上|线下|注册|"
    r"报告|文件|哪天|何时|什么时候|举行|召开|"
    r"\bspeakers?\b|\bpresent(?:ed|ation|er)|\bexperts?\b|\bpanel|\bchair|\bjudge|\bdelegat|\brepresentative|"
    r"\bobservers?\b|\bsummary|\bdiscuss|\b(?:the|its|meeting'?s?) agenda\b|\bagenda item|\battend|"
    r"\bparticipa|\bregister|\bhybrid|\bopen(?:ed|ing)\b|\bwhen (?:did|was|were)\b|\bheld\b|\breport\b"
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


# "What has the group said about X", "历次会议关于X的建议": everything on a topic, not one item.
_BROAD = re.compile(
    r"历次|历届|各次会议|所有|全部|哪些建议|有哪些|都有什么|哪几条|汇总|列出|一共|都说了什么|说过什么|提过什么|"
    r"what (?:has|have|did) the (?:working )?group (?:said|say|recommended|recommend|proposed)|"
    r"all (?:the |its |of the )?recommendations|everything|list (?:all|every|the)|"
    r"which recommendations|across (?:its|the|all) meetings|over the years|so far|any recommendations"
)


def is_broad(text: str) -> bool:
    return bool(_BROAD.search(text.lower()))
