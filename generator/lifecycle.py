"""Status and timeline from dated events: never typed by hand.

Being listed comes from the published lists a town is on; assessments, namings and
withdrawals come from the record's own events. Impossible histories are problems.
"""
from __future__ import annotations

_ORDER = {"listed": 0, "assessed": 1, "named": 2, "withdrawn": 3}


def shown_date(date: str, precision: str | None) -> str | None:
    """A list or event date as precise as its source: the day, only the year, or nothing."""
    if precision == "unknown":
        return None
    return date[:4] if precision == "year" else date


def timeline(listed: list[dict], recorded: list[dict]) -> list[dict]:
    """All events in date order (same day: listed, assessed, named, withdrawn)."""
    events = [dict(e) for e in listed] + [dict(e, origin="record", index=i) for i, e in enumerate(recorded)]
    return sorted(events, key=lambda e: (e["date"], _ORDER[e["type"]]))


def status(events: list[dict]) -> str | None:
    """candidate | assessed | named | withdrawn, or None for a town with no event."""
    if not events:
        return None
    if events[-1]["type"] == "withdrawn":
        return "withdrawn"
    types = {e["type"] for e in events}
    for code in ("named", "assessed"):
        if code in types:
            return code
    return "candidate"


def impossible(events: list[dict]) -> list[tuple[dict, str]]:
    """(event, message) for each event that cannot have happened where it stands."""
    faults = []
    first_listing = next((e for e in events if e["type"] == "listed" or e.get("origin") == "list"), None)
    namings = [e for e in events if e["type"] == "named"]
    for extra in namings[1:]:
        faults.append((extra, f"重复命名：已于 {namings[0]['date']} 命名 (named twice: already named on {namings[0]['date']})"))
    withdrawn_at = None
    for e in events:
        if e.get("origin") != "record":
            continue
        if e["type"] in ("assessed", "named") and (first_listing is None or e["date"] < first_listing["date"]):
            when = f"列入名单（{first_listing['date']}）之前" if first_listing else "未列入任何名单"
            faults.append((e, f"{'考核' if e['type'] == 'assessed' else '命名'}发生在{when} "
                              f"({e['type']} before the town was listed)"))
        if withdrawn_at and e["type"] != "withdrawn" and e["date"] > withdrawn_at:
            faults.append((e, f"退出（{withdrawn_at}）之后不应再有事件 (event after withdrawal on {withdrawn_at})"))
        if e["type"] == "withdrawn":
            withdrawn_at = e["date"]
    return faults
