"""Problems as GitHub Actions output: `::error` workflow commands that annotate the
changed lines of a pull request, and a Markdown job summary for $GITHUB_STEP_SUMMARY.

GitHub shows at most 10 error annotations per step (50 per job), so the summary
carries the full list. Escaping follows the workflow-command rules: in the message
`%`, CR and LF are encoded; in properties (`file=`, `title=` …) also `:` and `,`.
"""
from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Iterable, Mapping

_LEVELS = ("error", "warning", "notice")


def escape_data(text: str) -> str:
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _repo_path(file) -> str:
    """Annotations attach only to paths relative to the repository root, with '/'."""
    path = Path(str(file))
    if path.is_absolute():
        root = Path(os.environ.get("GITHUB_WORKSPACE") or os.getcwd())
        try:
            path = path.relative_to(root)
        except ValueError:
            pass
    return path.as_posix()


def _positive(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def github_error_lines(problems: Iterable) -> list[str]:
    """One `::error file=…,line=…,col=…,title=…::message` line per problem.

    A problem is any object with `.file`, `.line`, `.col` and `.message`; `.path`
    (the field) becomes the title when present, and `.severity` may be "warning".
    """
    lines = []
    for problem in problems:
        level = getattr(problem, "severity", None) or "error"
        level = level if level in _LEVELS else "error"
        props = [f"file={escape_property(_repo_path(problem.file))}"]
        line, col = _positive(getattr(problem, "line", None)), _positive(getattr(problem, "col", None))
        if line:
            props.append(f"line={line}")
            if col:
                props.append(f"col={col}")
        field = getattr(problem, "path", None)
        title = f"记录错误 Record error: {field}" if field else "记录错误 Record error"
        props.append(f"title={escape_property(title)}")
        lines.append(f"::{level} {','.join(props)}::{escape_data(problem.message)}")
    return lines


def _cell(value) -> str:
    """Table-safe text: HTML escaped (records are untrusted), pipes and newlines defused."""
    if value is None or value == "":
        return "—"
    text = html.escape(str(value), quote=False)
    return text.replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


def _code(value) -> str:
    text = str(value).replace("`", "'")
    return f"<code>{_cell(text)}</code>"


def problems_markdown(problems: Iterable) -> str:
    """The errors section of the job summary."""
    problems = list(problems)
    out = ["## 记录检查 Record check", ""]
    if problems:
        files = len({str(p.file) for p in problems})
        out += [f"❌ {len(problems)} 个问题，涉及 {files} 个文件 — {len(problems)} problem(s) in {files} file(s).", "",
                "| 文件 File | 行 Line | 列 Col | 字段 Field | 问题 Problem |",
                "| --- | ---: | ---: | --- | --- |"]
        for p in sorted(problems, key=lambda p: (str(p.file), _positive(p.line) or 0, _positive(p.col) or 0)):
            out.append(f"| {_code(_repo_path(p.file))} | {_positive(p.line) or '—'} | {_positive(p.col) or '—'} | "
                       f"{_cell(getattr(p, 'path', None))} | {_cell(p.message)} |")
    else:
        out.append("✅ 没有发现问题 No problems found.")
    return "\n".join(out) + "\n"


def changes_markdown(changes: Iterable[Mapping]) -> str:
    """The changes section: dicts {slug, name, field, before, after}, towns whose status
    or criteria results differ from main."""
    changes = list(changes)
    out = ["## 与 main 相比的变化 Changes compared with main", ""]
    if changes:
        out += ["| 小镇 Town | 项目 Field | 之前 Before | 之后 After |", "| --- | --- | --- | --- |"]
        for c in changes:
            town = f"{_cell(c.get('name'))} ({_code(c.get('slug', ''))})"
            out.append(f"| {town} | {_cell(c.get('field'))} | {_cell(c.get('before'))} | {_cell(c.get('after'))} |")
    else:
        out.append("没有小镇的状态或达标结果发生变化。No town's status or criteria results change.")
    return "\n".join(out) + "\n"


def job_summary_markdown(problems: Iterable, changes: Iterable[Mapping]) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: the errors, then what this change does to towns.

    `validate --summary` and `diff --summary` may each append their own section
    (problems_markdown, changes_markdown) instead of the whole.
    """
    return problems_markdown(problems) + "\n" + changes_markdown(changes)
