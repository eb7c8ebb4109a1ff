"""What one commit changed in one record or list, in words: for the 最近更新 page and its feed.

A record's two versions (before and after the commit) are compared as the diff command compares
two catalogs: each designation's status and each criterion's result, plus which other fields
changed. The status is worked out with the lists as they are now, so what a phrase reports is
what that record change did on its own. A list file's change names the towns it added, removed
or reprinted. Text that does not parse (a version that failed validation then) falls back to
"edited" without details: history is never a reason for a build to fail.
"""
from __future__ import annotations

from generator.derive import lifecycle
from generator.records.catalog import judge, listed_events
from generator.records.load import LoadError, parse_text
from generator.records.model import Catalog

SHOWN_CRITERIA = 3  # criteria named per designation; the rest are counted


def parse(text: str | None) -> dict | None:
    """A version's data, or None where it did not exist or does not read as a mapping."""
    if text is None:
        return None
    try:
        data = parse_text(text, "").data  # as the catalog reads records: dates as text, no aliases
    except LoadError:
        return None
    return data if isinstance(data, dict) else None


def _w(zh: str, en: str) -> dict:
    return {"zh": zh, "en": en}


def _designations(record: dict) -> dict[str, dict]:
    found = {}
    for d in record.get("designations") or []:
        if isinstance(d, dict) and isinstance(d.get("programme"), str):
            found.setdefault(d["programme"], d)
    return found


def _status(cat: Catalog, slug: str, programme: str, designation: dict) -> str | None:
    """The designation's status from these events and the lists as they are now."""
    town = cat.town(slug)
    des = town.designation(programme) if town else None
    listed = listed_events(des) if des else []
    recorded = [dict(e, programme=programme) for e in designation.get("events") or [] if isinstance(e, dict)]
    try:
        return lifecycle.status(lifecycle.timeline(listed, recorded))
    except (KeyError, TypeError, ValueError):
        return None


def _judged(cat: Catalog, place: dict, designation: dict) -> dict[str, dict]:
    try:
        judged = judge(cat, place, designation)
    except (KeyError, TypeError, ValueError, AttributeError):
        return {}
    return {c["id"]: c for c in judged[1]} if judged else {}


def _status_words(labels: dict, status: str | None) -> tuple[str, str]:
    word = labels["status"].get(status or "unknown", labels["status"]["unknown"])
    return word["zh"], word["en"]


def _designation_words(cat: Catalog, slug: str, pid: str, place: tuple[dict, dict], des: tuple[dict, dict]) -> list[dict]:
    labels = cat.labels
    prog = cat.programmes.get(pid)
    name = prog.label if prog else pid
    words = []
    was, now = _status(cat, slug, pid, des[0]), _status(cat, slug, pid, des[1])
    if was != now:
        (wz, we), (nz, ne) = _status_words(labels, was), _status_words(labels, now)
        words.append(_w(f"{name}：状态 {wz} → {nz}", f"status {we} → {ne}"))
    old_events = [e for e in des[0].get("events") or [] if isinstance(e, dict)]
    for e in des[1].get("events") or []:
        if isinstance(e, dict) and e not in old_events and e.get("type") in labels["event"]:
            when = lifecycle.shown(str(e.get("date", "")), e.get("date_precision")) if e.get("date") else None
            ev = labels["event"][e["type"]]
            words.append(_w(f"{name}：新增事件 {ev['zh']}" + (f"（{when.words}）" if when else ""),
                            f"event added: {ev['en']}" + (f" ({when.iso})" if when else "")))
    before, after = _judged(cat, place[0], des[0]), _judged(cat, place[1], des[1])
    changed = [c for cid, c in after.items() if cid in before and before[cid]["result"] != c["result"]]
    for c in changed[:SHOWN_CRITERIA]:
        (oz, oe), (nz, ne) = ((labels["result"][r]["zh"], labels["result"][r]["en"])
                              for r in (before[c["id"]]["result"], c["result"]))
        words.append(_w(f"{name}：准则“{c['label']}” {oz} → {nz}", f"criterion “{c['label_en']}”: {oe} → {ne}"))
    if len(changed) > SHOWN_CRITERIA:
        more = len(changed) - SHOWN_CRITERIA
        words.append(_w(f"{name}：另有 {more} 项准则结果变化", f"{more} more criteria changed"))
    return words


def record_words(cat: Catalog, before: dict | None, after: dict | None) -> list[dict]:
    """What changed from one version of a place record to the next, in words ({zh, en} each);
    empty where nothing can be said (a version that does not parse)."""
    if before is None or after is None:
        return []
    slug = after.get("slug") if isinstance(after.get("slug"), str) else ""
    words = []
    old, new = _designations(before), _designations(after)
    for pid, des in new.items():
        prog = cat.programmes.get(pid)
        name = prog.label if prog else pid
        if pid not in old:
            words.append(_w(f"新增认定：{name}", f"designation added: {prog.data.get('name_en', pid) if prog else pid}"))
            continue
        words.extend(_designation_words(cat, slug, pid, (before, after), (old[pid], des)))
    for pid in old:
        if pid not in new:
            prog = cat.programmes.get(pid)
            words.append(_w(f"移除认定：{prog.label if prog else pid}",
                            f"designation removed: {prog.data.get('name_en', pid) if prog else pid}"))
    said = bool(words)
    fields = cat.labels["field"]
    touched = [k for k in fields if k != "designations" and before.get(k) != after.get(k)]
    if touched:
        words.append(_w("修改：" + "、".join(fields[k]["zh"] for k in touched),
                        "changed: " + ", ".join(fields[k]["en"] for k in touched)))
    if old != new and not said:
        words.append(_w("修改：认定", "changed: designations"))  # e.g. a batch, or figures no criterion reads
    return words


def list_words(cat: Catalog, before: dict | None, after: dict | None) -> dict[str, tuple[str, list[dict]]]:
    """{town slug: (its name as the list prints it, words)} for the towns a list file's change
    added, removed or reprinted."""
    lst = after or before
    if lst is None:
        return {}
    title = lst.get("title") or lst.get("id") or ""
    naming = lst.get("kind") == "naming"

    def members(data):
        return {m["town"]: m for m in (data or {}).get("members") or [] if isinstance(m, dict) and isinstance(m.get("town"), str)}

    was, now = members(before), members(after)
    found: dict[str, tuple[str, list[dict]]] = {}
    for slug, m in now.items():
        printed = str(m.get("name_as_published") or "")
        if slug not in was:
            found[slug] = printed, [_w(f"列入{'命名' if naming else ''}名单《{title}》",
                              f"{'named by' if naming else 'listed in'} the list “{title}”")]
        elif was[slug] != m:
            found[slug] = printed, [_w(f"名单《{title}》中的记载修改", f"its entry in the list “{title}” changed")]
    for slug, m in was.items():
        if slug not in now:
            found[slug] = str(m.get("name_as_published") or ""), [_w(f"从名单《{title}》中移除", f"removed from the list “{title}”")]
    return found
