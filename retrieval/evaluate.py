"""Eval metrics over a set of questions with gold ids. Pure functions: results in, figures out."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from corpus.units import split_id


class EvalFileError(ValueError):
    """An eval file line that is not a question with gold ids."""


@dataclass(frozen=True)
class Question:
    q: str
    gold: tuple[str, ...]
    type: str
    lang: str


def read_questions(lines: list[str], name: str = "eval file") -> list[Question]:
    questions = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            questions.append(
                Question(
                    str(row["q"]), tuple(row.get("gold", [])), str(row.get("type", "?")), str(row.get("lang", "?"))
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise EvalFileError(f"{name}, line {number}: not a question line ({error})") from error
    return questions


def _family(unit_id: str) -> str:
    """`5.2(d)` and `5.2` are the same family: a hit on either counts for the other."""
    try:
        meeting, number, _letter, paragraph = split_id(unit_id)
    except ValueError:
        return unit_id
    return f"{meeting}.p{number}" if paragraph else f"{meeting}.{number}"


def matches(hit: str, gold: str, strict: bool = False) -> bool:
    """A hit is right when it is the gold item; leniently, also when one is the other's parent.
    Strictly, a sub-item's parent is no hit for the sub-item (a sub-item still is for its parent)."""
    if hit == gold:
        return True
    hit_has_letter, gold_has_letter = "(" in hit, "(" in gold
    if strict and gold_has_letter:
        return False
    return _family(hit) == _family(gold) and hit_has_letter != gold_has_letter


def first_relevant_rank(hits: list[str], gold: tuple[str, ...], strict: bool = False) -> int | None:
    for rank, hit in enumerate(hits, start=1):
        if any(matches(hit, g, strict) for g in gold):
            return rank
    return None


def coverage(hits: list[str], gold: tuple[str, ...], depth: int = 10, strict: bool = False) -> float:
    """The share of the gold found in the first `depth` hits, out of at most `depth`: fifteen gold
    items cannot all be among ten hits, and ten of them there is full coverage."""
    top = hits[:depth]
    found = sum(1 for g in gold if any(matches(h, g, strict) for h in top))
    return found / min(len(gold), depth) if gold else 0.0


@dataclass
class Tally:
    n: int = 0
    r1: float = 0.0
    r5: float = 0.0
    rr: float = 0.0
    cov10: float = 0.0
    false_abstain: int = 0
    abstained: int = 0  # negatives only

    def add(self, q: Question, hits: list[str], answerable: bool, strict: bool = False) -> None:
        self.n += 1
        if not q.gold:
            self.abstained += int(not answerable)
            return
        rank = first_relevant_rank(hits, q.gold, strict)
        self.r1 += rank == 1
        self.r5 += rank is not None and rank <= 5
        self.rr += 1 / rank if rank else 0.0
        self.cov10 += coverage(hits, q.gold, strict=strict)
        self.false_abstain += int(not answerable)


@dataclass
class Report:
    by_type: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_lang: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    overall: Tally = field(default_factory=Tally)  # answerable questions only
    negatives: Tally = field(default_factory=Tally)
    misses: list[tuple[Question, list[str], bool]] = field(default_factory=list)
    # Does the first hit have the kind the question asks for? Summary questions ask about the 2020
    # discussion (paragraphs first); topical ones about recommendations.
    kind_first: dict[str, list[int]] = field(default_factory=lambda: {"summary": [0, 0], "topical": [0, 0]})
    strict: bool = False  # a sub-item's parent is no hit for the sub-item

    def add(self, q: Question, hits: list[str], answerable: bool) -> None:
        self.by_type[q.type].add(q, hits, answerable, self.strict)
        family = "topical" if q.type.startswith("topical") else q.type
        if family in self.kind_first and hits:
            wants_paragraph = family == "summary"
            self.kind_first[family][0] += (".p" in hits[0]) == wants_paragraph
            self.kind_first[family][1] += 1
        if q.gold:
            self.by_lang[q.lang].add(q, hits, answerable, self.strict)
            self.overall.add(q, hits, answerable, self.strict)
            if first_relevant_rank(hits, q.gold, self.strict) != 1 or not answerable:
                self.misses.append((q, hits, answerable))
        else:
            self.negatives.add(q, hits, answerable, self.strict)
            if answerable:
                self.misses.append((q, hits, answerable))


def _row(name: str, t: Tally) -> str:
    if t.n == 0:
        return f"| {name} | 0 | | | | | |"
    if t.r1 == t.r5 == t.rr == t.cov10 == 0 and t.abstained:
        return f"| {name} | {t.n} | | | | | abstained {t.abstained / t.n:.2f} |"
    return (
        f"| {name} | {t.n} | {t.r1 / t.n:.2f} | {t.r5 / t.n:.2f} | {t.rr / t.n:.2f} | {t.cov10 / t.n:.2f} "
        f"| false abstention {t.false_abstain / t.n:.2f} |"
    )


def format_report(report: Report, verbatim_checked: int, verbatim_failed: int) -> str:
    lines = ["| slice | n | R@1 | R@5 | MRR | coverage@10 | abstention |", "|---|---|---|---|---|---|---|"]
    for name in sorted(report.by_type):
        t = report.by_type[name]
        if name == "negative":
            lines.append(f"| negative | {t.n} | | | | | abstained {t.abstained / max(t.n, 1):.2f} |")
        else:
            lines.append(_row(name, t))
    for lang in sorted(report.by_lang):
        lines.append(_row(f"lang={lang}", report.by_lang[lang]))
    lines.append(_row("**overall** (negatives excluded)", report.overall))
    neg = report.negatives
    lines.append("")
    lines.append(f"negatives abstained: {neg.abstained}/{neg.n} = {neg.abstained / max(neg.n, 1):.2f}")
    ov = report.overall
    lines.append(f"false abstention: {ov.false_abstain}/{ov.n} = {ov.false_abstain / max(ov.n, 1):.2f}")
    summary, topical = report.kind_first["summary"], report.kind_first["topical"]
    lines.append(
        f"first hit of the asked kind: paragraph for summary questions {summary[0]}/{summary[1]}, "
        f"recommendation for topical questions {topical[0]}/{topical[1]}"
    )
    lines.append(f"verbatim hits: {verbatim_checked - verbatim_failed}/{verbatim_checked}")
    return "\n".join(lines)


def format_misses(report: Report) -> str:
    lines = []
    for q, hits, answerable in report.misses:
        verdict = "answered" if answerable else "abstained"
        lines.append(f"- [{q.type}/{q.lang}] {q.q}\n  gold {list(q.gold) or 'none'}; {verdict}; returned {hits[:5]}")
    return "\n".join(lines) if lines else "(none)"
