"""The questions behind answers' buttons survive a restart and are shared through one file."""

from pathlib import Path

from bot.remembered import RememberedQuestions


def test_a_question_is_found_again_after_reopening(tmp_path: Path) -> None:
    path = tmp_path / "state" / "asked.sqlite"
    store = RememberedQuestions(path)
    store.put("a1b2", "没收犯罪所得", None)
    store.put("c3d4", "cooperation", "sea")
    store.close()
    reopened = RememberedQuestions(path)
    assert reopened.get("a1b2") == ("没收犯罪所得", None)
    assert reopened.get("c3d4") == ("cooperation", "sea")
    assert reopened.get("ffff") is None


def test_two_processes_sharing_the_file_see_each_others_questions(tmp_path: Path) -> None:
    path = tmp_path / "asked.sqlite"
    first, second = RememberedQuestions(path), RememberedQuestions(path)
    first.put("a1b2", "洗钱", None)
    assert second.get("a1b2") == ("洗钱", None)


def test_only_the_newest_are_kept(tmp_path: Path) -> None:
    now = [0.0]

    def clock() -> float:
        now[0] += 1.0
        return now[0]

    store = RememberedQuestions(tmp_path / "asked.sqlite", keep=10, clock=clock)
    for i in range(1000):
        store.put(f"t{i}", f"q{i}", None)
    assert len(store) == 10
    assert store.get("t999") == ("q999", None) and store.get("t0") is None
