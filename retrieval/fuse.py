"""Chunk folding. A pure function over (id, score) pairs."""

from __future__ import annotations

from collections.abc import Iterable


def fold_to_units(chunk_scores: Iterable[tuple[str, float]]) -> list[tuple[str, float]]:
    """Chunk hits -> unit hits, each unit scored by its best chunk, best first."""
    best: dict[str, float] = {}
    for unit_id, score in chunk_scores:
        if unit_id not in best or score > best[unit_id]:
            best[unit_id] = score
    return sorted(best.items(), key=lambda item: -item[1])
