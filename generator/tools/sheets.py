"""Published tables as rows of text: CSV (UTF-8, with or without a byte-order mark) or XLSX.

Annexes come as spreadsheets with a title line or two above the header, and with header
words that vary (名称, 小镇名称, name …). `read_table` finds the header row by the words it
knows, maps each column to one field name, and gives every cell its row and column
number, so an error can say `TABLE:row:column: …` as the official sees the table.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path


class TableError(Exception):
    """A table that cannot be read at all (not UTF-8, not a spreadsheet, no header)."""

    def __init__(self, message: str, row: int = 1, col: int = 1):
        super().__init__(message)
        self.message, self.row, self.col = message, row, col


@dataclass
class Row:
    number: int  # the row as the official sees it: the header row's number + n
    cells: dict[str, str]  # field -> text (stripped; "" when empty)
    cols: dict[str, int]  # field -> 1-based column number

    def get(self, key: str) -> str:
        return self.cells.get(key, "")


@dataclass
class Table:
    path: str  # as given on the command line
    header_row: int
    columns: dict[str, int]  # field -> column number
    headers: dict[str, str]  # field -> the header as printed
    ignored: list[str] = field(default_factory=list)  # headers no field is known for
    rows: list[Row] = field(default_factory=list)


def _key(text: str) -> str:
    return "".join(str(text).split()).replace("（", "(").replace("）", ")").lower()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _raw_rows(path: Path) -> list[list[str]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            import openpyxl

            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any reader failure is a bad file
            raise TableError(f"无法读取电子表格 (cannot read the spreadsheet): {exc}") from None
        try:
            sheet = book.worksheets[0]
            return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    if path.suffix.lower() == ".xls":
        raise TableError("不支持旧版 .xls，请另存为 .xlsx 或 CSV (old .xls is not supported: save as .xlsx or CSV)")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TableError("文件不是UTF-8编码，请另存为UTF-8 (the file is not UTF-8: save it as UTF-8)", line) from None
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]


def read_table(path: Path, shown: str, aliases: dict[str, tuple[str, ...]], required: str) -> Table:
    """The table at `path` (named `shown` in messages). `aliases` maps each field to the header
    words that mean it, best first; the header row is the first row naming the `required` field."""
    if not path.is_file():
        raise TableError("文件不存在 (no such file)")
    raw = _raw_rows(path)
    lookup = {_key(word): fld for fld, words in aliases.items() for word in words}
    rank = {_key(word): i for words in aliases.values() for i, word in enumerate(words)}
    for index, row in enumerate(raw[:10]):
        if any(lookup.get(_key(c)) == required for c in row):
            header_index = index
            break
    else:
        words = "、".join(aliases[required][:4])
        raise TableError(f"找不到名称列：表头应有 {words} 之一 (no name column: the header needs one of {words})")
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored = []
    for col, text in enumerate(raw[header_index], start=1):
        fld = lookup.get(_key(text))
        if not text:
            continue
        if fld is None:
            ignored.append(text)
        elif fld not in columns or rank[_key(text)] < rank[_key(headers[fld])]:
            if fld in columns:
                ignored.append(headers[fld])
            columns[fld], headers[fld] = col, text
        else:
            ignored.append(text)
    table = Table(shown, header_index + 1, columns, headers, ignored)
    for index in range(header_index + 1, len(raw)):
        values = raw[index]
        if not any(values):
            continue
        cells = {fld: (values[col - 1] if col - 1 < len(values) else "") for fld, col in columns.items()}
        table.rows.append(Row(index + 1, cells, dict(columns)))
    return table
