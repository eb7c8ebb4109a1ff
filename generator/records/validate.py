"""Record validation against the JSON Schemas, reported as `file:line:col: field: message`.

Messages are for officials who are not programmers: Chinese first, English in
brackets, naming the field and what is expected. Cross-record rules live in
checks.py; both produce the same Problem.
"""
from __future__ import annotations

import copy
import datetime
import difflib
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker

from generator.records.load import Document

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schema"

_TYPE_NAMES = {
    "string": "文字 (text)",
    "integer": "整数 (a whole number)",
    "number": "数字 (a number)",
    "boolean": "是或否 true/false (yes or no)",
    "object": "字段表 (a mapping of fields)",
    "array": "列表 (a list)",
    "null": "空值 (null)",
}

_PATTERN_HINTS = {
    "slug": "应为小写拼音字母、数字和连字符，如 liuzhou-qiche (lower-case pinyin, digits and '-')",
    "adcode": "应为6位行政区划代码，如 \"440106\" (a 6-digit division code)",
    "url": "应为以 http:// 或 https:// 开头的网址 (a web address starting with http:// or https://)",
    "date": "应为日期 YYYY-MM-DD，如 2018-10-09 (a date YYYY-MM-DD)",
    "committed_ratio": "应为比例，如 1:1 或 1:1:1 (a ratio such as 1:1 or 1:1:1)",
    "programme": "应为计划编号，如 gd-internet-plus (a programme id)",
}


# The pattern of every identifying field (names, titles, applicants, firms): no control characters
# (C0/C1: line breaks, tabs, NEL), no zero-width characters and no text-direction controls. They are invisible in an editor, split the name fragments search
# indexes, count one firm twice, and can make a name display differently from what it is
# ("合成\u202e名称gpj.exe" shows as "合成exe.jpg称名"). edit-core.js words it the same way.
PLAIN_TEXT = "^[^\\x00-\\x1f\\x7f-\\x9f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]*$"
_INVISIBLE = re.compile("[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_DIRECTION_CONTROLS = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def invisible_message(text: str) -> str:
    """Which invisible character a text holds and where, without echoing the text (an override
    in it would turn the message around)."""
    found = _INVISIBLE.search(text)
    char = found.group()
    code, at = f"U+{ord(char):04X}", found.start() + 1
    zh, en = (("文字方向控制符", "a text-direction control") if char in _DIRECTION_CONTROLS
              else ("控制字符（如换行、制表符）", "a control character such as a line break or tab") if char < "\u00a0"
              else ("零宽字符", "a zero-width character"))
    return (f"含有不可见字符 {code}（{zh}，第 {at} 个字符）：请删去 "
            f"(contains the invisible character {code}, {en}, at character {at}: delete it)")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    col: int
    path: str
    message: str

    def __str__(self) -> str:
        field = f" {self.path}:" if self.path else ""
        return f"{self.file}:{self.line}:{self.col}:{field} {self.message}"


@functools.cache
def schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


@functools.cache
def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(schema(name), format_checker=FormatChecker())


def dotted(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _show(value) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _hint_key(path: tuple, schema_part: dict) -> str | None:
    ref_names = {"url", "date"}
    for name in ref_names:
        if schema_part.get("pattern") == schema("town")["$defs"][name].get("pattern"):
            return name
    for part in reversed(path):
        if isinstance(part, str):
            return part if part in _PATTERN_HINTS else None
    return None


def _message(error) -> tuple[tuple, str, bool]:
    """(path for the position, message, point at the key rather than the value)."""
    path = tuple(error.absolute_path)
    v = error.instance
    kind = error.validator
    if kind == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        names = " 或 ".join(_TYPE_NAMES.get(t, t) for t in expected)
        return path, f"应为{names}，实际为 {_show(v)} (expected {' or '.join(expected)}, got {_show(v)})", False
    if kind == "required":
        missing = re.search(r"'([^']+)' is a required property", error.message)
        name = missing.group(1) if missing else error.message
        return path, f"缺少必填字段 {name} (missing required field '{name}')", True
    if kind == "enum":
        choices = "、".join(str(c) for c in error.validator_value)
        return path, f"应为以下之一：{choices}；实际为 {_show(v)} (expected one of the listed values, got {_show(v)})", False
    if kind == "pattern" and error.validator_value == PLAIN_TEXT and isinstance(v, str):
        return path, invisible_message(v), False
    if kind == "pattern":
        hint = _PATTERN_HINTS.get(_hint_key(path, error.schema) or "", "格式不符 (does not match the expected format)")
        return path, f"{hint}，实际为 {_show(v)} (got {_show(v)})", False
    if kind == "format" and error.validator_value == "date":
        return path, f"日期无效，实际为 {_show(v)} (not a valid date, got {_show(v)})", False
    if kind in ("minimum", "exclusiveMinimum"):
        return path, f"应不小于 {error.validator_value}，实际为 {_show(v)} (must be ≥ {error.validator_value})", False
    if kind in ("maximum", "exclusiveMaximum"):
        return path, f"应不大于 {error.validator_value}，实际为 {_show(v)} (must be ≤ {error.validator_value})", False
    if kind == "minLength":
        return path, f"不能为空或过短 (must have at least {error.validator_value} characters)", False
    if kind == "maxLength":
        return path, f"过长：{len(v)} 字，上限 {error.validator_value} (too long: {len(v)} characters, limit {error.validator_value})", False
    if kind == "minItems":
        return path, f"至少需要 {error.validator_value} 项 (needs at least {error.validator_value} item(s))", False
    if kind == "maxItems":
        return path, f"最多 {error.validator_value} 项，实际 {len(v)} 项 (at most {error.validator_value} items)", False
    if kind in ("oneOf", "anyOf"):
        if isinstance(v, (str, bool)) or v is None:
            return path, f"应为数字，实际为 {_show(v)} (expected a number, got {_show(v)})", False
        return path, ("应为数字，或 {value: 数字, qualifier: 以上|约|近} "
                      f"(expected a number or {{value, qualifier}}), 实际为 {_show(v)}"), False
    return path, f"{error.message}", False


def _messages(error):
    """One message per fault: an object with three unknown keys gives three."""
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(error.schema.get("properties", {}))
        base = tuple(error.absolute_path)
        for key in (k for k in error.instance if k not in allowed):
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"，是否应为 {close[0]}？(did you mean '{close[0]}'?)" if close else ""
            yield base + (key,), f"未知字段 {key} (unknown field '{key}'){hint}", True
        return
    yield _message(error)


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _is_date(value) -> bool:
    """As jsonschema's format checker: a real calendar date YYYY-MM-DD."""
    if not isinstance(value, str):
        return True  # a format constrains strings only
    if not _DATE.match(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@functools.cache
def _fast_check(name: str):
    """The town schema compiled to Python (fastjsonschema): about 10× faster than jsonschema on a
    valid record. It only ever answers "valid"; a record it rejects goes to jsonschema for the
    worded messages. The town schema uses no keyword whose meaning differs between draft 7 and
    2020-12 (tests/test_validate_fast.py holds the two to the same verdicts)."""
    if name != "town":
        return None
    # a deep copy: fastjsonschema rewrites the $refs of what it compiles, and schema() is shared
    draft7 = copy.deepcopy(schema(name)) | {"$schema": "http://json-schema.org/draft-07/schema#"}
    return fastjsonschema.compile(draft7, formats={"date": _is_date})


def schema_problems(doc: Document, schema_name: str) -> list[Problem]:
    fast = _fast_check(schema_name)
    if fast is not None:
        try:
            fast(doc.data)
            return []
        except fastjsonschema.JsonSchemaException:
            pass  # jsonschema says what is wrong, in the officials' words
    problems = []
    for error in validator(schema_name).iter_errors(doc.data):
        for path, message, at_key in _messages(error):
            line, col = doc.where(path, key=at_key)
            problems.append(Problem(doc.path, line, col, dotted(path), message))
    problems.sort(key=lambda p: (p.line, p.col))
    return problems


def problem_at(doc: Document, path: tuple, message: str, key: bool = False) -> Problem:
    line, col = doc.where(path, key=key)
    return Problem(doc.path, line, col, dotted(path), message)
