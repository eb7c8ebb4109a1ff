"""One display row per place, built once per build and read by every output: pages, towns.json,
the CSVs, GeoJSON, map points and the directory's data. A page and its export cannot disagree
because they print the same row.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from generator.derive import lifecycle
from generator.derive.criteria import quantity
from generator.records.model import Catalog, Designation, Town


@dataclass(frozen=True)
class StatusLabel:
    """A status as every badge shows it (labels.yml status), `code` "unknown" for none."""

    code: str
    zh: str
    en: str
    symbol: str
    shape: str
    colour: str

    @classmethod
    def of(cls, labels: dict, code: str | None) -> StatusLabel:
        code = code or "unknown"
        return cls(code, **labels["status"][code])

    @property
    def known(self) -> bool:
        return self.code != "unknown"

    @property
    def words(self) -> str:
        return f"{self.zh} {self.en}"

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class DesignationRow:
    programme: str
    programme_name: str  # the short name tables and badges use
    programme_full_name: str
    run_by: str | None
    run_by_kind: str | None
    government: bool  # the programme is run by a government department
    batch: int | None
    town_type: str | None
    name: str | None  # the place's name in this programme, where it differs
    status: StatusLabel
    category: str | None
    decided_by: str | None
    listed: str | None  # only the year when that is all the list gives: never a made-up 1 January

    @classmethod
    def of(cls, d: Designation, labels: dict) -> DesignationRow:
        prog = d.programme
        first = next((e for e in d.timeline if e["type"] in ("listed", "named")), None)
        return cls(
            programme=d.programme_id, programme_name=prog.label if prog else d.programme_id,
            programme_full_name=prog.name if prog else d.programme_id, run_by=prog.run_by if prog else None,
            run_by_kind=prog.run_by_kind if prog else None, government=bool(prog and prog.government),
            batch=d.batch, town_type=d.town_type, name=d.record.get("name"),
            status=StatusLabel.of(labels, d.status), category=d.category, decided_by=d.decided_by,
            listed=lifecycle.shown_date(first["date"], first.get("date_precision")) if first else None,
        )


# The fields a place row takes from one of its designations (the lead, or the one a programme's page shows).
_FROM_DESIGNATION = ("programme", "programme_name", "town_type", "batch", "status", "category", "decided_by", "listed")


@dataclass(frozen=True)
class PlaceRow:
    """The row of a place: identity, place facts, its lead designation's fields at the top (for
    one-badge places such as map markers) and every designation under `designations`."""

    slug: str
    name: str
    name_en: str | None
    province: str
    province_code: str
    city: str
    county: str
    adcode: str | None
    programme: str
    programme_name: str
    town_type: str | None
    batch: int | None
    status: StatusLabel
    category: str | None
    decided_by: str | None
    listed: str | None  # the earliest listing under any programme
    government_named: bool
    designations: tuple[DesignationRow, ...]
    planned_area: float | None
    lead_industry: str | None
    platform_kinds: tuple[str, ...]
    platforms_named: int
    platform_count_reported: float | None
    point: dict | None

    @classmethod
    def of(cls, t: Town, labels: dict) -> PlaceRow:
        r = t.record
        designations = tuple(DesignationRow.of(d, labels) for d in t.designations)
        lead = designations[t.designations.index(t.lead)]
        return cls(
            slug=t.slug, name=t.name, name_en=r.get("name_en"), province=r["province"],
            province_code=t.province_code, city=r.get("city", ""), county=r.get("county", ""), adcode=r.get("adcode"),
            **{k: getattr(lead, k) for k in _FROM_DESIGNATION if k != "listed"},
            listed=min((d.listed for d in designations if d.listed), default=None),
            government_named=any(d.status.code == "named" and d.government for d in designations),
            designations=designations,
            planned_area=quantity(r.get("space", {}).get("planned_area_mu")),
            lead_industry=r.get("lead_industry"),
            platform_kinds=tuple(sorted({p["kind"] for p in r.get("platforms", [])})),
            platforms_named=len(r.get("platforms", [])),
            platform_count_reported=quantity(r.get("platform_count")),
            point=t.point,
        )

    @property
    def programmes(self) -> list[str]:
        return [d.programme for d in self.designations]

    def in_programme(self, programme_id: str) -> PlaceRow:
        """The row as one programme sees it: that designation's status, batch and type."""
        d = next((x for x in self.designations if x.programme == programme_id), None)
        if d is None or d.programme == self.programme:
            return self
        return dataclasses.replace(self, **{k: getattr(d, k) for k in _FROM_DESIGNATION})


class Rows:
    """The rows of one catalog, each built once, on first use."""

    def __init__(self, cat: Catalog):
        self.cat = cat
        self._places: dict[str, PlaceRow] = {}

    def place(self, t: Town) -> PlaceRow:
        row = self._places.get(t.slug)
        if row is None:
            row = self._places[t.slug] = PlaceRow.of(t, self.cat.labels)
        return row

    def in_programme(self, t: Town, programme_id: str) -> PlaceRow:
        return self.place(t).in_programme(programme_id)

    def status(self, code: str | None) -> StatusLabel:
        return StatusLabel.of(self.cat.labels, code)
