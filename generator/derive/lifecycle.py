"""Status and timeline from dated events, per designation: never typed by hand.

Being listed (or named by a published naming list) comes from the lists a place is on;
grades, warnings, downgrades, namings and withdrawals come from the designation's own
events. Impossible histories are problems.
"""
from __future__ import annotations

from typing import NamedTuple

# The statuses a designation can have, furthest first: the one vocabulary every module and the
# labels (generator/labels.yml) follow. A place's badge is its designation of highest rank.
STATUSES = ("named", "assessed", "candidate", "withdrawn")


def rank(status: str | None) -> int:
    """How far a status has come: named 4, assessed 3, candidate 2, withdrawn 1, none 0."""
    return len(STATUSES) - STATUSES.index(status) if status in STATUSES else 0


# Same day: listed first, then assessment results, then naming, then withdrawal.
_ORDER = {"listed": 0, "assessed": 1, "warned": 2, "downgraded": 3, "named": 4, "withdrawn": 5}
# Results of an assessment: each makes the designation "assessed" until it is named or withdrawn.
ASSESSMENTS = ("assessed", "warned", "downgraded")


class Shown(NamedTuple):
    """A date as precise as its source: `iso` for machines (2018, 2018-05, 2018-05-03), `words`
    for readers (2018年, 2018年5月, 2018-05-03)."""

    iso: str
    words: str


def shown(date: str, precision: str | None) -> Shown | None:
    """A list or event date as precise as its source: the day, the month, only the year, or
    nothing (None: the source gives no date). Every date a page or a file shows comes from here."""
    if precision == "unknown":
        return None
    if precision == "year":
        return Shown(date[:4], f"{date[:4]}年")
    if precision == "month":
        return Shown(date[:7], f"{date[:4]}年{int(date[5:7])}月")
    return Shown(date, date)


def shown_date(date: str, precision: str | None) -> str | None:
    """The machine form of `shown`: YYYY-MM-DD, YYYY-MM, YYYY, or None."""
    found = shown(date, precision)
    return found.iso if found else None


def span(event: dict) -> tuple[str, str]:
    """The first and the last day a date can mean at its precision: a date known only to the year
    is any day of that year. A date of precision unknown only orders its event: it is its own day."""
    date, precision = event["date"], event.get("date_precision") or "day"
    if precision == "year":
        return date[:4] + "-01-01", date[:4] + "-12-31"
    if precision == "month":
        return date[:7] + "-01", date[:7] + "-31"  # compared as text: no month has a later day
    return date, date


def before(a: dict, b: dict) -> bool:
    """`a` certainly happened before `b`: every day `a` can mean precedes every day `b` can."""
    return span(a)[1] < span(b)[0]


def timeline(listed: list[dict], recorded: list[dict]) -> list[dict]:
    """All events in date order (same day: listed, assessment results, named, withdrawn). An event
    known only to the month or year stands at the first day it can mean, but never before the
    first listing it may follow; a withdrawal stands after every event it may follow."""
    events = [dict(e) for e in listed] + [dict(e, origin="record", index=i) for i, e in enumerate(recorded)]
    first = min((e for e in events if e["type"] == "listed"), key=lambda e: span(e)[0], default=None)
    at = [_sort_date(e, first) for e in events]
    for i, w in enumerate(events):
        if w["type"] == "withdrawn":
            at[i] = max([at[i]] + [at[j] for j, e in enumerate(events) if j != i and not before(w, e)])
    order = sorted(range(len(events)), key=lambda i: (at[i], _ORDER[events[i]["type"]]))
    return [events[i] for i in order]


def _sort_date(event: dict, first_listing: dict | None) -> str:
    start = span(event)[0]
    if (first_listing is not None and event["type"] != "listed" and start < span(first_listing)[0]
            and not before(event, first_listing)):
        return span(first_listing)[0]  # e.g. a grade "in 2016" beside a listing of June 2016
    return start


def status(events: list[dict]) -> str | None:
    """candidate | assessed | named | withdrawn, or None for a designation with no event."""
    if not events:
        return None
    if any(e["type"] == "withdrawn" for e in events):
        return "withdrawn"  # nothing may follow a withdrawal (impossible() says so), so it is the last word
    types = {e["type"] for e in events}
    if "named" in types:
        return "named"
    if types & set(ASSESSMENTS):
        return "assessed"
    return "candidate"


def category(events: list[dict]) -> str | None:
    """The list category in force: the latest listing's, or the one a downgrade moved it to."""
    current = None
    for e in events:
        if e["type"] in ("listed", "downgraded") and e.get("category"):
            current = e["category"]
    return current


# The event types that give each status (the last of them says who decided it).
STATUS_EVENTS = {"candidate": ("listed",), "assessed": ASSESSMENTS, "named": ("named",), "withdrawn": ("withdrawn",)}


def impossible(events: list[dict]) -> list[tuple[dict, str]]:
    """(event, message) for each event that cannot have happened where it stands. "Before" and
    "after" read each date at its precision: only what certainly happened earlier is before."""
    faults = []
    listings = [e for e in events if e["type"] == "listed"]
    first_listing = min(listings, key=lambda e: span(e)[0], default=None)
    namings = [e for e in events if e["type"] == "named"]
    for extra in namings[1:]:
        faults.append((extra, f"重复命名：已于 {namings[0]['date']} 命名 (named twice: already named on {namings[0]['date']})"))
    for e in namings:
        if first_listing is not None and before(e, first_listing):
            faults.append((e, f"命名日期 {e['date']} 早于首次列入名单的日期 {first_listing['date']} "
                              f"(named on {e['date']}, before the first listing on {first_listing['date']})"))
    on_a_list = any(x.get("origin") == "list" for x in events)  # a listing or a naming list
    for e in events:
        if e.get("origin") != "record":
            continue
        if e["type"] in ASSESSMENTS and (not on_a_list or (first_listing and before(e, first_listing))):
            # A place known only from a naming list may carry grades from before its naming: its
            # creation list is what the sources did not give, not what did not happen.
            when = f"列入名单（{first_listing['date']}）之前" if first_listing else "未列入任何名单"
            faults.append((e, f"考核发生在{when} ({e['type']} before the place was listed)"))
        if e["type"] == "named" and not on_a_list:
            faults.append((e, "命名发生在未列入任何名单之前 (named, but the place is on no list of this programme)"))
    faults += _after_withdrawal(events)
    return faults


def _after_withdrawal(events: list[dict]) -> list[tuple[dict, str]]:
    """Nothing follows a withdrawal: no grade, no naming and no list (a naming list after it would
    make a withdrawn place named). Each event certainly after the first withdrawal is a fault."""
    withdrawals = [e for e in events if e["type"] == "withdrawn"]
    if not withdrawals:
        return []
    first = min(withdrawals, key=lambda e: span(e)[1])
    shown = shown_date(first["date"], first.get("date_precision")) or first["date"]
    return [(e, f"退出（{shown}）之后不应再有事件 (event after withdrawal on {shown})")
            for e in events if e["type"] != "withdrawn" and before(first, e)]
