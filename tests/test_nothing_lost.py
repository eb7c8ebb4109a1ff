"""Nothing lost: 60 generated records, one full `mkdocs build`, and every record appears
exactly once on its town page, in its lists' pages, in the map data, in the search index
and in every export under data/ (the suite adapts to the files the build writes)."""
from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from generator.tools import synth

N = 60


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = synth.make_root(tmp_path_factory.mktemp("synth") / "root", N, seed=1)
    site = root.parent / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
                            cwd=root, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
                            timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    towns = synth.synthetic_towns(root)
    lists = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((root / "policies" / "lists").glob("*.yml"))}
    return root, site, towns, lists


def _once(counter: Counter, towns, where: str, subset=None) -> None:
    wanted = [t["slug"] for t in towns if subset is None or subset(t)]
    wrong = {s: counter.get(s, 0) for s in wanted if counter.get(s, 0) != 1}
    extra = sorted(set(counter) - set(wanted))
    assert not wrong, f"{where}: towns not present exactly once (slug: times): {dict(list(wrong.items())[:10])}"
    assert not extra, f"{where}: unexpected entries: {extra[:10]}"


def test_the_root_holds_only_synthetic_towns(built):
    root, _, towns, lists = built
    assert len(towns) == N
    assert all(t["slug"].startswith(synth.SLUG_PREFIX) and synth.PREFIX in t["name"] for t in towns)
    assert all(lid.startswith("syn-") for lid in lists)


def test_each_town_has_exactly_one_page_naming_it(built):
    _, site, towns, _ = built
    pages = Counter(p.parent.name for p in (site / "towns").glob("*/index.html"))
    _once(pages, towns, "towns/*/index.html")
    for t in towns:
        html = (site / "towns" / t["slug"] / "index.html").read_text(encoding="utf-8")
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
        assert h1 and t["name"] in h1.group(1), f"{t['slug']}: the page heading does not name the town"


def _rows_linking(html: str, slug: str) -> int:
    link = re.compile(r'href="[^"]*towns/' + re.escape(slug) + r'/"')
    return sum(1 for row in re.findall(r"<tr\b.*?</tr>", html, re.S) if link.search(row))


def test_each_town_is_once_on_each_of_its_lists_and_on_no_other(built):
    _, site, towns, lists = built
    for lid, lst in lists.items():
        html = (site / "lists" / lid / "index.html").read_text(encoding="utf-8")
        members = {m["town"] for m in lst["members"]}
        counts = Counter({t["slug"]: _rows_linking(html, t["slug"]) for t in towns})
        counts = +counts  # drop zeros
        _once(counts, towns, f"lists/{lid}/", subset=lambda t: t["slug"] in members)
        for m in lst["members"]:
            assert m["name_as_published"] in html


def _map_data_files(site: Path) -> list[Path]:
    found = [p for p in site.rglob("*.json") if re.search(r"(map|point)", p.name, re.I) and "pagefind" not in p.parts]
    return sorted(found)


def test_map_data_holds_each_located_town_once(built):
    root, site, towns, _ = built
    files = _map_data_files(site)
    assert files, "the build writes no map data file (*map*.json / *point*.json)"
    from generator.records.catalog import load_catalog

    cat = load_catalog(root)
    located = {t.slug for t in cat.towns if t.point}
    overview = max(files, key=lambda p: p.stat().st_size)  # the overview holds every point
    text = overview.read_text(encoding="utf-8")
    counts = Counter(m for m in re.findall(r"(?<![a-z0-9-])(syn-\d{5})(?![0-9])", text))
    _once(counts, towns, str(overview.relative_to(site)), subset=lambda t: t["slug"] in located)


def test_search_index_holds_each_town_page_once(built):
    _, site, towns, _ = built
    fragments = sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments, "no Pagefind index in this build"
    counts: Counter = Counter()
    by_slug = {t["slug"]: t for t in towns}
    for f in fragments:
        text = gzip.decompress(f.read_bytes()).decode("utf-8")
        data = json.loads(text[text.index("{"):])
        m = re.search(r"towns/([a-z0-9-]+)/$", data["url"])
        if m:
            counts[m.group(1)] += 1
            town = by_slug.get(m.group(1))
            plain = (data.get("meta", {}).get("title", "") + " " + data["content"]).replace("\u200b", "")
            assert town and town["name"] in plain, f"{data['url']}: fragment does not name the town"
            # each platform is a heading anchor (a search sub-result) carrying its name
            anchors = {a["id"]: a["text"] for a in data.get("anchors", []) if a["id"].startswith("platform-")}
            want = {f"platform-{i}": p["name"] for i, p in enumerate(town["record"].get("platforms", []), 1)}
            assert set(anchors) == set(want), f"{data['url']}: platform anchors {sorted(anchors)} != {sorted(want)}"
            assert all(want[k] in v for k, v in anchors.items()), f"{data['url']}: platform anchors {anchors}"
    _once(counts, towns, "pagefind fragments")


def test_towns_json_holds_each_town_once(built):
    _, site, towns, _ = built
    path = site / "data" / "towns.json"
    assert path.is_file(), "data/towns.json is missing"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["count"] == N
    _once(Counter(e["slug"] for e in data["towns"]), towns, "data/towns.json")
    names = {e["slug"]: e["name"] for e in data["towns"]}
    assert all(names[t["slug"]] == t["name"] for t in towns)
    for t in towns:
        per_town = site / "data" / "towns" / f"{t['slug']}.json"
        if (site / "data" / "towns").is_dir():
            assert json.loads(per_town.read_text(encoding="utf-8"))["slug"] == t["slug"]


def _csv_rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_every_other_export_holds_each_town_once(built):
    _, site, towns, lists = built
    data = site / "data"
    checked = []
    if (data / "towns.csv").is_file():
        rows = _csv_rows(data / "towns.csv")
        _once(Counter(r["slug"] for r in rows), towns, "data/towns.csv")
        assert {r["slug"]: r["name"] for r in rows} == {t["slug"]: t["name"] for t in towns}
        checked.append("towns.csv")
    if (data / "towns.geojson").is_file():
        features = json.loads((data / "towns.geojson").read_text(encoding="utf-8"))["features"]
        _once(Counter(f.get("id") or f["properties"]["slug"] for f in features), towns, "data/towns.geojson")
        checked.append("towns.geojson")
    if (data / "directory.json").is_file():
        d = json.loads((data / "directory.json").read_text(encoding="utf-8"))
        slugs = d["c"]["slug"] if "c" in d else [r["slug"] for r in d.get("towns", d.get("rows", []))]
        _once(Counter(slugs), towns, "data/directory.json")
        checked.append("directory.json")
    if (data / "platforms.csv").is_file():
        rows = _csv_rows(data / "platforms.csv")
        got = Counter((r["town_slug"], r["name"]) for r in rows)
        want = Counter((t["slug"], p["name"]) for t in towns for p in t["record"].get("platforms", []))
        assert got == want, f"data/platforms.csv: missing {list((want - got).items())[:5]}, extra {list((got - want).items())[:5]}"
        checked.append("platforms.csv")
    for lid, lst in lists.items():
        path = data / "lists" / f"{lid}.csv"
        if path.is_file():
            got = Counter(r["town_slug"] for r in _csv_rows(path))
            assert got == Counter(m["town"] for m in lst["members"]), f"data/lists/{lid}.csv"
            checked.append(f"lists/{lid}.csv")
    print("checked:", ", ".join(checked))
