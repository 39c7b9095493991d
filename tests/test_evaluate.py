from retrieval.evaluate import Question, Report, coverage, first_relevant_rank, matches, read_questions
from retrieval.fuse import fold_to_units, reciprocal_rank_fusion


def test_parent_and_sub_item_count_for_each_other() -> None:
    assert matches("5.2", "5.2(d)") and matches("5.2(d)", "5.2")
    assert not matches("5.2(c)", "5.2(d)")
    assert not matches("5.20", "5.2") and not matches("7.p9", "7.9")


def test_rank_and_coverage() -> None:
    assert first_relevant_rank(["1.1", "5.2", "3.3"], ("5.2(d)",)) == 2
    assert first_relevant_rank(["1.1"], ("3.3",)) is None
    assert coverage(["1.8", "9.9", "4.1"], ("1.8", "3.31", "4.1")) == 2 / 3


def test_report_counts_negatives_apart() -> None:
    report = Report()
    report.add(Question("a", ("1.1",), "topical_zh", "zh"), ["1.1"], True)
    report.add(Question("b", ("1.2",), "topical_en", "en"), ["1.3", "1.2"], False)
    report.add(Question("c", (), "negative", "en"), ["1.1"], False)
    assert report.overall.n == 2 and report.overall.r1 == 1 and report.overall.rr == 1.5
    assert report.overall.false_abstain == 1 and report.negatives.abstained == 1
    assert len(report.misses) == 1


def test_read_questions_skips_blank_lines() -> None:
    rows = read_questions(['{"q": "x", "gold": ["1.1"], "type": "t", "lang": "zh"}', ""])
    assert rows == [Question("x", ("1.1",), "t", "zh")]


def test_fold_keeps_the_best_chunk_per_unit() -> None:
    assert fold_to_units([("1.7", 0.2), ("3.1", 0.5), ("1.7", 0.9)]) == [("1.7", 0.9), ("3.1", 0.5)]


def test_rrf_rewards_agreement() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "a"]])
    assert fused[0][0] == "b"
    assert fused[0][1] == 1 / 61 + 1 / 62


def test_report_counts_whether_the_first_hit_has_the_asked_kind() -> None:
    report = Report()
    report.add(Question("who spoke", ("7.p8",), "summary", "en"), ["7.p8"], True)
    report.add(Question("agenda", ("7.p26",), "summary", "zh"), ["7.1", "7.p26"], True)
    report.add(Question("hotline", ("1.21",), "topical_en", "en"), ["1.21"], True)
    assert report.kind_first == {"summary": [1, 2], "topical": [1, 1]}
