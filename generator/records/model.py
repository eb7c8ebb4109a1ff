"""The model the site is made from: places, their designations, policies, and the catalog that
holds them with the programmes, lists and schemes (entities.py).

These are the types; records/catalog.py loads, joins and derives them. Nothing here imports MkDocs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.derive import lifecycle
from generator.records.entities import Platform, Programme, PublishedList, Scheme
from generator.records.load import Document
from generator.records.validate import Problem


@dataclass
class Designation:
    """One programme a place belongs to: its batch, type, lists, events, status and criteria."""

    record: dict  # the designation's own fields in the place's record
    index: int  # position in the record's `designations`, for file:line:col messages
    programme: Programme | None = None
    lists: list[dict] = field(default_factory=list)  # [{list, member, position}]
    timeline: list[dict] = field(default_factory=list)
    status: str | None = None
    category: str | None = None  # the category of the latest listing (创建, 培育 …), or after a downgrade
    criteria: list[dict] = field(default_factory=list)
    criteria_summary: dict | None = None
    scheme_id: str | None = None

    @property
    def programme_id(self) -> str:
        return self.record["programme"]

    @property
    def batch(self) -> int | None:
        return self.record.get("batch")

    @property
    def town_type(self) -> str | None:
        return self.record.get("town_type")

    @property
    def decided_by(self) -> str | None:
        """Who made the current status: the issuer of the latest event that gave it."""
        kinds = lifecycle.STATUS_EVENTS.get(self.status, ())
        return next((e.get("decided_by") for e in reversed(self.timeline) if e["type"] in kinds), None)


@dataclass
class Town:
    """A place: one record, one page, one map point; it holds one or more designations."""

    record: dict
    file: str  # repository-relative path of the YAML record
    doc: Document
    designations: list[Designation] = field(default_factory=list)
    point: dict | None = None  # {lon, lat, datum, precision, approximate, basis, origin}
    platforms: list[Platform] = field(default_factory=list)  # numbered once: #platform-N on its page

    @property
    def slug(self) -> str:
        return self.record["slug"]

    @property
    def name(self) -> str:
        return self.record["name"]

    @property
    def province_code(self) -> str:
        return Path(self.file).parent.name

    @property
    def lead(self) -> Designation:
        """The designation that speaks for the place where one badge must: the furthest status,
        then the first in the record."""
        return max(self.designations, key=lambda d: (lifecycle.rank(d.status), -d.index))

    @property
    def status(self) -> str | None:
        return self.lead.status

    @property
    def timeline(self) -> list[dict]:
        """Every designation's events, in date order, each naming its programme."""
        return sorted((e for d in self.designations for e in d.timeline), key=lambda e: e["date"])

    def designation(self, programme_id: str) -> Designation | None:
        return next((d for d in self.designations if d.programme_id == programme_id), None)


@dataclass
class Policy:
    id: str
    file: str
    meta: dict
    body: str


@dataclass
class Catalog:
    root: Path
    towns: list[Town] = field(default_factory=list)
    programmes: dict[str, Programme] = field(default_factory=dict)
    schemes: dict[str, Scheme] = field(default_factory=dict)
    lists: dict[str, PublishedList] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    labels: dict = field(default_factory=dict)  # generator/labels.yml
    invalid_slugs: set[str] = field(default_factory=set)  # records that exist but failed validation

    def town(self, slug: str) -> Town | None:
        return self._by_slug.get(slug)

    def index(self) -> None:
        self._by_slug = {t.slug: t for t in self.towns}


