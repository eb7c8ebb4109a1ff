"""Coordinate datums and tile providers for the maps (no MkDocs import).

Datums
------
* ``wgs84``   – GPS / OpenStreetMap.
* ``cgcs2000`` – China's national datum; differs from WGS-84 by centimetres, so it is
  treated as ``wgs84`` everywhere here (Tianditu tiles are CGCS2000).
* ``gcj02``   – the obfuscated datum required for maps published in mainland China
  (Gaode/AutoNavi, Tencent; Baidu adds a further BD-09 shift that is not handled here).

The forward transform is the public GCJ-02 algorithm (Krasovsky 1940 ellipsoid constants,
as in googollee/eviltransform and wandergis/coordtransform).  The inverse is iterative
(fixed-point refinement of the forward transform) and converges to < 1e-9° (≈ 0.1 mm);
the common one-step inverse is only good to 1–2 m and is not used.

Mainland test (``in_mainland_china``)
-------------------------------------
GCJ-02 only applies inside mainland China.  Points are "mainland" when they lie in a coarse
outline of the People's Republic (about 150 vertices worth of hand-digitised border, drawn
*outside* the land border by roughly 10–40 km so that Chinese border towns such as Dongxing,
Hekou, Ruili, Zhangmu, Horgos, Erenhot, Manzhouli, Heihe, Fuyuan, Hunchun and Dandong are always
inside) minus exclusion polygons for:

* Hong Kong – follows the Shenzhen River / Deep Bay / Mirs Bay line; about 0.5 km on the land
  border, 1–2 km at sea.  Futian, Huanggang, Luohu, Shekou and Shenzhen Bay are mainland.
* Macau – peninsula, Taipa, Cotai, Coloane; about 0.3 km.  Gongbei and Hengqin are mainland.
* Taiwan – the island with Penghu, Green Island and Orchid Island; Kinmen, Matsu (Nangan,
  Beigan, Juguang, Dongyin) and Pratas (Dongsha) as boxes a few km around the islands.

Consequences of the buffer: foreign places within the buffer (e.g. Sinuiju opposite Dandong,
Mong Cai opposite Dongxing, Lao Cai opposite Hekou, Cao Bang, Blagoveshchensk opposite Heihe) count as
"mainland" and get shifted.  This directory only lists Chinese towns, so that is the safe
direction: a wrongly *unshifted* Chinese town would sit 300–700 m off on GCJ-02 tiles.
Capitals and major cities of all neighbours (Seoul, Pyongyang, Vladivostok, Khabarovsk,
Ulaanbaatar, Almaty, Bishkek, Dushanbe, Islamabad, Kathmandu, Thimphu, Hanoi, Vientiane,
Naypyidaw, Yangon) and Tokyo, Manila etc. are outside (see tests/test_geo.py).  The Paracels
(Xisha) are inside the outline; the Spratlys (Nansha) are included as one box.
"""

from __future__ import annotations

import math
from typing import Iterable

__all__ = [
    "DATUMS",
    "PROVIDERS",
    "distance_m",
    "gcj02_to_wgs84",
    "in_mainland_china",
    "normalise_datum",
    "provider",
    "provider_problem",
    "to_datum",
    "wgs84_to_gcj02",
]

# --------------------------------------------------------------------------------------
# GCJ-02
# --------------------------------------------------------------------------------------

_A = 6378245.0  # Krasovsky 1940 semi-major axis, as used by GCJ-02
_EE = 0.00669342162296594323  # Krasovsky 1940 first eccentricity squared


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lon(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def _gcj_delta(lon: float, lat: float) -> tuple[float, float]:
    """Offset (dlon, dlat) in degrees that GCJ-02 adds to a WGS-84 point."""
    dlat = _transform_lat(lon - 105.0, lat - 35.0)
    dlon = _transform_lon(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = math.sin(radlat)
    magic = 1 - _EE * magic * magic
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return dlon, dlat


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """WGS-84 → GCJ-02.  Points outside mainland China are returned unchanged."""
    if not in_mainland_china(lon, lat):
        return lon, lat
    dlon, dlat = _gcj_delta(lon, lat)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon: float, lat: float, *, tol: float = 1e-10, max_iter: int = 30) -> tuple[float, float]:
    """GCJ-02 → WGS-84 by fixed-point iteration (error < 1e-9°, i.e. well under 0.01 m).

    Points outside mainland China (tested on the GCJ-02 input) are returned unchanged.
    """
    if not in_mainland_china(lon, lat):
        return lon, lat
    wlon, wlat = lon, lat
    for _ in range(max_iter):
        dlon, dlat = _gcj_delta(wlon, wlat)
        elon = wlon + dlon - lon
        elat = wlat + dlat - lat
        wlon -= elon
        wlat -= elat
        if abs(elon) < tol and abs(elat) < tol:
            break
    return wlon, wlat


# --------------------------------------------------------------------------------------
# Mainland test
# --------------------------------------------------------------------------------------

# Coarse outline of the PRC, (lon, lat), drawn outside the land border (see module doc).
_MAINLAND: tuple[tuple[float, float], ...] = (
    # Amur / Heilongjiang (Russia)
    (121.0, 53.75), (123.5, 53.9), (126.0, 53.3), (127.3, 51.9), (127.9, 50.5),
    (129.6, 49.7), (130.9, 49.1), (131.3, 48.0), (132.6, 48.05), (134.2, 48.65),
    (134.85, 48.45),
    # Ussuri, Khanka, Primorye
    (134.55, 47.5), (134.4, 46.6), (133.55, 45.6), (133.1, 45.2), (132.4, 44.8),
    (131.45, 44.6), (131.45, 43.9), (131.35, 43.2), (130.9, 42.55), (130.75, 42.25),
    # Tumen and Yalu (North Korea)
    (130.4, 42.45), (129.9, 42.8), (129.6, 42.35), (129.0, 41.95), (128.2, 41.25),
    (127.0, 41.55), (126.4, 40.95), (125.2, 40.35), (124.25, 39.8),
    # Yellow Sea, East China Sea (Taiwan is removed by an exclusion polygon)
    (123.6, 39.0), (123.2, 37.5), (123.3, 34.0), (123.6, 31.0), (123.2, 29.0),
    (122.4, 27.0), (122.3, 21.8),
    # South China Sea with the Paracels, Gulf of Tonkin
    (120.8, 20.8), (117.0, 20.0), (113.5, 15.2), (111.0, 15.2), (109.6, 16.8),
    (108.35, 18.2), (108.35, 19.5), (108.3, 20.8), (107.75, 21.4),
    # Vietnam
    (107.3, 21.5), (106.55, 21.8), (106.4, 22.3), (105.85, 22.65), (105.2, 22.9),
    (104.6, 22.6), (103.9, 22.3), (103.0, 22.35), (102.3, 22.25),
    # Laos, Myanmar
    (101.95, 21.5), (101.7, 20.95), (101.1, 21.25), (100.1, 21.25), (99.05, 21.95),
    (99.05, 22.8), (98.7, 23.3), (98.2, 23.8), (97.5, 23.8), (97.45, 24.8), (98.05, 25.5),
    (98.4, 26.5), (97.95, 27.3), (97.5, 28.05),
    # India (McMahon line area), Bhutan, Sikkim, Nepal
    (96.6, 28.2), (95.3, 28.95), (94.3, 28.75), (93.3, 28.2), (92.2, 27.7), (91.5, 27.7),
    (90.0, 27.85), (89.15, 27.2), (88.75, 27.3), (88.6, 27.9), (88.0, 27.85),
    (87.0, 27.85), (86.0, 27.87), (85.5, 28.1), (85.0, 28.35), (84.0, 28.85),
    (83.0, 29.4), (82.0, 29.95), (81.1, 30.0), (80.2, 30.45),
    # India (Himachal, Ladakh), Pakistan, Afghanistan
    (79.3, 30.9), (78.5, 31.8), (78.3, 32.5), (78.1, 33.5), (78.3, 34.5), (77.7, 35.5),
    (76.5, 35.85), (75.3, 36.75), (74.45, 37.15),
    # Tajikistan, Kyrgyzstan, Kazakhstan
    (74.6, 38.4), (73.35, 39.4), (73.45, 39.95), (74.7, 40.45), (76.5, 40.55),
    (77.8, 41.15), (79.5, 41.95), (80.3, 42.3), (80.5, 43.1), (80.0, 43.9), (79.8, 44.5),
    (80.6, 45.2), (82.0, 45.55), (82.05, 46.2), (82.8, 47.4), (85.2, 47.25), (85.4, 48.2),
    (86.5, 49.2),
    # Russia (Altai), Mongolia
    (87.3, 49.4), (88.0, 49.35), (88.7, 48.75), (89.8, 48.15), (90.7, 47.75), (91.2, 46.9),
    (91.3, 45.75), (92.5, 45.2), (93.7, 45.15), (95.4, 44.5), (96.5, 42.95), (100.0, 42.85),
    (101.8, 42.7), (103.9, 42.0), (105.0, 41.8), (106.8, 42.5), (108.8, 42.6), (110.5, 42.9),
    (111.9, 43.95), (113.0, 44.95), (114.8, 45.6), (116.5, 46.45), (117.5, 46.8),
    (118.6, 47.05), (119.5, 46.6), (119.75, 46.55), (119.3, 47.15), (118.45, 47.95),
    (117.6, 47.95), (116.1, 48.0), (115.35, 47.85), (116.6, 50.0),
    # Argun (Russia)
    (117.8, 50.0), (119.1, 50.5), (119.6, 51.5), (120.3, 52.6),
)

# Spratlys (Nansha), administered from Sansha; GCJ-02 maps shift them.
_EXTRA_MAINLAND: tuple[tuple[tuple[float, float], ...], ...] = (
    ((109.5, 6.5), (116.0, 6.5), (116.0, 11.6), (109.5, 11.6)),
)

_HONG_KONG = (
    (113.835, 22.14), (113.835, 22.29), (113.895, 22.445), (114.0, 22.505),
    (114.03, 22.5), (114.05, 22.502), (114.07, 22.516), (114.09, 22.522), (114.11, 22.527),
    (114.125, 22.533), (114.145, 22.545), (114.16, 22.56), (114.185, 22.56),
    (114.215, 22.548), (114.23, 22.548), (114.3, 22.535), (114.41, 22.535), (114.445, 22.565),
    (114.455, 22.5), (114.5, 22.44), (114.5, 22.14),
)

_MACAU = (
    (113.531, 22.205), (113.545, 22.217), (113.556, 22.215), (113.6, 22.2), (113.6, 22.105),
    (113.56, 22.105), (113.548, 22.13), (113.552, 22.145), (113.54, 22.16), (113.531, 22.19),
)

_TAIWAN = ((119.2, 23.0), (119.2, 23.9), (120.9, 25.45), (122.1, 25.35), (122.1, 21.75), (120.6, 21.7))


def _box(lon0: float, lat0: float, lon1: float, lat1: float) -> tuple[tuple[float, float], ...]:
    return ((lon0, lat0), (lon1, lat0), (lon1, lat1), (lon0, lat1))


_EXCLUDED: tuple[tuple[tuple[float, float], ...], ...] = (
    _HONG_KONG,
    _MACAU,
    _TAIWAN,
    _box(118.205, 24.37, 118.5, 24.535),  # Kinmen (Jinmen) and Lieyu
    _box(119.9, 26.13, 120.05, 26.26),  # Matsu: Nangan, Beigan
    _box(119.9, 25.92, 120.0, 25.99),  # Matsu: Juguang
    _box(120.45, 26.33, 120.53, 26.4),  # Matsu: Dongyin
    _box(116.6, 20.55, 116.95, 20.8),  # Pratas (Dongsha)
)


def _in_polygon(lon: float, lat: float, poly: Iterable[tuple[float, float]]) -> bool:
    """Even-odd ray casting."""
    pts = tuple(poly)
    inside = False
    j = len(pts) - 1
    for i in range(len(pts)):
        xi, yi = pts[i]
        xj, yj = pts[j]
        if (yi > lat) != (yj > lat):
            x_cross = (xj - xi) * (lat - yi) / (yj - yi) + xi
            if lon < x_cross:
                inside = not inside
        j = i
    return inside


def in_mainland_china(lon: float, lat: float) -> bool:
    """True where GCJ-02 applies: mainland China, not Hong Kong, Macau, Taiwan or abroad."""
    if not (72.0 <= lon <= 137.9 and 0.8 <= lat <= 55.9):  # the classic bounding box
        return False
    if not (_in_polygon(lon, lat, _MAINLAND) or any(_in_polygon(lon, lat, p) for p in _EXTRA_MAINLAND)):
        return False
    return not any(_in_polygon(lon, lat, p) for p in _EXCLUDED)


def in_china(lon: float, lat: float) -> bool:
    """On China's land (mainland, islands, Hong Kong, Macau, Taiwan): not at sea, not abroad."""
    return in_mainland_china(lon, lat) or any(_in_polygon(lon, lat, p) for p in _EXCLUDED)


# --------------------------------------------------------------------------------------
# Datums
# --------------------------------------------------------------------------------------

DATUMS = ("wgs84", "gcj02", "cgcs2000")
_ALIASES = {
    "wgs84": "wgs84", "wgs-84": "wgs84", "wgs 84": "wgs84", "epsg:4326": "wgs84",
    "cgcs2000": "cgcs2000", "cgcs-2000": "cgcs2000", "epsg:4490": "cgcs2000",
    "gcj02": "gcj02", "gcj-02": "gcj02",
}


def normalise_datum(name: str) -> str:
    try:
        return _ALIASES[str(name).strip().lower()]
    except KeyError:
        raise ValueError(f"unknown datum {name!r}; expected one of {', '.join(DATUMS)}") from None


def _family(datum: str) -> str:
    d = normalise_datum(datum)
    return "wgs84" if d == "cgcs2000" else d


def to_datum(lon: float, lat: float, src: str, dst: str) -> tuple[float, float]:
    """Convert between ``wgs84``/``cgcs2000`` (treated as identical) and ``gcj02``."""
    s, d = _family(src), _family(dst)
    if s == d:
        return lon, lat
    if s == "wgs84":
        return wgs84_to_gcj02(lon, lat)
    return gcj02_to_wgs84(lon, lat)


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres (haversine, mean earth radius)."""
    r = 6371008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


# --------------------------------------------------------------------------------------
# Tile providers
# --------------------------------------------------------------------------------------
#
# review_number (审图号):
# * amap: "GS(2025)5996号" is the number AutoNavi's own web map shows in its copyright line
#   ("© 2026 AutoNavi - GS(2025)5996号"), as recorded by several unrelated public projects in
#   2026 (found with the code-search tool; no first-party AutoNavi page was available).
#   Re-check it on https://lbs.amap.com / the live map before each release: the number changes
#   when AutoNavi's map is re-approved.
# * tianditu: public code quotes several different numbers (GS(2022)3124号, GS(2023)336号,
#   GS(2024)0650号 ...) and none could be tied to the current tile service, so it is left out.
# * osm: not an approved map in China; no number exists.

PROVIDERS: dict[str, dict] = {
    "amap": {
        "name": "amap",
        "label": "高德地图 AutoNavi",
        "url": "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
        "subdomains": "1234",
        "hosts": ["webrd01.is.autonavi.com", "webrd02.is.autonavi.com",
                  "webrd03.is.autonavi.com", "webrd04.is.autonavi.com"],
        "attribution": "© 高德地图 AutoNavi",
        "review_number": "GS(2025)5996号",
        "datum": "gcj02",
        "max_zoom": 18,
        "needs_key": False,
        "overlays": [],
    },
    "osm": {
        "name": "osm",
        "label": "OpenStreetMap",
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "subdomains": "",
        "hosts": ["tile.openstreetmap.org"],
        "attribution": "© OpenStreetMap contributors",
        "review_number": None,
        "datum": "wgs84",
        "max_zoom": 19,
        "needs_key": False,
        "overlays": [],
    },
    "tianditu": {
        "name": "tianditu",
        "label": "天地图 Tianditu",
        "url": "https://t{s}.tianditu.gov.cn/DataServer?T=vec_w&x={x}&y={y}&l={z}&tk={tk}",
        "subdomains": "01234567",
        "hosts": [f"t{i}.tianditu.gov.cn" for i in range(8)],
        "attribution": "© 天地图 国家地理信息公共服务平台",
        "review_number": None,
        "datum": "cgcs2000",
        "max_zoom": 18,
        "needs_key": True,
        # Tianditu's vector layer has no labels; the annotation layer goes on top.
        "overlays": ["https://t{s}.tianditu.gov.cn/DataServer?T=cva_w&x={x}&y={y}&l={z}&tk={tk}"],
    },
}


def provider_problem(name: str, key: str | None) -> str | None:
    """What is wrong with a tile setting, as one line that says what to set; None when fine.
    The build's settings (generator/settings.py) and `provider` both ask here."""
    if name not in PROVIDERS:
        return (f"未知的底图 tiles: {name}；请在 mkdocs.yml 的 plugins: towns: 下把 tiles 设为 {' / '.join(PROVIDERS)} 之一 "
                f"(unknown tile provider {name!r}: set plugins.towns.tiles to one of {', '.join(PROVIDERS)})")
    if PROVIDERS[name]["needs_key"] and not (key or "").strip():
        return ("天地图底图需要密钥：请在 mkdocs.yml 的 plugins: towns: 下设置 tiles_key，或把 tiles 改为 amap "
                "(tiles: tianditu needs a key: set plugins.towns.tiles_key in mkdocs.yml, or use tiles: amap)")
    return None


def provider(name: str, key: str | None = None) -> dict:
    """Tile provider as a plain dict; raises ValueError (see `provider_problem`) for an unknown
    name or a missing key.

    Keys: ``name, label, url, subdomains, hosts, attribution`` (plain text, with the 审图号
    appended when known), ``attribution_base, review_number, datum`` (``wgs84``/``gcj02``;
    CGCS2000 is reported as ``wgs84``), ``source_datum, max_zoom, overlays``.
    """
    problem = provider_problem(name, key)
    if problem:
        raise ValueError(problem)
    base = PROVIDERS[name]
    p = dict(base)
    p["hosts"] = list(base["hosts"])
    if base["needs_key"]:
        from urllib.parse import quote

        tk = quote(key, safe="")
        p["url"] = base["url"].replace("{tk}", tk)
        p["overlays"] = [u.replace("{tk}", tk) for u in base["overlays"]]
    else:
        p["overlays"] = list(base["overlays"])
    p["source_datum"] = base["datum"]
    p["datum"] = _family(base["datum"])
    p["attribution_base"] = base["attribution"]
    if base["review_number"]:
        p["attribution"] = f"{base['attribution']} · 审图号 {base['review_number']}"
    return p
