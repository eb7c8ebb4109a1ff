"""The published lists in policies/lists/ agree with their own counts and with the records in towns/.

Checks the data itself (not the validator): a complete list holds as many members as it announced, an
incomplete one fewer, and every member is a place that holds a designation of the list's programme.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
LISTS = sorted((REPO / "policies" / "lists").glob("*.yml"))


def _load(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # dates and numbers stay text


@pytest.fixture(scope="module")
def towns() -> dict[str, dict]:
    return {p.stem: _load(p) for p in (REPO / "towns").glob("*/*.yml")}


def _held(lst: dict) -> int:
    return len(lst["members"])


def _announced(lst: dict) -> int | None:
    counts = lst.get("published_counts")
    return sum(int(v) for v in counts.values()) if counts else None


def test_there_are_lists():
    assert LISTS


@pytest.mark.parametrize("path", LISTS, ids=lambda p: p.stem)
def test_held_count_matches_members(path):
    lst = _load(path)
    slugs = [m["town"] for m in lst["members"]]
    assert len(slugs) == len(set(slugs)), "a place is listed twice"
    positions = [int(m["position"]) for m in lst["members"] if "position" in m]
    assert positions == sorted(positions) and len(positions) == len(set(positions)), "positions out of published order"
    announced = _announced(lst)
    if lst.get("complete", "true") != "false" and announced is not None:
        assert _held(lst) == announced, f"complete list holds {_held(lst)} members but announced {announced}"


@pytest.mark.parametrize("path", [p for p in LISTS if _load(p).get("complete") == "false"], ids=lambda p: p.stem)
def test_incomplete_list_announced_more_than_held(path):
    lst = _load(path)
    announced = _announced(lst)
    if announced is None:
        # the announced size was not found: the list must say so in its note
        assert lst.get("note"), "an incomplete list without published_counts must explain why in its note"
        return
    assert announced > _held(lst), f"incomplete list holds {_held(lst)} of {announced} announced"


@pytest.mark.parametrize("path", LISTS, ids=lambda p: p.stem)
def test_members_exist_and_hold_the_programme(path, towns):
    lst = _load(path)
    for m in lst["members"]:
        town = towns.get(m["town"])
        assert town is not None, f"no record towns/*/{m['town']}.yml"
        programmes = [d["programme"] for d in town["designations"]]
        assert lst["programme"] in programmes, f"{m['town']} holds no designation of {lst['programme']}"


def test_every_designation_is_on_a_list(towns):
    on = {(m["town"], lst["programme"]) for lst in map(_load, LISTS) for m in lst["members"]}
    missing = [(slug, d["programme"]) for slug, t in towns.items() for d in t["designations"]
               if (slug, d["programme"]) not in on]
    assert not missing, f"designations on no list: {missing[:10]}"


def test_coverage_agrees_with_a_complete_list_counted_by_another_division():
    """js-featured-town-creation-2 holds all 31 members (each 创建) and announces them by sector
    (15 高端制造类 + 4 + 8 + 3 + 1): the coverage page must not add the sectors as 31 more."""
    from generator.outputs.pages import coverage
    from generator.records.catalog import load_catalog

    cat = load_catalog(REPO)
    lst = cat.lists["js-featured-town-creation-2"]
    assert lst.complete and len(lst.members) == sum(lst.published_counts.values())
    row = next(r for r in coverage(cat) if r["programme"].id == lst.programme and r["batch"] == lst.batch)
    assert (row["announced_total"], row["missing"], row["complete"]) == (31, 0, True), row
    # and in general: a batch whose lists are all complete, and announced no more than they hold, shows no gap
    for r in coverage(cat):
        if r["lists"] and all(l.complete for l in r["lists"]) and r["announced_total"] is not None \
                and r["announced_total"] <= sum(len(l.members) for l in r["lists"]):
            assert r["missing"] == 0 and r["complete"], (r["programme"].id, r["batch"], r["announced"], r["held_by_category"])
