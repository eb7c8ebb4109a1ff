"""Records before places held designations -> records with `designations`.

Before: one programme per record (programme, batch, town_type, applicant,
competent_department, events at the top). After: those fields sit in the record's first
designation. Kept so the lossless-migration test can replay it on the old records.
Run: python -m generator.records.migrate towns/   (rewrites each old-format file in place)
"""
from __future__ import annotations

import sys
from pathlib import Path

from generator.records.load import load_file
from generator.records.writer import dump_record

MOVED = ("programme", "batch", "town_type", "applicant", "competent_department", "events")


def to_designations(record: dict) -> dict:
    if "designations" in record or "programme" not in record:
        return dict(record)
    place = {k: v for k, v in record.items() if k not in MOVED}
    place["designations"] = [{k: record[k] for k in MOVED if k in record}]
    return place


def main(argv: list[str]) -> int:
    for arg in argv or ["towns"]:
        root = Path(arg)
        for file in sorted(root.rglob("*.yml")) if root.is_dir() else [root]:
            data = load_file(file).data
            if "programme" in data and "designations" not in data:
                file.write_text(dump_record(to_designations(data)), encoding="utf-8")
                print(f"migrated {file}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
