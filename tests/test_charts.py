"""The charts' numbers (generator/outputs/charts.py), recounted here from the record files
themselves (YAML read directly, not through the chart functions), and the SVG's hygiene: no
script, no outside reference, the words and colours of labels.yml."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from generator.outputs import charts
from generator.outputs.pages import coverage
from generator.outputs.urls import SITE
from generator.records.catalog import load_catalog

REPO = Path(__file__).resolve().parents[1]


def _raw(folder: str):
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / folder).rglob("*.yml"))]


def test_places_per_province_add_up_to_the_records(cat):
    data = charts.province_status(cat)
    by_province = Counter(r["province"] for r in _raw("towns") if isinstance(r, dict) and "province" in r)
    got = {p: sum(data["values"][s][i] for s in charts.ORDER) for i, p in enumerate(data["categories"])}
    assert got == dict(by_province)
    assert data["totals"] == [by_province[p] for p in data["categories"]]
    assert data["totals"] == sorted(data["totals"], reverse=True)
    # named: the places with a designation named (a place's status is its furthest designation's)
    named = Counter(t.record["province"] for t in cat.towns if any(d.status == "named" for d in t.designations))
    assert {p: data["values"]["named"][i] for i, p in enumerate(data["categories"]) if data["values"]["named"][i]} == dict(named)


def test_each_programme_list_counts_its_members(cat):
    raw_lists = [r for r in _raw("policies/lists") if isinstance(r, dict) and "members" in r]
    assert raw_lists
    for pid in cat.programmes:
        data = charts.programme_lists(cat, pid)
        mine = sorted((r for r in raw_lists if r["programme"] == pid), key=lambda r: (str(r["date"]), r["batch"], r["id"]))
        assert data["totals"] == [len(r["members"]) for r in mine]
        for i, r in enumerate(mine):
            assert sum(data["values"][s][i] for s in charts.ORDER) == len(r["members"])
            withdrawn = sum(1 for m in r["members"] if (t := cat.town(m["town"])) and (d := t.designation(pid))
                            and any(e["type"] == "withdrawn" for e in d.timeline) and d.status == "withdrawn")
            assert data["values"]["withdrawn"][i] == withdrawn


def test_coverage_chart_is_the_coverage_table(cat):
    rows = coverage(cat)
    data = charts.coverage_held(rows)
    held = [sum(len(lst.members) for lst in r["lists"]) for r in rows if r["lists"]]
    assert data["held"] == held


def test_svg_has_no_script_no_outside_reference_and_labels_colours(cat):
    svg, view = charts.home_chart(cat, SITE, "assets/charts/home-provinces.svg")
    assert "<script" not in svg and "@import" not in svg and "googleapis" not in svg
    assert not [u for u in re.findall(r'(?:href|src)="([^"]+)"', svg) if not u.startswith("#")]
    for code in charts.ORDER:
        assert cat.labels["status"][code]["colour"].lower() in svg.lower()
        assert cat.labels["status"][code]["zh"] in svg
    assert view["rows"][0][0] == charts.province_status(cat)["categories"][0]


def test_the_page_reserves_each_charts_drawn_size(cat):
    """The <img> carries the SVG's own width and height, so nothing moves when it loads."""
    made = [charts.home_chart(cat, SITE, "a.svg")] + [charts.programme_chart(cat, pid, SITE, "b.svg") for pid in cat.programmes]
    for svg, view in [m for m in made if m]:
        tag = re.search(r"<svg[^>]*>", svg)[0]
        size = int(re.search(r'\swidth="(\d+)', tag)[1]), int(re.search(r'\sheight="(\d+)', tag)[1])
        assert size == (view["width"], view["height"]), tag
