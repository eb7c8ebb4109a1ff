"""The move to places with designations lost nothing.

tests/fixtures/pre-designations/ holds the 42 records as they were before the move (one
programme per record). Replaying the migration on them must give records whose every fact
is still in today's record of the same place, at the same path: facts may be added since,
never lost. A fact deliberately corrected since is listed here with its reason.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.load import load_file
from generator.migrate import MOVED, to_designations
from generator.record_yaml import dump_record

REPO = Path(__file__).resolve().parents[1]
BEFORE = REPO / "tests" / "fixtures" / "pre-designations"
OLD_FILES = sorted(BEFORE.glob("*/*.yml"))

# (file, dotted path) -> why the value changed after the migration
CORRECTED: dict[tuple[str, str], str] = {}


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
        if str(present) != str(value) and (rel, dotted(path)) not in CORRECTED:
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
