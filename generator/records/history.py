"""Each record's history from git: one `git log --name-status` over towns/ (and the published
lists, policies/lists/) for all records; `blobs` reads the versions a change compares in one
`git cat-file --batch`.

The pass is linear in commits x files touched; dates are commit dates (%cs), so they are the same
for a given commit on every machine. A build without history (a tarball, a shallow clone, a
root inside another repository) gets None, and the pages say the history is unknown.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

KINDS = {"A": "added", "M": "edited", "D": "removed"}
LISTS = "policies/lists"  # list files are followed too: a list's new members change their status


@dataclass(frozen=True)
class Change:
    """One commit's change to one record file."""

    sha: str
    date: str  # the commit date, YYYY-MM-DD
    kind: str  # added, edited or removed
    file: str  # repo-relative
    order: int = 0  # the commit's place in the log, 0 = newest


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def record_history(root: Path) -> dict[str, list[Change]] | None:
    """{repo-relative file: [Change, newest first]} for every record and list file, or None when the
    history cannot be known."""
    try:
        top = _git(root, "rev-parse", "--show-toplevel").strip()
        if Path(top).resolve() != Path(root).resolve():
            return None  # a build root inside another repository (tests, benchmarks) has no history of its own
        if _git(root, "rev-parse", "--is-shallow-repository").strip() != "false":
            return None  # a shallow clone: the oldest commit would look like every record's creation
        out = _git(root, "log", "--no-renames", "--format=@%H %cs", "--name-status", "--", "towns", LISTS)
    except (OSError, subprocess.CalledProcessError):
        return None
    found: dict[str, list[Change]] = {}
    sha = date = ""
    order = -1
    for line in out.splitlines():
        if line.startswith("@"):
            sha, date = line[1:].split(" ", 1)
            order += 1
        elif "\t" in line:
            status, path = line.split("\t", 1)
            kind = KINDS.get(status[:1], "edited")
            found.setdefault(path, []).append(Change(sha, date, kind, path, order))
    return found


def last_updated(root: Path, files: list[str]) -> dict[str, str] | None:
    """{repo-relative file: YYYY-MM-DD of its last change}, or None when there is no git history."""
    hist = record_history(root)
    if hist is None:
        return None
    return {f: hist[f][0].date for f in files if f in hist}


def recent(hist: dict[str, list[Change]], commits: int = 30) -> list[Change]:
    """The changes of the last `commits` commits that touched records, newest first."""
    every = sorted((c for changes in hist.values() for c in changes if c.order < commits), key=lambda c: (c.order, c.file))
    return every


def blobs(root: Path, specs: list[str]) -> dict[str, str | None]:
    """{"sha:path" or "sha^:path": the file's text then, or None where it did not exist}, in one
    `git cat-file --batch` (an empty dict when git cannot be asked)."""
    if not specs:
        return {}
    try:
        out = subprocess.run(["git", "cat-file", "--batch"], cwd=root, input="\n".join(specs).encode() + b"\n",
                             capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    found: dict[str, str | None] = {}
    at = 0
    for spec in specs:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[spec] = out[at:at + size].decode("utf-8", errors="replace")
            at += size + 1
        else:
            found[spec] = None  # "missing": the file did not exist at that commit (or the commit is the root)
    return found
