"""Is a question set independent of the others? Rewritten questions and shared gold sets. Pure.

A held-out set is only worth its independence: a question that rewrites a dev or training question,
or far more shared gold sets than chance would give, means its figures measure memory, not search.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from retrieval.evaluate import Question
from retrieval.text import fold

REWRITE_AT = 0.6  # character-bigram Jaccard at which two questions read as one rewritten


def _grams(text: str) -> frozenset[str]:
    chars = [c for c in fold(text) if c.isalnum()]
    return frozenset(a + b for a, b in pairwise(chars))


def similarity(a: str, b: str) -> float:
    ga, gb = _grams(a), _grams(b)
    return len(ga & gb) / len(ga | gb) if ga and gb else 0.0


@dataclass(frozen=True)
class Overlap:
    name: str
    questions: int
    rewrites: list[tuple[str, str, float]]  # (held-out question, other question, similarity)
    shared_gold: int  # held-out questions whose gold set is some other question's gold set
    shared_gold_by_chance: float  # the same count with gold sets drawn at random, averaged

    def lines(self, show: bool = False) -> list[str]:
        out = [
            f"against {self.name} ({self.questions} questions): "
            f"{len(self.rewrites)} rewritten (bigram Jaccard >= {REWRITE_AT}); shared gold sets "
            f"{self.shared_gold}, by chance {self.shared_gold_by_chance:.1f}"
        ]
        out += [f"  {sim:.2f}  {a}  ~  {b}" for a, b, sim in self.rewrites] if show else []
        return out


def overlap(
    held: list[Question], other: list[Question], name: str, units: list[str], rounds: int = 200, seed: int = 7
) -> Overlap:
    """`units`: every unit id, from which chance gold sets are drawn (same size as the real ones)."""
    rewrites = []
    for q in held:
        if q.type == "lookup":  # references are written to a few patterns by nature ("3.12", "WG3 rec 12")
            continue
        best = max(((similarity(q.q, o.q), o.q) for o in other if o.type != "lookup"), default=(0.0, ""))
        if best[0] >= REWRITE_AT:
            rewrites.append((q.q, best[1], best[0]))
    answerable = [q for q in held if q.gold and q.type != "lookup"]
    other_sets = Counter(frozenset(o.gold) for o in other if o.gold and o.type != "lookup")
    shared = sum(1 for q in answerable if frozenset(q.gold) in other_sets)
    rng = random.Random(seed)
    drawn = 0
    for _ in range(rounds):
        drawn += sum(1 for q in answerable if frozenset(rng.sample(units, len(q.gold))) in other_sets)
    return Overlap(name, len(other), rewrites, shared, drawn / rounds)
