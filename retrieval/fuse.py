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
    """Fuse ranked id lists: score = sum of weight / (k + rank), rank counted from 1.
    Ties go to the item that reached the better position in any list."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[str, float] = {}
    best_rank: dict[str, int] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
            best_rank[item] = min(rank, best_rank.get(item, rank))
    return sorted(fused.items(), key=lambda pair: (-pair[1], best_rank[pair[0]]))
