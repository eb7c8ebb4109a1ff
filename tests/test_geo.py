"""Tests for generator.derive.geo: GCJ-02 transform, mainland test, providers."""

import random

import pytest

from generator.derive.geo import (
    distance_m,
    gcj02_to_wgs84,
    in_mainland_china,
    normalise_datum,
    provider,
    to_datum,
    wgs84_to_gcj02,
)

# (wgs_lon, wgs_lat, gcj_lon, gcj_lat, source)
REFERENCE = [
    # googollee/eviltransform, python/test.py (TESTS; same vectors in its go/, rust/, php/, ruby tests)
    (121.5272106, 31.1774276, 121.531541859215, 31.17530398364597, "eviltransform: shanghai"),
    (113.912316, 22.543847, 113.9171764808363, 22.540796131694766, "eviltransform: shenzhen"),
    (116.377817, 39.911954, 116.38404722455657, 39.91334545536069, "eviltransform: beijing"),
    # wandergis/coordtransform, README.md example: wgs84togcj02(116.404, 39.915)
    (116.404, 39.915, 116.41024449916938, 39.91640428150164, "coordtransform README"),
]


@pytest.mark.parametrize("wlon,wlat,glon,glat,src", REFERENCE, ids=[r[4] for r in REFERENCE])
def test_forward_matches_published_vectors(wlon, wlat, glon, glat, src):
    lon, lat = wgs84_to_gcj02(wlon, wlat)
    assert distance_m(lon, lat, glon, glat) < 1.0


@pytest.mark.parametrize("wlon,wlat,glon,glat,src", REFERENCE, ids=[r[4] for r in REFERENCE])
def test_inverse_matches_published_vectors(wlon, wlat, glon, glat, src):
    lon, lat = gcj02_to_wgs84(glon, glat)
    # eviltransform's own gcj2wgs_exact test allows 0.5 m; the iterative inverse is far tighter
    assert distance_m(lon, lat, wlon, wlat) < 0.01


def test_inverse_is_better_than_one_step():
    # coordtransform README: gcj02towgs84(116.404, 39.915) = [116.39775550083061, 39.91359571849836]
    # is the one-step approximation; the exact inverse lands within 1-2 m of it, not on it.
    lon, lat = gcj02_to_wgs84(116.404, 39.915)
    d = distance_m(lon, lat, 116.39775550083061, 39.91359571849836)
    assert 0.01 < d < 3.0
    back = wgs84_to_gcj02(lon, lat)
    assert distance_m(*back, 116.404, 39.915) < 0.01


def test_round_trip_below_one_centimetre():
    rng = random.Random(20240601)
    n = 0
    worst = 0.0
    while n < 3000:
        lon, lat = rng.uniform(73.5, 134.8), rng.uniform(18.2, 53.5)
        if not in_mainland_china(lon, lat):
            continue
        n += 1
        g = wgs84_to_gcj02(lon, lat)
        assert distance_m(*g, lon, lat) > 1.0  # really shifted
        w = gcj02_to_wgs84(*g)
        worst = max(worst, distance_m(*w, lon, lat))
    assert worst < 0.01


UNCHANGED = {
    "Hong Kong (Central)": (114.158, 22.282),
    "Hong Kong (Sheung Shui)": (114.128, 22.501),
    "Hong Kong (Lok Ma Chau)": (114.07, 22.509),
    "Hong Kong (Tung Chung)": (113.94, 22.29),
    "Macau (peninsula)": (113.543, 22.19),
    "Macau (Taipa)": (113.56, 22.157),
    "Macau (Coloane)": (113.56, 22.12),
    "Taipei": (121.565, 25.033),
    "Kaohsiung": (120.301, 22.627),
    "Kinmen": (118.318, 24.449),
    "Matsu (Nangan)": (119.94, 26.16),
    "Tokyo": (139.692, 35.69),
    "Seoul": (126.978, 37.566),
    "Pyongyang": (125.754, 39.039),
    "Vladivostok": (131.886, 43.116),
    "Ulaanbaatar": (106.917, 47.918),
    "Almaty": (76.945, 43.238),
    "Kathmandu": (85.324, 27.717),
    "Thimphu": (89.639, 27.472),
    "Hanoi": (105.834, 21.028),
    "Yangon": (96.196, 16.866),
    "Manila": (120.984, 14.599),
    "Singapore": (103.82, 1.352),
}


@pytest.mark.parametrize("name", sorted(UNCHANGED))
def test_outside_mainland_unchanged(name):
    lon, lat = UNCHANGED[name]
    assert not in_mainland_china(lon, lat)
    assert wgs84_to_gcj02(lon, lat) == (lon, lat)
    assert gcj02_to_wgs84(lon, lat) == (lon, lat)
    assert to_datum(lon, lat, "wgs84", "gcj02") == (lon, lat)


MAINLAND = {
    # next to Hong Kong / Macau
    "Shenzhen Futian": (114.055, 22.54),
    "Shenzhen Luohu port": (114.117, 22.534),
    "Shenzhen Shekou": (113.915, 22.48),
    "Shenzhen Nan'ao": (114.48, 22.53),
    "Zhuhai Gongbei": (113.55, 22.225),
    "Zhuhai Hengqin": (113.52, 22.12),
    "Xiamen": (118.09, 24.48),
    # border towns
    "Dongxing": (107.97, 21.55),
    "Pingxiang (Guangxi)": (106.75, 22.1),
    "Hekou": (103.94, 22.51),
    "Mohan": (101.68, 21.18),
    "Ruili": (97.85, 24.01),
    "Zhangmu": (85.98, 27.99),
    "Yadong": (88.93, 27.48),
    "Tashkurgan": (75.23, 37.77),
    "Horgos": (80.42, 44.21),
    "Erenhot": (111.98, 43.65),
    "Arxan": (119.9, 47.18),
    "Manzhouli": (117.43, 49.6),
    "Mohe Beiji": (122.35, 53.48),
    "Heihe": (127.49, 50.25),
    "Fuyuan": (134.29, 48.36),
    "Suifenhe": (131.15, 44.4),
    "Hunchun": (130.37, 42.87),
    "Dandong": (124.38, 40.13),
    "Sansha (Yongxing)": (112.34, 16.83),
    "Sanya": (109.5, 18.25),
}


@pytest.mark.parametrize("name", sorted(MAINLAND))
def test_mainland_points_are_shifted(name):
    lon, lat = MAINLAND[name]
    assert in_mainland_china(lon, lat)
    g = wgs84_to_gcj02(lon, lat)
    assert 50 < distance_m(*g, lon, lat) < 1500


def test_to_datum_aliases():
    lon, lat = 116.404, 39.915
    assert to_datum(lon, lat, "cgcs2000", "wgs84") == (lon, lat)
    assert to_datum(lon, lat, "WGS-84", "GCJ-02") == wgs84_to_gcj02(lon, lat)
    assert to_datum(lon, lat, "gcj02", "cgcs2000") == gcj02_to_wgs84(lon, lat)
    assert normalise_datum("EPSG:4490") == "cgcs2000"
    with pytest.raises(ValueError):
        to_datum(lon, lat, "bd09", "wgs84")


def test_providers():
    a = provider("amap")
    assert a["datum"] == "gcj02"
    assert a["subdomains"] == "1234" and "webrd0{s}.is.autonavi.com" in a["url"]
    assert "高德地图" in a["attribution"] and "AutoNavi" in a["attribution"]
    assert a["review_number"] and a["review_number"] in a["attribution"]
    o = provider("osm")
    assert o["datum"] == "wgs84" and "OpenStreetMap contributors" in o["attribution"]
    with pytest.raises(ValueError):
        provider("tianditu")
    t = provider("tianditu", key="abc&d")
    assert t["datum"] == "wgs84" and t["source_datum"] == "cgcs2000"
    assert "tk=abc%26d" in t["url"] and all("tk=abc%26d" in u for u in t["overlays"])
    for p in (a, o, t):
        assert set(p) >= {"url", "attribution", "datum", "subdomains", "review_number", "hosts"}
    with pytest.raises(ValueError):
        provider("baidu")
