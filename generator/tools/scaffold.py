"""A new town record to fill in: `python -m generator new`.

The slug is made from the name with pypinyin, so the same name always gives the
same slug; the optional fields are written as commented-out lines whose titles
come from the JSON Schema, so the template follows the record format as it
changes. The file does not validate until the official fills in the source
(`url`, `title`): that is on purpose, so a record never lands without one.
"""
from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from pathlib import Path
from typing import Iterable, TextIO

from pypinyin import lazy_pinyin

PACKAGE_DIR = Path(__file__).resolve().parents[1]
SCHEMA_FILE = PACKAGE_DIR / "schema" / "town.schema.json"
PROVINCES_FILE = PACKAGE_DIR / "provinces.json"
SCHEMA_LINE = "# yaml-language-server: $schema=../../generator/schema/town.schema.json"

# Filled from the questions; everything else in the schema becomes a commented-out line.
IDENTITY = ("slug", "name", "province", "designations")
LAST = ("sources",)

# Administrative units a name may end with, longest first. "小镇" is the programme's
# word for the town, not a division, so a name ending in it keeps it.
ADMIN_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "街道", "新区", "地区",
                  "省", "市", "区", "县", "镇", "乡", "旗", "盟")
# A '-' goes after these when a further name of two or more characters follows
# (广州市天河区 -> guangzhou-tianhe). 镇 and 乡 start words too (镇江, 乡村), so not them.
SEGMENT_ENDS = ("街道", "省", "市", "区", "县")
MAX_SLUG = 72  # the schema allows 80; room is left for "-NN"

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z0-9]+")

# Messages to the official (Chinese first, English after).
TEXT = {
    "intro": [
        "# 新的小镇记录：填好后提交拉取请求（pull request）。说明见 CONTRIBUTING.md。",
        "# New town record. Fill in the source below (required), then the facts you have a source for.",
        "# 只写有来源的事实；不知道的项留空（保持注释），不要猜。Leave unknown fields commented out.",
        "# 不得填写个人联系方式（手机号码、个人邮箱）。No personal contact data.",
    ],
    "optional": [
        "# ---- 选填项 Optional fields ----",
        "# 要填写某项时，删去行首的“# ”（上级字段也要删），并在冒号后填写。",
        "# To fill a field, remove the leading '# ' (also on its parent line) and write the value after the colon.",
    ],
    "batch_unknown": "#     batch:  # {title}（批次不明时不填 leave out if unknown）",
    "adcode_hint": "（{name}的代码以 {prefix} 开头，写在引号里，如 \"{prefix}0100\" — starts with {prefix}, in quotes）",
    "options": "可选 options: {options}",
    "sources": "# 来源（必填）：官方网站优先；转载或镜像请加 mirror: true。Source (required): official site first.",
    "url": "  - url: https://  # 必填：来源网址 required: the page's address",
    "title": "    title:  # 必填：来源标题 required: the page's title",
    "source_rest": [
        "    # date:  # 发布日期 YYYY-MM-DD",
        "    # publisher:  # 发布单位 publisher",
        "    # mirror: true  # 转载或镜像时填写 a repost or mirror",
    ],
    "ask_province": "省份（文件夹代码，如 gd、gx，或全称）Province (folder code or full name): ",
    "ask_name": "小镇名称（与公布的名称完全一致）Name exactly as published: ",
    "ask_programme": "所属计划 Programme id{known}: ",
    "ask_batch": "批次（数字，不知道就留空）Batch (number, empty if unknown): ",
    "bad_province": "未知的省份 {value!r}（可用 {codes}）unknown province",
    "bad_programme": "未知的计划 {value!r}（已有 {known}）unknown programme",
    "bad_batch": "批次应为 1–50 的整数 {value!r} (batch must be a whole number 1-50)",
    "bad_name": "小镇名称不能为空 (the name is required)",
    "exists": "文件已存在，不会覆盖：{path} (the file exists; not overwritten)",
    "written": "已创建 {path}。请填写来源（url、title），然后运行 python -m generator validate {path}\n"
               "Created {path}. Fill in the source (url, title), then run the validator.",
}


@functools.cache
def provinces() -> dict[str, dict]:
    """Folder code -> {"name": full name, "adcode_prefix": two digits}."""
    return json.loads(PROVINCES_FILE.read_text(encoding="utf-8"))


@functools.cache
def town_schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def province_code(value: str) -> str | None:
    """A folder code from a code (gd, GD) or a full or short name (广东省, 广东)."""
    value = value.strip()
    table = provinces()
    if value.lower() in table:
        return value.lower()
    for code, row in table.items():
        if value and (value == row["name"] or row["name"].startswith(value) and len(value) >= 2):
            return code
    return None


# ---- slug -------------------------------------------------------------------------

def _segments(name: str) -> list[str]:
    """Words of the name: runs of letters and digits, with Chinese runs cut after a division unit."""
    out = []
    for word in _WORD.findall(name):
        if not _CJK.fullmatch(word):
            out.append(word)
            continue
        start = i = 0
        while i < len(word):
            unit = next((u for u in SEGMENT_ENDS if word.startswith(u, i)), None)
            if unit and len(word) - (i + len(unit)) >= 2 and i + len(unit) - start >= 2:
                out.append(word[start:i + len(unit)])
                start = i = i + len(unit)
            else:
                i += 1
        out.append(word[start:])
    return [s for s in out if s]


def _strip_suffix(segment: str) -> str:
    if segment.endswith("小镇"):
        return segment
    for suffix in ADMIN_SUFFIXES:
        if segment.endswith(suffix) and len(segment) > len(suffix):
            return segment[: -len(suffix)]
    return segment


def _romanise(segments: Iterable[str]) -> str:
    words = []
    for seg in segments:
        word = "".join(lazy_pinyin(seg)).lower()
        word = re.sub(r"[^a-z0-9]+", "", word)
        if word:
            words.append(word)
    slug = "-".join(words)
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rstrip("-")
    return slug


def slug_candidates(name: str) -> tuple[str, str]:
    """(short, full): without and with the administrative suffixes."""
    segments = _segments(name)
    full = _romanise(segments)
    short = _romanise(_strip_suffix(s) for s in segments)
    return short, full


def make_slug(name: str, existing_slugs: Iterable[str]) -> str:
    """The short slug if it is free, else the full one, else the full one with -2, -3, …"""
    taken = set(existing_slugs)
    short, full = slug_candidates(name)
    if not full:
        raise ValueError(f"cannot make a slug from {name!r}")
    if short and short not in taken:
        return short
    if full not in taken:
        return full
    n = 2
    while f"{full}-{n}" in taken:
        n += 1
    return f"{full}-{n}"


# ---- template ---------------------------------------------------------------------

def _resolve(node: dict, root: dict) -> dict:
    ref = node.get("$ref")
    if ref and ref.startswith("#/"):
        target = root
        for part in ref[2:].split("/"):
            target = target[part]
        merged = dict(target)
        merged.update({k: v for k, v in node.items() if k != "$ref"})
        return merged
    return node


def _hint(prop: dict) -> str:
    parts = [prop["title"]] if prop.get("title") else []
    if "enum" in prop:
        parts.append(TEXT["options"].format(options=" / ".join(map(str, prop["enum"]))))
    return "  # " + "；".join(parts) if parts else ""


def _commented(key: str, prop: dict, root: dict, indent: str, extra: str = "") -> list[str]:
    """Commented-out lines for one schema property, nested objects and lists of objects included."""
    prop = _resolve(prop, root)
    hint = _hint(prop) + extra
    kind = prop.get("type")
    if kind == "object" and "properties" in prop:
        lines = [f"# {indent}{key}:{hint}"]
        for child, sub in prop["properties"].items():
            lines += _commented(child, sub, root, indent + "  ")
        return lines
    if kind == "array":
        items = _resolve(prop.get("items", {}), root)
        if items.get("type") == "object" and "properties" in items:
            # children sit under "- "; the first of them carries the dash
            child_indent = indent + "    "
            children = []
            for child, sub in items["properties"].items():
                children += _commented(child, sub, root, child_indent)
            if children:
                children[0] = f"# {indent}  - " + children[0][len(f"# {child_indent}"):]
            return [f"# {indent}{key}:{hint}", *children]
        return [f"# {indent}{key}: []{hint}"]
    return [f"# {indent}{key}:{hint}"]


def _yaml_scalar(text: str) -> str:
    """A one-line YAML string, quoted where plain style would change its meaning."""
    if re.fullmatch(r"[^\s:#'\"\[\]{},&*!|>%@`\-?][^:#\n]*", text) and text == text.strip() and not re.fullmatch(
            r"(?i)(true|false|yes|no|on|off|null|~|[-+.0-9eE_:]+)", text):
        return text
    return json.dumps(text, ensure_ascii=False)


def scaffold(province_dir: str, name: str, programme: str, batch: int | None,
             existing_slugs: set[str]) -> tuple[str, str]:
    """(relative path, YAML text) of a new town record in towns/<province_dir>/."""
    province = provinces().get(province_dir)
    if province is None:
        raise ValueError(f"unknown province folder {province_dir!r}")
    name = name.strip()
    if not name:
        raise ValueError("the name is required")
    slug = make_slug(name, existing_slugs)
    root = town_schema()
    props = root["properties"]

    lines = [SCHEMA_LINE, *TEXT["intro"],
             f"slug: {slug}",
             f"name: {_yaml_scalar(name)}",
             f"province: {province['name']}",
             "designations:",
             f"  - programme: {programme}"]
    designation = root["$defs"]["designation"]["properties"]
    if batch is not None:
        lines.append(f"    batch: {int(batch)}")
    else:
        lines.append(TEXT["batch_unknown"].format(title=designation["batch"]["title"]))
    for key, prop in designation.items():
        if key not in ("programme", "batch"):
            lines += _commented(key, prop, root, "    ")
    lines += TEXT["optional"]
    adcode_hint = TEXT["adcode_hint"].format(name=province["name"], prefix=province["adcode_prefix"])
    for key, prop in props.items():
        if key in IDENTITY or key in LAST:
            continue
        lines += _commented(key, prop, root, "", adcode_hint if key == "adcode" else "")
    lines += [TEXT["sources"], "sources:", TEXT["url"], TEXT["title"], *TEXT["source_rest"]]
    return f"towns/{province_dir}/{slug}.yml", "\n".join(lines) + "\n"


# ---- command ----------------------------------------------------------------------

def existing_slugs(root: Path) -> set[str]:
    """Slugs in use anywhere under towns/: file names and `slug:` lines (pages are /towns/<slug>/)."""
    found = set()
    for file in (root / "towns").glob("*/*.y*ml"):
        found.add(file.stem)
        match = re.search(r"^slug:\s*['\"]?([a-z0-9-]+)", file.read_text(encoding="utf-8"), re.M)
        if match:
            found.add(match.group(1))
    return found


def known_programmes(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "policies" / "programmes").glob("*.yml"))


def _ask(prompt: str, stdin: TextIO, stdout: TextIO) -> str:
    stdout.write(prompt)
    stdout.flush()
    line = stdin.readline()
    return line.strip()


def interactive_new(argv: list[str] | None = None, stdin: TextIO | None = None,
                    stdout: TextIO | None = None, root: Path | str | None = None) -> int:
    """Ask for (or take from flags) province, name, programme and batch; write the file. Exit code."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    parser = argparse.ArgumentParser(prog="python -m generator new",
                                     description="新建小镇记录 Create a new town record")
    parser.add_argument("--province", help="folder code (gd, gx, …) or full name")
    parser.add_argument("--name", help="the name exactly as published")
    parser.add_argument("--programme", help="programme id, e.g. gd-internet-plus")
    parser.add_argument("--batch", help="batch number (leave out if unknown)")
    parser.add_argument("--root", default=None, help="repository root (default: current directory)")
    parser.add_argument("--stdout", action="store_true", help="print the record instead of writing it")
    args = parser.parse_args(argv)
    base = Path(root if root is not None else (args.root or "."))
    interactive = any(v is None for v in (args.province, args.name, args.programme))

    def fail(message: str) -> int:
        print(message, file=sys.stderr)
        return 2

    code = province_code(args.province if args.province is not None else _ask(TEXT["ask_province"], stdin, stdout))
    if code is None:
        return fail(TEXT["bad_province"].format(value=args.province, codes=", ".join(provinces())))
    name = args.name if args.name is not None else _ask(TEXT["ask_name"], stdin, stdout)
    if not name.strip():
        return fail(TEXT["bad_name"])
    known = known_programmes(base)
    programme = args.programme if args.programme is not None else _ask(
        TEXT["ask_programme"].format(known=f" ({', '.join(known)})" if known else ""), stdin, stdout)
    if known and programme not in known:
        return fail(TEXT["bad_programme"].format(value=programme, known=", ".join(known)))
    raw_batch = args.batch if args.batch is not None else (_ask(TEXT["ask_batch"], stdin, stdout) if interactive else "")
    batch = None
    if raw_batch.strip():
        if not raw_batch.strip().isdigit() or not 1 <= int(raw_batch) <= 50:
            return fail(TEXT["bad_batch"].format(value=raw_batch))
        batch = int(raw_batch)

    relpath, text = scaffold(code, name, programme, batch, existing_slugs(base))
    if args.stdout:
        stdout.write(text)
        return 0
    target = base / relpath
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        return fail(TEXT["exists"].format(path=relpath))
    print(TEXT["written"].format(path=relpath), file=stdout)
    return 0
