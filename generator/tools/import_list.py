"""`python -m generator import-list TABLE …`: a published list, as its annex gives it, into
policies/lists/ and towns/.

Each row is matched to a place we hold (tools/matching.py says how and the report names the
rule) or becomes a new place; an uncertain match is listed, never written. A table with a
grade column (等级) is an assessment notice: its grades become dated events on the matched
designations and no list is written. The import only adds: a value already held is never
changed, so a re-run changes nothing and a hand edit survives it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path

from generator.records.catalog import load_catalog
from generator.tools import importing, list_records, matching
from generator.tools.list_records import GRADE_EVENTS
from generator.tools.scaffold import province_code, provinces
from generator.tools.sheets import TableError, read_table

ALIASES = {
    "name": ("名称", "小镇名称", "特色小镇名称", "镇名", "名单名称", "name_as_published", "name", "小镇", "town"),
    "position": ("序号", "编号", "排序", "position", "seq", "no"),
    "province": ("省份", "省", "省区市", "province"),
    "city": ("市", "地市", "地级市", "设区市", "所在市", "city"),
    "county": ("县（区）", "县(区)", "县区", "县（市、区）", "县(市、区)", "县（市区）", "县", "区", "所在县区", "county"),
    "code": ("区划代码", "行政区划代码", "adcode", "code"),
    "category": ("类别", "类型", "category"),
    "lead_industry": ("主导产业", "特色产业", "产业", "lead_industry", "industry"),
    "grade": ("等级", "等次", "考核等次", "考核结果", "grade"),
    "year": ("考核年度", "年度", "year"),
    "source": ("来源", "来源网址", "网址", "source", "source_url", "url"),
    "mirror": ("转载", "mirror"),
    "note": ("备注", "说明", "note"),
}
_URL = re.compile(r"^https?://[^\s<>\"']+$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_YES = {"true", "yes", "是", "y", "1", "转载"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("table", help="CSV (UTF-8) or XLSX file of the list as published")
    p.add_argument("--programme", required=True, help="programme id (policies/programmes/<id>.yml)")
    p.add_argument("--batch", type=int, help="batch number")
    p.add_argument("--kind", choices=("listing", "naming"), help="listing: candidates; naming: named towns")
    p.add_argument("--date", required=True, help="date of the notice, YYYY-MM-DD")
    p.add_argument("--date-precision", choices=("day", "month", "year", "unknown"), default="day",
                   help="how much of --date the source gives (default day)")
    p.add_argument("--title", required=True, help="title of the list as published")
    p.add_argument("--issuer", required=True, help="who issued it")
    p.add_argument("--document", help="document number, e.g. 浙发改〔2016〕1号")
    p.add_argument("--source", required=True, help="web address of the notice or its annex")
    p.add_argument("--source-title", help="title of the source page, where it differs from --title")
    p.add_argument("--mirror", action="store_true", help="the source is a repost or mirror")
    p.add_argument("--announced", type=int, help="how many members the notice announced")
    p.add_argument("--incomplete", action="store_true", help="the table holds only part of the list")
    p.add_argument("--note", help="note for the list page (what was held back and why)")
    p.add_argument("--list", dest="list_id", help="list id (default: the held list of this programme, batch and "
                                                    "kind, else <programme>-<year>-batch<N>)")
    p.add_argument("--match", action="append", default=[], metavar="ROW=slug",
                   help="settle an uncertain row: ROW=slug, or ROW=new for a new place")
    p.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    p.add_argument("--report", help="write the report as Markdown to this file")


def _option_errors(args, cat, shown: str) -> list[str]:
    at = f"{shown}:1:1:"
    out = []
    if args.programme not in cat.programmes:
        out.append(f"{at} 计划 {args.programme} 不存在：先在 policies/programmes/ 建立计划文件 (no programme "
                   f"{args.programme}; known: {', '.join(sorted(cat.programmes))})")
    try:
        if not _DATE.match(args.date):
            raise ValueError
        dt.date.fromisoformat(args.date)
    except ValueError:
        out.append(f"{at} --date {args.date!r} 不是日期，应为 YYYY-MM-DD (not a date: use YYYY-MM-DD)")
    if not _URL.match(args.source):
        out.append(f"{at} --source {args.source!r} 应为 http:// 或 https:// 网址 (must be a web address)")
    if args.batch is not None and not 1 <= args.batch <= 50:
        out.append(f"{at} --batch 应为 1–50 (the batch must be 1-50)")
    for m in args.match:
        row, _, slug = m.partition("=")
        if not row.isdigit() or not slug or (slug != "new" and cat.town(slug) is None):
            out.append(f"{at} --match {m!r} 应为 行号=slug 或 行号=new，slug 须为已有地点 (use ROW=slug of a held place, "
                       f"or ROW=new)")
    return out


def _row_errors(table, args, cat, programme) -> tuple[list[str], list[dict]]:
    """Located errors, and each good row as {number, name, prefix, division, …}."""
    errors, rows, seen = [], [], {}
    default_province = (programme.data.get("province") if programme else None) or ""
    grades = "grade" in table.columns
    for row in table.rows:
        def err(key, message):
            errors.append(f"{table.path}:{row.number}:{row.cols.get(key, 1)}: {message}")
        name = row.get("name")
        if not name:
            err("name", f"名称为空 (empty name in column {table.headers['name']})")
            continue
        code = province_code(row.get("province") or default_province) if (row.get("province") or default_province) else None
        if code is None:
            err("province", f"省份 {row.get('province')!r} 无法识别；请加省份列 (unknown or missing province)")
            continue
        prefix = provinces()[code]["adcode_prefix"]
        try:
            division = matching.resolve(prefix, row.get("city"), row.get("county"))
        except matching.UnknownDivision as exc:
            key = "city" if exc.level == "city" else "county"
            what = "地级市" if exc.level == "city" else "县区"
            err(key, f"未知的{what} {exc.text!r}：不在{provinces()[code]['name']}的行政区划中 (unknown {exc.level} "
                     f"in this province; write today's name or the name as printed)")
            continue
        if row.get("code") and division.code and not (division.code == row.get("code")[:6]):
            err("code", f"区划代码 {row.get('code')} 与县区 {division.county or division.city} 不符 (the division code "
                        f"does not match the county)")
            continue
        if not division.code and row.get("code"):
            found = matching.gazetteer.lookup(row.get("code")[:6])
            if found is None or not found.adcode.startswith(prefix):
                err("code", f"未知的区划代码 {row.get('code')} (unknown division code)")
                continue
            division = matching.resolve(prefix, None, found.name) if found.level == "county" else \
                matching.Division(found.adcode, "city", found.name)
        if not division.code:
            division = matching.from_prefix(prefix, name)
        position = row.get("position")
        if position and not position.isdigit():
            err("position", f"序号 {position!r} 应为整数 (the position must be a whole number)")
            continue
        source = row.get("source")
        if source and not _URL.match(source):
            err("source", f"来源 {source!r} 应为网址 (the source must be a web address)")
            continue
        grade = row.get("grade")
        if grades and grade not in GRADE_EVENTS:
            err("grade", f"等级 {grade!r} 应为 {'、'.join(GRADE_EVENTS)} 之一 (unknown grade)")
            continue
        year = row.get("year")
        if grades and year and not (year.isdigit() and 2000 <= int(year) <= 2100):
            err("year", f"考核年度 {year!r} 应为年份 (the year assessed must be a year)")
            continue
        key = (prefix, matching.normalise(name, prefix), division.code or row.get("county"))
        if key in seen:
            err("name", f"与第 {seen[key]} 行重复：{name} (duplicate of row {seen[key]})")
            continue
        seen[key] = row.number
        rows.append({"number": row.number, "name": name, "prefix": prefix, "province": provinces()[code]["name"],
                     "folder": code, "division": division, "county_text": row.get("county") or None,
                     "city_text": row.get("city") or None,
                     "position": int(position) if position else None, "category": row.get("category") or None,
                     "lead_industry": row.get("lead_industry") or None, "source": source or None,
                     "mirror": row.get("mirror").lower() in _YES if row.get("mirror") else None,
                     "note": row.get("note") or None, "grade": grade or None,
                     "year": int(year) if grades and year else None})
    if "name" in table.columns and not grades and (args.batch is None or args.kind is None):
        errors.append(f"{table.path}:1:1: 名单需要 --batch 和 --kind (a list needs --batch and --kind)")
    return errors, rows


def run(args) -> int:
    root = Path(args.root).resolve()
    shown = args.table
    cat = load_catalog(root)
    errors = _option_errors(args, cat, shown)
    try:
        table = read_table(Path(args.table), shown, ALIASES, "name")
    except TableError as exc:
        return importing.fail(errors + [f"{shown}:{exc.row}:{exc.col}: {exc.message}"])
    programme = cat.programmes.get(args.programme)
    row_errors, rows = _row_errors(table, args, cat, programme)
    errors += row_errors
    if errors:
        return importing.fail(errors)
    manual = {int(r): s for r, _, s in (m.partition("=") for m in args.match)}
    build = list_records.Build(root, cat, args, programme, grades="grade" in table.columns)
    for row in rows:
        build.row(row, manual.get(row["number"]))
    build.finish()
    problems = importing.check(build.changes, cat)
    report = build.report(shown, table)
    if problems:
        print(report.text(), end="")
        return importing.fail([f"{shown}: 导入后的文件不能通过校验 (the result would not validate):"] + problems)
    written = [] if args.dry_run else importing.write(build.changes)
    report.summary.append(("写入文件 files written", f"{len(written)}" + ("（试运行 dry run）" if args.dry_run else "")))
    print(report.text(), end="")
    if args.report:
        Path(args.report).write_text(report.markdown(), encoding="utf-8")
    return 0

