"""Does anything in the documents answer the question? A small, explainable rule over signals."""

from __future__ import annotations

from dataclasses import asdict, dataclass

# First rule (the quality work refines it): the dense retriever is confident, or the question's
# Chinese tokens are largely found in the best lexical matches.
MIN_DENSE = 0.86
MIN_COVERAGE = 0.5


@dataclass(frozen=True)
class Signals:
    top_dense: float  # cosine similarity of the best chunk
    token_coverage: float  # share of the query's tokens found in the top lexical chunks
    agreement: float  # overlap of the dense and lexical top 5

    def as_dict(self) -> dict[str, float]:
        return {name: round(value, 4) for name, value in asdict(self).items()}


def decide_answerable(signals: Signals) -> bool:
    return signals.top_dense >= MIN_DENSE or signals.token_coverage >= MIN_COVERAGE
