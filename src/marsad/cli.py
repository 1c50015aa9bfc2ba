"""`marsad`: a thin command-line shell over `marsad.analyze` and the store."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import re
import sys
from pathlib import Path

from marsad import __version__

DEFAULT_DB = "marsad.db"
TRAINERS = {"ner": "marsad.entities.train"}


def _iso_date(value: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {value!r}")
    return value


def _add_input_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", help="files or directories (.txt .html .jsonl .rss/.atom)")
    p.add_argument("--db", default=DEFAULT_DB, help=f"SQLite store (default: {DEFAULT_DB})")
    p.add_argument(
        "--published",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="publication date for inputs that carry none",
    )
    p.add_argument("--jobs", type=int, default=1, help="worker processes for per-article stages")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marsad",
        description="Marsad (مرصد): turn a pile of Arabic news articles into story briefs.",
    )
    parser.add_argument("--version", action="version", version=f"marsad {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p_add = sub.add_parser("add", help="ingest, clean and annotate inputs into the store")
    _add_input_args(p_add)

    p_an = sub.add_parser(
        "analyze", help="add inputs, analyse them and write report.json/.md/.html"
    )
    _add_input_args(p_an)
    p_an.add_argument("--out", required=True, type=Path, help="directory for the reports")

    p_serve = sub.add_parser(
        "serve", help="web app and HTTP API over the store (http://127.0.0.1:8000 by default)"
    )
    p_serve.add_argument("--db", default=DEFAULT_DB, help=f"SQLite store (default: {DEFAULT_DB})")
    p_serve.add_argument("--host", default="127.0.0.1", help="address (default: loopback only)")
    p_serve.add_argument("--port", type=int, default=8000)
    p_serve.add_argument(
        "--token",
        help="bearer token required by write endpoints (env MARSAD_TOKEN); "
        "mandatory on a non-loopback address",
    )
    p_serve.add_argument(
        "paths", nargs="*", help="inputs to analyse into the store before serving (optional)"
    )

    p_eval = sub.add_parser("eval", help="measure accuracy on real data")
    from marsad.eval import EVALUATORS

    _add_module_commands(p_eval, "evaluator", "NAME", EVALUATORS)
    p_train = sub.add_parser("train", help="train a model from ../shared/data")
    _add_module_commands(p_train, "model", "MODEL", TRAINERS)
    return parser


def _add_module_commands(
    parent: argparse.ArgumentParser, dest: str, metavar: str, registry: dict[str, str]
) -> None:
    """One subcommand per module of `registry`; each module brings add_arguments and run."""
    sub = parent.add_subparsers(dest=dest, required=True, metavar=metavar)
    for name, module in registry.items():
        if importlib.util.find_spec(module) is None:
            continue
        mod = importlib.import_module(module)
        p = sub.add_parser(name, help=(mod.__doc__ or "").strip().split("\n")[0])
        mod.add_arguments(p)
        p.set_defaults(module=mod)


def _progress(quiet: bool):
    """A callback ticking a stderr progress bar per ingested item (silent with --quiet)."""
    if quiet:
        return None, None
    from tqdm import tqdm

    # disable=None: a bar on a terminal only, never in logs or pipes.
    bar = tqdm(unit=" art", desc="marsad", file=sys.stderr, mininterval=0.5, disable=None)

    def tick(item: object) -> None:
        bar.update(1)

    return tick, bar


def _run_inputs(args: argparse.Namespace, write_reports: bool) -> int:
    from marsad.pipeline import analyze
    from marsad.store.sqlite import Store

    missing = [p for p in args.paths if not Path(p).exists()]
    for p in missing:
        print(f"marsad: {p}: no such file or directory", file=sys.stderr)
    tick, bar = _progress(args.quiet)
    with Store(args.db) as store:
        if write_reports:
            report = analyze(args.paths, store, published=args.published, jobs=args.jobs,
                             on_article=tick)  # fmt: skip
        else:
            from marsad.pipeline import add

            report = add(args.paths, store, published=args.published, jobs=args.jobs,
                         on_article=tick)  # fmt: skip
    if bar is not None:
        bar.close()
    for err in report.errors:
        print(f"marsad: {err.path}: {err.reason}", file=sys.stderr)
    if write_reports:
        from marsad.render import write_reports as write_all

        paths = write_all(report, args.out)
    if not args.quiet:
        print(
            f"{len(report.article_ids)} articles ({report.added} added, {report.unchanged} unchanged), "
            f"{len(report.stories)} stories, {len(report.errors)} errors; store: {args.db}"
        )
        if write_reports:
            print("report: " + "  ".join(str(p) for p in paths))
    return 0 if report.article_ids else 1


def _serve(args: argparse.Namespace) -> int:
    from marsad.web.app import serve

    if args.paths:
        from marsad.pipeline import analyze
        from marsad.store.sqlite import Store

        with Store(args.db) as store:
            report = analyze(args.paths, store)
        for err in report.errors:
            print(f"marsad: {err.path}: {err.reason}", file=sys.stderr)
    print(f"marsad: serving {args.db} on http://{args.host}:{args.port}/", file=sys.stderr)
    serve(args.db, host=args.host, port=args.port, token=args.token)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "add":
        return _run_inputs(args, write_reports=False)
    if args.command == "analyze":
        return _run_inputs(args, write_reports=True)
    if args.command == "serve":
        return _serve(args)
    return int(args.module.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
