"""Charts drawn at build time as SVG files (pygal 3.1.3), each beside a table of its numbers.

pygal rather than Altair + vl-convert: pure Python, ~1 MB installed, no browser engine, and an
SVG of a few kilobytes. Its inline config <script> is removed (an <img> never runs one anyway), no
JavaScript is referenced (js=[]) and no web font (the style names system fonts only). Colours and
words come from labels.yml (lifecycle owns the statuses). The data functions are pure, so the
unit tests recompute their counts from the records.
"""
from __future__ import annotations

from collections import Counter, defaultdict

import pygal
from pygal.style import Style

from generator.derive import lifecycle

ORDER = (*lifecycle.STATUSES, "unknown")  # named, assessed, candidate, withdrawn, unknown
FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'


def status_series(labels: dict) -> list[dict]:
    return [{"code": s, "zh": labels["status"][s]["zh"], "en": labels["status"][s]["en"],
             "colour": labels["status"][s]["colour"]} for s in ORDER]


def province_status(cat) -> dict:
    """Places per province by status (a place's status: its furthest designation's)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for t in cat.towns:
        counts[t.record["province"]][t.status or "unknown"] += 1
    rows = sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    return {"categories": [p for p, _ in rows], "series": status_series(cat.labels),
            "values": {s: [c[s] for _, c in rows] for s in ORDER}, "totals": [sum(c.values()) for _, c in rows]}


def programme_lists(cat, pid: str) -> dict:
    """Each list of a programme (by date): its members, by what became of them since: the status
    of the member's designation in this programme today."""
    lists = sorted((x for x in cat.lists.values() if x.programme == pid), key=lambda x: (x.date, x.batch, x.id))
    values = {s: [] for s in ORDER}
    for lst in lists:
        c = Counter()
        for m in lst.members:
            t = cat.town(m["town"])
            d = t.designation(pid) if t else None
            c[(d.status if d else None) or "unknown"] += 1
        for s in ORDER:
            values[s].append(c[s])
    names: list[str] = []
    for x in lists:
        name = f"{x.date[:4]} 第{x.batch}批"
        names.append(name if name not in names else f"{name}（{sum(1 for n in names if n.startswith(name)) + 1}）")
    return {"categories": names,
            "titles": [x.title for x in lists], "series": status_series(cat.labels), "values": values,
            "totals": [len(x.members) for x in lists]}


def coverage_held(rows: list[dict]) -> dict:
    """Held vs announced per programme batch (pages.coverage's rows); announced None: not known."""
    rows = [r for r in rows if r["lists"]]
    return {"categories": [f"{r['programme'].label} 第{r['batch']}批" for r in rows],
            "held": [r["held"] for r in rows], "announced": [r["announced_total"] for r in rows]}


def _style(colours) -> Style:
    return Style(background="transparent", plot_background="transparent", foreground="#333", foreground_strong="#111",
                 foreground_subtle="#767676", colors=tuple(colours), font_family=FONT, label_font_size=11,
                 major_label_font_size=11, legend_font_size=12, title_font_size=14, value_font_size=10,
                 tooltip_font_size=12)


def _svg(chart) -> str:
    """The chart as standalone SVG text with no script and no build-date comment in it."""
    tree = chart.render_tree()
    for defs in [e for e in tree.iter() if isinstance(e.tag, str) and e.tag.rsplit("}", 1)[-1] == "defs"]:
        for script in [e for e in defs if isinstance(e.tag, str) and e.tag.rsplit("}", 1)[-1] == "script"]:
            defs.remove(script)
    for node in list(tree):
        if not isinstance(node.tag, str):  # comments: pygal's name and the build date
            tree.remove(node)
    from xml.etree import ElementTree as ET
    uid = tree.get("id", "")[len("chart-"):]  # random per render: replaced, so that builds are reproducible
    text = ET.tostring(tree, encoding="unicode")
    return text.replace(uid, "tb") if uid else text


def _left(labels) -> int:
    """Room on the left for the category labels: pygal sizes them as Latin text (0.6 em a character);
    a Chinese character is a full em, so without this the longest names (新疆维吾尔自治区) are cut."""
    return 20 + 5 * max((len(str(x)) for x in labels), default=0)


def _common(**kw):
    return dict(js=[], disable_xml_declaration=False, legend_at_bottom=True, legend_at_bottom_columns=3,
                print_values=False, show_minor_x_labels=True, truncate_label=-1, truncate_legend=-1,
                explicit_size=True, width=WIDTH, **kw)


WIDTH = 720  # every chart's width in px; its height grows with its bars


def chart_height(bars: int, per_bar: int) -> int:
    """The drawn height, so the page reserves the image's box before it loads (no layout shift)."""
    return 140 + per_bar * bars


def stacked_status_svg(data: dict, title: str, per_bar: int = 22) -> str:
    height = chart_height(len(data["categories"]), per_bar)
    chart = pygal.HorizontalStackedBar(**_common(height=height, title=title, margin_left=_left(data["categories"])),
                                       style=_style(s["colour"] for s in data["series"]))
    # pygal draws the first category at the bottom: reversed, the chart reads top-down like its table
    chart.x_labels = data["categories"][::-1]
    for s in data["series"]:
        chart.add(f"{s['zh']} {s['en']}", [v or None for v in data["values"][s["code"]][::-1]])
    return _svg(chart)


def coverage_svg(data: dict, title: str) -> str:
    height = chart_height(len(data["categories"]), 30)
    chart = pygal.HorizontalBar(**_common(height=height, title=title, margin_left=_left(data["categories"])), style=_style(["#0072B2", "#BBBBBB"]))
    chart.x_labels = data["categories"][::-1]
    chart.add("已收录 Held", data["held"][::-1])
    chart.add("公布 Announced", data["announced"][::-1])
    return _svg(chart)


def _status_table(data: dict) -> dict:
    head = ["", *[f"{s['zh']} {s['en']}" for s in data["series"]], "合计 Total"]
    rows = [[c, *[data["values"][s["code"]][i] for s in data["series"]], data["totals"][i]]
            for i, c in enumerate(data["categories"])]
    return {"head": head, "rows": rows}


def view(path: str, src: str, zh: str, en: str, table: dict, height: int) -> dict:
    """What a page shows of one chart: the SVG file and its size, its caption, and its numbers as a table."""
    return {"path": path, "src": src, "zh": zh, "en": en, "width": WIDTH, "height": height, **table}


def home_chart(cat, urls, path: str) -> tuple[str, dict]:
    data = province_status(cat)
    svg = stacked_status_svg(data, "各省小镇数量（按状态） Places per province by status")
    return svg, view(path, urls.path(path), "各省小镇数量（按状态）", "Places per province by status", _status_table(data),
                     chart_height(len(data["categories"]), 22))


def programme_chart(cat, pid: str, urls, path: str) -> tuple[str, dict] | None:
    data = programme_lists(cat, pid)
    if not data["categories"]:
        return None
    svg = stacked_status_svg(data, "各批名单成员的现状 What became of each list's members", per_bar=30)
    return svg, view(path, urls.path(path), "各批名单成员的现状（按列入年份）",
                     "Each list by year: what became of its members (their status in this programme today)",
                     _status_table(data), chart_height(len(data["categories"]), 30))


def coverage_chart(rows: list[dict], urls, path: str) -> tuple[str, dict]:
    data = coverage_held(rows)
    svg = coverage_svg(data, "已收录与公布的名单成员 Members held vs announced")
    table = {"head": ["", "已收录 Held", "公布 Announced"],
             "rows": [[c, h, "未知 unknown" if a is None else a]
                      for c, h, a in zip(data["categories"], data["held"], data["announced"])]}
    return svg, view(path, urls.path(path), "已收录与公布的名单成员（按批次）", "Members held vs announced, per batch", table,
                     chart_height(len(data["categories"]), 30))
