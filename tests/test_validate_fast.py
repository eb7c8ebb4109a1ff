"""The fast schema check (fastjsonschema, draft 7) never accepts a record that jsonschema (2020-12)
rejects: the same verdict on every real record, the hostile corpus, synthetic records and a few
thousand mutations of real records."""
from __future__ import annotations

import copy
import random
from pathlib import Path

import fastjsonschema
import pytest

from generator.records.load import LoadError, load_file
from generator.records.validate import _fast_check, validator

REPO = Path(__file__).resolve().parents[1]

# Values that probe the draft-7/2020-12 and format seams: bools for numbers, floats for integers,
# dates that match the pattern but are not dates, nulls, empty and oversized strings, wrong types.
PROBES = [True, False, 1, 1.0, 2.5, -1, 0, None, "", "x" * 700, "2016-02-30", "2016-13-40", "2016-06-24",
          "https://example.org/x", "javascript:alert(1)", [], {}, ["a"], {"value": 3}, {"value": "3"},
          {"value": 3, "qualifier": "约"}, {"value": 3, "bogus": 1}, "440106", 440106, 99, "产业型"]


def _records() -> list[dict]:
    out = []
    for f in sorted((REPO / "towns").glob("*/*.yml")) + sorted((REPO / "site_tests" / "hostile").rglob("*.yml")):
        try:
            data = load_file(f).data
        except LoadError:
            continue
        if isinstance(data, dict):
            out.append(data)
    return out


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))


def _set(record, path, value):
    target = record
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


def verdicts(record) -> tuple[bool, bool]:
    slow = next(validator("town").iter_errors(record), None) is None
    try:
        _fast_check("town")(record)
        fast = True
    except fastjsonschema.JsonSchemaException:
        fast = False
    return fast, slow


def test_same_verdict_on_every_record():
    records = _records()
    assert len(records) > 100
    differ = [r.get("slug") for r in records if verdicts(r)[0] != verdicts(r)[1]]
    assert not differ, differ


@pytest.mark.parametrize("seed", range(4))
def test_fast_check_never_accepts_what_jsonschema_rejects(seed):
    rng = random.Random(seed)
    records = _records()
    accepted_wrongly, mutated = [], 0
    for _ in range(1500):
        record = copy.deepcopy(rng.choice(records))
        paths = [p for p in _paths(record) if p]
        for _ in range(rng.randint(1, 3)):
            path = rng.choice(paths)
            try:
                if rng.random() < 0.15 and isinstance(path[-1], str):
                    _set(record, path[:-1] + (path[-1] + "_x",), copy.deepcopy(rng.choice(PROBES)))  # an unknown key
                else:
                    _set(record, path, copy.deepcopy(rng.choice(PROBES)))
            except (KeyError, IndexError, TypeError):
                continue
            paths = [p for p in _paths(record) if p]
        mutated += 1
        fast, slow = verdicts(record)
        if fast and not slow:
            accepted_wrongly.append(record.get("slug"))
    assert mutated > 1000
    assert not accepted_wrongly, accepted_wrongly[:10]
