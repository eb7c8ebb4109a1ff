"""The report of `python -m generator locate`: counts by reason, then every place that was not
given a township point with what was tried, for a person to review (stdout and Markdown)."""
from __future__ import annotations

from collections import Counter

from generator.tools.township_match import chinese_name

ORDER = ("matched", "unchanged", "ambiguous", "outside", "no-candidate", "no-township", "no-boundary",
         "no-division", "kept-person")


def _reasons():
    from generator.tools.locate import REASONS

    return REASONS


def _cand(c, r) -> str:
    han = chinese_name(c, r.words)
    tag = "中文名" if r.how.get(c.id) == "name" else "拼音"
    return f"{c.name} {han} (geonameid {c.id}, {c.lat:.5f},{c.lon:.5f}, {tag})".replace("  ", " ")


def _detail(d) -> str:
    r = d.result
    words = "、".join(r.words) if r else ""
    if d.reason in ("matched", "unchanged"):
        km = f", {d.km_from_division_point} km from the division point" if d.km_from_division_point is not None else ""
        return f"{words} → {_cand(r.match, r)} in {d.division} {d.division_name}{km}"
    if d.reason == "ambiguous":
        return f"{words}: " + "; ".join(_cand(c, r) for c in r.inside) + f" all in {d.division} {d.division_name}"
    if d.reason == "outside":
        outs = "; ".join(f"{_cand(c, r)} in {'/'.join(codes) or 'no division'}" for c, codes in r.outside[:5])
        more = f" (+{len(r.outside) - 5} more)" if len(r.outside) > 5 else ""
        return f"{words}: none in {d.division} {d.division_name}; {outs}{more}"
    if d.reason == "no-candidate":
        return f"tried {words}"
    if d.reason == "kept-person":
        return "the record's point stays"
    return ""


def _earlier(d) -> str:
    if d.owner == "locate" and d.reason not in ("matched", "unchanged"):
        return " [记录中此前的乡镇点保留，请复核 the earlier township point stays: review it]"
    return ""


def counts(decisions) -> Counter:
    return Counter(d.reason for d in decisions)


def text(decisions, changed: int, dry_run: bool) -> str:
    reasons = _reasons()
    c = counts(decisions)
    lines = [f"locate: {len(decisions)} 个地点 (places)"]
    lines += [f"  {c[k]:4d}  {reasons[k]}" for k in ORDER if c[k]]
    lines.append(f"  {'未写入 (dry run)' if dry_run else f'已写入 {changed} 个记录 (records written)'}")
    for key in ORDER:
        items = [d for d in decisions if d.reason == key]
        if not items or key in ("kept-person",):
            continue
        lines.append(f"\n{reasons[key]}:")
        lines += [f"  {d.slug} {d.name}: {_detail(d)}{_earlier(d)}".rstrip(": ") for d in items]
    return "\n".join(lines)


def _md(cell: str) -> str:
    return str(cell).replace("|", "\\|").replace("\n", " ")


def markdown(decisions, changed: int, dry_run: bool) -> str:
    reasons = _reasons()
    c = counts(decisions)
    out = ["# 乡镇定位报告 Township location report", "",
           "`python -m generator locate`: GeoNames candidates checked against county boundaries; "
           "a point is written only where exactly one candidate lies inside the place's own division.", "",
           "| 结果 Outcome | 地点 Places |", "| --- | ---: |"]
    out += [f"| {reasons[k]} | {c[k]} |" for k in ORDER if c[k]]
    out += [f"| **合计 Total** | **{len(decisions)}** |", "",
            "未写入任何记录 (dry run: nothing written)." if dry_run else f"已写入 {changed} 个记录 (records written).", ""]
    for key in ORDER:
        items = [d for d in decisions if d.reason == key]
        if not items:
            continue
        out += [f"## {reasons[key]} ({len(items)})", "", "| 地点 Place | 文件 File | 详情 Detail |", "| --- | --- | --- |"]
        out += [f"| {_md(d.name)} | `{d.file}` | {_md(_detail(d) + _earlier(d))} |" for d in items]
        out.append("")
    return "\n".join(out)
