"""Reply latency of the Telegram bot: 100 questions through the real PTB stack and the fake Bot API.

Each question arrives as a private message (long-polled getUpdates, as from Telegram); the latency
is from the moment the update is offered to the moment the fake server receives the bot's
sendMessage. Questions go one at a time, after a short warm-up; the search service is the real one,
on the index `make index` built (DATA_DIR). Target: p95 <= 100 ms.

    .venv/bin/python benchmarks/bot_latency.py [--questions FILE.jsonl] [-n 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the fake Bot API lives with the tests

from bot.settings import Settings  # noqa: E402
from corpus.load import Corpus  # noqa: E402
from retrieval.search import SearchService  # noqa: E402
from tests.e2e.fake_bot_api import FakeBotApi  # noqa: E402
from tests.e2e.harness import Shared, running  # noqa: E402

DEV_SET = ROOT.parent / "shared" / "eval" / "dev.jsonl"
# Used when no question file is given or it holds fewer than asked for: topical questions in both
# languages, and the references people type.
BUILT_IN = [
    "洗钱",
    "偷运移民与腐败之间有什么联系？",
    "如何保护被偷运移民的权利？",
    "海上偷运移民怎么处理？",
    "无人陪伴的儿童应该如何对待？",
    "缔约国应如何开展国际合作？",
    "执法人员需要哪些培训？",
    "如何提高公众对偷运风险的认识？",
    "COVID-19 大流行对偷运移民有什么影响？",
    "网络空间的偷运活动如何调查？",
    "How should smuggled migrants be protected?",
    "Should states criminalize migrant smuggling?",
    "What training do law enforcement officers need?",
    "How can countries cooperate against smuggling by sea?",
    "What about money laundering and smuggling networks?",
    "Should victims get legal assistance?",
    "How do crises like COVID-19 change smuggling routes?",
    "Should data on smuggling be collected and shared?",
    "3.12",
    "第三次会议第12条",
    "5.2(d)",
    "meeting 7 rec 14",
    "7.p9",
    "建议14",
    "3.99",
    "第六次会议的建议",
]


def questions(path: Path | None, n: int, corpus: Corpus) -> list[str]:
    found: list[str] = []
    source = path or (DEV_SET if DEV_SET.exists() else None)
    if source is not None:
        found = [json.loads(line)["q"] for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    found += BUILT_IN
    # Still short: ask about the opening words of items, in order (distinct questions, no cache hits).
    found += [f"关于“{u.text[:12]}”的建议是什么？" for u in corpus.units if u.kind == "recommendation"]
    return list(dict.fromkeys(found))[:n]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def measure(service: SearchService, asked: list[str], warm_up: int) -> list[float]:
    api = FakeBotApi().start()
    latencies: list[float] = []
    try:
        async with running(api, lambda: Shared(service), service.corpus) as tg:
            for i, question in enumerate(asked):
                user = {"id": 5000 + i, "is_bot": False, "first_name": "Bench", "language_code": "zh"}
                chat = {"id": user["id"], "type": "private", "first_name": "Bench"}
                since = len(api.calls)
                offered = time.perf_counter()
                api.send(chat, user, question)
                (reply, *_) = await tg.sent(since, chat_id=chat["id"])
                if not reply.ok:
                    raise SystemExit(f"the fake Bot API refused the reply to {question!r}: {reply.error}")
                if i >= warm_up:
                    latencies.append(reply.at - offered)
    finally:
        api.stop()
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=Path, help="a .jsonl file with a `q` field per line")
    parser.add_argument("-n", type=int, default=100, help="questions to time (default 100)")
    parser.add_argument("--warm-up", type=int, default=3, help="untimed questions first (default 3)")
    args = parser.parse_args()

    settings = Settings()
    started = time.perf_counter()
    service = SearchService.open(settings)
    print(f"search service opened in {time.perf_counter() - started:.1f} s (index in {settings.data_dir})")
    asked = questions(args.questions, args.n + args.warm_up, service.corpus)
    latencies = [s * 1000 for s in asyncio.run(measure(service, asked, args.warm_up))]
    print(f"reply latency over {len(latencies)} questions (fake Bot API on 127.0.0.1, real search):")
    print(f"  p50 {percentile(latencies, 0.50):6.1f} ms")
    print(f"  p95 {percentile(latencies, 0.95):6.1f} ms   (target <= 100 ms)")
    print(f"  max {max(latencies):6.1f} ms   mean {statistics.fmean(latencies):.1f} ms")
    service.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
