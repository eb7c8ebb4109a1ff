"""The directory (faceted browse) and its data/directory.json, and the platforms page.

directory.json is columnar with short keys so 10,000 towns stay small: value tables once
(`v`), then one array per column holding indexes into them. directory.js reads it.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Callable

from generator.outputs.compare import MAX_TOWNS
from generator.outputs.context import Context
from generator.outputs.files import Generated, dumps
from generator.outputs.industry import sector, sectors
from generator.outputs.rows import PlaceRow
from generator.outputs.urls import SITE
from generator.records.validate import schema


@dataclass(frozen=True)
class Facet:
    """One facet of the directory: its key in the URL, its name, and the values a place has.
    `many`: a place may hold several (one per designation, or one per platform kind) and counts
    once under each."""

    key: str
    zh: str
    en: str
    values: Callable[[PlaceRow], object]
    many: bool = False


# Every facet, in the order the directory shows them and directory.json lists their columns.
FACETS = (
    Facet("province", "省份", "Province", lambda r: r.province),
    Facet("city", "地级市", "City", lambda r: r.city),
    Facet("programme", "计划", "Programme", lambda r: [d.programme for d in r.designations], many=True),
    Facet("type", "小镇类型", "Town type", lambda r: [d.town_type for d in r.designations], many=True),
    Facet("status", "状态", "Status", lambda r: [d.status.code for d in r.designations], many=True),
    Facet("batch", "批次", "Batch", lambda r: [d.batch for d in r.designations], many=True),
    Facet("year", "列入年份", "Year listed", lambda r: [int(d.listed[:4]) for d in r.designations if d.listed],
          many=True),
    # the sector (industry_sectors.yml) the printed lead industry falls in: a dozen values, not ~290
    Facet("industry", "主导产业类别", "Lead industry sector", lambda r: _sector_id(r.lead_industry)),
    Facet("kind", "平台类型", "Platform kind", lambda r: r.platform_kinds, many=True),
)


def _sector_id(printed: str | None) -> str | None:
    found = sector(printed)
    return found.id if found else None


def directory_json(ctx: Context) -> bytes:
    places = [ctx.rows.place(t) for t in sorted(ctx.cat.towns, key=lambda t: t.slug)]
    tables: dict[str, list] = {f.key: [] for f in FACETS}
    index: dict[str, dict] = {f.key: {} for f in FACETS}

    def idx(facet: str, value) -> int:
        if value is None or value == "":
            return -1
        if value not in index[facet]:
            index[facet][value] = len(tables[facet])
            tables[facet].append(value)
        return index[facet][value]

    programme_names = {}
    # One entry per designation for the columns a designation owns ("d*"), one per place for the rest.
    cols = {k: [] for k in ("slug", "name", "county", "listed", "area", "category", "dprog", "dstatus", "dcat",
                            *[f.key for f in FACETS])}
    for r in places:
        ds = r.designations
        for d in ds:
            programme_names[d.programme] = d.programme_name
        cols["slug"].append(r.slug)
        cols["name"].append(r.name)
        cols["county"].append(r.county or "")
        cols["listed"].append(r.listed or "")
        cols["area"].append(r.planned_area)
        cols["category"].append(r.category or "")
        for f in FACETS:
            value = f.values(r)
            # a place counts once per value: a place under two programmes is in both
            cols[f.key].append(sorted({i for i in (idx(f.key, v) for v in value) if i >= 0}) if f.many
                               else idx(f.key, value))
        cols["dprog"].append([idx("programme", d.programme) for d in ds])
        cols["dstatus"].append([idx("status", d.status.code) for d in ds])
        cols["dcat"].append([d.category or "" for d in ds])
    labels = {"status": {code: ctx.rows.status(code).as_dict() for code in tables["status"]},
              "programme": {pid: programme_names[pid] for pid in tables["programme"]},
              "industry": {s.id: s.words for s in sectors()}}
    return dumps({"n": len(places), "v": tables, "labels": labels, "c": cols})


def generate(ctx: Context) -> list[Generated]:
    """The directory and platforms pages, and data/directory.json."""
    towns = sorted(ctx.cat.towns, key=lambda t: t.slug)
    out = [Generated(SITE.data("directory.json"), directory_json(ctx))]
    # Directory: the no-JavaScript base list is every town, names only, grouped by province.
    by_province: dict[str, list] = {}
    for t in towns:
        by_province.setdefault(t.province_code, []).append(ctx.rows.place(t))
    out.append(ctx.render.page("directory/index.md", "directory.html", facets=FACETS, total=len(towns), compare_max=MAX_TOWNS, by_province=[
        {"code": code, "name": places[0].province, "towns": sorted(places, key=lambda r: r.name)}
        for code, places in sorted(by_province.items())]))
    # Platforms by kind, then town.
    groups: dict[str, list] = {k: [] for k in schema("town")["$defs"]["platform_kind"]["enum"]}
    for t in towns:
        row = ctx.rows.place(t)
        for p in t.platforms:
            groups.setdefault(p.kind, []).append({"p": p, "row": row})
    out.append(ctx.render.page("platforms/index.md", "platforms.html",
                               groups=[{"kind": k, "items": v} for k, v in groups.items() if v],
                               total=sum(len(v) for v in groups.values()),
                               counts=Counter({k: len(v) for k, v in groups.items()})))
    return out
