"""`python -m generator import-facts FILE.csv`: sourced facts, one row each, into the place records.

The columns are those of the research tables (slug, field, value, unit, name, kind, level,
as_of, scope, scope_note, source_url, source_title, source_date, publisher, mirror, note).
`facts_vocab.yml` says where each field goes (fact_targets.py does the writing). Every fact
keeps its source, date or period, scope and repost mark, and its qualifier (约, 多, 以上 …).
A fact we already hold is left alone; one that says something else for the same field and
date is reported as a conflict (冲突) and not written. A row for an unknown place or field is
an error, and then nothing is written.
"""
from __future__ import annotations

import argparse
import copy
import csv
import io
import re
from collections import Counter
from pathlib import Path

from generator.records.load import load_file
from generator.records.catalog import load_catalog
from generator.records.writer import dump_record
from generator.tools import fact_targets, importing

COLUMNS = ("slug", "field", "value", "unit", "name", "kind", "level", "as_of", "scope", "scope_note", "source_url",
           "source_title", "source_date", "publisher", "mirror", "note")
_URL = re.compile(r"^https?://[^\s<>\"']+$")
OUTCOMES = {"added": "新增 added", "unchanged": "已有 unchanged", "filled": "补充来源 source filled",
            "conflict": "冲突 conflicts", "text": "按文字收录 kept as text"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="CSV (UTF-8) with the columns " + ",".join(COLUMNS))
    p.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    p.add_argument("--report", help="write the report as Markdown to this file")


def _read(path: Path, shown: str) -> tuple[list[dict], list[str]]:
    if not path.is_file():
        return [], [f"{shown}:1: 文件不存在 (no such file)"]
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [f"{shown}:1: 文件不是UTF-8编码 (the file is not UTF-8: save it as UTF-8)"]
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("slug", "field", "value", "source_url") if c not in (reader.fieldnames or [])]
    if missing:
        return [], [f"{shown}:1: 缺少列 {', '.join(missing)} (missing columns; expected {','.join(COLUMNS)})"]
    rows = []
    for row in reader:
        row = {k: (row.get(k) or "").strip() for k in COLUMNS}
        row["_line"] = reader.line_num
        rows.append(row)
    return rows, []


def _errors(rows: list[dict], cat, shown: str) -> list[str]:
    out = []
    fields = fact_targets.vocab()["fields"]
    for r in rows:
        at = f"{shown}:{r['_line']}:"
        town = cat.town(r["slug"])
        if town is None:
            why = "记录未通过校验 (the record does not validate)" if r["slug"] in cat.invalid_slugs else \
                "没有此 slug 的地点 (no place with this slug)"
            out.append(f"{at} 未知的地点 {r['slug']!r}：{why}")
            continue
        if r["field"] not in fields:
            out.append(f"{at} 未知的字段 {r['field']!r}，可用 {', '.join(fields)} (unknown field)")
            continue
        if not _URL.match(r["source_url"]):
            out.append(f"{at} source_url {r['source_url']!r} 应为网址 (the source must be a web address)")
        if r["scope"] not in ("", "town", "park", "wider"):
            out.append(f"{at} scope {r['scope']!r} 应为 town、park 或 wider (unknown scope)")
        if r["mirror"].lower() not in ("", "true", "false"):
            out.append(f"{at} mirror {r['mirror']!r} 应为 true 或 false")
        if not (r["value"] or r["name"]):
            out.append(f"{at} value 和 name 都为空 (the row states nothing)")
        problem = fact_targets.problem(r, town, cat)
        if problem:
            out.append(f"{at} {problem}")
    return out


def run(args) -> int:
    root = Path(args.root).resolve()
    shown = args.file
    cat = load_catalog(root)
    rows, errors = _read(Path(args.file), shown)
    errors += _errors(rows, cat, shown)
    if errors:
        return importing.fail(errors)
    changes = importing.Changes(root)
    records: dict[str, tuple[str, dict]] = {}
    originals: dict[str, dict] = {}
    outcomes: list[tuple[dict, str, str]] = []  # (row, outcome, detail)
    for r in rows:
        if r["slug"] not in records:
            town = cat.town(r["slug"])
            originals[r["slug"]] = load_file(root / town.file).data
            records[r["slug"]] = (town.file, copy.deepcopy(originals[r["slug"]]))
        path, rec = records[r["slug"]]
        outcome, detail = fact_targets.apply(r, rec, cat)
        outcomes.append((r, outcome, detail))
        if outcome in ("added", "filled", "text"):
            fact_targets.add_source(rec, r)
        if rec != originals[r["slug"]]:  # a record the import does not change keeps its layout
            changes.put(path, dump_record(rec), r["_line"])
    problems = importing.check(changes, cat)
    report = _report(shown, rows, outcomes, changes)
    if problems:
        print(report.text(), end="")
        return importing.fail([f"{shown}: 导入后的文件不能通过校验 (the result would not validate):"] + problems)
    written = [] if args.dry_run else importing.write(changes)
    report.summary.append(("写入文件 files written", f"{len(written)}" + ("（试运行 dry run）" if args.dry_run else "")))
    print(report.text(), end="")
    if args.report:
        Path(args.report).write_text(report.markdown(), encoding="utf-8")
    return 0


def _report(shown: str, rows, outcomes, changes) -> importing.Report:
    report = importing.Report(f"导入事实 Import of facts from {shown}")
    kinds = Counter(o for _, o, _ in outcomes)
    report.summary.append(("行数 rows", len(rows)))
    report.summary.append(("地点 places", len({r["slug"] for r in rows})))
    for key, label in OUTCOMES.items():
        report.summary.append((label, kinds[key]))
    report.summary.append(("改动的记录 records changed", len(changes.changed())))
    by_field: dict[str, Counter] = {}
    for r, o, _ in outcomes:
        by_field.setdefault(r["field"], Counter())[o] += 1
    report.add("按字段 By field", ["字段 field", *OUTCOMES.values()],
               [[f, *(c[k] for k in OUTCOMES)] for f, c in sorted(by_field.items())])
    report.add("冲突（未改动，请核对）Conflicts (held value kept; check them)",
               ["行 row", "地点 place", "字段 field", "已有 held", "表格 table"],
               [[r["_line"], r["slug"], r["field"], *detail] for r, o, detail in outcomes if o == "conflict"])
    return report
