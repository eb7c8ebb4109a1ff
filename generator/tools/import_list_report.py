"""The report of an import-list run: printed, and with --report written as Markdown for a
pull request (what was matched and by which rule, what was created, what a person must
decide, what was rejected, and where the table differs from what we hold)."""
from __future__ import annotations

from collections import Counter

from generator.tools import importing, matching


def list_report(build, shown: str, table) -> importing.Report:
    a = build.args
    kinds = Counter(o["kind"] for o in build.outcomes)
    rules = Counter(o["rule"] for o in build.outcomes if o["kind"] == "matched")
    what = "考核结果" if build.grades else "名单"
    report = importing.Report(f"导入{what} Import of {shown}")
    if build.list_path:
        state = {"new": "新建 new", "updated": "更新 updated"}[build.list_state]
        if build.list_path not in build.changes.changed() and build.list_state == "updated":
            state = "无变化 unchanged"
        report.summary.append(("名单 list", f"{build.list_path}（{state}）"))
    report.summary += [
        ("计划 programme", f"{a.programme} 第 {a.batch} 批 batch" if a.batch else a.programme),
        ("表格行数 rows", len(table.rows)),
        ("已匹配 matched", f"{kinds['matched']}" + (f"（{'；'.join(f'{matching.RULES[r]} {n}' for r, n in sorted(rules.items()))}）"
                                                    if rules else "")),
        ("新建地点 created", kinds["created"]),
        ("不确定，未写入 ambiguous, not written", kinds["ambiguous"]),
        ("拒绝 rejected", kinds["rejected"]),
        ("与已有不同，保留已有 differences kept as held", len(build.differences)),
    ]
    if table.ignored:
        report.summary.append(("未使用的列 columns not used", "、".join(table.ignored)))
    report.add("不确定：请用 --match 行号=slug（或 行号=new）决定 Ambiguous: settle with --match ROW=slug (or ROW=new)",
               ["行 row", "名称 name", "候选 candidates"],
               [[o["row"]["number"], o["row"]["name"], "；".join(f"{s}：{why}" for s, why in o["candidates"])]
                for o in build.outcomes if o["kind"] == "ambiguous"])
    report.add("拒绝 Rejected", ["行 row", "名称 name", "地点 place", "原因 reason"],
               [[o["row"]["number"], o["row"]["name"], o.get("slug") or "", o["why"]]
                for o in build.outcomes if o["kind"] == "rejected"])
    report.add("新建地点 Created", ["行 row", "名称 name", "地点 place", "区划 division",
                                     "同县名称相近，请核对 similar name in the county: check"],
               [[o["row"]["number"], o["row"]["name"], o["slug"], _division(o["row"]["division"]),
                 "；".join(f"{s}（{n}）" for s, n in o.get("similar") or [])]
                for o in build.outcomes if o["kind"] == "created"])
    report.add("已匹配 Matched", ["行 row", "名称 name", "地点 place", "规则 rule"],
               [[o["row"]["number"], o["row"]["name"], o["slug"], matching.RULES[o["rule"]]]
                for o in build.outcomes if o["kind"] == "matched"])
    report.add("与已有不同（未改动）Differences (held values kept)", ["行 row", "项 field", "已有 held", "表格 table"],
               build.differences)
    return report


def _division(div: matching.Division) -> str:
    if not div.code:
        return "未知 unknown"
    text = f"{div.county or div.city}（{div.code}）"
    if div.from_prefix:
        text += f"，由名称前缀“{div.from_prefix}”推定 read from the name"
    return text
