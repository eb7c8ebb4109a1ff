"""Open data: towns.json round trip, CSV, GeoJSON and datapackage.json (validated by the real
frictionless CLI), all from the real repository."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.derive import geo
from generator.outputs import directory, exports, files
from generator.outputs.context import Context
from generator.records.catalog import load_catalog
from generator.settings import Settings

SITE_URL = "https://example.org/site/"


@pytest.fixture(scope="module")
def cat(repo):
    c = load_catalog(repo)
    assert not c.problems, c.problems[:5]
    return c


@pytest.fixture(scope="module")
def data_dir(cat, tmp_path_factory) -> Path:
    """site/data/ as the build writes it (same generator functions)."""
    out = tmp_path_factory.mktemp("site")
    ctx = Context(cat, Settings(site_url=SITE_URL), Path(__file__).resolve().parents[1])
    written = {g.path: g.content for g in exports.generate(ctx) + directory.generate(ctx)}
    for path, body in written.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    return out / "data"


def _csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8")), "CSV must start with a UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_public_record_round_trip(repo, data_dir):
    entries = json.loads((data_dir / "towns.json").read_text(encoding="utf-8"))["towns"]
    fresh = {t.slug: t.record for t in load_catalog(repo).towns}
    assert len(entries) == len(fresh)
    for entry in entries:
        record = {k: v for k, v in entry.items() if k not in exports.COMPUTED}  # the record itself
        assert record == json.loads(json.dumps(fresh[entry["slug"]], ensure_ascii=False)), entry["slug"]
        assert isinstance(record.get("adcode", ""), str)


def test_towns_csv_one_row_per_town(cat, data_dir):
    rows = _csv(data_dir / "towns.csv")
    assert [r["slug"] for r in rows] == sorted(t.slug for t in cat.towns)
    assert list(rows[0]) == [f[0] for f in exports.TOWN_FIELDS]
    by_slug = {t.slug: t for t in cat.towns}
    for r in rows:
        t = by_slug[r["slug"]]
        assert r["status"] == (t.status or "")
        assert r["url"] == f"{SITE_URL}towns/{t.slug}/"
        assert r["approximate"] in ("true", "false", "")


def test_geojson_is_rfc7946(cat, data_dir):
    gj = json.loads((data_dir / "towns.geojson").read_text(encoding="utf-8"))
    assert gj["type"] == "FeatureCollection" and "crs" not in gj
    assert len(gj["features"]) == len(cat.towns)
    by_slug = {t.slug: t for t in cat.towns}
    for f in gj["features"]:
        t = by_slug[f["properties"]["slug"]]
        assert set(f["properties"]) >= {"name", "slug", "status", "approximate", "precision", "programme", "url"}
        if t.point is None:
            assert f["geometry"] is None
            continue
        lon, lat = f["geometry"]["coordinates"]
        assert 73 < lon < 136 and 3 < lat < 54  # [lon, lat] order, inside China
        if t.point["datum"] == "gcj02":
            want = geo.gcj02_to_wgs84(t.point["lon"], t.point["lat"])
            assert (lon, lat) == (round(want[0], 6), round(want[1], 6))
            assert (lon, lat) != (t.point["lon"], t.point["lat"])


def test_platform_and_list_csv(cat, data_dir):
    platforms = _csv(data_dir / "platforms.csv")
    assert len(platforms) == sum(len(t.record.get("platforms", [])) for t in cat.towns)
    for r in platforms:
        assert r["url"].endswith(f"#platform-{r['index']}")
    members = _csv(data_dir / "lists.csv")
    assert len(members) == sum(len(lst.members) for lst in cat.lists.values())


def test_frictionless_validate_passes(data_dir):
    exe = Path(sys.executable).parent / "frictionless"
    cmd = [str(exe)] if exe.exists() else ([shutil.which("frictionless")] if shutil.which("frictionless") else None)
    assert cmd, "frictionless CLI not installed (it is a test dependency in pyproject.toml)"
    result = subprocess.run([*cmd, "validate", "--json", "datapackage.json"], cwd=data_dir, capture_output=True,
                            text=True, timeout=300)
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report, ensure_ascii=False)[:3000]
    assert result.returncode == 0
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert {r["name"] for r in package["resources"]} >= {"towns", "platforms", "lists", "towns-geojson"}


def test_csv_cells_are_neutralised_and_urls_http_only(root):
    root.town("evil", name="=HYPERLINK(\"http://x\")<script>alert(1)</script>")
    rec = root.path / "towns" / "gd" / "evil.yml"
    rec.write_text(rec.read_text(encoding="utf-8") + "platforms:\n  - name: \"@SUM(1)\"\n    kind: 孵化器\n",
                   encoding="utf-8")
    c = load_catalog(root.path)
    assert not c.problems, c.problems
    data = exports.open_data(Context(c, Settings(site_url=SITE_URL), root.path))
    towns = list(csv.reader(io.StringIO(data["towns.csv"].decode("utf-8-sig"))))
    assert towns[1][1].startswith("'=")
    plats = list(csv.reader(io.StringIO(data["platforms.csv"].decode("utf-8-sig"))))
    assert plats[1][3] == "'@SUM(1)"
    assert exports.http_url("javascript:alert(1)") == "" and exports.http_url("https://a.b/") == "https://a.b/"
    assert files.neutralise("-1+2") == "'-1+2"
