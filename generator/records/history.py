"""When each record last changed, from git history: one `git log` for all records."""
from __future__ import annotations

import subprocess
from pathlib import Path


def last_updated(root: Path, files: list[str]) -> dict[str, str] | None:
    """{repo-relative file: YYYY-MM-DD}, or None when there is no git history (a tarball)."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True, check=True)
        out = subprocess.run(["git", "log", "--format=@%cs", "--name-only", "--", "towns"],
                             cwd=root, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    if Path(top.stdout.strip()).resolve() != Path(root).resolve():
        return None  # a build root inside another repository (tests, benchmarks) has no history of its own
    wanted, found, date = set(files), {}, None
    for line in out.splitlines():
        if line.startswith("@"):
            date = line[1:]
        elif line in wanted and line not in found:
            found[line] = date
    return found
