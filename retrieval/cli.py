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
from retrieval.describe import format_result
from retrieval.e5 import E5Embedder
from retrieval.errors import RetrievalError
from retrieval.evaluate import EvalFileError, Question, Report, format_misses, format_report, read_questions
from retrieval.index import open_index
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
    search.add_argument("--theme", help="only items of this theme (python -m retrieval themes lists them)")
    search.add_argument("--k", type=int, default=10, choices=range(1, 51), metavar="K", help="results (1-50)")
    search.add_argument("--json", action="store_true", help="one JSON object")

    evaluate = commands.add_parser("eval", help="R@1, R@5, MRR, abstention on a question set")
    evaluate.add_argument("file", type=Path)
    evaluate.add_argument("--out", type=Path, help="write one result line per question here")
    evaluate.add_argument("--report", action="store_true", help="also list every miss")
    evaluate.add_argument(
        "--strict", action="store_true", help="a sub-item's parent no longer counts as a hit for the sub-item"
    )

    check = commands.add_parser("overlap", help="rewritten questions and shared gold sets between question sets")
    check.add_argument("file", type=Path, help="the held-out set")
    check.add_argument("--against", type=Path, nargs="+", required=True, help="the sets it must not copy")
    check.add_argument("--show", action="store_true", help="print each rewritten pair (not for a held-out set)")

    commands.add_parser("themes", help="the theme taxonomy, with how many items each meeting has of each")

    commands.add_parser("fit", help="fit the ranker and the abstention classifier on the training sets")
    commands.add_parser("weights", help="print the fitted weights")

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
        if args.command == "overlap":
            return _overlap(args.file, args.against, args.show)
        if args.command == "themes":
            return _themes()
        if args.command == "fit":
            return _fit(settings)
        if args.command == "weights":
            from retrieval.fit import format_weights
            from retrieval.fitted import load_models

            print(format_weights(load_models()))
            return 0
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
    _store, report = open_index(settings, load_corpus(), E5Embedder(settings.model_threads), force=force)
    where = f"{settings.chroma_host}:{settings.chroma_port}" if settings.uses_server else settings.data_dir
    if report.built:
        print(f"index built in {where}: {report.chunks} chunks in {report.seconds:.1f} s (was {report.state_before})")
    else:
        print(f"index in {where} is up to date: {report.chunks} chunks")
    return 0


def _search(settings: RetrievalSettings, args: argparse.Namespace) -> int:
    service = SearchService.open(settings)
    result = service.search(args.query, meeting=args.meeting, year=args.year, theme=args.theme, k=args.k)
    print(json.dumps(result.to_json(), ensure_ascii=False) if args.json else format_result(result))
    return 0


def _themes() -> int:
    from corpus.records import load_records, theme_counts

    records = load_records()
    counts = theme_counts(records, [(u.id, u.meeting) for u in load_corpus().units if not u.children])
    for theme in records.themes:
        per_meeting = ", ".join(f"meeting {m}: {n}" for m, n in sorted(counts[theme.key].items()))
        print(f"{theme.key:15} {theme.en} / {theme.zh}\n{'':15} {per_meeting or 'none'}")
    return 0


def _read(path: Path) -> list[Question]:
    return read_questions(path.read_text(encoding="utf-8").splitlines(), str(path))


def _overlap(held_path: Path, against: list[Path], show: bool) -> int:
    """No search needed: compares the texts and gold sets. Also against the records' sample questions,
    which are indexed as views of their units."""
    from corpus.records import load_records
    from retrieval.overlap import overlap

    held = _read(held_path)
    units = [u.id for u in load_corpus().units]
    samples = [Question(q.q, (r.id,), "sample", q.lang) for r in load_records().by_id.values() for q in r.questions]
    others = [(str(p), _read(p)) for p in against] + [("the records' sample questions", samples)]
    print(f"{held_path}: {len(held)} questions")
    for name, questions in others:
        print("\n".join(overlap(held, questions, name, units).lines(show)))
    return 0


def _fit(settings: RetrievalSettings) -> int:
    from retrieval.fit import NEGATIVES_FILE, TRAIN_FILE, VALIDATION_FILE, fit_models, format_weights
    from retrieval.fitted import MODEL_PATH, FittedModels, save_models

    train = read_questions(TRAIN_FILE.read_text(encoding="utf-8").splitlines(), str(TRAIN_FILE))
    negatives = read_questions(NEGATIVES_FILE.read_text(encoding="utf-8").splitlines(), str(NEGATIVES_FILE))
    validation = _read(VALIDATION_FILE) if VALIDATION_FILE.exists() else None
    service = SearchService.open(settings, models=FittedModels.untrained())
    try:
        models = fit_models(service, train, negatives, validation)
    finally:
        service.close()
    save_models(models)
    print(format_weights(models))
    print(f"written to {MODEL_PATH.name}")
    return 0


def _eval(settings: RetrievalSettings, args: argparse.Namespace) -> int:
    questions = read_questions(args.file.read_text(encoding="utf-8").splitlines(), str(args.file))
    service = SearchService.open(settings)
    corpus, report = service.corpus, Report(strict=args.strict)
    checked = failed = 0
    rows = []
    for question in questions:
        result = service.search(question.q, k=10)
        ids = [hit.unit.id for hit in result.hits]
        report.add(question, ids, result.answerable)
        for hit in result.hits:
            checked += 1
            failed += layout_free(hit.unit.text) not in layout_free(corpus.sources[hit.unit.source])
        rows.append(
            {
                "query": question.q,
                "answerable": result.answerable,
                "hits": [{"id": h.unit.id, "text": h.unit.text} for h in result.hits[:10]],
            }
        )
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{args.file}: {len(questions)} questions")
    print(format_report(report, checked, failed))
    if args.report:
        print("\nMisses (wrong first hit, wrong abstention):")
        print(format_misses(report))
    return 0
