"""Towns whose status or criteria results differ between a git revision and the work tree."""
from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

from generator.records.catalog import load_catalog
from generator.records.model import Catalog


class NoBase(Exception):
    pass


def catalog_at(root: Path, rev: str, dest: Path) -> Catalog:
    """Load the records as they were at `rev` (towns/ and policies/ only)."""
    try:
        tar = subprocess.run(["git", "archive", "--format=tar", rev, "towns", "policies"],
                             cwd=root, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise NoBase(f"无法读取基准版本 {rev} (cannot read revision {rev}): "
                     f"{getattr(exc, 'stderr', b'').decode(errors='replace').strip() or exc}") from None
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(dest, filter="data")
    return load_catalog(dest)


def compare(before: Catalog, after: Catalog) -> list[dict]:
    changes = []
    old = {t.slug: t for t in before.towns}
    for t in sorted(after.towns, key=lambda t: t.slug):
        o = old.get(t.slug)
        if o is None:
            changes.append({"slug": t.slug, "name": t.name, "field": "town", "before": "—", "after": "新增 added"})
            continue
        for d in t.designations:
            od = o.designation(d.programme_id)
            field = f"{d.programme_id}."
            if od is None:
                changes.append({"slug": t.slug, "name": t.name, "field": f"{field}designation", "before": "—",
                                "after": "新增 added"})
                continue
            if od.status != d.status:
                changes.append({"slug": t.slug, "name": t.name, "field": f"{field}status", "before": od.status,
                                "after": d.status})
            was = {c["id"]: c["result"] for c in od.criteria}
            for c in d.criteria:
                if was.get(c["id"]) != c["result"]:
                    changes.append({"slug": t.slug, "name": t.name, "field": f"{field}criteria.{c['id']}",
                                    "before": was.get(c["id"], "—"), "after": c["result"]})
    new = {t.slug for t in after.towns}
    for slug, o in sorted(old.items()):
        if slug not in new:
            changes.append({"slug": slug, "name": o.name, "field": "town", "before": "存在 present", "after": "删除 removed"})
    return changes


def changes_since(root: Path, rev: str) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        before = catalog_at(root, rev, Path(tmp))
        return compare(before, load_catalog(root))
