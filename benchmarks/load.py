"""Load and flood benchmark: `python -m bot` under many simulated users, through a fake Bot API on
127.0.0.1 that answers over Telegram's flood limits with 429s (about one message a second per chat).

The bot runs as its own process, polling the fake server as it would poll Telegram: its peak RSS is
its own, and the users and the fake server here do not compete with it for the interpreter.
Scenarios:
  a  --questions 1000 from --users 200, mean think 2 s: lost, duplicated, answers/s, latency, peak RSS
  b  50 users, mean think 5 s: reply p95 (target <= 100 ms)
  c  one user floods 4,000-character messages while another asks lookups: the other's p95 (<= 1 s)
Each store: `embedded` (the index `make index` built, DATA_DIR) and `server` (a `chroma run` on
127.0.0.1, its index built once by `python -m retrieval index` and kept under DATA_DIR/load-chroma).
Beside the bot's answers/s: the bare engine's searches/s, measured in the same run, no bot.

    .venv/bin/python benchmarks/load.py [--scenario a|b|c|all] [--store embedded|server|both] [--quick] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.engine_throughput import percentile  # noqa: E402
from benchmarks.load_questions import LOOKUPS, mix  # noqa: E402
from benchmarks.load_users import CountingApi, Tally, asking_user, flooding_user, outcome, unanswered, user  # noqa: E402
from bot.settings import Settings  # noqa: E402
from retrieval.config import RetrievalSettings  # noqa: E402
from retrieval.search import SearchService  # noqa: E402
from tests.chroma_server import ChromaServer  # noqa: E402

ANSWER_TIMEOUT_S = 120  # a user waits this long for an answer before asking the next question
DRAIN_S = 120  # after the last question, how long unanswered ones may still be answered


@dataclass(frozen=True)
class Scenario:
    users: int
    questions: int
    think: float
    target_p95_ms: float | None = None
    flood_per_s: float = 0.0  # c: the flooder's messages a second, each 4,000 characters


def scenarios(quick: bool, args: argparse.Namespace) -> dict[str, Scenario]:
    scale = 0.2 if quick else 1.0
    return {
        "a": Scenario(args.users, max(20, round(args.questions * scale)), 2.0),
        "b": Scenario(50, max(20, round(300 * scale)), 5.0, 100),
        # The one asking lookups stays well within QUESTIONS_PER_MINUTE (20: about 12 a minute, so
        # no sliding minute of theirs goes over) and Telegram's ~1 message a second per chat: what
        # the figures show is the flood's effect on them, nothing else.
        "c": Scenario(1, max(10, round(30 * scale)), 5.0, 1000, args.flood_rate),
    }


def bot_env(store: dict[str, str], workers: int, per_minute: int) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")}
    threads = str(max(1, (os.cpu_count() or 1) // workers))
    return {
        **keep,
        "ANONYMIZED_TELEMETRY": "False",
        "PYTHONUNBUFFERED": "1",
        "FEEDBACK_ENABLED": "false",
        "SEARCH_WORKERS": str(workers),
        "EMBED_THREADS": threads,
        "OMP_NUM_THREADS": threads,
        "QUESTIONS_PER_MINUTE": str(per_minute),
        **store,
    }


@contextlib.contextmanager
def bot_process(api: CountingApi, env: dict[str, str], workdir: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`python -m bot` polling `api`; ready once it has set its commands; stopped by PID (SIGINT)."""
    workdir.mkdir(parents=True, exist_ok=True)
    with (workdir / "bot.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            cwd=workdir,
            env={**env, "TELEGRAM_BOT_TOKEN": api.token, "TELEGRAM_API_BASE_URL": api.base_url},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 600
        while not api.commands:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the bot did not start: {(workdir / 'bot.log').read_text()[-2000:]}")
            time.sleep(0.1)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bare_engine(settings: Settings, seconds: float) -> float:
    """Searches/s calling the search engine directly, one after another, the model on every core."""
    whole = settings.model_copy(update={"embed_threads": RetrievalSettings().model_threads})
    service = SearchService.open(whole, build=False)
    questions = mix()
    service.search("预热")
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        service.search(questions[done % len(questions)])
        done += 1
    service.close()
    return done / (time.perf_counter() - started)


def latency_figures(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    if not ms:
        return {"p50_ms": float("nan"), "p95_ms": float("nan"), "max_ms": float("nan")}
    return {
        "p50_ms": round(percentile(ms, 0.5), 1),
        "p95_ms": round(percentile(ms, 0.95), 1),
        "max_ms": round(max(ms), 1),
    }


async def run_scenario(name: str, spec: Scenario, env: dict[str, str], workdir: Path, seed: int) -> dict[str, Any]:
    api = CountingApi(asyncio.get_running_loop()).start()
    rng = random.Random(seed)
    tally = Tally()
    try:
        with bot_process(api, env, workdir / name) as process:
            started = time.perf_counter()
            budget = [spec.questions]
            flood_sent = [0]
            if name == "c":
                flood = asyncio.ensure_future(flooding_user(api, 2, 4000, spec.flood_per_s, flood_sent))
                await asking_user(api, 1, LOOKUPS, spec.think, budget, tally, timeout=ANSWER_TIMEOUT_S, rng=rng)
                flood.cancel()
            else:
                questions = mix()
                await asyncio.gather(
                    *(
                        asking_user(api, n, questions, spec.think, budget, tally, timeout=ANSWER_TIMEOUT_S, rng=rng)
                        for n in range(spec.users)
                    )
                )
            # Late answers still count (lost is never answered); then a moment for duplicates.
            drain_until = time.perf_counter() + DRAIN_S
            while unanswered(api, tally) and time.perf_counter() < drain_until:
                await asyncio.sleep(0.2)
            elapsed = time.perf_counter() - started
            await asyncio.sleep(2)
            rss = peak_rss_mb(process.pid)
    finally:
        api.stop()
    counts, latencies = outcome(api, tally)
    result: dict[str, Any] = {
        "scenario": name,
        "users": spec.users if name != "c" else 2,
        "asked": len(tally.asked),
        **counts,
        "answers_per_s": round(len(latencies) / elapsed, 2),
        **latency_figures(latencies),
        "refused_429": api.refused_429,
        "bot_peak_rss_mb": round(rss),
    }
    if name == "c":
        result["flood_messages_sent"] = flood_sent[0]
        result["flood_replies_delivered"] = len(api.messages(user(2)[1]["id"]))
    if spec.target_p95_ms is not None:
        result["target_p95_ms"] = spec.target_p95_ms
    return result


def store_env(store: str, settings: Settings, workdir: Path) -> tuple[dict[str, str], ChromaServer | None]:
    data_dir = str(settings.data_dir.resolve())
    if store == "embedded":
        return {"DATA_DIR": data_dir}, None
    server = ChromaServer(settings.data_dir.resolve() / "load-chroma").start()
    env = {"DATA_DIR": data_dir, **server.env}
    print(f"  chroma run on 127.0.0.1:{server.port}; building its index if needed", flush=True)
    try:
        workdir.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "retrieval", "index"]
        subprocess.run(command, cwd=workdir, env=bot_env(env, 1, 20), check=True, timeout=1800)
    except BaseException:
        server.stop()
        raise
    return env, server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", choices=("a", "b", "c", "all"), default="all")
    parser.add_argument("--store", choices=("embedded", "server", "both"), default="both")
    parser.add_argument("--users", type=int, default=200, help="users in scenario a (default 200)")
    parser.add_argument("--questions", type=int, default=1000, help="questions in scenario a (default 1000)")
    parser.add_argument("--flood-rate", type=float, default=10.0, help="scenario c's messages/s (default 10)")
    parser.add_argument("--workers", type=int, default=2, help="SEARCH_WORKERS of the bot (default 2)")
    parser.add_argument("--engine-seconds", type=float, default=10.0, help="time for the bare engine figure")
    parser.add_argument("--quick", action="store_true", help="a fifth of the questions, 3 s of bare engine")
    parser.add_argument("--json", action="store_true", help="one JSON object instead of lines")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    # Stopped from outside: still stop the bot and the Chroma server (the `finally` blocks).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    if args.quick:
        args.engine_seconds = min(args.engine_seconds, 3.0)
    settings = Settings()
    chosen = scenarios(args.quick, args)
    names = list(chosen) if args.scenario == "all" else [args.scenario]
    stores = ["embedded", "server"] if args.store == "both" else [args.store]
    header = {
        "scenarios": {n: vars(chosen[n]) for n in names},
        "search_workers": args.workers,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    if not args.json:
        print("load benchmark: " + json.dumps(header))
    report: dict[str, Any] = {"settings": header, "stores": {}}
    workdir = Path(os.environ.get("TMPDIR", "/tmp")) / f"wgsom-load-{os.getpid()}"
    for store in stores:
        env, server = store_env(store, settings, workdir)
        try:
            own = settings.model_copy(
                update={"chroma_host": server and "127.0.0.1", "chroma_port": server and server.port}
            )
            engine = round(bare_engine(own, args.engine_seconds), 1)
            results = []
            for name in names:
                per_minute = 20 if name == "c" else 10_000  # a and b ask faster than a person would
                env_for = bot_env(env, args.workers, per_minute)
                results.append(asyncio.run(run_scenario(name, chosen[name], env_for, workdir / store, args.seed)))
                if not args.json:
                    print(f"[{store}] bare engine {engine} searches/s; " + json.dumps(results[-1]), flush=True)
        finally:
            if server is not None:
                server.stop()
        report["stores"][store] = {"bare_engine_searches_per_s": engine, "scenarios": results}
    if args.json:
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
