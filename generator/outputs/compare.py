"""The 对比 compare page and what it reads: one small file per place (data/compare/{slug}.json)
with what a side-by-side view shows, already worded here (facts.fact_rows, rows.py), so the
script only places text; and the directory's CSV lines (data/directory-csv.json), the very lines
of towns.csv in directory.json's order, so that a filtered download is towns.csv's rows."""
from __future__ import annotations

from collections import defaultdict

from generator.outputs.context import Context
from generator.outputs.exports import TOWN_FIELDS, town_lines
from generator.outputs.facts import fact_rows
from generator.outputs.files import Generated, csv_lines, dumps
from generator.outputs.urls import SITE

MAX_TOWNS = 4  # side by side, still readable at 375 px as stacked cards


def _fact_text(f: dict) -> str:
    texts = [f["text"]] if "text" in f else [e["text"] for e in f.get("entries", [])]
    return "；".join(texts)


def _scope(f: dict) -> str | None:
    items = [f] + f.get("entries", [])
    w = next((x["wider"] for x in items if x.get("wider")), None)
    return f"{w['area']}{w['zh']} {w['en']}" if w else None


PAGE = "compare/index.md"


def compare_entry(ctx: Context, t, urls) -> dict:
    """What the compare view shows of one place, as text."""
    row = ctx.rows.place(t)
    labels = ctx.cat.labels
    facts = []
    for f in fact_rows(t.record, labels):
        facts.append({"label": f["label"], "text": None if f.get("unknown") else _fact_text(f),
                      "scope": None if f.get("unknown") else _scope(f)})
    kinds: dict[str, list[str]] = defaultdict(list)
    for p in t.platforms:
        kinds[p.kind].append(p.name)
    return {
        "name": row.name, "url": urls.town(t.slug),
        "place": " ".join(x for x in (row.province, row.city, row.county) if x),
        "designations": [{"programme": r.programme_name, "status": r.status.as_dict(), "category": r.category,
                          "decided_by": r.decided_by, "listed": r.listed,
                          "criteria": d.criteria_summary}
                         for d, r in zip(t.designations, row.designations)],
        "lead_industry": row.lead_industry,
        "facts": facts,
        "platforms": [{"kind": k, "names": v} for k, v in kinds.items()],
    }


def directory_csv(ctx: Context) -> bytes:
    """towns.csv as its header and one line per place, in directory.json's order (by slug)."""
    header, lines = csv_lines([f[0] for f in TOWN_FIELDS],
                              ([r.get(f[0]) for f in TOWN_FIELDS] for r in (ctx.town_lines if ctx.town_lines is not None else town_lines(ctx))))
    return dumps({"header": header, "lines": lines})


def generate(ctx: Context) -> list[Generated]:
    towns = sorted(ctx.cat.towns, key=lambda t: t.slug)
    urls = ctx.render.urls(PAGE)  # links as the compare page, which shows them, resolves them
    out = [Generated(SITE.data(f"compare/{t.slug}.json"), dumps(compare_entry(ctx, t, urls))) for t in towns]
    out.append(Generated(SITE.data("directory-csv.json"), directory_csv(ctx)))
    out.append(ctx.render.page(PAGE, "compare.html", max_towns=MAX_TOWNS))
    return out
