"""What every output writes with: the generated-file type, compact JSON, the one CSV writer,
and where the vendored browser files go."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Iterable

VENDOR_DIR = "assets/vendor/"  # Leaflet, its cluster plugin and the record form's validator (assets.py)


@dataclass
class Generated:
    """One output file: a page (.md) or data, with the repository file an edit link opens."""

    path: str
    content: str | bytes
    edit: str | None = None
    # True: a page whose body is already HTML (front matter + one HTML block). The builder
    # hands the body to the theme as it is, never through Markdown (which would only re-parse it).
    html: bool = False
    # True: the same as the previous build's file while serving (see pages.generate's fingerprints);
    # the content is then left empty and the builder keeps the file it already wrote.
    unchanged: bool = False


def dumps(value) -> bytes:
    """Compact UTF-8 JSON, as every data file of the site is written."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def neutralise(cell) -> str:
    """Spreadsheet formula injection: a cell starting with = + - @ (or tab/CR) is prefixed with '."""
    text = "" if cell is None else str(cell)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)


def csv_lines(header: list[str], rows: Iterable[list]) -> tuple[str, list[str]]:
    """The header line and one line per row, each ending in CRLF, every cell written as open
    data reads it (true/false, no float noise) and neutralised."""
    def line(cells) -> str:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerow(cells)
        return buf.getvalue()
    return line(header), [line([neutralise(_cell(c)) for c in row]) for row in rows]


def csv_bytes(header: list[str], rows: Iterable[list]) -> bytes:
    """UTF-8 with BOM (Excel opens Chinese correctly), CRLF (csv_lines)."""
    head, lines = csv_lines(header, rows)
    return ("\ufeff" + head + "".join(lines)).encode("utf-8")
