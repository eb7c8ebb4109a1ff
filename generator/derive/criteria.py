"""Evaluate a town record against the criteria of a scheme (policies/schemes/<id>.yml).

Pure functions on plain dicts: the caller loads the YAML. Thresholds, units and the
wording of requirements live in the scheme files; this module only knows the rule kinds
(see generator/schema/scheme.schema.json).

Principles:

* ``unknown`` whenever the record lacks a fact. Missing data is never ``unmet``.
* A list in a record (platforms, cooperation partners, projects, backbone firms) may name
  only some of the items, so a list proves a lower bound: it can make a count criterion
  ``met`` but never ``unmet``. Only a stated count, or a list the record declares complete
  (the rule's ``complete`` flag, e.g. ``platforms_complete: true``), can make it ``unmet``.
  Items can be filtered by kind (``where``) and by a figure (``at_least``, e.g. backbone
  firms with ``annual_output_wan`` ≥ 20000); an item without that figure is not counted.
* A share uses the stated percentage where the record gives one (``value_basis``
  ``stated``), otherwise it is computed from the two amounts or counts (``computed``),
  e.g. featured-industry investment / three-year investment. A qualified amount bounds
  the share: 以上 on the part (or 近 on the whole) makes it a lower bound, which can prove
  ``met`` only; 以上 on the whole (or 近 on the part) an upper bound, which can prove
  ``unmet`` only.
* Every comparison is exact: a share, a ratio or a figure is compared as the number the record
  states (decimals as written, fractions unrounded), never after rounding. 1,999 of 10,000
  firms is not 20 %; 69.958 % is not 不低于70%. Only the value shown is rounded, to one
  decimal or, where that would read as the threshold, to as many as keep it on its side.
* A fact marked ``scope: wider`` describes a wider area (district, county, park) than the
  town: it is background and never checks a town criterion, as a quantity or as a list
  item.
* A quantity ``{value, qualifier}`` counts as its value, except 近 (nearly): 近300 is
  below a threshold of 300 (unmet) and unknown against a lower one.
* When the fact that selects a variant is unknown (the town's region for ``by_region``,
  the town's type for criteria stated separately per type), every variant is evaluated
  and a result is given only when all variants agree; otherwise the result is
  ``unknown``. With no town type, criteria that exist for only some types are left out.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

MET, UNMET, UNKNOWN = "met", "unmet", "unknown"
VARIANT_SEPARATOR = " / "


def region_of(scheme: dict, city: str | None) -> str | None:
    """Name of the scheme region that contains ``city`` (with or without the suffix 市)."""
    if not city:
        return None
    wanted = _bare_city(city)
    for region in scheme.get("regions") or []:
        if any(_bare_city(c) == wanted for c in region["cities"]):
            return region["name"]
    return None


def evaluate(scheme: dict, town: dict, town_type: str | None) -> list[dict]:
    """One result per criterion that applies to ``town_type``, in scheme order.

    Each result is ``{id, group, label, label_en, result, value, value_basis,
    requirement, clause}``. ``town_type`` None means the type is not known: see the
    module docstring. A type the scheme does not define is an error.
    """
    types = scheme.get("town_types") or []
    if town_type is not None and types and town_type not in types:
        raise ValueError(f"scheme {scheme.get('id')}: unknown town type {town_type!r} (expected one of {types})")
    region = region_of(scheme, town.get("city"))

    if town_type is not None or not types:
        chosen = [(c, _evaluate_rule(c["rule"], town, region)) for c in scheme["criteria"] if _applies(c, town_type)]
    else:
        chosen = []
        for variants in _criteria_by_id(scheme["criteria"]).values():
            if _covers_all_types(variants, types):
                outcomes = [_evaluate_rule(c["rule"], town, region) for c in variants]
                chosen.append((variants[0], _agree(outcomes, [_type_tag(c) for c in variants])))
    results = []
    for criterion, outcome in chosen:
        results.append({
            "id": criterion["id"],
            "group": criterion["group"],
            "label": criterion["label"],
            "label_en": criterion["label_en"],
            **outcome,
            "clause": dict(criterion["clause"]),
        })
    return results


def merged_facts(place: dict, facts: dict) -> dict:
    """What the criteria of a designation read: the place's record with the designation's own
    `facts` laid over it field by field. A group (enterprises, investment …) keeps the place's
    fields the designation does not restate; a figure (a number or {value, qualifier …}), a
    list or a flag is replaced whole. Neither input is changed."""
    out = dict(place)
    for key, value in facts.items():
        held = out.get(key)
        if isinstance(value, dict) and isinstance(held, dict) and not _is_figure(value) and not _is_figure(held):
            out[key] = merged_facts(held, value)
        else:
            out[key] = value
    return out


def _is_figure(value: dict) -> bool:
    """A quantity {value, qualifier, source …} is one figure, not a group of fields."""
    return "value" in value


def summarize(results: list[dict]) -> dict:
    counts = {MET: 0, UNMET: 0, UNKNOWN: 0}
    for r in results:
        counts[r["result"]] += 1
    return {**counts, "total": len(results)}


# --- rule kinds -------------------------------------------------------------------
# Each returns {result, value, value_basis, requirement}.


def _evaluate_rule(rule: dict, town: dict, region: str | None) -> dict:
    return _KINDS[rule["kind"]](rule, town, region)


def _boolean(rule, town, region):
    value = get_path(town, rule["field"])
    if not isinstance(value, bool):
        return _out(UNKNOWN, None, None, rule["requirement"])
    return _out(MET if value else UNMET, value, "stated", rule["requirement"])


def _threshold(rule, town, region):
    raw = _own(get_path(town, rule["field"]))
    value = quantity(raw)
    requirement = _at_least(rule["min"], rule["unit"])
    if value is None:
        return _out(UNKNOWN, None, None, requirement)
    if isinstance(raw, dict) and raw.get("qualifier") == "近":
        # "nearly N" is just under N: below a threshold of N or more, unknown above it.
        return _out(UNMET if value <= rule["min"] else UNKNOWN, f"近{value:g}", "stated", requirement)
    return _out(_compare(value, rule["min"]), value, "stated", requirement)


def _share(rule, town, region):
    requirement = _at_least(rule["min"], "%")
    stated = quantity(_own(get_path(town, rule["field"]))) if "field" in rule else None
    if stated is not None:
        return _out(_compare(stated, rule["min"]), stated, "stated", requirement)
    if "numerator" in rule:
        part_raw = _own(get_path(town, rule["numerator"]))
        whole_raw = _own(get_path(town, rule["denominator"]))
        part, whole = quantity(part_raw), quantity(whole_raw)
        if part is not None and whole:
            exact = 100 * _exact(part) / _exact(whole)
            result = _compare(exact, rule["min"])
            value = _shown_share(exact, rule["min"])
            lower = _qualifier(part_raw) == "以上" or _qualifier(whole_raw) == "近"
            upper = _qualifier(whole_raw) == "以上" or _qualifier(part_raw) == "近"
            if (lower and result == UNMET) or (upper and result == MET):
                result = UNKNOWN  # the bound points the other way: not proven either way
            return _out(result, value, "computed", requirement)
    return _out(UNKNOWN, None, None, requirement)


def _count(rule, town, region):
    requirement = _at_least(rule["min"], rule["unit"])
    stated = quantity(_own(get_path(town, rule["stated"]))) if "stated" in rule else None
    listed = _count_items(get_path(town, rule["items"]), rule) if "items" in rule else None
    complete = "complete" in rule and get_path(town, rule["complete"]) is True
    if complete and listed is None and "items" in rule:
        listed = 0  # a complete list that is absent names nothing
    if stated is not None and (listed is None or stated >= listed):
        return _out(_compare(stated, rule["min"]), stated, "stated", requirement)
    if listed is not None and complete:
        # The record says the list names every item: its length is the count.
        return _out(_compare(listed, rule["min"]), listed, "computed", requirement)
    if listed:
        # A list is a lower bound: enough items prove the criterion, too few prove nothing.
        return _out(MET if listed >= rule["min"] else UNKNOWN, listed, "computed", requirement)
    return _out(UNKNOWN, None, None, requirement)


def _ratio(rule, town, region):
    requirement = f"≥ {rule['min']} ({':'.join(rule['parties'])})"
    committed = get_path(town, rule["field"])
    parts = _parse_ratio(committed)
    if parts is None:
        return _out(UNKNOWN, None, None, requirement)
    required = _parse_ratio(rule["min"])
    # Each party's share relative to the first party (the province or region) must reach
    # the required one; a party the commitment does not name is not known, not zero.
    for i, need in enumerate(required[1:], start=1):
        if i < len(parts) and parts[i] * required[0] < need * parts[0]:  # parts[i]/parts[0] < need/required[0]
            return _out(UNMET, committed, "stated", requirement)
    result = MET if len(parts) >= len(required) else UNKNOWN
    return _out(result, committed, "stated", requirement)


def _any_of(rule, town, region):
    outcomes = [_evaluate_rule(r, town, region) for r in rule["rules"]]
    return _combine(outcomes, (MET, UNKNOWN, UNMET), rule["requirement"])


def _all_of(rule, town, region):
    outcomes = [_evaluate_rule(r, town, region) for r in rule["rules"]]
    return _combine(outcomes, (UNMET, UNKNOWN, MET), rule["requirement"])


def _by_region(rule, town, region):
    variants = rule["variants"]
    if region in variants:
        outcome = _evaluate_rule(variants[region], town, region)
        return {**outcome, "requirement": f"{outcome['requirement']} ({region})"}
    names = list(variants)
    return _agree([_evaluate_rule(variants[n], town, region) for n in names], names)


_KINDS = {
    "boolean": _boolean,
    "threshold": _threshold,
    "share": _share,
    "count": _count,
    "ratio": _ratio,
    "any_of": _any_of,
    "all_of": _all_of,
    "by_region": _by_region,
}


# --- helpers ----------------------------------------------------------------------


def get_path(record: dict, path: str) -> Any:
    """The value at a dotted path, or None where any step is missing."""
    node: Any = record
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def quantity(value: Any) -> float | int | None:
    """A quantity field is a number or {value, qualifier, ...}; booleans are not numbers."""
    if isinstance(value, dict):
        value = value.get("value")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def _own(value: Any) -> Any:
    """A fact as the town's own: one marked ``scope: wider`` describes a wider area and
    does not count for the town (None, i.e. unknown)."""
    if isinstance(value, dict) and value.get("scope") == "wider":
        return None
    return value


def _qualifier(value: Any) -> str | None:
    return value.get("qualifier") if isinstance(value, dict) else None


def _count_items(items: Any, rule: dict) -> int | None:
    if not isinstance(items, list):
        return None
    where = rule.get("where") or {}
    at_least = rule.get("at_least") or {}

    def figure_reaches(item: dict, key: str, minimum: float) -> bool:
        value = quantity(item.get(key))
        return value is not None and value >= minimum

    kept = [i for i in items if isinstance(i, dict) and _own(i) is not None
            and all(i.get(k) in allowed for k, allowed in where.items())
            and all(figure_reaches(i, k, m) for k, m in at_least.items())]
    if "distinct" in rule:
        return len({i.get(rule["distinct"]) for i in kept if i.get(rule["distinct"])})
    return len(kept)


def _parse_ratio(text: Any) -> list[Fraction] | None:
    """The parts of a ratio as exact fractions of the decimals written (1:0.3 is 1 and 3/10)."""
    if not isinstance(text, str):
        return None
    try:
        parts = [Fraction(p.strip()) for p in text.replace("：", ":").split(":")]
    except (ValueError, ZeroDivisionError):
        return None
    if len(parts) < 2 or parts[0] <= 0 or any(p < 0 for p in parts):
        return None
    return parts


def _combine(outcomes: list[dict], precedence: tuple[str, ...], requirement: str) -> dict:
    """The first result, in precedence order, that any sub-rule gave, with its value."""
    for result in precedence:
        matching = [o for o in outcomes if o["result"] == result]
        if matching:
            # an unknown result still shows a value if any sub-rule read one
            pool = matching + outcomes if result == UNKNOWN else matching
            source = next((o for o in pool if o["value"] is not None), matching[0])
            return _out(result, source["value"], source["value_basis"], requirement)
    raise ValueError("a composite rule needs at least one sub-rule")


def _agree(outcomes: list[dict], tags: list[str]) -> dict:
    """Combine the outcomes of variants when the fact choosing between them is unknown:
    a result only when every variant gives it, else unknown."""
    requirements = [o["requirement"] for o in outcomes]
    if len(set(requirements)) == 1:
        requirement = requirements[0]
    else:
        requirement = VARIANT_SEPARATOR.join(f"{r} ({t})" for r, t in zip(requirements, tags))
    results = {o["result"] for o in outcomes}
    result = results.pop() if len(results) == 1 else UNKNOWN
    source = next((o for o in outcomes if o["value"] is not None), outcomes[0])
    return _out(result, source["value"], source["value_basis"], requirement)


def _criteria_by_id(criteria: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for c in criteria:
        grouped.setdefault(c["id"], []).append(c)
    return grouped


def _applies(criterion: dict, town_type: str | None) -> bool:
    applies_to = criterion.get("applies_to")
    return not applies_to or town_type in applies_to


def _covers_all_types(variants: list[dict], types: list[str]) -> bool:
    covered = set()
    for c in variants:
        covered |= set(c.get("applies_to") or types)
    return covered >= set(types)


def _type_tag(criterion: dict) -> str:
    return "、".join(criterion.get("applies_to") or [])


def _compare(value: float | Fraction, minimum: float) -> str:
    return MET if _exact(value) >= _exact(minimum) else UNMET


def _exact(number: float | int | Fraction) -> Fraction:
    """A number as the decimal the record wrote: a float by its shortest repr (0.7 is 7/10, not
    the binary 0.6999999999999999555910790149937…), an int or a fraction as it is."""
    if isinstance(number, float):
        return Fraction(repr(number))
    return Fraction(number)


def _shown_share(exact: Fraction, minimum: float) -> float:
    """The share as shown: one decimal, or more where one would put it on the other side of the
    threshold (69.958 % shows as 69.96, not as 70.0 beside "unmet")."""
    met = exact >= _exact(minimum)
    for digits in range(1, 16):
        shown = round(float(exact), digits)
        if (_exact(shown) >= _exact(minimum)) == met:
            return shown
    return float(exact)


def _at_least(minimum: float, unit: str) -> str:
    number = int(minimum) if float(minimum).is_integer() else minimum
    return f"≥ {number} {unit}"


def _bare_city(name: str) -> str:
    return name.strip().removesuffix("市")


def _out(result: str, value: Any, basis: str | None, requirement: str) -> dict:
    return {"result": result, "value": value, "value_basis": basis, "requirement": requirement}
