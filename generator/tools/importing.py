"""What the two import commands share: a change set that is checked by the validator on a
copy of the repository before anything is written, and the report they print.

Nothing is written unless every file the import would write validates together with
everything else (a list naming a new place, the place holding the list's designation …):
the changed files are written into a temporary copy of towns/ and policies/, the whole
catalog is loaded from it, and any problem in a changed file (or any problem the copy has
that the repository had not) stops the import.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.records.catalog import load_catalog


@dataclass
class Changes:
    root: Path
    files: dict[str, str] = field(default_factory=dict)  # repository-relative path -> new text
    rows: dict[str, set[int]] = field(default_factory=dict)  # path -> table rows that changed it

    def put(self, path: str, text: str, row: int | None = None) -> None:
        self.files[path] = text
        if row is not None:
            self.rows.setdefault(path, set()).add(row)

    def changed(self) -> dict[str, str]:
        """Only the files whose text differs from what the repository holds."""
        out = {}
        for path, text in self.files.items():
            file = self.root / path
            if not file.is_file() or file.read_text(encoding="utf-8") != text:
                out[path] = text
        return out


def fail(errors: list[str]) -> int:
    """Print the located errors (stderr) and say nothing was written: the exit code 1."""
    for e in errors:
        print(e, file=sys.stderr)
    print(f"{len(errors)} 个错误，未写入任何文件 ({len(errors)} errors; nothing written)", file=sys.stderr)
    return 1


def check(changes: Changes, baseline) -> list[str]:
    """Problems the change set would cause, each line naming the table rows behind the file."""
    changed = changes.changed()
    if not changed:
        return []
    with tempfile.TemporaryDirectory(prefix="import-check-") as tmp:
        copy = Path(tmp)
        for folder in ("towns", "policies"):
            if (changes.root / folder).is_dir():
                shutil.copytree(changes.root / folder, copy / folder)
        for path, text in changed.items():
            target = copy / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        cat = load_catalog(copy)
    before = {(p.file, p.message) for p in baseline.problems}
    out = []
    for p in cat.problems:
        if p.file in changed or (p.file, p.message) not in before:
            rows = sorted(changes.rows.get(p.file, ()))
            where = f"（表格第 {'、'.join(map(str, rows))} 行 table rows {', '.join(map(str, rows))}）" if rows else ""
            out.append(f"{p}{where}")
    return out


def write(changes: Changes) -> list[str]:
    """Write the changed files (each replaced whole, never half-written); their paths."""
    written = []
    for path, text in sorted(changes.changed().items()):
        target = changes.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".import-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, target)
        written.append(path)
    return written


# ---- the report ------------------------------------------------------------------------


def md_cell(value) -> str:
    return str(value if value is not None else "").replace("|", "\\|").replace("\n", " ")


@dataclass
class Report:
    title: str
    summary: list[tuple[str, object]] = field(default_factory=list)
    sections: list[tuple[str, list[str], list[list]]] = field(default_factory=list)  # (heading, header, rows)
    notes: list[str] = field(default_factory=list)

    def add(self, heading: str, header: list[str], rows: list[list]) -> None:
        if rows:
            self.sections.append((heading, header, rows))

    def text(self) -> str:
        lines = [self.title]
        lines += [f"  {label}: {value}" for label, value in self.summary]
        for heading, header, rows in self.sections:
            lines.append(f"{heading}:")
            lines += ["  " + " | ".join(str(c) for c in row) for row in rows]
        lines += self.notes
        return "\n".join(lines) + "\n"

    def markdown(self) -> str:
        lines = [f"## {self.title}", ""]
        lines += [f"- {label}: {value}" for label, value in self.summary]
        for heading, header, rows in self.sections:
            lines += ["", f"### {heading}", "", "| " + " | ".join(header) + " |",
                      "| " + " | ".join("---" for _ in header) + " |"]
            lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
        if self.notes:
            lines += [""] + self.notes
        return "\n".join(lines) + "\n"
