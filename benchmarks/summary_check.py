"""Written summaries on the dev set, from a scripted fake model: how many citations hold, and the cost.

Every dev question is asked through the bot's service with the real search; for each answer that
gets a summary, a fake OpenAI-compatible server on 127.0.0.1 writes one from the items it was given,
the way a careless model would: mostly citing what it was given, sometimes an id it was not given,
sometimes nothing, sometimes quoting. The script is seeded, so the figures repeat.

Printed: the share of raw summaries whose citations all validate, the share of summaries shown, and,
checked again independently, that every sentence shown cites only items retrieved and holds no
quotation marks; and the added latency (the answer ready -> its summary ready) against the local fake.

    .venv/bin/python benchmarks/summary_check.py [--questions FILE.jsonl]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the fake model lives with the tests

from bot.llm import LlmClient, LlmConfig  # noqa: E402
from bot.replies import Summary  # noqa: E402
from bot.service import BotService  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.summaries import Summarizer  # noqa: E402
from bot.written import check  # noqa: E402
from retrieval.search import SearchService  # noqa: E402
from tests.fake_llm import Behaviour, Completion, FakeLlm  # noqa: E402

DEV_SET = ROOT.parent / "shared" / "eval" / "dev.jsonl"
_GIVEN = re.compile(r"^\[([^\]]+)\] ", re.MULTILINE)
_CITED = re.compile(r"[\[【]([^\]】]*)[\]】]")


class CarelessModel:
    """Writes 2-3 sentences from the ids it is given; 25 % cite an id not given, 10 % cite nothing,
    15 % wrap a phrase in quotation marks."""

    def __init__(self, seed: int = 7) -> None:
        self.random = random.Random(seed)
        self.raw: list[tuple[str, list[str]]] = []

    def __call__(self, body: dict[str, Any]) -> Behaviour:
        given = _GIVEN.findall(body["messages"][1]["content"])
        sentences = []
        for i in range(self.random.choice((2, 3))):
            roll = self.random.random()
            cite = given[i % len(given)]
            if roll < 0.25:
                sentences.append(f"The group also addressed a related point [{self.random.choice(('9.99', '6.3'))}].")
            elif roll < 0.35:
                sentences.append("This is an important area of cooperation.")
            elif roll < 0.50:
                sentences.append(f"The group said “states should act” on this [{cite}].")
            else:
                sentences.append(f"The group made a recommendation on this point [{cite}].")
        text = " ".join(sentences)
        self.raw.append((text, given))
        return Completion(text)


def _load(path: Path) -> list[str]:
    return [json.loads(line)["q"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


async def _run(questions: list[str]) -> dict[str, Any]:
    settings = Settings()
    model = CarelessModel()
    llm = FakeLlm(model).start()
    search = SearchService.open(settings)
    summarizer = Summarizer(LlmClient(LlmConfig(llm.base_url, "careless", None, 10.0)))
    service = BotService(search.corpus, lambda: search, summarizer=summarizer)
    await service.start()
    shown, latencies, invalid_shown = 0, [], 0
    try:
        for question in questions:
            reply = await service.ask(question, "en")
            if reply.summary_of is None:
                continue
            start = time.perf_counter()
            written = await service.summary(reply)
            latencies.append((time.perf_counter() - start) * 1000)
            if written is None or not isinstance(written.blocks[0], Summary):
                continue
            shown += 1
            given = set(_GIVEN.findall(llm.requests[-1].body["messages"][1]["content"]))
            text = written.blocks[0].text
            cited = [i.strip() for inside in _CITED.findall(text) for i in re.split(r"[,，、;；]", inside)]
            if not cited or any(c not in given for c in cited) or re.search(r"[\"“”「」]", text):
                invalid_shown += 1
    finally:
        await service.close()
        llm.stop()
    raw_valid = sum(1 for text, given in model.raw if _all_valid(text, given))
    asked = len(model.raw)
    return {
        "questions": len(questions),
        "summaries_asked": asked,
        "raw_all_citations_valid": round(raw_valid / asked, 3) if asked else None,
        "summaries_shown": shown,
        "shown_share": round(shown / asked, 3) if asked else None,
        "shown_with_an_invalid_citation_or_quote": invalid_shown,
        "added_ms_p50": round(statistics.median(latencies), 1) if latencies else None,
        "added_ms_p95": round(statistics.quantiles(latencies, n=20)[-1], 1) if len(latencies) > 1 else None,
    }


def _all_valid(text: str, given: list[str]) -> bool:
    written = check(text, given)
    return written is not None and written.dropped == 0 and "“" not in text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=Path, default=DEV_SET)
    args = parser.parse_args()
    if not args.questions.exists():
        print(f"no question file at {args.questions}", file=sys.stderr)
        return 2
    figures = asyncio.run(_run(_load(args.questions)))
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
