"""Property-based tests (Hypothesis) on records generated within the schema: free text with any
Unicode a UTF-8 file can hold, names and titles with any but the control and invisible characters
the schema refuses (and, one draw in ten, with those too), designations with events dated at every
precision and facts of their own, figures as numbers and as {value …}, shares at and around each
threshold of the criteria; and, for validation alone, records with arbitrary nested values.

* validation never raises, and every problem it reports names a line and a column;
* every record that validates builds (a real `mkdocs build` with the search index) and appears
  on its page, its list's page, the directory's data, the search index and every export;
* a criterion's verdict agrees with an exact comparison (fractions, no rounding), in the
  function and in the built towns.json.

Profiles: `ci` (the default, used by `make test`) is derandomized and does not shrink a failure
(the report names the failing example; shrinking a build-sized case can take many minutes), so
every run draws the same examples, with few builds (a batch of records per build); `HYPOTHESIS_PROFILE=dev` draws new
examples, more of them, and keeps failures in .hypothesis/.
"""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from generator.derive.criteria import evaluate
from generator.records.catalog import load_catalog
from generator.records.validate import schema
from generator.tools import synth

REPO = Path(__file__).resolve().parents[1]

_COMMON = dict(deadline=None, print_blob=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
                                      HealthCheck.function_scoped_fixture])
settings.register_profile("ci", derandomize=True, database=None, phases=[Phase.explicit, Phase.reuse, Phase.generate], **_COMMON)
settings.register_profile("dev", **_COMMON)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
EXAMPLES = {"ci": {"validate": 150, "build": 3, "criteria": 600},
            "dev": {"validate": 1000, "build": 12, "criteria": 5000}}[PROFILE]
CI = settings.get_profile(PROFILE)

PLATFORM_KINDS = schema("town")["$defs"]["platform_kind"]["enum"]
SCHEMES = {sid: yaml.safe_load((REPO / "policies" / "schemes" / f"{sid}.yml").read_text(encoding="utf-8"))
           for sid in ("gd-2016", "gd-2017", "gx-2018")}
# where each programme's generated places stand: province folder, province, city, county, division code
PLACES = {"gd-internet-plus": ("gd", "广东省", "广州市", "天河区", "440106", ["产业型", "应用型"], "2016-06-24"),
          "gx-innovation-town": ("gx", "广西壮族自治区", "贵港市", "港南区", "450803", ["创新小镇"], "2018-10-09")}

# ---- strategies -------------------------------------------------------------------------------

ANY_CHAR = st.characters(exclude_categories=("Cs",))  # any code point a UTF-8 file can hold


def text(max_size: int, min_size: int = 0):
    return st.text(ANY_CHAR, min_size=min_size, max_size=max_size)


# what an identifying field may hold: any character but controls and the invisible ones the schema refuses
IDENT_CHAR = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="".join(
    map(chr, [*range(0x200B, 0x2010), *range(0x202A, 0x202F), 0x2060, *range(0x2066, 0x206A), 0xFEFF])))


@st.composite
def ident(draw, max_size: int, min_size: int = 0) -> str:
    """A name or title: within the schema nine times in ten, any Unicode the tenth (which
    validation must refuse with a located problem, and the build must then leave out)."""
    chars = ANY_CHAR if draw(st.integers(0, 9)) == 0 else IDENT_CHAR
    return draw(st.text(chars, min_size=min_size, max_size=max_size))


@st.composite
def dated(draw, start=dt.date(2016, 1, 1), end=dt.date(2024, 12, 31)) -> dict:
    """A date at any precision, written as the schema says (a year or month is its first day)."""
    day = draw(st.dates(min_value=start, max_value=end))
    precision = draw(st.sampled_from([None, "day", "month", "year", "unknown"]))
    date = f"{day.year}-01-01" if precision == "year" else f"{day:%Y-%m}-01" if precision == "month" else day.isoformat()
    return {"date": date, **({"date_precision": precision} if precision else {})}


DELTAS = [0, 0, 0, Fraction(1, 10**9), -Fraction(1, 10**9), Fraction(1, 1000), -Fraction(1, 1000),
          Fraction(1, 100), -Fraction(1, 100), Fraction(1, 2), -Fraction(1, 2), 1, -1, 7, -7]


@st.composite
def part_near(draw, whole, minimum: float):
    """A part of `whole` whose share is the threshold, or a hair, a point or a few points either side."""
    exact = Fraction(repr(whole)) * (Fraction(repr(minimum)) + draw(st.sampled_from(DELTAS))) / 100
    if isinstance(whole, int) and draw(st.booleans()):
        return max(0, int(exact) + draw(st.integers(-1, 1)))  # whole firms: 1,999 of 10,000
    return max(0.0, float(round(exact, draw(st.integers(0, 6)))))


WHOLES = st.one_of(st.integers(1, 10**6), st.decimals(Fraction(1, 1000), 10**6, places=3).map(float))


@st.composite
def near_share(draw, minimum: float) -> tuple:
    whole = draw(WHOLES)
    return draw(part_near(whole, minimum)), whole


def figure(value):
    """A quantity as a plain number or as {value …}."""
    return st.sampled_from([value, {"value": value}, {"value": value, "year": 2018}])


@st.composite
def investment(draw) -> dict:
    """Guangxi's investment plan: featured ≥ 70 % and first year ≥ 20 % of the three-year total."""
    whole = draw(WHOLES)
    out = {}
    if draw(st.booleans()):
        out["fixed_assets_3y_yi"] = draw(figure(whole))
    if draw(st.booleans()):
        out["featured_yi"] = draw(figure(draw(part_near(whole, 70))))
    if draw(st.booleans()):
        out["first_year_yi"] = draw(figure(draw(part_near(whole, 20))))
    if draw(st.integers(0, 4)) == 0:
        out["featured_share"] = draw(st.sampled_from([69.958, 70, 70.0, 69.99999, 70.001, 100, 0]))
    return out


@st.composite
def enterprises(draw, gx: bool) -> dict:
    part, whole = draw(near_share(20))
    keys = ("above_scale_rnd_firms", "above_scale_firms") if gx else ("rnd_firms", "internet_firms")
    out = {}
    if draw(st.booleans()):
        out[keys[1]] = draw(figure(whole))
    if draw(st.booleans()):
        out[keys[0]] = draw(figure(part))
    return out


@st.composite
def event(draw, listed: str) -> dict:
    when = draw(dated(start=dt.date.fromisoformat(listed[:4] + "-01-01")))
    kind = draw(st.sampled_from(["assessed", "assessed", "warned", "downgraded"]))
    e = {"type": kind, **when, "source": "https://example.org/prop/event"}
    if kind == "assessed" and draw(st.booleans()):
        e["grade"] = draw(st.sampled_from(["优秀", "良好", "合格", "基本合格", "不合格"]))
    if draw(st.booleans()):
        e["decided_by"] = draw(ident(120, 1))
    if draw(st.booleans()):
        e["note"] = draw(text(300))
    return e


@st.composite
def record(draw, slug: str, programme: str) -> dict:
    """A town record within the schema (it may still break a rule: an invisible character in a
    name, an event before its listing …; the tests say which)."""
    folder, province, city, county, adcode, types, listed = PLACES[programme]
    gx = folder == "gx"
    rec = {"slug": slug, "name": draw(ident(120, 1))}
    if draw(st.booleans()):
        rec["name_en"] = draw(ident(200))
    rec.update({"province": province, "city": city, "county": county, "adcode": adcode})
    des = {"programme": programme, "batch": 1}
    if draw(st.booleans()):
        des["town_type"] = draw(st.sampled_from(types))
    if draw(st.booleans()):
        des["name"] = draw(ident(120, 1))
    if draw(st.booleans()):
        des["applicant"] = draw(ident(120))
    events = draw(st.lists(event(listed), max_size=3))
    if events:
        des["events"] = events
    facts = {}
    if gx and draw(st.booleans()):
        facts["investment"] = draw(investment())
    if draw(st.booleans()):
        facts["enterprises"] = draw(enterprises(gx))
    facts = {k: v for k, v in facts.items() if v}
    if facts:
        des["facts"] = facts
    rec["designations"] = [des]
    if gx and draw(st.booleans()):
        rec["investment"] = draw(investment())
    if draw(st.booleans()):
        rec["enterprises"] = draw(enterprises(gx))
    platforms = draw(st.lists(st.fixed_dictionaries({"name": ident(120, 1), "kind": st.sampled_from(PLATFORM_KINDS)}), max_size=3))
    if platforms:
        rec["platforms"] = platforms
    notes = draw(st.lists(text(600), max_size=2))
    if notes:
        rec["notes"] = notes
    rec["sources"] = [{"url": f"https://example.org/prop/{slug}", "title": draw(ident(300, 1)),
                       **({"date": "2016-06-24"} if draw(st.booleans()) else {})}]
    return {k: v for k, v in rec.items() if v not in ({}, [])}


NESTED = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text(20),
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text(8), inner, max_size=3),
                      max_leaves=25)


@st.composite
def wild_record(draw) -> tuple[dict, str]:
    """A record within the schema, then perhaps a field replaced by arbitrary nested data, and
    perhaps a note nested far past any record's depth (text appended to the YAML)."""
    rec = draw(record("prop-v", draw(st.sampled_from(sorted(PLACES)))))
    if draw(st.booleans()):
        key = draw(st.sampled_from(["name", "notes", "platforms", "designations", "enterprises", "sources", "zzz"]))
        rec[key] = draw(NESTED)
    extra = ""
    if draw(st.integers(0, 5)) == 0:
        depth = draw(st.integers(1, 3000))
        extra = "highlights: " + "[" * depth + "]" * depth + "\n"
    return rec, extra


def dump(rec: dict) -> str:
    return yaml.safe_dump(rec, allow_unicode=True, sort_keys=False, width=10_000)


# ---- an exact oracle for the share criteria ---------------------------------------------------

def _number(v):
    v = v.get("value") if isinstance(v, dict) else v
    return None if v is None or isinstance(v, bool) else Fraction(repr(v)) if isinstance(v, float) else Fraction(v)


def exact_share(facts: dict, rule: dict) -> str:
    """met / unmet / unknown for a share rule, by exact arithmetic on plain figures."""
    def at(path):
        node = facts
        for k in path.split("."):
            node = node.get(k) if isinstance(node, dict) else None
        return node
    stated = _number(at(rule["field"])) if "field" in rule else None
    if stated is not None:
        return "met" if stated >= Fraction(repr(rule["min"])) else "unmet"
    part, whole = _number(at(rule.get("numerator", "-"))), _number(at(rule.get("denominator", "-")))
    if part is None or not whole:
        return "unknown"
    return "met" if 100 * part >= Fraction(repr(rule["min"])) * whole else "unmet"


def merged(place: dict, facts: dict) -> dict:
    """The designation's facts over the place's, group by group (the schema's words, said again here)."""
    out = dict(place)
    for group, fields in facts.items():
        out[group] = {**place.get(group, {}), **fields} if isinstance(fields, dict) and "value" not in fields else fields
    return out


SHARE_RULES = [(sid, c) for sid, s in SCHEMES.items() for c in s["criteria"] if c["rule"]["kind"] == "share"]


@settings(CI, max_examples=EXAMPLES["criteria"])
@given(data=st.data())
def test_a_share_verdict_agrees_with_an_exact_comparison(data):
    sid, criterion = data.draw(st.sampled_from(SHARE_RULES))
    rule = criterion["rule"]
    part, whole = data.draw(near_share(rule["min"]))
    facts: dict = {}

    def put(path, value):
        node = facts
        *head, last = path.split(".")
        for k in head:
            node = node.setdefault(k, {})
        node[last] = value
    if "numerator" in rule:
        put(rule["numerator"], data.draw(figure(part)))
        put(rule["denominator"], data.draw(figure(whole)))
    if "numerator" not in rule or data.draw(st.integers(0, 3)) == 0:
        put(rule["field"], data.draw(st.sampled_from([rule["min"], rule["min"] - 0.001, rule["min"] + 1e-9, 69.958, 19.99])))
    scheme = SCHEMES[sid]
    types = scheme.get("town_types") or [None]
    town_type = next(iter(criterion.get("applies_to") or types))
    got = next(r for r in evaluate(scheme, facts, town_type) if r["id"] == criterion["id"])
    want = exact_share(facts, rule)
    note(f"{sid} {criterion['id']}: {facts} -> {got}")
    assert got["result"] == want
    if got["value_basis"] == "computed":  # the shown value never reads as the other side of the threshold
        assert (got["value"] >= rule["min"]) == (want == "met")


# ---- validation never raises ------------------------------------------------------------------

@pytest.fixture(scope="module")
def frame(tmp_path_factory) -> Path:
    """A synthetic root with real policies, plus lists that name the one record the test rewrites."""
    root = synth.make_root(tmp_path_factory.mktemp("prop-frame") / "root", 2, seed=7)
    return root


def _write_lists(root: Path, members: dict[str, list[tuple[str, str]]]) -> None:
    for programme, rows in members.items():
        listed = PLACES[programme][6]
        lst = {"id": f"prop-{programme}", "programme": programme, "batch": 1, "title": f"性质测试名单 {programme}",
               "issuer": "合成发布机关", "date": listed, "kind": "listing", "source": f"https://example.org/prop/{programme}",
               "members": [{"town": slug, "name_as_published": name} for slug, name in rows]}
        path = root / "policies" / "lists" / f"prop-{programme}.yml"
        if rows:
            path.write_text(dump(lst), encoding="utf-8")
        elif path.exists():
            path.unlink()


@settings(CI, max_examples=EXAMPLES["validate"])
@given(case=wild_record())
def test_validation_never_raises_and_every_problem_is_located(frame, case):
    rec, extra = case
    files = []
    for folder in ("gd", "gx"):
        f = frame / "towns" / folder / "prop-v.yml"
        if f.exists():
            f.unlink()
    folder = "gx" if "广西" in str(rec.get("province")) else "gd"
    path = frame / "towns" / folder / "prop-v.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(rec) + extra, encoding="utf-8")
    files.append(path)
    programme = "gx-innovation-town" if folder == "gx" else "gd-internet-plus"
    _write_lists(frame, {programme: [("prop-v", "性质测试")], next(p for p in PLACES if p != programme): []})
    cat = load_catalog(frame)  # must not raise
    for p in cat.problems:
        assert p.line >= 1 and p.col >= 1 and p.message, p
    valid = not [p for p in cat.problems if p.file == f"towns/{folder}/prop-v.yml"]
    if valid:
        assert cat.town("prop-v") is not None, "a record that validates is in the catalog"


# ---- every record that validates builds and appears everywhere --------------------------------

@st.composite
def batch(draw) -> list[dict]:
    n = draw(st.integers(6, 10))
    programmes = [sorted(PLACES)[i % 2] for i in range(n)]
    recs = [draw(record(f"prop-{i:03d}", p)) for i, p in enumerate(programmes)]
    for r in recs:  # the name a list gives it, any Unicode too
        r["_listed_as"] = draw(ident(200))
    return recs


def _prune(root: Path, recs: list[dict]) -> tuple[list[dict], dict]:
    """Drop the records validation refuses (each for a located problem), until the tree validates."""
    kept, why = list(recs), {}
    for _ in range(4):
        for r in recs:
            folder = PLACES[r["designations"][0]["programme"]][0]
            (root / "towns" / folder / f"{r['slug']}.yml").unlink(missing_ok=True)
        for r in kept:
            folder = PLACES[r["designations"][0]["programme"]][0]
            body = {k: v for k, v in r.items() if k != "_listed_as"}
            (root / "towns" / folder).mkdir(parents=True, exist_ok=True)
            (root / "towns" / folder / f"{r['slug']}.yml").write_text(dump(body), encoding="utf-8")
        _write_lists(root, {p: [(r["slug"], r["_listed_as"]) for r in kept if r["designations"][0]["programme"] == p]
                            for p in PLACES})
        cat = load_catalog(root)
        if not cat.problems:
            return kept, why
        bad = set()
        for p in cat.problems:
            assert p.line >= 1 and p.col >= 1, p
            m = re.search(r"(prop-\d{3})\.yml$", p.file)
            if m:
                bad.add(m.group(1))
            elif p.file.startswith("policies/lists/prop-"):  # a member's published name: drop that member
                i = int(re.match(r"members\[(\d+)\]", p.path).group(1))
                programme = p.file.split("prop-", 1)[1].removesuffix(".yml")
                bad.add([r for r in kept if r["designations"][0]["programme"] == programme][i]["slug"])
            else:
                raise AssertionError(f"a problem outside the generated records: {p}")
        for slug in bad:
            why[slug] = [str(p) for p in cat.problems if slug in p.file]
        kept = [r for r in kept if r["slug"] not in bad]
    raise AssertionError(f"the tree does not settle: {[str(p) for p in cat.problems][:5]}")


def _plain(s: str) -> str:
    """Text as a reader or an index compares it: whitespace runs collapsed."""
    return " ".join(s.replace("\u200b", "").split())  # Pagefind marks its CJK word breaks with U+200B


def _csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@settings(CI, max_examples=EXAMPLES["build"])
@given(recs=batch())
def test_every_record_that_validates_builds_and_appears_everywhere(frame, tmp_path_factory, recs):
    root = tmp_path_factory.mktemp("prop-build") / "root"
    shutil.copytree(frame, root, symlinks=True, ignore=shutil.ignore_patterns("prop-v.yml", "prop-*.yml"))
    kept, refused = _prune(root, recs)
    note(f"refused: {refused}")
    assert kept, f"no generated record validates; refused {refused}"
    site = root.parent / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
                            cwd=root, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]

    towns_json = {t["slug"]: t for t in json.loads((site / "data" / "towns.json").read_text(encoding="utf-8"))["towns"]}
    directory = json.loads((site / "data" / "directory.json").read_text(encoding="utf-8"))["c"]
    towns_csv = {r["slug"]: r for r in _csv(site / "data" / "towns.csv")}
    designations_csv = [r["town_slug"] for r in _csv(site / "data" / "designations.csv")]
    platforms_csv = [(r["town_slug"], r["name"]) for r in _csv(site / "data" / "platforms.csv")]
    geojson = [f.get("id") or f["properties"]["slug"] for f in json.loads((site / "data" / "towns.geojson").read_text(encoding="utf-8"))["features"]]
    fragments = {}
    for f in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(f.read_bytes()).decode("utf-8").removeprefix("pagefind_dcd"))  # Pagefind's signature
        m = re.search(r"towns/(prop-\d{3})/$", data["url"])
        if m:
            assert m.group(1) not in fragments, f"{m.group(1)}: two search entries"
            fragments[m.group(1)] = data
    lists_html = {p: (site / "lists" / f"prop-{p}" / "index.html").read_text(encoding="utf-8") for p in PLACES
                  if (site / "lists" / f"prop-{p}" / "index.html").is_file()}
    for r in kept:
        slug, name, programme = r["slug"], r["name"], r["designations"][0]["programme"]
        page = (site / "towns" / slug / "index.html").read_text(encoding="utf-8")
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
        assert h1 and name in html.unescape(re.sub(r"<[^>]+>", "", h1.group(1))), f"{slug}: the page heading does not name {name!r}"
        row = [row for row in re.findall(r"<tr\b.*?</tr>", lists_html[programme], re.S) if f"towns/{slug}/" in row]
        assert len(row) == 1 and r["_listed_as"] in html.unescape(row[0]) or len(row) == 1 and not r["_listed_as"], \
            f"{slug}: not once on its list's page as {r['_listed_as']!r}"
        assert directory["slug"].count(slug) == 1, f"{slug}: not once in the directory's data"
        assert directory["name"][directory["slug"].index(slug)] == name
        assert towns_json[slug]["name"] == name and towns_csv[slug]["name"] == _cell(name), f"{slug}: towns.json / towns.csv"
        assert designations_csv.count(slug) == 1 and geojson.count(slug) == 1, f"{slug}: designations.csv / towns.geojson"
        for p in r.get("platforms", []):
            assert (slug, _cell(p["name"])) in platforms_csv, f"{slug}: platform {p['name']!r} not in platforms.csv"
        assert slug in fragments, f"{slug}: no search entry"
        indexed = _plain(fragments[slug]["meta"].get("title", "") + " " + fragments[slug]["content"])
        assert _plain(name) in indexed, f"{slug}: the search entry does not hold {name!r}"
        lst_csv = [x["town_slug"] for x in _csv(site / "data" / "lists" / f"prop-{programme}.csv")]
        assert lst_csv.count(slug) == 1, f"{slug}: not once in data/lists/prop-{programme}.csv"
        # the verdicts the build published agree with an exact comparison of the merged figures
        scheme = SCHEMES["gx-2018" if programme == "gx-innovation-town" else "gd-2016"]
        des = r["designations"][0]
        facts = merged(r, des.get("facts", {}))
        published = {c["id"]: c for c in towns_json[slug]["derived"][0]["criteria"]}
        for c in scheme["criteria"]:
            if c["rule"]["kind"] == "share" and c["id"] in published and (not c.get("applies_to") or des.get("town_type") in c["applies_to"]):
                assert published[c["id"]]["result"] == exact_share(facts, c["rule"]), (slug, c["id"], facts, published[c["id"]])
