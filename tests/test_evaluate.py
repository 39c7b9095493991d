from retrieval.evaluate import Question, Report, coverage, first_relevant_rank, matches, read_questions
from retrieval.fuse import fold_to_units


def test_parent_and_sub_item_count_for_each_other() -> None:
    assert matches("5.2", "5.2(d)") and matches("5.2(d)", "5.2")
    assert not matches("5.2(c)", "5.2(d)")
    assert not matches("5.20", "5.2") and not matches("7.p9", "7.9")


def test_rank_and_coverage() -> None:
    assert first_relevant_rank(["1.1", "5.2", "3.3"], ("5.2(d)",)) == 2
    assert first_relevant_rank(["1.1"], ("3.3",)) is None
    assert coverage(["1.8", "9.9", "4.1"], ("1.8", "3.31", "4.1")) == 2 / 3
    # More gold than hits looked at: the best possible is full coverage, not 2/3.
    assert coverage(["1.1", "1.2"], ("1.1", "1.2", "1.3"), depth=2) == 1.0


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


def test_strict_matching_no_longer_counts_a_parent_for_its_sub_item() -> None:
    assert matches("5.2", "5.2(d)") and not matches("5.2", "5.2(d)", strict=True)
    assert matches("5.2(d)", "5.2", strict=True)  # a sub-item still answers a question about the whole
    report = Report(strict=True)
    report.add(Question("q", ("5.2(d)",), "topical_zh", "zh"), ["5.2", "5.2(d)"], True)
    assert report.overall.r1 == 0 and report.overall.rr == 0.5


def test_overlap_finds_rewrites_and_counts_shared_gold() -> None:
    from retrieval.overlap import overlap, similarity

    assert similarity("海上救了偷渡的人会不会被追究责任", "海上救了偷渡的人会不会被追究责任？") == 1.0
    held = [
        Question("海上救了偷渡的人会不会被追究责任", ("3.4",), "topical_zh", "zh"),
        Question("3.12", ("3.12",), "lookup", "en"),
    ]
    other = [
        Question("海上救了偷渡的人会被追究责任吗", ("3.4",), "topical_zh", "zh"),
        Question("3.12", ("3.12",), "lookup", "en"),
    ]
    found = overlap(held, other, "other", ["3.4", "3.12", "1.1"], rounds=50)
    assert len(found.rewrites) == 1 and found.shared_gold == 1  # lookups are neither
    assert 0 < found.shared_gold_by_chance < 1


def test_report_counts_whether_the_first_hit_has_the_asked_kind() -> None:
    report = Report()
    report.add(Question("who spoke", ("7.p8",), "summary", "en"), ["7.p8"], True)
    report.add(Question("agenda", ("7.p26",), "summary", "zh"), ["7.1", "7.p26"], True)
    report.add(Question("hotline", ("1.21",), "topical_en", "en"), ["1.21"], True)
    assert report.kind_first == {"summary": [1, 2], "topical": [1, 1]}
