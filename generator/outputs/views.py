"""What a town page shows, decided in Python: `TownView` and the views it holds. town.html only
prints them; it never reads the record.

Facts come with their provenance (a wider area than the town, a repost) and the words that say
so (labels.yml `scope`); dates as precise as their source (lifecycle.shown); platforms with the
anchor they are numbered by once (#platform-N); the point with what it stands for.
"""
from __future__ import annotations

from dataclasses import dataclass

from generator.derive import lifecycle
from generator.derive.names import other_names
from generator.outputs import search
from generator.outputs.facts import fact_rows, wider
from generator.outputs.industry import sector
from generator.outputs.rows import DesignationRow, PlaceRow, StatusLabel
from generator.outputs.urls import Urls, designation_anchor, platform_anchor
from generator.records.model import Designation, Town

# The designation's own fields a town page lists under it, in order; town_type always (unknown
# when the record is silent), the others where the record has them.
_DESIGNATION_FACTS = ("name", "town_type", "applicant", "competent_department", "basis")


@dataclass
class EventView:
    when: lifecycle.Shown | None
    label: dict  # labels.yml event: {zh, en}
    category: str | None
    list_url: str | None  # the published list that gave the event
    document: str | None
    as_published: str | None  # the list's name for the place, where it is not the place's name
    year: int | None
    grade: str | None
    decided_by: str | None  # for a recorded event (a list names its issuer on its own page)
    note: str | None
    member_note: str | None  # the list's own note on this member (a pilot's 试点内容), where it gives one
    source: str | None
    mirror: bool


@dataclass
class DesignationView:
    programme: str
    anchor: str  # designation-<programme>, the section's id
    full_name: str
    batch: int | None
    status: StatusLabel
    category: str | None
    meaning: dict | None  # labels.yml status_meaning, None for a designation without a status
    decided_by: str | None
    facts: list[tuple[str, str | None]]  # (field, value): see _DESIGNATION_FACTS
    reported: list[dict]  # the designation's own `facts` (figures reported for this programme), as fact_rows
    timeline: list[EventView]
    notes: list[str]
    summary: dict | None  # criteria.summarize: met, unmet, unknown, total; None: nothing judged
    scheme: dict | None  # {title, url} of the scheme the criteria come from
    criteria: list[dict]
    criteria_note: str | None  # the programme's word on criteria, where none are judged
    town_type_unknown: bool


@dataclass
class PlatformView:
    anchor: str  # platform-N
    name: str
    kind: str
    tags: list[str]  # its kind, and its level where the source states one (the kind stays on each
    # platform's own heading too: search matches a kind on the platform's #platform-N, not on the group)
    details: list[str]  # what it offers, a note
    as_of: str | None
    url: str | None
    source: str | None
    wider: dict | None
    mirror: bool


@dataclass
class PlatformGroup:
    kind: str  # the schema's platform_kind
    kind_en: str
    platforms: list[PlatformView]


@dataclass
class PointView:
    label: dict  # labels.yml precision: {zh, en}
    approximate: bool
    stands_for: str  # what an approximate point stands for: the county, the city, the province …
    stands_for_en: str  # the same, as an English sentence
    checked_in: str | None  # a township point: the division it was checked to lie in
    map_url: str | None  # the town's small map (document#point), site-relative; None without maps
    place: str  # province, city and county, for the map's placeholder
    point: dict


@dataclass
class NearbyView:
    heading: dict  # {zh, en}: 同县的其他小镇 / 同市的其他小镇
    division: str  # the county or city they share
    towns: list[dict]  # {name, url, status (StatusLabel)}
    more: int  # how many more share the division than are listed


_NEARBY_HEADING = {"county": {"zh": "同县的其他小镇", "en": "Other towns in the same county"},
                   "city": {"zh": "同市的其他小镇", "en": "Other towns in the same city"}}


def _nearby(n, urls: Urls, rows) -> NearbyView | None:
    if n is None:
        return None
    return NearbyView(heading=_NEARBY_HEADING[n.scope], division=n.division,
                      towns=[{"name": t.name, "url": urls.town(t.slug), "status": rows.place(t).status} for t in n.towns],
                      more=n.more)


@dataclass
class TownView:
    slug: str
    name: str
    name_en: str | None
    file: str
    description: str  # the page's meta description: the record's sentence where it has one, then status, programme, province
    summary: dict | None  # the record's one-sentence description under the title: {text, source, wider, mirror}
    grams: str  # every 2-character fragment of the name, for search
    other_names: str  # the other names that find the place (derive/names.py), space separated, for search
    search: dict  # the attributes of the page's search metadata element, in order
    programme_names: list[str]
    province: str
    province_code: str
    division: list[str]  # city and county, where known
    lead_industry: str | None
    lead_sector: dict | None  # {zh, en} of the sector the printed lead industry falls in (industry_sectors.yml)
    renamed: dict | None  # the division as the list published it, where it has been renamed since
    designations: list[DesignationView]
    platforms: list[PlatformView]
    platform_groups: list[PlatformGroup]  # the platforms by kind, in the schema's order of kinds
    adcode: str | None
    facts: list[dict]  # known facts (facts.fact_rows)
    missing: list[str]  # labels of the facts every visitor looks for that the record does not give
    point: PointView | None
    highlights: list[dict]
    notes: list[str]
    sources: list[dict]
    updated: str | None  # when the record last changed (git)
    updated_unknown: bool  # built without git history: the page says it cannot know
    edit_url: str | None  # the record in GitHub's editor
    data_url: str  # its towns.json entry
    form_url: str  # the record form, opened on this record
    nearby: NearbyView | None  # other places in the same county, else the same city
    history: list[dict] | None = None  # the record's changes from git, newest first (follow.town_history); None: unknown


def _event(e: dict, town: Town, labels: dict, urls: Urls, member_notes: dict) -> EventView:
    from_list = bool(e.get("list"))
    as_published = e.get("name_as_published")
    return EventView(
        when=lifecycle.shown(e["date"], e.get("date_precision")), label=labels["event"][e["type"]],
        category=e.get("category"), list_url=urls.list(e["list"]) if from_list else None, document=e.get("document"),
        as_published=as_published if from_list and as_published != town.name else None,
        year=e.get("year"), grade=e.get("grade"), decided_by=None if from_list else e.get("decided_by"),
        note=e.get("note"), member_note=member_notes.get(e["list"]) if from_list else None,
        source=e.get("source"), mirror=bool(e.get("mirror")),
    )


def _designation(d: Designation, row: DesignationRow, town: Town, cat, urls: Urls) -> DesignationView:
    labels = cat.labels
    values = {"name": row.name, "town_type": row.town_type, **{k: d.record.get(k) for k in _DESIGNATION_FACTS[2:]}}
    scheme = cat.schemes.get(d.scheme_id) if d.criteria_summary else None
    member_notes = {m["list"].id: m["member"].get("note") for m in d.lists if m["member"].get("note")}
    return DesignationView(
        programme=row.programme, anchor=designation_anchor(row.programme), full_name=row.programme_full_name,
        batch=row.batch, status=row.status, category=row.category,
        meaning=labels["status_meaning"][row.status.code] if row.status.known else None, decided_by=row.decided_by,
        facts=[(k, values[k]) for k in _DESIGNATION_FACTS if values[k] or k == "town_type"],
        reported=[f for f in fact_rows(d.record.get("facts") or {}, labels) if not f.get("unknown")],
        timeline=[_event(e, town, labels, urls, member_notes) for e in d.timeline],
        notes=list(d.record.get("notes") or []),
        summary=d.criteria_summary,
        scheme={"title": scheme.title, "url": urls.scheme(row.programme, scheme.id)} if scheme else None,
        criteria=[dict(c, url=urls.clause(c["clause"]["policy"], c["clause"]["anchor"]) if c.get("clause") else None)
                  for c in d.criteria],
        criteria_note=getattr(d.programme, "criteria_note", None) if d.programme else None,
        town_type_unknown=not row.town_type,
    )


def _platform(p, labels: dict) -> PlatformView:
    return PlatformView(
        anchor=platform_anchor(p.index), name=p.name, kind=p.kind, tags=[x for x in (p.kind, p.level) if x],
        details=[x for x in (p.data.get("offers"), p.data.get("note")) if x], as_of=p.data.get("as_of"), url=p.url,
        source=p.source, wider=wider(p.data, labels, "platform"), mirror=bool(p.data.get("mirror")),
    )


def _platform_groups(platforms: list[PlatformView], labels: dict) -> list[PlatformGroup]:
    kinds = list(labels["platform_kind"])
    groups: dict[str, list[PlatformView]] = {}
    for p in platforms:
        groups.setdefault(p.kind, []).append(p)
    order = sorted(groups, key=lambda k: kinds.index(k) if k in kinds else len(kinds))
    return [PlatformGroup(k, labels["platform_kind"].get(k, ""), groups[k]) for k in order]


def _point(town: Town, labels: dict, map_url: str | None) -> PointView | None:
    point, r = town.point, town.record
    if not point:
        return None
    precision = point["precision"]
    words = labels["stands_for"].get(precision, {})
    if "zh" in words:
        stands_for = words["zh"]
    elif precision == "county" and r.get("county"):
        stands_for = r["county"]
    else:
        stands_for = r.get("city") or r["province"]
    checked_in = (r.get("county") or r.get("city") or r["province"]) if precision == "township" else None
    return PointView(label=labels["precision"][precision], approximate=point["approximate"], stands_for=stands_for,
                     stands_for_en=words.get("en", ""), checked_in=checked_in,
                     map_url=map_url, place=" ".join(x for x in (r["province"], r.get("city"), r.get("county")) if x),
                     point=point)


def town_view(town: Town, row: PlaceRow, cat, urls: Urls, *, map_url: str | None, updated: dict | None,
              edit_base: str, nearby=None, rows=None, history: list[dict] | None = None) -> TownView:
    """Everything the town page shows. `updated`: slug -> last change (None: no git history)."""
    labels, r = cat.labels, town.record
    facts = fact_rows(r, labels)
    has_platforms = bool(town.platforms)
    lead = sector(r.get("lead_industry"))
    meta = "entity[data-entity], status[data-status], programme[data-programme], province[data-province]"
    filters = "status[data-status-label], province[data-province]"
    search_attrs = {
        "data-pagefind-meta": meta + (", platforms[data-platforms]" if has_platforms else ""),
        "data-pagefind-filter": filters + (", town_type[data-town-type]" if row.town_type else "")
        + (", sector[data-sector]" if lead else ""),
        "data-entity": "town", "data-status": row.status.code, "data-status-label": row.status.words,
        "data-programme": " · ".join(d.programme_name for d in row.designations), "data-province": r["province"],
        "data-town-type": row.town_type or None,
        "data-sector": lead.zh if lead else None,  # the lead industry's sector, a search filter as in the directory
        "data-platforms": search.platforms_meta(town.platforms) if has_platforms else None,
    }
    listed = r.get("division_as_listed")
    return TownView(
        slug=town.slug, name=town.name, name_en=r.get("name_en"), file=town.file,
        description=(f"{town.name}：{r['description']['text']}（{row.status.words} · {row.programme_name} · {r['province']}）"
                     if r.get("description") else f"{town.name}：{row.status.words} · {row.programme_name} · {r['province']}"),
        summary=dict(r["description"], wider=wider(r["description"], labels, "fact"), mirror=bool(r["description"].get("mirror")))
        if r.get("description") else None,
        grams=search.name_grams(town.name), other_names=" ".join(other_names(town)),
        search=search_attrs,
        programme_names=[d.programme_name for d in row.designations],
        province=r["province"], province_code=town.province_code,
        division=[x for x in (r.get("city"), r.get("county")) if x], lead_industry=r.get("lead_industry"),
        lead_sector={"zh": lead.zh, "en": lead.en} if lead else None,
        renamed=dict(listed, now=r.get("county") or r.get("city")) if listed else None,
        designations=[_designation(d, dr, town, cat, urls) for d, dr in zip(town.designations, row.designations)],
        platforms=(platforms := [_platform(p, labels) for p in town.platforms]),
        platform_groups=_platform_groups(platforms, labels),
        adcode=r.get("adcode"),
        facts=[f for f in facts if not f.get("unknown")], missing=[f["label"] for f in facts if f.get("unknown")],
        point=_point(town, labels, map_url),
        highlights=[dict(h, wider=wider(h, labels, "context")) for h in r.get("highlights", [])],
        notes=list(r.get("notes") or []),
        sources=[dict(s, details=[x for x in (s.get("publisher"), s.get("date")) if x]) for s in r["sources"]],
        updated=updated.get(town.slug) if updated is not None else None, updated_unknown=updated is None,
        edit_url=f"{edit_base}{town.file}" if edit_base else None,
        data_url=urls.town_data(town.slug), form_url=urls.edit(town.slug),
        nearby=_nearby(nearby, urls, rows) if rows is not None else None, history=history,
    )
