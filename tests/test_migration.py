"""The move to places with designations lost nothing.

tests/fixtures/pre-designations/ holds the 42 records as they were before the move (one
programme per record). Replaying the migration on them must give records whose every fact
is still in today's record of the same place, at the same path: facts may be added since,
never lost. A fact deliberately corrected since is listed here with its reason.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.records.load import load_file
from generator.records.migrate import MOVED, to_designations
from generator.records.writer import dump_record

REPO = Path(__file__).resolve().parents[1]
BEFORE = REPO / "tests" / "fixtures" / "pre-designations"
OLD_FILES = sorted(BEFORE.glob("*/*.yml"))

# (file, dotted path prefix) -> why the value changed after the migration (issue 13, dossier 2 §4)
CORRECTED: dict[tuple[str, str], str] = {
    ("gd/huizhou-jilong.yml", "adcode"): "county found in later sources: 惠东县 441323 (the list names only the city)",
    ("gd/huizhou-jilong.yml", "location"): "the point follows the corrected county",
    ("yn/puer-nanping.yml", "adcode"): "district found: 思茅区 530802",
    ("yn/puer-nanping.yml", "location"): "the point follows the corrected district",
    ("zj/balidian.yml", "adcode"): "district found: 吴兴区 330502",
    ("zj/balidian.yml", "location"): "the point follows the corrected district",
    ("zj/zhili.yml", "adcode"): "district found: 吴兴区 330502",
    ("zj/zhili.yml", "location"): "the point follows the corrected district",
    ("gx/dongmeng-diandongche.yml", "highlights.1.text"): "the 25亿元 is city-wide output: reworded and marked wider",
    ("gx/qiaoxu.yml", "highlights.1.text"): "the firm counts and output are 港南区's: reworded and marked wider",
    ("gx/liuzhou-qiche.yml", "space.planned_area_mu"): "3.2万亩 is land occupied, not a planned area: kept as a fact",
    # the notes that explained the old, wrong readings say now what was corrected
    ("gd/huizhou-jilong.yml", "notes.2"): "the 'only the city is known' note replaced by where the county comes from",
    ("yn/puer-nanping.yml", "notes.2"): "the 'only the city is known' note replaced by where the district comes from",
    ("zj/balidian.yml", "notes.2"): "the 'only the city is known' note replaced by where the district comes from",
    ("zj/zhili.yml", "notes.2"): "the 'only the city is known' note replaced by where the district comes from",
    ("gx/dongmeng-diandongche.yml", "notes.0"): "the note on the base's figures now says which figure is city-wide",
    ("gx/liuzhou-qiche.yml", "notes.1"): "the note now says why the area is not the planned area",
}


def corrected(rel: str, path: str) -> bool:
    return any(rel == f and (path == p or path.startswith(p + ".")) for f, p in CORRECTED)


def refined_point(before: dict, now: dict, path: str) -> bool:
    """A division's representative point replaced by a checked township point (issue 22,
    `python -m generator locate`): a better point, not a lost fact."""
    old, loc = before.get("location") or {}, now.get("location") or {}
    return (path.startswith("location") and old.get("precision") in ("county", "city")
            and loc.get("precision") == "township" and str(loc.get("basis", "")).startswith("乡镇代表点"))


def leaves(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from leaves(v, path + (i,))
    else:
        yield path, value


def at(value, path):
    for part in path:
        value = value[part]
    return value


def dotted(path) -> str:
    return ".".join(str(p) for p in path)


def test_the_old_records_are_all_here():
    assert len(OLD_FILES) == 42


@pytest.mark.parametrize("old", OLD_FILES, ids=lambda p: p.stem)
def test_every_fact_before_the_migration_is_present_after_it(old):
    rel = old.relative_to(BEFORE).as_posix()
    before = load_file(old).data
    migrated = to_designations(before)
    assert "designations" in migrated and not set(MOVED) & set(migrated)
    now = load_file(REPO / "towns" / rel).data
    lost = []
    for path, value in leaves(migrated):
        try:
            present = at(now, path)
        except (KeyError, IndexError, TypeError):
            present = KeyError
        if isinstance(path[-1], int) and not isinstance(value, (dict, list)):
            try:  # a note or linked industry may have moved within its list: present anywhere is enough
                parent = at(now, path[:-1])
            except (KeyError, IndexError, TypeError):
                parent = []
            if any(str(v) == str(value) for v in parent):
                continue
        if str(present) != str(value) and not corrected(rel, dotted(path)) and not refined_point(migrated, now, dotted(path)):
            lost.append(f"{dotted(path)}: {value!r} -> {present!r}")
    assert not lost, lost


def test_the_migration_moves_every_programme_field_into_one_designation():
    rec = {"slug": "x", "name": "X", "province": "广东省", "programme": "p", "batch": 2, "town_type": "产业型",
           "applicant": "A", "competent_department": "B", "events": [{"type": "named", "date": "2019-01-01"}],
           "sources": [{"url": "https://example.org", "title": "t"}]}
    out = to_designations(rec)
    assert out["designations"] == [{k: rec[k] for k in MOVED}]
    assert to_designations(out) == out  # already migrated: unchanged


def test_records_are_in_the_canonical_layout():
    """Every record reads back to the same text through the one YAML writer (the form's writer too)."""
    files = sorted((REPO / "towns").glob("*/*.yml"))
    differ = [f.relative_to(REPO).as_posix() for f in files if dump_record(load_file(f).data) != f.read_text(encoding="utf-8")]
    assert files and not differ, differ
