"""Rank fusion and chunk folding. Pure functions over (id, score) pairs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

RRF_K = 60  # the constant of Cormack et al.; damps the head of each list


def fold_to_units(chunk_scores: Iterable[tuple[str, float]]) -> list[tuple[str, float]]:
    """Chunk hits -> unit hits, each unit scored by its best chunk, best first."""
    best: dict[str, float] = {}
    for unit_id, score in chunk_scores:
        if unit_id not in best or score > best[unit_id]:
            best[unit_id] = score
    return sorted(best.items(), key=lambda item: -item[1])


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]], weights: Sequence[float] | None = None, k: int = RRF_K
) -> list[tuple[str, float]]:
    """Fuse ranked id lists: score = sum of weight / (k + rank), rank counted from 1."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda pair: (-pair[1], rankings_position(pair[0], rankings)))


def rankings_position(item: str, rankings: Sequence[Sequence[str]]) -> int:
    """Tie-break: the best position the item reached in any list."""
    positions = [list(r).index(item) for r in rankings if item in r]
    return min(positions) if positions else len(rankings[0]) if rankings else 0
