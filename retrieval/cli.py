"""`python -m retrieval index | search | eval | bench`: the same search the bot uses."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from corpus.load import load_corpus
from corpus.units import layout_free
from retrieval.config import RetrievalSettings
from retrieval.embed import E5Embedder
from retrieval.errors import RetrievalError
from retrieval.evaluate import EvalFileError, Report, format_misses, format_report, read_questions
from retrieval.index import open_index
from retrieval.results import SearchResult
from retrieval.search import SearchService


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m retrieval", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    index = commands.add_parser("index", help="build the index (idempotent; rebuilds when stale)")
    index.add_argument("--force", action="store_true", help="rebuild even when current")
    index.add_argument("--if-needed", action="store_true", help="accepted for scripts; the default")

    search = commands.add_parser("search", help="search the recommendations")
    search.add_argument("query")
    search.add_argument("--meeting", type=int, choices=range(1, 8), metavar="N", help="only meeting N (1-7)")
    search.add_argument("--year", type=int, help="only the meeting held that year")
    search.add_argument("--k", type=int, default=10, choices=range(1, 51), metavar="K", help="results (1-50)")
    search.add_argument("--json", action="store_true", help="one JSON object")

    evaluate = commands.add_parser("eval", help="R@1, R@5, MRR, abstention on a question set")
    evaluate.add_argument("file", type=Path)
    evaluate.add_argument("--out", type=Path, help="write one result line per question here")
    evaluate.add_argument("--report", action="store_true", help="also list every miss")

    bench = commands.add_parser("bench", help="build time, model load, latency percentiles, peak RSS")
    bench.add_argument("--json", action="store_true", help="one JSON line")
    bench.add_argument("--queries", type=int, default=300, help="distinct warm queries (>= 200)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = RetrievalSettings()
    try:
        if args.command == "index":
            return _index(settings, args.force)
        if args.command == "search":
            return _search(settings, args)
        if args.command == "eval":
            return _eval(settings, args)
        from retrieval.bench import run_bench

        return int(run_bench(settings, args.queries, args.json))
    except RetrievalError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (EvalFileError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _index(settings: RetrievalSettings, force: bool) -> int:
    _store, report = open_index(settings, load_corpus(), E5Embedder(settings.embed_threads), force=force)
    where = f"{settings.chroma_host}:{settings.chroma_port}" if settings.uses_server else settings.data_dir
    if report.built:
        print(f"index built in {where}: {report.chunks} chunks in {report.seconds:.1f} s "
              f"(was {report.state_before})")
    else:
        print(f"index in {where} is up to date: {report.chunks} chunks")
    return 0


def format_result(result: SearchResult) -> str:
    lines = []
    if result.problem:
        lines.append(f"({result.problem})")
    ref = result.reference
    if ref and not ref.resolved:
        lines.append(f"No such item. {ref.detail}")
    elif ref and ref.status == "ambiguous":
        lines.append(f"{ref.detail} Candidates: {', '.join(ref.ids)}")
    elif not result.problem and not result.answerable:
        lines.append("Not found in these documents. Closest items:" if result.hits else "Not found.")
    for hit in result.hits:
        lines.append(f"\n[{hit.unit.id}] meeting {hit.unit.meeting}, {hit.unit.kind}  (score {hit.score:.4f})")
        lines.append(hit.unit.text)
    return "\n".join(lines)


def _search(settings: RetrievalSettings, args: argparse.Namespace) -> int:
    service = SearchService.open(settings)
    result = service.search(args.query, meeting=args.meeting, year=args.year, k=args.k)
    print(json.dumps(result.to_json(), ensure_ascii=False) if args.json else format_result(result))
    return 0


def _eval(settings: RetrievalSettings, args: argparse.Namespace) -> int:
    questions = read_questions(args.file.read_text(encoding="utf-8").splitlines(), str(args.file))
    service = SearchService.open(settings)
    corpus, report = service.corpus, Report()
    checked = failed = 0
    rows = []
    for question in questions:
        result = service.search(question.q, k=10)
        ids = [hit.unit.id for hit in result.hits]
        report.add(question, ids, result.answerable)
        for hit in result.hits:
            checked += 1
            failed += layout_free(hit.unit.text) not in layout_free(corpus.sources[hit.unit.source])
        rows.append({"query": question.q, "answerable": result.answerable,
                     "hits": [{"id": h.unit.id, "text": h.unit.text} for h in result.hits[:10]]})
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{args.file}: {len(questions)} questions")
    print(format_report(report, checked, failed))
    if args.report:
        print("\nMisses (wrong first hit, wrong abstention):")
        print(format_misses(report))
    return 0
