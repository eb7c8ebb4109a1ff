"""'Last updated' comes from git history; a build from a tarball (no .git) says so."""
from __future__ import annotations

import shutil
import subprocess

from generator.records import history


def test_dates_from_git_history(root):
    root.town("alpha")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=root.path, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root.path, check=True)
    subprocess.run(git + ["commit", "-qm", "x", "--date", "2020-01-02T00:00:00"], cwd=root.path, check=True,
                   env={"GIT_COMMITTER_DATE": "2021-03-04T00:00:00", "PATH": "/usr/bin:/bin"})
    assert history.last_updated(root.path, ["towns/gd/alpha.yml"]) == {"towns/gd/alpha.yml": "2021-03-04"}


def test_no_git_history_gives_none(root, tmp_path):
    root.town("alpha")
    tarball_copy = tmp_path / "unpacked"
    shutil.copytree(root.path, tarball_copy)
    assert history.last_updated(tarball_copy, ["towns/gd/alpha.yml"]) is None
