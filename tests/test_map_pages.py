"""The site's maps from the catalog: every located town on the overview data and its own
small map (one shared document), the datum converted for the tile provider."""
from __future__ import annotations


from pathlib import Path
from urllib.parse import parse_qs

import pytest

from generator.derive import geo
from generator.outputs import map_files, maps
from generator.outputs.context import Context
from generator.records.catalog import labels, load_catalog
from generator.settings import Settings

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("tiles", ["amap", "osm"])
def test_every_located_town_is_mapped_in_the_provider_datum(cat, tiles):
    files, extras = map_files.make(Context(cat, Settings(tiles=tiles), REPO))
    by_path = {f.path: f.content for f in files}
    located = [t for t in cat.towns if t.point]
    assert located and set(extras.towns) == {t.slug for t in located}
    assert "maps/town.html" in by_path and not any(p.startswith("maps/towns/") for p in by_path)
    for t in located:
        q = parse_qs(extras.towns[t.slug].split("#", 1)[1])
        lon, lat = t.point["lon"], t.point["lat"]
        want = geo.to_datum(lon, lat, t.point["datum"], "wgs84" if tiles == "osm" else "gcj02")
        assert abs(float(q["lon"][0]) - want[0]) < 1e-5 and abs(float(q["lat"][0]) - want[1]) < 1e-5
        assert q["n"] == [t.name] and q["s"] == [t.status]
        if tiles == "osm" and t.point["datum"] == "gcj02":
            assert geo.distance_m(lon, lat, *want) > 50  # GCJ-02 is shifted onto WGS-84 tiles
    overview = by_path["data/map-points.json"]
    assert all(t.slug in overview for t in located)


def test_region_maps_exist_for_each_province_and_programme(cat):
    _, extras = map_files.make(Context(cat, Settings(tiles="amap"), REPO))
    provinces = {t.province_code for t in cat.towns if t.point}
    programmes = {d.programme_id for t in cat.towns if t.point for d in t.designations}
    assert {k for (kind, k) in extras.regions if kind == "province"} == provinces
    assert {k for (kind, k) in extras.regions if kind == "programme"} == programmes


def test_shared_small_map_takes_text_not_html():
    legend = maps.Legend.of(labels())
    html = maps.shared_small_map_html(geo.provider("amap"), "../assets/vendor/", legend=legend)
    assert 'src="../assets/js/townmap.js"' in html and "tmShared(" in html
    script = (REPO / "overrides" / "assets" / "js" / "townmap.js").read_text(encoding="utf-8")
    shared = script[script.index("function tmShared"):]
    assert "location.hash" in shared and "hasOwnProperty.call(C.statuses, q.get('s'))" in shared  # status is whitelisted before use
    frag = maps.small_map_fragment({"lon": 113.3, "lat": 23.1, "datum": "gcj02", "name": "<img src=x onerror=alert(1)>",
                                    "status": "named", "approximate": True, "precision": "county"}, geo.provider("amap"),
                                   legend=legend)
    assert "<" not in frag and parse_qs(frag)["n"] == ["<img src=x onerror=alert(1)>"]


def test_popups_name_provinces_and_every_programme_of_a_place(cat):
    files, _ = map_files.make(Context(cat, Settings(tiles="amap"), REPO))
    import json as _json

    data = _json.loads(next(f.content for f in files if f.path == "data/map-points.json"))
    names = {t.record["province"] for t in cat.towns if t.point}
    assert set(data["pv"]) == names  # 广东省, never the folder code gd
    pg_ids = [pid for pid, _ in data["pg"]]
    for t, row in zip(sorted((t for t in cat.towns if t.point), key=lambda t: t.slug), data["p"]):
        held = sorted(d.programme_id for d in t.designations)
        assert sorted(pg_ids[i] for i in ([row[5]] if isinstance(row[5], int) else row[5])) == held, t.slug
