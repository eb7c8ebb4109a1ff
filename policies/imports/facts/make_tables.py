"""Make the fact tables fed to import-facts from the research tables (run from the repository root):

    python policies/imports/facts/make_tables.py /path/to/shared/research/facts

1. corrections.yml, row by row (CHECK-facts.md's corrections, rows held back, merged places);
2. the same kinds of error CHECK-facts found, looked for in every other row:
   - a qualifier the row dropped but its note quotes (约53.6, 60多家, 30亿元以上) or the unit
     carries (家（以上）);
   - a repost not marked: the title, publisher or note says 转载/转自, or another row citing the
     same page marks it;
   - an inference not flagged: another row of the same place and page says 推断 (推定 also marks
     estimated dates, so it is not carried over);
   - a village's lead industry or description recorded as the town's: kept as a village fact.
3. Where a place has more than one description, the full sentence (ending in 。, the longest
   first) is fed first; import-facts keeps the first and reports the others as conflicts.
Every change is written to changes.csv (file, line, slug, field, what, why).
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
FILES = ("zj-js-facts.csv", "programmes-facts.csv", "cn-featured-facts.csv")
NUMERIC = {"planned_area", "core_area", "investment", "investment_fixed_assets", "firms_total", "high_tech_firms"}
_NUM = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_VILLAGE = re.compile(r"[\u4e00-\u9fff]{1,5}村(?!落|民|级数)")


def _qualifier(value: str, text: str) -> str | None:
    """The qualifier the note prints around exactly this number, if it prints one only."""
    n = re.escape(value)
    found = set()
    for m in re.finditer(rf"(约|近|超过了|超过|超|逾)?(?<![0-9.]){n}(?![0-9.])([^\d\s，。；、,（）()]{{0,3}}?)(多|余|以上|左右)?", text):
        if m.group(1):
            found.add({"超过了": "超过"}.get(m.group(1), m.group(1)) + value)
        elif m.group(3):
            found.add(value + m.group(3))
        else:
            found.add(value)
    forms = found - {value}
    return next(iter(forms)) if len(forms) == 1 and value not in found else None


def _descriptions_first_sentence(kept: list) -> list:
    """Each place's description rows reordered among their own positions, fullest sentence first."""
    by_place: dict[str, list[int]] = {}
    for i, (_, r) in enumerate(kept):
        if r["field"] == "description":
            by_place.setdefault(r["slug"], []).append(i)
    out = list(kept)
    for slots in by_place.values():
        rows = sorted((kept[i] for i in slots), key=lambda lr: (not lr[1]["value"].endswith("。"), -len(lr[1]["value"])))
        for i, lr in zip(slots, rows):
            out[i] = lr
    return out


def main(research: Path) -> None:
    corrections = yaml.safe_load((HERE / "corrections.yml").read_text(encoding="utf-8"))
    log = []
    for name in FILES:
        rows = list(csv.DictReader((research / name).open(encoding="utf-8-sig")))
        columns = list(rows[0].keys())
        fixes = corrections.get(name, {})
        kept = []
        for line, row in enumerate(rows, start=2):
            def change(what, why):
                log.append([name, line, row["slug"], row["field"], what, why])
            fix = fixes.get(line, {})
            if "hold" in fix:
                change("held back", fix["hold"])
                continue
            for key, value in fix.get("set", {}).items():
                change(f"{key}: {row[key]!r} -> {value!r}", fix["why"])
                row[key] = value
            kept.append((line, row))
        # systematic rules, on the rows the corrections did not already settle
        mirrored = {r["source_url"] for _, r in kept if r["mirror"] == "true"}
        inferred = {(r["slug"], r["source_url"]) for _, r in kept if "推断" in r["note"] + r["scope_note"]}
        for line, row in kept:
            def change(what, why):
                log.append([name, line, row["slug"], row["field"], what, why])
            if line in fixes:
                continue
            if row["field"] in NUMERIC and _NUM.match(row["value"]):
                m = re.match(r"^([^（(]+)[（(](以上|多家|多)[，,；;]?(.*)[）)]$", row["unit"])
                if m:
                    value = row["value"] + ("以上" if m.group(2) == "以上" else "多")
                    unit = m.group(1) + (f"（{m.group(3)}）" if m.group(3) else "")
                    change(f"value {row['value']!r} -> {value!r}, unit {row['unit']!r} -> {unit!r}",
                           "the qualifier was printed in the unit")
                    row["value"], row["unit"] = value, unit
                else:
                    q = _qualifier(row["value"], row["note"])
                    if q:
                        change(f"value {row['value']!r} -> {q!r}", "the note quotes the figure with its qualifier")
                        row["value"] = q
            if row["mirror"] != "true" and (re.search("转载|转自", row["source_title"] + row["publisher"] + row["note"])
                                           or row["source_url"] in mirrored):
                change(f"mirror {row['mirror']!r} -> 'true'", "the row or another row citing the page says it is a repost")
                row["mirror"] = "true"
            if (row["slug"], row["source_url"]) in inferred and not re.search("推断|推定", row["note"] + row["scope_note"]):
                note = "；".join(x for x in (row["note"], "推断：同页另一行已注明该页与本地的对应属推断") if x)
                change("note + 推断", "another row of this place and page flags the link as an inference")
                row["note"] = note
            village = _VILLAGE.search(row["scope_note"])
            if (row["field"] in ("lead_industry", "description") and row["scope"] == "town" and village
                    and "驻地" not in row["scope_note"]):
                change(f"field {row['field']} -> other, scope town -> wider", "the fact is one village's, not the town's")
                row["field"], row["scope"] = "other", "wider"
                row["scope_note"] = f"仅{row['scope_note']}（村级，不是全镇）"
        kept = _descriptions_first_sentence(kept)
        with (HERE / name).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            writer.writerows(r for _, r in kept)
        print(f"{name}: {len(rows)} rows, {len(kept)} kept, {len(rows) - len(kept)} held back")
    with (HERE / "changes.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "line", "slug", "field", "change", "why"])
        writer.writerows(log)
    print(f"{len(log)} changes in changes.csv")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
