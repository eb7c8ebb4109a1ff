"""Safe YAML loading that remembers where every value stands in the file.

PyYAML's composer gives nodes with marks; we build plain Python values from the
node tree ourselves so that we can (a) keep the line and column of every field for
error messages, (b) refuse anything but plain data (no Python tags, no custom tags),
(c) refuse anchors and aliases outright (records never need them, and it makes an
alias bomb cost nothing), (d) keep dates as the strings the author wrote, and (e) refuse
nesting deeper than MAX_DEPTH before anything recursive reads it (libyaml's composer would
crash the process, ours or jsonschema's would end in a RecursionError), and numbers that are
not finite (.nan, .inf).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

MAX_BYTES = 1_000_000  # a town record is a few KB; a megabyte is an accident or an attack
MAX_DEPTH = 50  # records nest 5 deep (designations[0].events[0].source); the schemas' deepest is 6

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_CONTAINER_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class LoadError(Exception):
    """A file that cannot be read as plain YAML data."""

    def __init__(self, message: str, line: int = 1, col: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


@dataclass
class Document:
    """A loaded YAML file: its data and the position of every value and key."""

    path: str
    data: object
    marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: tuple, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at `path`, or of its nearest existing parent."""
        table = self.key_marks if key else self.marks
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if p in self.marks:
                return self.marks[p]
            p = p[:-1]
        return self.marks.get((), (1, 1))


class _NoAliasLoader(yaml.SafeLoader):
    """Refuses an alias where it stands, before anything could be expanded."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise LoadError("不允许使用YAML锚点和别名 (YAML anchors and aliases are not allowed)",
                            mark.line + 1, mark.column + 1)
        return super().compose_node(parent, index)


class _Builder:
    def __init__(self):
        self._constructor = yaml.SafeLoader("")  # only for its scalar converters
        self.marks: dict[tuple, tuple[int, int]] = {}
        self.key_marks: dict[tuple, tuple[int, int]] = {}
        self._seen: set[int] = set()

    @staticmethod
    def _pos(node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def build(self, node, path: tuple):
        if id(node) in self._seen:
            raise _Reused()
        self._seen.add(id(node))
        self.marks[path] = self._pos(node)
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag not in _PLAIN_TAGS:
                line, col = self._pos(node)
                raise LoadError(f"不支持的YAML标签 {tag} (unsupported YAML tag: only plain data is allowed)", line, col)
            if tag == "tag:yaml.org,2002:timestamp":
                return node.value  # dates stay as written; the schema checks them
            try:
                value = self._constructor.construct_object(node, deep=True)
            except Exception as exc:  # noqa: BLE001 - any converter failure is bad input
                line, col = self._pos(node)
                raise LoadError(f"无法解析的值 {node.value!r} (value cannot be read: {exc})", line, col) from None
            if isinstance(value, float) and not math.isfinite(value):
                line, col = self._pos(node)
                raise LoadError(f"{node.value} 不是有限的数：请写数字，不知道就不写 "
                                f"(not a finite number: write a number, or leave the field out)", line, col)
            return value
        if tag not in _CONTAINER_TAGS:
            line, col = self._pos(node)
            raise LoadError(f"不支持的YAML标签 {tag} (unsupported YAML tag: only plain data is allowed)", line, col)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                line, col = self._pos(key_node)
                raise LoadError("不允许使用YAML合并键 << (merge keys are not allowed)", line, col)
            key = self.build(key_node, path + ("\0key",))
            if not isinstance(key, (str, int)):
                line, col = self._pos(key_node)
                raise LoadError("字段名必须是文字 (keys must be plain text)", line, col)
            key = str(key)
            if key in result:
                line, col = self._pos(key_node)
                raise LoadError(f"字段 {key} 重复出现 (duplicate key '{key}')", line, col)
            self.key_marks[path + (key,)] = self._pos(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result


# libyaml's composer is ~10x faster than PyYAML's pure-Python one; it cannot refuse an
# alias where it stands, so the pure-Python loader re-reads a file that has one.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def parse_text(text: str, path: str) -> Document:
    """Parse one YAML document from text; raise LoadError for anything but plain data."""
    _check_depth(text)
    if _FAST_LOADER is not None:
        try:
            return _parse(text, path, _FAST_LOADER)
        except _Reused:
            pass  # an alias: the pure-Python loader below says where it is
    return _parse(text, path, _NoAliasLoader)


_LINE_START = re.compile(r"^[ ?-]*", re.M)  # indentation and the block indicators "- " and "? "


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH, reading the parser's flat event stream (nothing
    recursive). Cheap for a normal record: block nesting needs indentation and flow nesting
    needs brackets, so a text with neither cannot be deep and is not parsed twice."""
    flow = text.count("[") + text.count("{")
    block = max(map(len, _LINE_START.findall(text)), default=0)
    if flow + 2 * block + 2 <= MAX_DEPTH:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER or yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise LoadError(f"嵌套过深：超过 {MAX_DEPTH} 层的列表或字段表；记录不需要这样的结构，请检查括号 "
                                    f"(nested more than {MAX_DEPTH} levels deep: check the brackets)",
                                    mark.line + 1, mark.column + 1)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # a syntax error: the parse proper says where


class _Reused(Exception):
    """The node tree shares a node: the text used an alias."""


def _parse(text: str, path: str, loader) -> Document:
    try:
        nodes = list(yaml.compose_all(text, Loader=loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise LoadError(f"YAML语法错误：{exc.problem or exc.context} (YAML syntax error)", line, col) from None
    except yaml.YAMLError as exc:
        raise LoadError(f"YAML语法错误 (YAML syntax error): {exc}") from None
    if len(nodes) != 1 or nodes[0] is None:
        raise LoadError("文件应只含一个YAML文档 (the file must hold exactly one YAML document)")
    builder = _Builder()
    data = builder.build(nodes[0], ())
    builder.key_marks.pop((), None)
    return Document(path=path, data=data, marks=builder.marks, key_marks=builder.key_marks)


def read_text(file: Path) -> str:
    """Read a UTF-8 file (a byte-order mark is allowed), refusing huge or non-UTF-8 files."""
    try:
        size = file.stat().st_size
    except OSError as exc:
        raise LoadError(f"无法读取文件 (cannot read file): {exc.strerror}") from None
    if size > MAX_BYTES:
        raise LoadError(f"文件过大：{size} 字节，上限 {MAX_BYTES} (file too large: {size} bytes, limit {MAX_BYTES})")
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LoadError("文件不是UTF-8编码 (the file is not UTF-8 encoded): save it as UTF-8", line, 1) from None
    if "\0" in text:
        raise LoadError("文件含有空字符 (the file contains NUL characters)")
    return text


def load_file(file: Path, display_path: str | None = None) -> Document:
    """Load a YAML file into a Document; raise LoadError with a position for bad input."""
    return parse_text(read_text(file), display_path or str(file))
