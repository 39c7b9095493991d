"""`python -m retrieval` as a user runs it: real processes, the session's real index."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from corpus.units import layout_free


def run_cli(*args: str, data_dir: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATA_DIR": str(data_dir), "ANONYMIZED_TELEMETRY": "False"}
    env.pop("CHROMA_HOST", None)
    return subprocess.run(
        [sys.executable, "-m", "retrieval", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=Path(__file__).parent.parent,
    )


@pytest.fixture(scope="module")
def index_dir(real_service: Any, real_index_dir: Path) -> Path:
    return real_index_dir  # built by the session's real service


def test_search_json_has_the_documented_shape(index_dir: Path, real_service: Any) -> None:
    done = run_cli("search", "偷运移民作为洗钱的上游犯罪", "--json", "--k", "3", data_dir=index_dir)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) >= {"query", "answerable", "reference", "hits"}
    assert len(result["hits"]) == 3
    hit = result["hits"][0]
    assert set(hit) == {"id", "meeting", "number", "kind", "text", "score"}
    assert hit["id"] == "3.2"
    source = real_service.corpus.sources[real_service.corpus.get("3.2").source]
    assert layout_free(hit["text"]) in layout_free(source)


def test_search_readable_and_reference(index_dir: Path) -> None:
    done = run_cli("search", "3.12", data_dir=index_dir)
    assert done.returncode == 0 and "[3.12]" in done.stdout
    missing = run_cli("search", "3.99", data_dir=index_dir)
    assert missing.returncode == 0 and "No such item" in missing.stdout and "1-41" in missing.stdout
    reason = json.loads(run_cli("search", "3.99", "--json", data_dir=index_dir).stdout)["reference"]["why"]
    assert reason == {"kind": "no_such_recommendation", "meeting": 3, "number": 99, "numbers": [1, 41]}


def test_blank_query_and_bad_options_are_clear(index_dir: Path) -> None:
    blank = run_cli("search", "   ", "--json", data_dir=index_dir)
    assert blank.returncode == 0 and json.loads(blank.stdout)["problem"] == {"kind": "empty"}
    bad_meeting = run_cli("search", "洗钱", "--meeting", "9", data_dir=index_dir)
    assert bad_meeting.returncode == 2 and "invalid choice" in bad_meeting.stderr
    assert "Traceback" not in bad_meeting.stderr


def test_eval_writes_one_line_per_question(index_dir: Path, tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"q": "3.12", "gold": ["3.12"], "type": "lookup", "lang": "zh"}\n'
        '{"q": "洗钱", "gold": ["3.2"], "type": "keyword", "lang": "zh"}\n'
        '{"q": "明天天气怎么样？", "gold": [], "type": "negative", "lang": "zh"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "run.jsonl"
    done = run_cli("eval", str(questions), "--out", str(out), data_dir=index_dir)
    assert done.returncode == 0, done.stderr
    assert "R@1" in done.stdout and "verbatim hits" in done.stdout
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["query"] for r in rows] == ["3.12", "洗钱", "明天天气怎么样？"]
    assert rows[0]["hits"][0] == {"id": "3.12", "text": rows[0]["hits"][0]["text"]}


def test_eval_rejects_a_broken_file(index_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"q": "ok", "gold": []}\nnot json\n', encoding="utf-8")
    done = run_cli("eval", str(broken), data_dir=index_dir)
    assert done.returncode == 2 and "line 2" in done.stderr and "Traceback" not in done.stderr
    absent = run_cli("eval", str(tmp_path / "absent.jsonl"), data_dir=index_dir)
    assert absent.returncode == 2 and "No such file" in absent.stderr


def test_an_unusable_data_dir_is_reported(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    done = run_cli("search", "洗钱", data_dir=not_a_dir)
    assert done.returncode == 2 and "error: the index" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_bench_prints_one_json_line_with_every_figure(index_dir: Path) -> None:
    done = run_cli("bench", "--json", "--queries", "200", data_dir=index_dir, timeout=300)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(figures) == {
        "index_build_s",
        "model_load_s",
        "search_p50_ms",
        "search_p95_ms",
        "search_p99_ms",
        "embed_p50_ms",
        "embed_p95_ms",
        "search_over_embed_p95",
        "peak_rss_mb",
    }
    assert all(isinstance(v, float | int) and v > 0 for v in figures.values())


def test_themes_lists_the_taxonomy_with_counts(tmp_path: Path) -> None:
    done = run_cli("themes", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "financial       Financial investigation, money laundering and confiscation" in done.stdout
    assert "meeting 7:" in done.stdout and done.stdout.count("\n") == 2 * 19


def test_a_search_narrowed_to_a_theme(index_dir: Path) -> None:
    done = run_cli("search", "cooperation", "--theme", "sea", "--json", data_dir=index_dir)
    from corpus.records import load_records

    hits = json.loads(done.stdout)["hits"]
    assert hits and all("sea" in load_records().by_id[h["id"]].themes for h in hits)
    bad = json.loads(run_cli("search", "x", "--theme", "weather", "--json", data_dir=index_dir).stdout)
    assert bad["problem"]["kind"] == "unknown_theme" and bad["problem"]["theme"] == "weather" and not bad["hits"]
