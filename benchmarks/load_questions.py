"""The questions the load benchmarks ask: the references people type, and topical questions
written from the recommendations themselves (in Chinese and English)."""

from __future__ import annotations

LOOKUPS = ["3.12", "5.2(d)", "7.p9", "第三次会议第12条", "meeting 7 rec 3", "2.6", "4.11", "1.34"]

TOPICAL = [
    "签发签证时应如何加强审查？",
    "商业承运人对偷运移民负有什么责任？",
    "如何鼓励被偷运移民配合调查并保护证人？",
    "COVID-19 危机期间应如何保护被偷运移民？",
    "如何通过金融调查追回偷运移民的犯罪资财？",
    "网络空间的偷运活动如何获取数字证据？",
    "执法和司法人员需要哪些专门培训？",
    "危机中如何及早查明偷运移民案件？",
    "利益攸关方和民间社会在预防偷运中起什么作用？",
    "刑事司法系统在危机期间如何使用技术？",
    "Should visa checks be tightened to stop smugglers using transit countries?",
    "What should commercial carriers know about migrant smuggling?",
    "How can witnesses who cooperate with investigations be protected?",
    "How should financial investigations recover the proceeds of smuggling?",
    "How can digital evidence about smuggling online be obtained?",
    "What training do police and prosecutors need against smuggling?",
]


def mix(lookup_share: float = 0.4) -> list[str]:
    """One round of questions, lookups making up about `lookup_share` of it."""
    lookups = round(len(TOPICAL) * lookup_share / (1 - lookup_share))
    return [LOOKUPS[i % len(LOOKUPS)] for i in range(lookups)] + TOPICAL
