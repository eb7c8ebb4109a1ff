"""The pages of the site rendered from the catalog: towns, provinces, programmes, lists,
policies, coverage, the map page and home (templates in overrides/content/).

A town page gets a `TownView` (views.py); the other pages get rows (rows.py) and the catalog's
own objects. While serving, a town page whose content is unchanged is not rendered again.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import asdict

from generator.derive import lifecycle
from generator.outputs import charts
from generator.outputs.context import Context
from generator.outputs.files import Generated, csv_bytes
from generator.outputs.nearby import nearby
from generator.outputs.render import templates_stamp
from generator.outputs.urls import SITE
from generator.outputs.follow import recent_details, town_history
from generator.outputs.views import town_view
from generator.records.entities import Programme
from generator.records.model import Catalog, Town


def _town_pages(ctx: Context, towns: list[Town]) -> list[Generated]:
    """One page per town. While serving, each page's fingerprint is a digest of everything it
    shows (its towns.json entry, its map and last-change date, the templates, the settings); a
    page whose fingerprint is unchanged is not rendered again."""
    fingerprints = ctx.state.setdefault("pages", {}) if ctx.state is not None else None
    stamp = templates_stamp() if fingerprints is not None else ""
    render, maps = ctx.render, ctx.maps
    near = nearby(towns)
    details = recent_details(ctx)
    out = []
    for t in towns:
        path = SITE.town(t.slug).rstrip("/") + ".md"
        map_url = maps.towns.get(t.slug) if maps else None
        if fingerprints is not None:
            changes = None if ctx.history is None else [(c.sha, c.kind) for c in ctx.history.get(t.file, [])[:10]]
            changes = [changes, details.get(t.slug)]
            n = near.get(t.slug)
            neighbours = [n.scope, n.more, [(m.slug, m.name, m.status) for m in n.towns]] if n else None
            shown = [map_url, (ctx.updated or {}).get(t.slug), ctx.updated is None, changes, stamp, asdict(ctx.settings),
                     neighbours]
            key = hashlib.sha1(ctx.town_json[t.slug] + json.dumps(shown, sort_keys=True).encode()).hexdigest()
            if fingerprints.get(path) == key:
                out.append(Generated(path, "", t.file, html=True, unchanged=True))
                continue
            fingerprints[path] = key
        view = town_view(t, ctx.rows.place(t), ctx.cat, render.urls(path), map_url=map_url, updated=ctx.updated,
                         edit_base=ctx.settings.edit_base, nearby=near.get(t.slug), rows=ctx.rows,
                         history=town_history(None if ctx.history is None else ctx.history.get(t.file, []),
                                              ctx.settings.repo_url, details=details.get(t.slug)))
        out.append(render.page(path, "town.html", edit=t.file, town=view))
    return out


def generate(ctx: Context) -> list[Generated]:
    """Town, province, programme, list, policy, coverage, map and home pages, and each list's CSV."""
    cat, places, render = ctx.cat, ctx.rows, ctx.render
    towns_sorted = sorted(cat.towns, key=lambda t: t.slug)
    provinces: dict[str, list[Town]] = defaultdict(list)
    by_programme: dict[str, list[Town]] = defaultdict(list)
    for t in towns_sorted:
        provinces[t.province_code].append(t)
        for d in t.designations:
            by_programme[d.programme_id].append(t)
    regions = ctx.maps.regions if ctx.maps else {}
    policy_titles = {k: p.meta["title"] for k, p in cat.policies.items()}
    out = _town_pages(ctx, towns_sorted)

    def chart(made, page: str):
        """The chart's SVG file, and its view with the src as `page` resolves it."""
        if made is None:
            return None
        svg, v = made
        out.append(Generated(v["path"], svg))
        return v | {"src": render.urls(page).path(v["path"])}
    for code, towns in sorted(provinces.items()):
        out.append(render.page(f"provinces/{code}.md", "province.html", code=code, name=towns[0].record["province"],
                               rows=[places.place(t) for t in towns], region_map=regions.get(("province", code)),
                               unlocated=[places.place(t) for t in towns if not t.point],
                               feed_path=SITE.feed_of("province", code)))
    out.append(render.page("provinces/index.md", "provinces.html",
                           provinces=[{"code": c, "name": ts[0].record["province"], "count": len(ts),
                                       "statuses": Counter(t.status for t in ts)} for c, ts in sorted(provinces.items())]))
    for pid, prog in sorted(cat.programmes.items()):
        towns = by_programme.get(pid, [])
        out.append(render.page(
            f"programmes/{pid}.md", "programme.html", edit=prog.doc.path, programme=prog,
            rows=[places.in_programme(t, pid) for t in towns], region_map=regions.get(("programme", pid)),
            unlocated=[places.in_programme(t, pid) for t in towns if not t.point], criteria=criteria_counts(cat, prog, towns),
            lists=[lst for lst in sorted(cat.lists.values(), key=lambda x: (x.batch, x.date)) if lst.programme == pid],
            schemes=[cat.schemes[b["scheme"]] for b in prog.batches if b.get("scheme") in cat.schemes],
            figure=chart(charts.programme_chart(cat, pid, SITE, f"assets/charts/programme-{pid}.svg"), f"programmes/{pid}.md"),
            policy_titles=policy_titles, feed_path=SITE.feed_of("programme", pid)))
    out.append(render.page("programmes/index.md", "programmes.html",
                           programmes=[{"p": p, "count": len(by_programme.get(pid, []))}
                                       for pid, p in sorted(cat.programmes.items())]))
    for lid, lst in sorted(cat.lists.items()):
        members = []
        for pos, m in enumerate(lst.members, start=1):
            t = cat.town(m["town"])
            members.append({"position": m.get("position", pos), "member": m, "town": t,
                            "row": places.in_programme(t, lst.programme) if t else None})
        out.append(render.page(f"lists/{lid}.md", "list.html", edit=lst.doc.path, lst=lst, members=members,
                               programme=cat.programmes.get(lst.programme)))
        out.append(Generated(SITE.list_csv(lid), csv_bytes(
            ["position", "name_as_published", "category", "town_slug", "town_url", "note"],
            ([m["position"], m["member"]["name_as_published"], m["member"].get("category", ""), m["member"]["town"],
              ctx.public.town(m["member"]["town"]), m["member"].get("note", "")] for m in members))))
    out.append(render.page("lists/index.md", "lists.html",
                           lists=sorted(cat.lists.values(), key=lambda x: (x.date, x.id), reverse=True)))
    for pid, pol in sorted(cat.policies.items()):
        out.append(render.page(f"policies/{pid}.md", "policy.html", edit=pol.file, policy=pol,
                               programmes=[p for p in cat.programmes.values() if pid in p.policies]))
    out.append(render.page("policies/index.md", "policies.html",
                           policies=sorted(cat.policies.values(), key=lambda p: str(p.meta.get("date", "")))))
    out.append(render.page("coverage.md", "coverage.html", rows=(cov := coverage(cat)), total=len(cat.towns),
                           figure=chart(charts.coverage_chart(cov, SITE, "assets/charts/coverage.svg"), "coverage.md")))
    out.append(render.page("map.md", "map.html", maps=ctx.maps, rows=[places.place(t) for t in towns_sorted if t.point],
                           unlocated=[places.place(t) for t in towns_sorted if not t.point]))
    named = [places.place(t) for t in cat.towns if t.status == "named"]
    out.append(render.page(
        "index.md", "home.html", named=named_groups(ctx, towns_sorted),
        named_by={"government": sum(1 for t in cat.towns if places.place(t).government_named),
                  "other": sum(1 for r in named if not r.government_named)},
        status_counts=[{"status": places.status(s), "meaning": cat.labels["status_meaning"][s],
                        "count": sum(1 for t in cat.towns for d in t.designations if d.status == s),
                        "places": sum(1 for t in cat.towns if t.status == s)} for s in lifecycle.STATUSES],
        programmes=[{"p": p, "count": len(by_programme.get(pid, [])),
                     "statuses": Counter(t.designation(pid).status for t in by_programme.get(pid, []))}
                    for pid, p in sorted(cat.programmes.items())],
        figure=chart(charts.home_chart(cat, SITE, "assets/charts/home-provinces.svg"), "index.md"),
        latest_lists=sorted(cat.lists.values(), key=lambda x: (x.date, x.id), reverse=True)[:5],
        total=len(cat.towns)))
    return out


def named_groups(ctx: Context, towns: list[Town], shown: int = 24) -> list[dict]:
    """Named places by programme: programmes whose namings a government made first, then by size.
    Each group shows its first `shown` places by name and links the rest in the directory."""
    groups = []
    for pid, prog in ctx.cat.programmes.items():
        named = sorted((ctx.rows.in_programme(t, pid) for t in towns
                        if (d := t.designation(pid)) is not None and d.status == "named"), key=lambda r: r.name)
        if named:
            groups.append({"p": prog, "government": prog.government, "count": len(named), "rows": named[:shown],
                           "more": len(named) - min(len(named), shown)})
    return sorted(groups, key=lambda g: (not g["government"], -g["count"], g["p"].id))


def coverage(cat: Catalog) -> list[dict]:
    """Per programme and batch: members the source announced against members we hold."""
    batches = []
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
            batches.append({
                "programme": prog, "batch": b["batch"], "year": b.get("year"), "note": b.get("note"),
                "source": b.get("source"), "lists": lists, "announced": announced, "announced_total": total,
                "held": held,
                "held_by_category": ({k: held_by_cat.get(k, 0) for k in announced}
                                     | {k: v for k, v in held_by_cat.items() if k not in announced})
                if announced else dict(held_by_cat),
                "complete": missing == 0 and all(lst.complete for lst in lists),
                "missing": missing,
            })
    return batches


def _announced_by_category(lst) -> dict[str, int]:
    """A list's announced counts, keyed by the categories its members carry. Counts by another
    division (a list of 31 创建 members announced as 15 高端制造类 + 4 新一代信息技术类 + …) are one
    total under the members' one category, not extra members."""
    counts = dict(lst.published_counts or {})
    categories = {m.get("category") for m in lst.members} - {None}
    if counts and len(categories) == 1 and not categories <= set(counts):
        return {categories.pop(): sum(counts.values())}
    return counts


def criteria_counts(cat: Catalog, prog: Programme, towns: list[Town]) -> list[dict]:
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
        lines = []
        for cid, row in by_id.items():
            counts = {res: tally[(cid, res)] for res in ("met", "unmet", "unknown")}
            lines.append({"c": row["c"], "applies_to": sorted(set(row["applies_to"])), **counts,
                          "judged": sum(counts.values())})
        result.append({"scheme": scheme, "rows": lines, "batches": [x["batch"] for x in prog.batches if x.get("scheme") == sid]})
    return result
