"""Command line: `python -m generator validate|new|diff|locate|import-list|import-facts` (the site is built by MkDocs: `make site`)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _validate(args) -> int:
    from generator.records.catalog import expand, load_catalog

    root = Path(args.root).resolve()
    paths = [Path(p) for p in args.paths]
    missing = [p for p in paths if not p.exists()]
    for p in missing:
        print(f"{p}:1:1: 文件不存在 (no such file)", file=sys.stderr)
    cat = load_catalog(root, extra=[p for p in paths if p.exists()])
    problems = cat.problems
    if paths:
        wanted = {f.resolve() for f in expand([p for p in paths if p.exists()])}
        problems = [p for p in problems if (root / p.file).resolve() in wanted or Path(p.file).resolve() in wanted]
    for problem in problems:
        print(problem)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        from generator.tools.annotations import github_error_lines

        for line in github_error_lines(problems):
            print(line)
    if args.summary:
        from generator.tools.annotations import problems_markdown

        with open(args.summary, "a", encoding="utf-8") as fh:
            fh.write(problems_markdown(problems))
    checked = len(expand(paths)) if paths else len(cat.towns)
    if problems or missing:
        print(f"{len(problems) + len(missing)} 个错误 (errors) in {checked} 个记录 (records)", file=sys.stderr)
        return 1
    print(f"全部通过 (all valid): {checked} 个记录 (records)", file=sys.stderr)
    return 0


def _new(args, rest: list[str]) -> int:
    from generator.tools.scaffold import interactive_new

    return interactive_new(rest, sys.stdin, root=Path(args.root))


def _diff(args) -> int:
    from generator.tools.annotations import changes_markdown
    from generator.tools.changes import NoBase, changes_since

    try:
        changes = changes_since(Path(args.root).resolve(), args.base)
    except NoBase as exc:
        print(exc, file=sys.stderr)
        return 1
    for c in changes:
        print(f"{c['slug']}: {c['field']}: {c['before']} -> {c['after']}")
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as fh:
            fh.write(changes_markdown(changes))
    return 0


def _locate(args) -> int:
    from generator.tools.locate import run

    return run(Path(args.root).resolve(), dry_run=args.dry_run, report=Path(args.report) if args.report else None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="小镇名录 generator")
    parser.add_argument("--root", default=str(ROOT), help="repository root (records, policies)")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check records: file:line:col: field: message")
    v.add_argument("paths", nargs="*", help="town files or folders (default: all of towns/)")
    v.add_argument("--summary", help="append a Markdown report to this file (GitHub job summary)")
    v.set_defaults(func=_validate)
    sub.add_parser("new", help="scaffold a town record (--province --name --programme --batch)", add_help=False)
    d = sub.add_parser("diff", help="towns whose status or criteria change against a git revision")
    d.add_argument("--base", default="origin/main")
    d.add_argument("--summary", help="append a Markdown table to this file (GitHub job summary)")
    d.set_defaults(func=_diff)
    lo = sub.add_parser("locate", help="township points from GeoNames, checked against county boundaries")
    lo.add_argument("--dry-run", action="store_true", help="report only; write no record")
    lo.add_argument("--report", help="also write the report to this Markdown file")
    lo.set_defaults(func=_locate)
    from generator.tools import import_facts, import_list

    il = sub.add_parser("import-list", help="a published list (CSV or XLSX) into policies/lists/ and towns/")
    import_list.add_arguments(il)
    il.set_defaults(func=import_list.run)
    fa = sub.add_parser("import-facts", help="sourced facts (CSV, one row each) into the place records")
    import_facts.add_arguments(fa)
    fa.set_defaults(func=import_facts.run)
    args, rest = parser.parse_known_args(argv)
    if args.command == "new":
        return _new(args, rest)
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    return args.func(args)
