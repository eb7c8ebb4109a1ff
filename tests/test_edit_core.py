"""The record form's core (overrides/assets/js/edit-core.js, run in node) agrees with the build:

* its YAML writer gives every real record byte for byte as the file holds it (= dump_record),
  and agrees with dump_record on records full of strings that YAML would misread;
* it words every schema and rule problem as `python -m generator validate` does;
* on the hostile corpus it accepts what the CLI accepts and rejects what it rejects.
"""
from __future__ import annotations

import copy
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.outputs import edit_form
from generator.records.load import LoadError, load_file
from generator.records.catalog import load_catalog
from generator.records.validate import dotted, schema
from generator.records.writer import dump_record
from generator.tools import synth

ROOT = Path(__file__).resolve().parents[1]
RUNNER = Path(__file__).with_name("edit_core_node.js")
TODAY = "2025-06-01"


def run_core(records: list[dict], rules: dict, ctxs: list[dict | None] | None = None) -> list[dict]:
    job = {"schema": schema("town"), "rules": rules, "today": TODAY,
           "records": [{"record": r, "ctx": c} for r, c in zip(records, ctxs or [None] * len(records))]}
    result = subprocess.run(["node", str(RUNNER)], input=json.dumps(job), capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def real_rules() -> dict:
    return json.loads(edit_form.rules_json(load_catalog(ROOT)))


def test_every_real_record_round_trips_through_the_form_writer(real_rules):
    files = sorted((ROOT / "towns").glob("*/*.yml"))
    assert len(files) >= 40
    records = [load_file(f).data for f in files]
    out = run_core(records, real_rules)
    for f, rec, o in zip(files, records, out):
        text = f.read_text(encoding="utf-8")
        assert o["error"] is None, f"{f}: {o['error']}"
        assert o["yaml"] == dump_record(rec) == text, f"{f.relative_to(ROOT)}: the form's YAML differs"


TRICKY = ["", " ", "yes", "No", "on", "OFF", "null", "~", "true", "1", "-1", "+1", "0o7", "017", "0x1F", "1_000", "1e5",
          "1.0e+5", ".5", "1:20", "2018-10-09", "2018-1-9", "=", "<<", "- a", "-a", "? x", "?x", ": x", "a: b", "a:b",
          "a #b", "a#b", "#x", "&a", "*a", "!t", "|x", ">x", "'q'", '"q"', "it's", "%x", "@x", "`x", "[x]", "{x}",
          "a, b", "a,b", "x ", " x", "---", "...", "--- x", "a\tb", "a\nb", "a\n\nb", "a\n b", "a \nb", "\nx", "x\n",
          "\u00a0x", "x\u0085y", "x\u2028y", "\ufeffx", "x\x07y", "x\x1b", "😀 emoji", "é", "中文：冒号", "中文: 冒号",
          "=HYPERLINK(\"x\")", "<script>alert(1)</script>", "a\\b", "C:\\x", "\u202eRTL", "\x00nul", "\ud800"]


def _random_record(rng: random.Random) -> dict:
    def s():
        parts = rng.sample(TRICKY, rng.randint(1, 2))
        return "".join(parts) if rng.random() < 0.3 else parts[0]
    rec = {"sources": [{"title": s(), "url": s(), "publisher": s()}], "slug": s(), "name": s(), "province": s(),
           "designations": [{"programme": s(), "events": [{"type": s(), "date": s(), "source": s(), "note": s()}],
                             "notes": [s(), s()], "batch": rng.choice([1, 2.5, -3, 1e-7, 1.5e20, 123456.789, True])}],
           "adcode": rng.choice([s(), 440106]), "location": {"lon": rng.uniform(-180, 180), "lat": 0.1 + 0.2,
                                                              "datum": s(), "basis": s()},
           "space": {"planned_area_mu": rng.choice([12.5, {"value": 3, "qualifier": s()}])},
           "notes": [s() for _ in range(rng.randint(0, 3))], "platforms": [], "funding": {},
           "unknown_" + str(rng.randint(0, 9)): s()}
    items = list(rec.items())
    rng.shuffle(items)  # the writer must put keys in schema order
    return dict(items)


def test_the_form_writer_matches_dump_record_on_tricky_strings(real_rules):
    rng = random.Random(15)
    records = [_random_record(rng) for _ in range(300)]
    out = run_core(records, real_rules)
    for rec, o in zip(records, out):
        assert o["yaml"] == dump_record(rec), json.dumps(rec, ensure_ascii=False)


# ---- the same messages -----------------------------------------------------------------------

def _mutations() -> dict[str, callable]:
    def setp(path, value):
        def f(r):
            node = r
            for p in path[:-1]:
                node = node[p]
            node[path[-1]] = value
        return f

    def delp(path):
        def f(r):
            node = r
            for p in path[:-1]:
                node = node[p]
            del node[path[-1]]
        return f

    return {
        "batch-text": setp(("designations", 0, "batch"), "one"),
        "name-number": setp(("name",), 5),
        "designations-object": setp(("designations",), {}),
        "mirror-text": setp(("sources", 1, "mirror"), "yes"),
        "no-sources": delp(("sources",)),
        "no-programme": delp(("designations", 0, "programme")),
        "typo-key": setp(("adress",), "x"),
        "unknown-key": setp(("zzz",), 1),
        "datum": setp(("location", "datum"), "wgs-84"),
        "platform-kind": setp(("platforms",), [{"name": "某孵化器", "kind": "孵化"}]),
        "slug-pattern": setp(("slug",), "it's\tTian He"),
        "adcode-pattern": setp(("adcode",), "44010"),
        "url-pattern": setp(("sources", 0, "url"), "ftp://example.org/" + "x" * 80),
        "date-pattern": setp(("sources", 0, "date"), "2016/06/24"),
        "ratio-pattern": setp(("funding",), {"committed_ratio": "1比1"}),
        "programme-pattern": setp(("designations", 0, "programme"), "GD"),
        "date-format": setp(("sources", 0, "date"), "2016-02-30"),
        "year-zero": setp(("sources", 0, "date"), "0000-01-01"),
        "lon-minimum": setp(("location", "lon"), -200.5),
        "area-negative": setp(("space",), {"planned_area_mu": -1}),
        "share-maximum": setp(("economy",), {"internet_output_share": 150}),
        "name-empty": setp(("name",), ""),
        "name-long": setp(("name",), "长" * 130),
        "sources-empty": setp(("sources",), []),
        "notes-many": setp(("notes",), [f"说明{i}" for i in range(21)]),
        "area-text": setp(("space",), {"planned_area_mu": "约100"}),
        "area-typo": setp(("space",), {"planned_area_mu": {"value": 5, "qualifer": "约"}}),
        "datum-odd": setp(("location", "datum"), "é\u200b\n"),
        "adcode-guangxi": setp(("adcode",), "450102"),
        "adcode-unknown": setp(("adcode",), "449999"),
        "city-mismatch": setp(("city",), "深圳市"),
        "programme-unknown": setp(("designations", 0, "programme"), "xx-prog"),
        "batch-unknown": setp(("designations", 0, "batch"), 9),
        "town-type": setp(("designations", 0, "town_type"), "综合型"),
        "duplicate-designation": lambda r: r["designations"].append({"programme": "gd-internet-plus"}),
        "mobile": lambda r: r["notes"].append("联系人 13812345678"),
        "email": setp(("address",), "广州 someone@example.com"),
        "future-date": setp(("sources", 0, "date"), "2999-01-01"),
        "outside-china": setp(("location", "lon"), 10.5),
        "slug-renamed": setp(("slug",), "tianhe-new"),
        "slug-taken": setp(("slug",), "zhangcha"),
        "listed-division": setp(("division_as_listed",), {"name": "某县", "adcode": "450102"}),
        "name-zero-width": setp(("name",), "广州市天河\u200b区"),
        "name-control": setp(("name",), "广州市\t天河区"),
        "name-en-bom": setp(("name_en",), "Tianhe\ufeff"),
        "platform-override": setp(("platforms",), [{"name": "\u202e平台exe.txt", "kind": "孵化器"}]),
        "applicant-isolate": setp(("designations", 0, "applicant"), "天河区\u2066人民政府\u2069"),
        "partner-joiner": setp(("cooperation",), {"partners": [{"firm": "甲\u200d公司"}]}),
        "county-emoji-after-supplementary": setp(("county",), "𠀀天河\u200e区"),
    }


@pytest.fixture(scope="module")
def copy_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("edit-core") / "root"
    for folder in ("towns", "policies", "generator"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _build_only(message: str) -> bool:
    """Location checks that need the map data (on land, near the division): the build's alone."""
    return "距行政区划" in message or "在海上或境外" in message or "GCJ-02 坐标只用于中国大陆" in message


def _cli_problems(root: Path, rel: str) -> list[tuple[str, str]]:
    cat = load_catalog(root)
    return sorted((p.path, p.message) for p in cat.problems if p.file == rel)


def _js_problems(o: dict) -> list[tuple[str, str]]:
    found = o["schema"] or o["rules"]  # the CLI runs the rules only on what the schema accepts
    return sorted((dotted(p["path"]), p["message"]) for p in found)


def test_the_form_words_every_problem_as_the_validator_does(copy_root, real_rules, monkeypatch):
    import generator.records.checks as rules_mod

    class _Date(rules_mod.dt.date):
        @classmethod
        def today(cls):
            return cls.fromisoformat(TODAY)

    monkeypatch.setattr(rules_mod.dt, "date", _Date)
    # Derivation (status, criteria) adds no problem; it is skipped because it raises on an unknown
    # town type (`python -m generator validate` shows a traceback for one: reported, not fixed here).
    import generator.records.catalog as catalog_mod

    monkeypatch.setattr(catalog_mod, "derive", lambda cat: None)
    base = load_file(ROOT / "towns" / "gd" / "tianhe.yml").data
    target = copy_root / "towns" / "gd" / "tianhe.yml"
    cases, records = [], []
    for name, mutate in _mutations().items():
        rec = copy.deepcopy(base)
        mutate(rec)
        cases.append(name)
        records.append(rec)
    ctx = {"folder": "gd", "file": "towns/gd/tianhe.yml", "originalSlug": "tianhe"}
    out = run_core(records, real_rules, [ctx] * len(records))
    mismatched = []
    try:
        for name, rec, o in zip(cases, records, out):
            target.write_text(yaml.safe_dump(rec, allow_unicode=True, sort_keys=False), encoding="utf-8")
            cli, js = _cli_problems(copy_root, "towns/gd/tianhe.yml"), _js_problems(o)
            cli = [p for p in cli if not _build_only(p[1])]
            if name == "slug-taken":  # the CLI names a duplicate on the later file (zhangcha.yml); the form on the edited one
                dup = ("slug", "slug zhangcha 与 towns/gd/zhangcha.yml 重复 (duplicate slug, already used by towns/gd/zhangcha.yml)")
                assert dup in js
                js.remove(dup)
            assert cli, f"{name}: the CLI found nothing: the case tests nothing"
            if cli != js:
                mismatched.append(f"{name}:\n  cli {cli}\n  js  {js}")
    finally:
        shutil.copy2(ROOT / "towns" / "gd" / "tianhe.yml", target)
    assert not mismatched, "\n".join(mismatched)


# ---- the hostile corpus: the same verdicts -----------------------------------------------------

CORPUS = ROOT / "site_tests" / "hostile"


def test_hostile_corpus_gets_the_same_verdict_from_the_form_and_the_cli(tmp_path):
    root = synth.make_root(tmp_path / "root", 5, seed=3)
    files = sorted(CORPUS.glob("*/*.yml"))
    parsed, skipped = [], []
    for f in files:
        try:
            doc = load_file(f)
        except LoadError:
            skipped.append(f.name)  # not YAML the loader accepts: the CLI's job alone
            continue
        parsed.append((f, doc.data))
    assert {"not-utf8.yml", "nul-byte.yml", "alias-bomb.yml", "two-documents.yml"} <= set(skipped)
    (root / "towns" / "gd").mkdir(parents=True, exist_ok=True)
    for f, _ in parsed:
        shutil.copy2(f, root / "towns" / "gd" / f.name)
    members = [{"town": d["slug"], "name_as_published": d["name"]} for f, d in parsed if f.parent.name == "valid"]
    (root / "policies" / "lists" / "syn-hostile.yml").write_text(yaml.safe_dump(
        {"id": "syn-hostile", "programme": "cn-iur-demo-town", "batch": 1, "title": "合成名单", "issuer": "合成",
         "date": "2016-06-24", "kind": "listing", "source": "https://example.org/syn", "members": members},
        allow_unicode=True, sort_keys=False), encoding="utf-8")
    cat = load_catalog(root)
    rules = json.loads(edit_form.rules_json(cat))
    ctxs = [{"folder": "gd", "file": f"towns/gd/{f.name}", "originalSlug": f.stem} for f, _ in parsed]
    out = run_core([d for _, d in parsed], rules, ctxs)
    report = []
    for (f, _), o in zip(parsed, out):
        rel = f"towns/gd/{f.name}"
        cli = sorted((p.path, p.message) for p in cat.problems if p.file == rel)
        js = [p for p in _js_problems(o)]
        js_errors = [p for p in (o["schema"] or [p for p in o["rules"] if not p["warning"]])]
        report.append(f"{f.parent.name}/{f.name}: cli {'rejects' if cli else 'accepts'}, form {'rejects' if js_errors else 'accepts'}")
        expected_valid = f.parent.name == "valid"
        assert bool(cli) != expected_valid, f"{rel}: the CLI's verdict is not the corpus's: {cli}"
        assert bool(js_errors) != expected_valid, f"{rel}: the form's verdict differs from the CLI's: {js}"
        assert cli == js, f"{rel}: messages differ\n cli {cli}\n js  {js}"
    print("\n".join(report + [f"skipped (not plain YAML): {', '.join(skipped)}"]))
