"""Page objects rendered with the Jinja templates in overrides/content/.

Every page is Markdown whose body is one HTML block: data never passes through the
Markdown parser, so a name holding `[x](javascript:…)` or `<script>` stays text
(Jinja autoescapes it). Python decides what to show; templates only present it.
"""
from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, ChainableUndefined
from markupsafe import Markup, escape

from generator.derive import rows
from generator.outputs import search
from generator.records.model import Catalog, Town
from generator.records.validate import schema

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "overrides" / "content"

STATUS_ORDER = ["named", "assessed", "candidate", "withdrawn"]
# Templates whose output holds Markdown for the builder to convert (the policy texts); every
# other template renders finished HTML.
MARKDOWN_TEMPLATES = {"policy.html"}


@dataclass
class Generated:
    """One output file: a page (.md) or data, with the repository file an edit link opens."""

    path: str
    content: str | bytes
    edit: str | None = None
    # True: a page whose body is already HTML (front matter + one HTML block). The builder
    # hands the body to the theme as it is, never through Markdown (which would only re-parse it).
    html: bool = False
    # True: the same as the previous build's file while serving (see render_all's `fingerprints`);
    # the content is then left empty and the builder keeps the file it already wrote.
    unchanged: bool = False


@functools.cache
def _env() -> Environment:
    """One environment per process: templates compile once, and Jinja recompiles a template
    whose file changed (auto_reload), so a rebuild while serving pays only for what changed."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=ChainableUndefined,
        keep_trailing_newline=True,
    )
    # MkDocs inserts page.meta.title into the page unescaped: escape it here, once.
    env.filters["title_meta"] = lambda v: Markup(json.dumps(str(escape(str(v))), ensure_ascii=False))
    return env


def base_of(path: str) -> str:
    """Relative prefix from a page's URL (directory URLs) back to the site root."""
    parts = path[:-3].split("/") if path.endswith(".md") else path.split("/")
    depth = len(parts) - (1 if parts[-1] == "index" else 0)
    return "../" * depth


# ---- facts shown from the schema's own titles -------------------------------------------

_SHOWN_ELSEWHERE = {
    "slug", "name", "name_en", "designations", "province", "city", "county", "adcode",
    "division_as_listed", "events", "platforms", "sources", "highlights", "notes", "location", "lead_industry_en",
}
_PROVENANCE_KEYS = {"source", "scope", "scope_note", "mirror"}
# How a field of a listed item (a backbone firm, a partner) reads beside its name.
_ITEM_FORMAT = {"annual_output_wan": "年产值 {} 万元", "as_of": "截至 {}", "rnd_institution": "研发机构：{}"}
# Facts every visitor looks for: shown as "unknown" when the record is silent.
_ALWAYS = ["lead_industry", "space.planned_area_mu", "space.core_area_mu"]


def _title(node: dict) -> str:
    return node.get("title", "")


def _resolve(node: dict) -> dict:
    ref = node.get("$ref")
    if ref:
        return schema("town")["$defs"][ref.split("/")[-1]] | {k: v for k, v in node.items() if k != "$ref"}
    return node


def _provenance(item: dict) -> dict:
    """A figure about a wider area, or read on a mirror, says so beside the figure."""
    out = {}
    if item.get("scope") == "wider":
        out["wider"] = item.get("scope_note") or "更大区域"
    if item.get("mirror"):
        out["mirror"] = True
    return out


def _fmt(value, labels) -> dict:
    """A value for display: {text, source?}."""
    if isinstance(value, bool):
        return {"text": "是 yes" if value else "否 no"}
    if isinstance(value, dict) and "value" in value:
        text = f"{value['value']:g}{value.get('qualifier', '')}"
        if value.get("year"):
            text += f"（{value['year']}年）"
        if value.get("as_of"):
            text += f"（截至 {value['as_of']}）"
        return {"text": text, "source": value.get("source"), **_provenance(value)}
    if isinstance(value, float):
        return {"text": f"{value:g}"}
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return {"entries": [{"text": " · ".join(_ITEM_FORMAT.get(k, "{}").format(v) for k, v in item.items()
                                                 if not str(v).startswith("http") and k not in _PROVENANCE_KEYS),
                               "source": item.get("source"), **_provenance(item)} for item in value]}
        return {"text": "、".join(str(v) for v in value)}
    return {"text": str(value)}


def fact_rows(record: dict, labels: dict) -> list[dict]:
    props = schema("town")["properties"]
    rows = []
    for key in _ALWAYS[:1]:
        rows.append({"label": _title(props[key]), "key": key, **(_fmt(record[key], labels) if key in record
                                                                  else {"unknown": True})})
    if record.get("linked_industries"):
        rows.append({"label": _title(props["linked_industries"]), "key": "linked_industries",
                     **_fmt(record["linked_industries"], labels)})
    space = record.get("space", {})
    for key in ("planned_area_mu", "core_area_mu"):
        node = props["space"]["properties"][key]
        rows.append({"label": _title(node), "key": f"space.{key}",
                     **(_fmt(space[key], labels) if key in space else {"unknown": True})})
    for key, node in props.items():
        if key in _SHOWN_ELSEWHERE or key in _ALWAYS or key in ("linked_industries",) or key not in record:
            continue
        node = _resolve(node)
        value = record[key]
        if node.get("type") == "object" and "properties" in node and isinstance(value, dict):
            for sub, subnode in node["properties"].items():
                if sub in value and not (key == "space" and sub in ("planned_area_mu", "core_area_mu")):
                    rows.append({"label": f"{_title(node).split(' ')[0]} · {_title(subnode)}", "key": f"{key}.{sub}",
                                 **_fmt(value[sub], labels)})
        else:
            rows.append({"label": _title(node), "key": key, **_fmt(value, labels)})
    return rows


# ---- view models -----------------------------------------------------------------------


class View:
    """Joins the catalog for the templates: labels, links, counts."""

    def __init__(self, cat: Catalog, site: dict):
        self.cat = cat
        self.site = site
        self.labels = cat.labels
        self._rows: dict[str, dict] = {}
        self.provinces: dict[str, list[Town]] = defaultdict(list)
        self.by_programme: dict[str, list[Town]] = defaultdict(list)
        for t in sorted(cat.towns, key=lambda t: t.slug):
            self.provinces[t.province_code].append(t)
            for d in t.designations:
                self.by_programme[d.programme_id].append(t)

    def status(self, code: str | None) -> dict:
        return rows.status_label(self.labels, code)

    def town_row(self, t: Town) -> dict:
        """One row per place, built once: the same row serves every table that lists it."""
        return rows.place_row(self.cat, t)

    def programme_row(self, t: Town, programme_id: str) -> dict:
        return rows.row_in_programme(self.cat, t, programme_id)


def _region_map(extra: dict | None, kind: str, key: str) -> str | None:
    maps = (extra or {}).get("maps")
    return maps["regions"].get((kind, key)) if maps else None




def _csv(rows: list[list]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(c) for c in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def neutralise(cell) -> str:
    """Spreadsheet formula injection: a cell starting with = + - @ (or tab/CR) is prefixed with '."""
    text = "" if cell is None else str(cell)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def templates_stamp() -> str:
    """Changes whenever a template changes: part of every page fingerprint."""
    return ",".join(f"{p.name}:{p.stat().st_mtime_ns}" for p in sorted(TEMPLATE_DIR.glob("*.html")))


def generate(ctx) -> list[Generated]:
    """Town, province, programme, list, policy, coverage, map and home pages."""
    fingerprints = ctx.state.setdefault("pages", {}) if ctx.state is not None else None
    return render_all(ctx.cat, ctx.settings, ctx.extra, ctx.extra.get("town_json"), fingerprints)


def render_all(cat: Catalog, site: dict, extra: dict | None = None, town_data: dict[str, bytes] | None = None,
               fingerprints: dict[str, str] | None = None) -> list[Generated]:
    """All generated pages and per-page data. `site` holds build settings (repo_url, …).

    While serving, `fingerprints` (kept by the caller between rebuilds) maps each town page to a
    digest of everything it shows (its towns.json entry in `town_data`, its map and history
    extras, the templates); a page whose digest is unchanged is not rendered again."""
    env = _env()
    view = View(cat, site)
    out: list[Generated] = []

    def page(path: str, template: str, edit: str | None = None, **ctx):
        text = env.get_template(template).render(base=base_of(path), view=view, site=site, **ctx)
        out.append(Generated(path, text, edit, html=template not in MARKDOWN_TEMPLATES))

    towns_sorted = sorted(cat.towns, key=lambda t: t.slug)
    stamp = templates_stamp() if fingerprints is not None else ""
    for t in towns_sorted:
        path = f"towns/{t.slug}.md"
        if fingerprints is not None and town_data is not None:
            extra_town = (extra or {}).get("towns", {}).get(t.slug, {})
            key = hashlib.sha1(town_data[t.slug] + json.dumps([extra_town, stamp, site], sort_keys=True,
                                                                  default=str).encode()).hexdigest()
            if fingerprints.get(path) == key:
                out.append(Generated(path, "", t.file, html=True, unchanged=True))
                continue
            fingerprints[path] = key
        page(path, "town.html", edit=t.file, town=t, row=view.town_row(t),
             facts=fact_rows(t.record, view.labels),
             designations=[{"d": d, "row": r} for d, r in zip(t.designations, view.town_row(t)["designations"])],
             extra_town=(extra or {}).get("towns", {}).get(t.slug, {}),
             platforms_meta=search.platforms_meta(t.platforms),
             grams=search.name_grams(t.name))
    for code, towns in sorted(view.provinces.items()):
        page(f"provinces/{code}.md", "province.html", code=code, name=towns[0].record["province"],
             rows=[view.town_row(t) for t in towns], region_map=_region_map(extra, "province", code),
             unlocated=[view.town_row(t) for t in towns if not t.point])
    page("provinces/index.md", "provinces.html",
         provinces=[{"code": c, "name": ts[0].record["province"], "count": len(ts),
                     "statuses": Counter(t.status for t in ts)} for c, ts in sorted(view.provinces.items())])
    for pid, prog in sorted(cat.programmes.items()):
        towns = view.by_programme.get(pid, [])
        page(f"programmes/{pid}.md", "programme.html", edit=prog.doc.path, programme=prog,
             rows=[view.programme_row(t, pid) for t in towns], region_map=_region_map(extra, "programme", pid),
             unlocated=[view.programme_row(t, pid) for t in towns if not t.point], criteria=criteria_counts(cat, prog, towns),
             lists=[lst for lst in sorted(cat.lists.values(), key=lambda x: (x.batch, x.date)) if lst.programme == pid],
             schemes=[cat.schemes[b["scheme"]] for b in prog.batches if b.get("scheme") in cat.schemes])
    page("programmes/index.md", "programmes.html",
         programmes=[{"p": p, "count": len(view.by_programme.get(pid, []))} for pid, p in sorted(cat.programmes.items())])
    for lid, lst in sorted(cat.lists.items()):
        members = []
        for pos, m in enumerate(lst.members, start=1):
            t = cat.town(m["town"])
            members.append({"position": m.get("position", pos), "member": m, "town": t,
                            "row": view.programme_row(t, lst.programme) if t else None})
        page(f"lists/{lid}.md", "list.html", edit=lst.doc.path, lst=lst, members=members,
             programme=cat.programmes.get(lst.programme))
        out.append(Generated(f"data/lists/{lid}.csv", _csv(
            [["position", "name_as_published", "category", "town_slug", "town_url", "note"]]
            + [[m["position"], m["member"]["name_as_published"], m["member"].get("category", ""), m["member"]["town"],
                f"{site['site_url']}towns/{m['member']['town']}/", m["member"].get("note", "")] for m in members])))
    page("lists/index.md", "lists.html",
         lists=sorted(cat.lists.values(), key=lambda x: (x.date, x.id), reverse=True))
    for pid, pol in sorted(cat.policies.items()):
        page(f"policies/{pid}.md", "policy.html", edit=pol.file, policy=pol,
             programmes=[p for p in cat.programmes.values() if pid in p.policies])
    page("policies/index.md", "policies.html", policies=sorted(cat.policies.values(), key=lambda p: str(p.meta.get("date", ""))))
    page("coverage.md", "coverage.html", rows=coverage(cat), total=len(cat.towns))
    page("map.md", "map.html", maps=(extra or {}).get("maps"), rows=[view.town_row(t) for t in towns_sorted if t.point],
         unlocated=[view.town_row(t) for t in towns_sorted if not t.point])
    page("index.md", "home.html", named=named_groups(cat, view, towns_sorted),
         named_by={"government": sum(1 for t in cat.towns if view.town_row(t)["government_named"]),
                   "other": sum(1 for t in cat.towns if t.status == "named" and not view.town_row(t)["government_named"])},
         status_counts=[{"status": view.status(s), "meaning": cat.labels["status_meaning"][s],
                         "count": sum(1 for t in cat.towns for d in t.designations if d.status == s),
                         "places": sum(1 for t in cat.towns if t.status == s)} for s in STATUS_ORDER],
         programmes=[{"p": p, "count": len(view.by_programme.get(pid, [])),
                      "statuses": Counter(t.designation(pid).status for t in view.by_programme.get(pid, []))}
                     for pid, p in sorted(cat.programmes.items())],
         latest_lists=sorted(cat.lists.values(), key=lambda x: (x.date, x.id), reverse=True)[:5],
         total=len(cat.towns))
    return out


def named_groups(cat: Catalog, view: View, towns: list[Town], shown: int = 24) -> list[dict]:
    """Named places by programme: programmes whose namings a government made first, then by size.
    Each group shows its first `shown` places by name and links the rest in the directory."""
    groups = []
    for pid, prog in cat.programmes.items():
        rows = sorted((view.programme_row(t, pid) for t in towns
                       if (d := t.designation(pid)) is not None and d.status == "named"), key=lambda r: r["name"])
        if rows:
            government = prog.government
            groups.append({"p": prog, "government": government, "count": len(rows), "rows": rows[:shown],
                           "more": len(rows) - min(len(rows), shown)})
    return sorted(groups, key=lambda g: (not g["government"], -g["count"], g["p"].id))


def coverage(cat: Catalog) -> list[dict]:
    """Per programme and batch: members the source announced against members we hold."""
    rows = []
    for pid, prog in sorted(cat.programmes.items()):
        for b in prog.batches:
            lists = [lst for lst in cat.lists.values() if lst.programme == pid and lst.batch == b["batch"]]
            announced = dict(b.get("announced") or {})
            for lst in lists:
                for k, v in _announced_by_category(lst).items():
                    announced.setdefault(k, v)
            # a member without a category is in the one category the announcement counts, if it counts one
            only = next(iter(announced)) if len(announced) == 1 else ""
            held_by_cat = Counter(m.get("category") or only for lst in lists for m in lst.members)
            held = sum(held_by_cat.values())
            total = sum(announced.values()) if announced else None
            # missing per announced category; a category held but never counted (a cultivation list
            # whose size was not found) is shown, with no gap claimed for it
            missing = sum(max(0, v - held_by_cat.get(k, 0)) for k, v in announced.items()) if announced else None
            rows.append({
                "programme": prog, "batch": b["batch"], "year": b.get("year"), "note": b.get("note"),
                "source": b.get("source"), "lists": lists, "announced": announced, "announced_total": total,
                "held": held,
                "held_by_category": ({k: held_by_cat.get(k, 0) for k in announced}
                                     | {k: v for k, v in held_by_cat.items() if k not in announced})
                if announced else dict(held_by_cat),
                "complete": missing == 0 and all(lst.complete for lst in lists),
                "missing": missing,
            })
    return rows


def _announced_by_category(lst) -> dict[str, int]:
    """A list's announced counts, keyed by the categories its members carry. Counts by another
    division (a list of 31 创建 members announced as 15 高端制造类 + 4 新一代信息技术类 + …) are one
    total under the members' one category, not extra members."""
    counts = dict(lst.published_counts or {})
    categories = {m.get("category") for m in lst.members} - {None}
    if counts and len(categories) == 1 and not categories <= set(counts):
        return {categories.pop(): sum(counts.values())}
    return counts


def criteria_counts(cat: Catalog, prog: dict, towns: list[Town]) -> list[dict]:
    """For each scheme of a programme: each criterion once, with how many towns meet it."""
    result = []
    for b in prog.batches:
        sid = b.get("scheme")
        if not sid or sid not in cat.schemes or any(r["scheme"].id == sid for r in result):
            continue
        scheme = cat.schemes[sid]
        judged = [d for t in towns for d in t.designations if d.scheme_id == sid]
        # A criterion id may have one entry per town type (wording differs by type): one row per id.
        by_id: dict[str, dict] = {}
        for c in scheme.criteria:
            row = by_id.setdefault(c["id"], {"c": c, "applies_to": []})
            row["applies_to"] += c.get("applies_to") or []
        tally = Counter((r["id"], r["result"]) for d in judged for r in d.criteria)  # one pass over the designations
        rows = []
        for cid, row in by_id.items():
            counts = {res: tally[(cid, res)] for res in ("met", "unmet", "unknown")}
            rows.append({"c": row["c"], "applies_to": sorted(set(row["applies_to"])), **counts,
                         "judged": sum(counts.values())})
        result.append({"scheme": scheme, "rows": rows, "batches": [x["batch"] for x in prog.batches if x.get("scheme") == sid]})
    return result
