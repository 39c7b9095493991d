"""The ranker's and the abstainer's rows, on a table of three made-up units: each feature reads what
its name says."""

from __future__ import annotations

import numpy as np

from retrieval.features import (
    ABSTAIN_FEATURES,
    DENSE_GROUPS,
    EMBEDDING_DIMENSIONS,
    LEXICAL_FIELDS,
    PAIR_FEATURES,
    QUERY_FEATURES,
    SIGNAL_FEATURES,
    UNIT_FEATURES,
    QuerySignals,
    UnitTable,
    query_features,
    unit_features,
    with_signal_pairs,
)

TABLE = UnitTable(
    ids=("3.12", "7.p1", "7.p17"),
    is_paragraph=np.array([0.0, 1.0, 1.0]),
    is_subitem=np.zeros(3),
    themes=np.eye(3),
    meetings=np.array([3, 7, 7]),
    gives_count=np.array([0.0, 0.0, 1.0]),
    gives_date=np.array([0.0, 1.0, 0.0]),
    mentions=(frozenset({3}), frozenset(range(1, 8)), frozenset({7})),
)


def _signals(*, dense_best: int, asks_count: bool = False, named_meeting: int | None = None) -> QuerySignals:
    dense = {g: np.where(np.arange(3) == dense_best, 0.9, 0.5) for g in DENSE_GROUPS}
    return QuerySignals(
        dense=dense,
        lexical={f: np.zeros(3) for f in LEXICAL_FIELDS},
        theme_sims=np.zeros(3),
        english=True,
        intent="discussion",
        entity_names=np.zeros(3),
        entity_types=np.zeros(3),
        asks_fact=asks_count,
        asks_count=asks_count,
        asks_date=False,
        named_meeting=named_meeting,
        meeting7=False,
    )


def test_a_count_asked_for_marks_the_units_that_give_one() -> None:
    column = UNIT_FEATURES.index("count_ask_x_count")
    assert unit_features(TABLE, _signals(dense_best=0, asks_count=True))[:, column].tolist() == [0.0, 0.0, 1.0]
    assert not unit_features(TABLE, _signals(dense_best=0))[:, column].any()


def test_the_question_row_carries_the_other_meeting_flag() -> None:
    signals = _signals(dense_best=2, named_meeting=3)
    rows = unit_features(TABLE, signals)
    scores = rows[:, UNIT_FEATURES.index("dense_best")]
    for flag in (True, False):
        row = query_features(scores, rows, signals, 0.0, 1.0, 1.0, 0, False, 0, 3, (0.0, 0.0), flag)
        assert dict(zip(QUERY_FEATURES, row.tolist(), strict=True))["other_meeting"] == float(flag)


def test_the_abstainer_reads_every_pair_of_signals_multiplied() -> None:
    signals = np.arange(1.0, len(SIGNAL_FEATURES) + 1)
    row = np.concatenate([signals, np.full(EMBEDDING_DIMENSIONS, 0.5)])[None, :]
    extended = with_signal_pairs(row)
    assert extended.shape == (1, len(ABSTAIN_FEATURES))
    assert np.array_equal(extended[:, : row.shape[1]], row)  # the row itself is kept as it was
    products = dict(zip(PAIR_FEATURES, extended[0, row.shape[1] :], strict=True))
    first, last = SIGNAL_FEATURES[0], SIGNAL_FEATURES[-1]
    assert products[f"{first}*{last}"] == signals[0] * signals[-1]
    assert len(products) == len(SIGNAL_FEATURES) * (len(SIGNAL_FEATURES) - 1) // 2  # no squares, no repeats
