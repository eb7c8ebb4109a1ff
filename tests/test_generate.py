"""Generation from the real records: each record on its town, province and programme pages
and in towns.json; list pages reproduce the lists in order; coverage counts recompute."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from markupsafe import escape

from generator import build
from generator.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SETTINGS = Settings(site_url="https://example.org/", repo_url="https://github.com/o/r",
                    edit_base="https://github.com/o/r/edit/main/", search=False, maps=False)

GD_COMMON = ["mechanism.leadership", "mechanism.management", "space.boundary", "space.planned_area", "space.core_area",
             "application.projects", "innovation.platforms", "innovation.cooperation", "policy.funding_ratio",
             "services.platforms", "services.fibre", "services.mobile_4g", "services.wlan"]
GX = ["investment.fixed_assets", "investment.featured_share", "investment.first_year_share", "innovation.rnd_share",
      "innovation.cooperation", "policy.funding_ratio"]


@pytest.fixture(scope="module")
def out():
    return build.generate(REPO, SETTINGS)


@pytest.fixture(scope="module")
def files(out):
    return {f.path: f.content for f in out.files}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.links = [], []
        self._row = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self._row = []
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
            if self._row is not None:
                self._row.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None


def links(html: str) -> Links:
    p = Links()
    p.feed(html)
    return p


def test_every_record_on_its_pages_and_in_towns_json(out, files):
    towns = json.loads(files["data/towns.json"])["towns"]
    assert len(towns) == len(out.catalog.towns) == len(list((REPO / "towns").glob("*/*.yml")))
    by_slug = {t["slug"]: t for t in towns}
    for t in out.catalog.towns:
        page = files[f"towns/{t.slug}.md"]
        assert f"<h1 id=\"town-name\"" in page and str(escape(t.name)) in page
        href = f"../../towns/{t.slug}/"
        once = 1 if t.point else 2  # a place without a point is also in the page's "not on the map" list
        assert links(files[f"provinces/{t.province_code}.md"]).links.count(href) == once
        for d in t.designations:  # a place is listed once on each of its programmes' pages
            assert links(files[f"programmes/{d.programme_id}.md"]).links.count(href) == once
            assert f'id="designation-{d.programme_id}"' in page
        assert by_slug[t.slug]["status"] == t.status in ("candidate", "assessed", "named", "withdrawn")
        assert [d["programme"] for d in by_slug[t.slug]["derived"]] == [d.programme_id for d in t.designations]
        assert f"https://github.com/o/r/edit/main/{t.file}" in page  # the edit link opens the YAML record


def test_towns_json_carries_status_events_and_criteria_ids(files):
    towns = {t["slug"]: t for t in json.loads(files["data/towns.json"])["towns"]}
    for t in towns.values():
        for d in t["derived"]:
            assert d["timeline"] and any(e["type"] in ("listed", "named") and e.get("list") for e in d["timeline"])
            if d["programme"] == "gd-internet-plus":
                ids = {c["id"] for c in d["criteria"]}
                assert set(GD_COMMON) <= ids, t["slug"]
            if d["programme"] == "gx-innovation-town":
                assert set(GX) <= {c["id"] for c in d["criteria"]}
            for c in d["criteria"]:
                assert c["result"] in ("met", "unmet", "unknown") and c["clause"]["policy"]


def test_town_page_names_each_list_and_the_name_it_printed(out, files):
    """List pages keep their member tables out of the search index, so the town page is where a
    name as printed in a list (when it differs from the record's name) is found."""
    for t in out.catalog.towns:
        page = files[f"towns/{t.slug}.md"]
        on_lists = [m for d in t.designations for m in d.lists]
        printed = {m["member"]["name_as_published"] for m in on_lists} - {t.name}
        for m in on_lists:
            assert f"lists/{m['list'].id}/" in page
        for name in printed:
            assert f"公布名称 <span lang=\"en\">as published</span>：{escape(name)}" in page, (t.slug, name)
        if not printed:
            assert "公布名称" not in page, t.slug


@pytest.mark.parametrize("list_file", sorted((REPO / "policies" / "lists").glob("*.yml")), ids=lambda p: p.stem)
def test_list_page_matches_the_list_in_order_and_count(files, list_file):
    data = yaml.safe_load(list_file.read_text(encoding="utf-8"))
    page = files[f"lists/{data['id']}.md"]
    table = page[re.search(r'<table[^>]*\sdata-list[\s>]', page).start():]
    rows = [r for r in links(table).rows if r]
    assert [r[0] for r in rows] == [f"../../towns/{m['town']}/" for m in data["members"]]
    for m in data["members"]:
        assert f"towns/{m['town']}.md" in files  # every member links to a real town page
    csv_rows = files[f"data/lists/{data['id']}.csv"].decode("utf-8-sig").strip().splitlines()
    assert len(csv_rows) == len(data["members"]) + 1


def test_coverage_counts_recompute_from_lists_and_programmes(files):
    page = files["coverage.md"]
    cells = re.findall(r'<tr data-programme="([^"]+)" data-batch="(\d+)">.*?data-total="(\d*)".*?data-held="(\d+)"', page, re.S)
    assert cells
    for pid, batch, total, held in cells:
        prog = yaml.safe_load((REPO / "policies/programmes" / f"{pid}.yml").read_text(encoding="utf-8"))
        lists = [yaml.safe_load(f.read_text(encoding="utf-8")) for f in (REPO / "policies/lists").glob("*.yml")]
        lists = [l for l in lists if l["programme"] == pid and l["batch"] == int(batch)]
        assert int(held) == sum(len(l["members"]) for l in lists)
        b = next(b for b in prog["batches"] if b["batch"] == int(batch))
        announced = dict(b.get("announced") or {})
        for l in lists:
            counts = l.get("published_counts") or {}
            cats = {m.get("category") for m in l["members"]} - {None}
            if counts and len(cats) == 1 and not cats <= set(counts):
                counts = {cats.pop(): sum(counts.values())}  # counted by another division: one total
            for k, v in counts.items():
                announced.setdefault(k, v)
        assert total == (str(sum(announced.values())) if announced else "")
    # the example the issue gives: Guangdong batch 1, 2 held of 10 创建 + 8 培育
    assert ("gd-internet-plus", "1", "18", "2") in cells


def test_home_puts_government_named_towns_first_and_says_who_named_them(files, out):
    import re

    home = files["index.md"]
    cat = out.catalog
    assert home.index('id="status"') < home.index('id="named"')  # the legend defines the stages first
    section = home[home.index('id="named"'):home.index('id="programmes"')]
    groups = re.findall(r'id="named-([a-z0-9-]+)"', section)
    with_named = {d.programme_id for t in cat.towns for d in t.designations if d.status == "named"}
    assert set(groups) == with_named and len(groups) == len(with_named)
    government = [cat.programmes[g].government for g in groups]
    assert government == sorted(government, reverse=True), "government-named programmes come first"
    for g, next_g in zip(groups, groups[1:] + [None]):
        part = section[section.index(f'id="named-{g}"'):section.index(f'id="named-{next_g}"') if next_g else None]
        named = sorted((t for t in cat.towns if (d := t.designation(g)) and d.status == "named"), key=lambda t: t.name)
        assert f"{len(named)} 个" in part and str(escape(cat.programmes[g].run_by)) in part
        shown = [t for t in named if f"towns/{t.slug}/" in part]
        assert len(shown) == min(len(named), 24)
        if len(named) > 24:
            assert f"directory/?status=named&amp;programme={g}" in part and f"其余 {len(named) - 24} 个" in part
    assert "coverage/" in home


def test_list_categories_are_stages_the_announcement_counts(out):
    """Coverage counts held members by the list's stage word (创建, 培育, 试点 …), as the announcement
    does; a member without one is in the announcement's only category; the gap is counted per
    announced category. The Fujian pilots once read 试点 0 of 9 because their category held a theme."""
    from generator.outputs.pages import coverage

    rows = coverage(out.catalog)
    for row in rows:
        assert sum(row["held_by_category"].values()) == row["held"], row["programme"].id
        if row["announced"]:
            assert row["missing"] == sum(max(0, v - row["held_by_category"].get(k, 0)) for k, v in row["announced"].items())
    fj = next(r for r in rows if r["programme"].id == "fj-internet-plus-chain")
    assert fj["held_by_category"] == {"试点": 9} and fj["missing"] == 0 and fj["complete"]
    members = [m for lst in out.catalog.lists.values() for m in lst.members]
    assert not [m for m in members if (m.get("category") or "").startswith("互联网+")], "a theme is not a stage"
