"""What the ranker and the abstention classifier see: one row of features per unit for a question,
and one row per question. Pure numpy over the retrievers' scores.

Every indexed unit gets a row (there are a few hundred), so nothing is lost to a candidate cut-off.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from retrieval.embed import DIMENSIONS
from retrieval.intent import Intent

DENSE_GROUPS = ("zh", "en", "title", "q")
LEXICAL_FIELDS = ("zh_text", "zh_meta", "en_text", "en_meta", "context")

UNIT_FEATURES = (
    *(f"dense_{g}" for g in DENSE_GROUPS),
    "dense_best",
    "dense_best_gap",
    "dense_best_rr",
    *(f"bm25_{f}" for f in LEXICAL_FIELDS),
    *(f"bm25_{f}_log" for f in LEXICAL_FIELDS),
    "bm25_best_rr",
    "en_x_dense_zh",
    "en_x_dense_en",
    "en_x_bm25_zh_text",
    "paragraph",
    "subitem",
    "paragraph_x_discussion",
    "paragraph_x_recommendation",
    "paragraph_x_fact_ask",
    "paragraph_x_meeting7",
    "theme_sim",
    "entity_name",
    "entity_type",
    "entity_name_x_type",
    "count_ask_x_count",
    "date_ask_x_date",
)

QUERY_FEATURES = (
    "top_score",
    "margin",
    "top_prob",
    "top_dense",
    "top_dense_zh",
    "top_dense_q",
    "top_bm25_raw",
    "top_entity",
    "coverage",
    "understood",
    "unknown_names",
    "missing_answer_type",
    "unknown_words",
    "unknown_share",
    "top_missing_share",
    "top_missing_max",
    "english",
    "top_paragraph",
    "asks_fact",
    "other_meeting",
)


# The abstention classifier also reads the question's own embedding: what kind of thing it asks
# (a statistic, a national law, another body's decision) is a direction in that space.
EMBEDDING_DIMENSIONS = DIMENSIONS
# And how close it comes to the training questions it remembers (`retrieval.neighbours`).
NEIGHBOUR_FEATURES = ("nearest_negatives", "nearest_answerable", "nearest_gap")
SIGNAL_FEATURES = (*QUERY_FEATURES, *NEIGHBOUR_FEATURES)
# And every pair of signals, multiplied: a linear model cannot otherwise say "a high score counts
# for less when the question names a meeting" (out of fold, 0.75 -> 0.77 of negatives abstained).
_PAIRS = np.triu_indices(len(SIGNAL_FEATURES), 1)
PAIR_FEATURES = tuple(f"{SIGNAL_FEATURES[a]}*{SIGNAL_FEATURES[b]}" for a, b in zip(*_PAIRS, strict=True))
ABSTAIN_FEATURES = (*SIGNAL_FEATURES, *(f"embedding_{i}" for i in range(EMBEDDING_DIMENSIONS)), *PAIR_FEATURES)
# Is the question broad ("everything on X") or after one item? Its wording cues, then its embedding.
BROAD_FEATURES = ("broad_wording", *(f"embedding_{i}" for i in range(EMBEDDING_DIMENSIONS)))


def with_signal_pairs(rows: np.ndarray) -> np.ndarray:
    """Abstention rows (signals, then the embedding) with the products of every pair of signals."""
    signals = rows[:, : len(SIGNAL_FEATURES)]
    products = (signals[:, :, None] * signals[:, None, :])[:, _PAIRS[0], _PAIRS[1]]
    return np.hstack([rows, products])


@dataclass(frozen=True)
class UnitTable:
    """What is fixed per index: the units in row order and their kind and themes."""

    ids: tuple[str, ...]
    is_paragraph: np.ndarray
    is_subitem: np.ndarray
    themes: np.ndarray  # units x themes, 0/1
    meetings: np.ndarray
    gives_count: np.ndarray  # the unit's text counts something ("约有 450 名")
    gives_date: np.ndarray  # the unit's text gives a year or a day
    mentions: tuple[frozenset[int], ...]  # the meetings each unit is of or speaks of


@dataclass(frozen=True)
class QuerySignals:
    """One question's scores from every retriever, each an array over the table's units."""

    dense: dict[str, np.ndarray]  # group -> best cosine of the unit's views in that group
    lexical: dict[str, np.ndarray]  # field -> BM25 score
    theme_sims: np.ndarray  # cosine of the question with each theme
    english: bool
    intent: Intent
    entity_names: np.ndarray
    entity_types: np.ndarray
    asks_fact: bool  # asks who, how many, when, where, which states … (the report's paragraphs hold facts)
    asks_count: bool  # how many, how much
    asks_date: bool  # when, what date
    named_meeting: int | None  # the meeting the question names
    meeting7: bool  # searched within the 2020 meeting, or names it


def reciprocal_rank(scores: np.ndarray) -> np.ndarray:
    """1 / (1 + rank) with rank 0 for the best score: the head of a list counts most."""
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(len(scores), dtype=np.float64)
    ranks[order] = np.arange(len(scores))
    return 1.0 / (1.0 + ranks)


def unit_features(table: UnitTable, signals: QuerySignals) -> np.ndarray:
    n = len(table.ids)
    dense = [signals.dense[g] for g in DENSE_GROUPS]
    best = np.max(np.vstack(dense), axis=0)
    lexical = []
    for field in LEXICAL_FIELDS:
        raw = signals.lexical[field]
        top = float(raw.max()) if n else 0.0
        lexical.append(raw / top if top > 0 else np.zeros(n))
    lexical_best = np.max(np.vstack(lexical), axis=0)
    english = float(signals.english)
    paragraph = table.is_paragraph
    theme_sim = np.max(np.where(table.themes > 0, signals.theme_sims[None, :], -1.0), axis=1)
    columns = [
        *dense,
        best,
        best - best.max(),
        reciprocal_rank(best),
        *lexical,
        *(np.log1p(signals.lexical[f]) for f in LEXICAL_FIELDS),
        reciprocal_rank(lexical_best) * (lexical_best > 0),
        english * dense[0],
        english * dense[1],
        english * lexical[0],
        paragraph,
        table.is_subitem,
        paragraph * (signals.intent == "discussion"),
        paragraph * (signals.intent == "recommendation"),
        paragraph * signals.asks_fact,
        paragraph * signals.meeting7,
        theme_sim,
        signals.entity_names,
        signals.entity_types,
        # The paragraph that names who or what was asked about and holds the kind of fact asked for.
        signals.entity_names * signals.entity_types,
        # "How many" is answered by a passage that gives a number, "when" by one that gives a date.
        table.gives_count * signals.asks_count,
        table.gives_date * signals.asks_date,
    ]
    return np.column_stack(columns).astype(np.float64)


def query_features(
    scores: np.ndarray,
    unit_rows: np.ndarray,
    signals: QuerySignals,
    raw_bm25_top: float,
    coverage: float,
    understood: float,
    unknown_names: int,
    missing_answer_type: bool,
    unknown_words: int,
    content_words: int,
    missing: tuple[float, float],
    other_meeting: bool,
) -> np.ndarray:
    """The question's row for the abstention classifier, from the ranked units' scores and features."""
    order = np.argsort(-scores)
    top, second = scores[order[0]], scores[order[1]] if len(order) > 1 else scores[order[0]]
    shifted = np.exp(scores - top)
    top_row = unit_rows[order[0]]
    names = UNIT_FEATURES
    return np.array(
        [
            top,
            top - second,
            1.0 / shifted.sum(),
            top_row[names.index("dense_best")],
            float(signals.dense["zh"].max()),
            float(signals.dense["q"].max()),
            np.log1p(raw_bm25_top),
            top_row[names.index("entity_name")] + top_row[names.index("entity_type")],
            coverage,
            understood,
            float(unknown_names),
            float(missing_answer_type),
            float(unknown_words),
            unknown_words / max(content_words, 1),
            missing[0],
            missing[1],
            float(signals.english),
            top_row[names.index("paragraph")],
            float(signals.asks_fact),
            # It names a meeting its best units do not speak of (the 2015 meeting's attendance: only
            # the 2020 report records one).
            float(other_meeting),
        ],
        dtype=np.float64,
    )
