"""`python -m retrieval bench`: index build, model load, warm search latency, peak RSS.

The queries are generated, all distinct: fragments of the texts themselves (Chinese), English
questions from a list of the field's topics, Traditional-script variants, and typed references
(timed apart, since they skip the model).
"""

from __future__ import annotations

import json
import resource
import statistics
import tempfile
import time
import zlib
from pathlib import Path

from corpus.load import Corpus, load_corpus
from retrieval.config import RetrievalSettings
from retrieval.e5 import E5Embedder
from retrieval.index import open_index
from retrieval.search import SearchService

_TOPICS = [
    "money laundering",
    "corruption of public officials",
    "extradition",
    "mutual legal assistance",
    "joint investigation teams",
    "special investigative techniques",
    "controlled delivery",
    "witness protection",
    "unaccompanied children",
    "return of smuggled migrants",
    "consular assistance",
    "fraudulent travel documents",
    "smuggling by sea",
    "rescue at sea",
    "financial investigations",
    "confiscation of proceeds",
    "liaison officers",
    "multi-agency centres",
    "awareness campaigns",
    "root causes of smuggling",
    "digital evidence",
    "social media",
    "COVID-19 pandemic",
    "data collection",
    "training of practitioners",
    "technical assistance",
    "civil society",
    "human rights of migrants",
    "informal cooperation",
    "the SHERLOC portal",
    "visa procedures",
    "border control",
    "hotlines",
    "regular migration channels",
    "private sector partnerships",
    "online reporting forms",
]
_TEMPLATES = [
    "What did the working group recommend about {}?",
    "Is there a recommendation on {}?",
    "Should states do more on {}?",
    "{} and cooperation between countries",
    "How should countries handle {} in smuggling cases?",
    "Did the group say anything about {} during crises?",
]


def bench_queries(corpus: Corpus, count: int) -> list[str]:
    queries: list[str] = []
    for unit in corpus.units:
        if unit.children:
            continue
        seed = zlib.crc32(unit.id.encode())
        length = 8 + seed % 33
        start = (seed // 7) % max(1, len(unit.text) - length)
        queries.append(unit.text[start : start + length])
    queries += [t.format(topic) for topic in _TOPICS for t in _TEMPLATES]
    queries += [q.replace("偷运", "偷運").replace("国", "國") + "？" for q in queries[:40]]
    unique = list(dict.fromkeys(q for q in queries if q.strip()))
    ordered = sorted(unique, key=lambda q: zlib.crc32(q.encode()))  # interleave the kinds
    return ordered[:count]


def reference_queries(corpus: Corpus) -> list[str]:
    forms = []
    for unit in corpus.units:
        forms.append(unit.id)
        if unit.kind == "recommendation":
            forms.append(f"meeting {unit.meeting} rec {unit.number}")
    return forms


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_bench(settings: RetrievalSettings, count: int, as_json: bool) -> int:
    count = max(200, count)
    started = time.perf_counter()
    embedder = E5Embedder(settings.model_threads)
    model_load_s = time.perf_counter() - started
    corpus = load_corpus()
    with tempfile.TemporaryDirectory(prefix="wgsom-bench-") as scratch:
        bench_settings = settings.model_copy(update={"data_dir": Path(scratch), "chroma_host": None})
        _, report = open_index(bench_settings, corpus, embedder, force=True)
        service = SearchService.open(bench_settings, embedder=embedder, corpus=corpus)
        queries = bench_queries(corpus, count + 20)
        for query in queries[:20]:  # warm-up, not timed
            service.search(query)
        latencies, embed_ms = [], []
        for query in queries[20:]:
            # The bare query embedding, timed beside the search it is part of: what the rest costs.
            t0 = time.perf_counter()
            embedder.query(query)
            embed_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            service.search(query)
            latencies.append((time.perf_counter() - t0) * 1000)
        reference_ms = []
        for query in reference_queries(corpus):
            t0 = time.perf_counter()
            service.search(query)
            reference_ms.append((time.perf_counter() - t0) * 1000)
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "index_build_s": round(report.seconds, 2),
        "model_load_s": round(model_load_s, 3),
        "search_p50_ms": round(statistics.median(latencies), 2),
        "search_p95_ms": round(_percentile(latencies, 0.95), 2),
        "search_p99_ms": round(_percentile(latencies, 0.99), 2),
        "embed_p50_ms": round(statistics.median(embed_ms), 2),
        "embed_p95_ms": round(_percentile(embed_ms, 0.95), 2),
        "search_over_embed_p95": round(_percentile(latencies, 0.95) / max(_percentile(embed_ms, 0.95), 1e-9), 2),
        "peak_rss_mb": round(peak_rss_mb, 1),
    }
    if as_json:
        print(json.dumps(figures))
        return 0
    print(f"index build: {figures['index_build_s']} s ({report.chunks} chunks)")
    print(f"model load: {figures['model_load_s']} s")
    print(
        f"search over {len(latencies)} distinct warm queries: p50 {figures['search_p50_ms']} ms, "
        f"p95 {figures['search_p95_ms']} ms, p99 {figures['search_p99_ms']} ms"
    )
    print(
        f"bare query embedding, same queries: p50 {figures['embed_p50_ms']} ms, p95 {figures['embed_p95_ms']} ms "
        f"(search p95 / embedding p95 = {figures['search_over_embed_p95']})"
    )
    print(
        f"exact references over {len(reference_ms)}: p50 {statistics.median(reference_ms):.2f} ms, "
        f"max {max(reference_ms):.2f} ms"
    )
    print(f"peak RSS: {figures['peak_rss_mb']} MB")
    return 0
