"""Following: feeds per province and programme read by a real feed parser; the 最近更新 page lists
a change made in a test commit; a town page shows its history from git; no git, no failure."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import feedparser
import pytest

from generator import build
from generator.records import history
from generator.settings import Settings

REPO = Path(__file__).resolve().parents[1]

SETTINGS = Settings(site_url="https://example.org/", repo_url="https://github.com/o/r", search=False, maps=False)
ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent", "GIT_CONFIG_NOSYSTEM": "1"}


def _commit(path, message: str, date: str) -> str:
    env = dict(ENV, GIT_COMMITTER_DATE=f"{date}T12:00:00+00:00", GIT_AUTHOR_DATE=f"{date}T12:00:00+00:00")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(git + ["add", "-A"], cwd=path, check=True, env=env)
    subprocess.run(git + ["commit", "-qm", message], cwd=path, check=True, env=env)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=path, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def two_commits(root):
    """A temp repository: alpha and beta added, then beta edited."""
    root.town("alpha", name="甲镇")
    root.town("beta", name="乙镇")
    (root.path / ".gitignore").write_text("node_modules\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=root.path, check=True, env=ENV)
    first = _commit(root.path, "add", "2024-01-02")
    beta = root.path / "towns" / "gd" / "beta.yml"
    beta.write_text(beta.read_text(encoding="utf-8") + "lead_industry: 电子信息\n", encoding="utf-8")
    second = _commit(root.path, "edit beta", "2024-05-06")
    return root, first, second


def _files(root_path):
    if not (root_path / "node_modules").exists():
        (root_path / "node_modules").symlink_to(REPO / "node_modules")  # the record form's vendored validator
    return {f.path: f.content for f in build.generate(root_path, SETTINGS).files}


def test_one_pass_history_newest_first(two_commits):
    root, first, second = two_commits
    hist = history.record_history(root.path)
    assert [(c.sha, c.date, c.kind) for c in hist["towns/gd/beta.yml"]] == [(second, "2024-05-06", "edited"),
                                                                          (first, "2024-01-02", "added")]
    assert [(c.sha, c.kind) for c in hist["towns/gd/alpha.yml"]] == [(first, "added")]
    assert [c.file for c in history.recent(hist, commits=1)] == ["towns/gd/beta.yml"]


def test_recent_changes_page_and_feed_list_the_test_commit(two_commits):
    root, first, second = two_commits
    files = _files(root.path)
    page = files["recent.md"]
    assert "2024-05-06" in page and "乙镇" in page and "记录修改" in page and "record edited" in page
    assert f"https://github.com/o/r/commit/{second}" in page
    assert page.index("2024-05-06") < page.index("2024-01-02")  # newest first
    assert "towns/gd" not in page and ".yml" not in page  # no file names on a page
    parsed = feedparser.parse(files["feeds/recent.xml"])
    assert not parsed.bozo, parsed.bozo_exception
    first_entry = parsed.entries[0]
    assert first_entry.title == "乙镇：记录修改 record edited"
    assert first_entry.link == "https://example.org/towns/beta/"
    assert first_entry.updated.startswith("2024-05-06")
    assert len({e.id for e in parsed.entries}) == len(parsed.entries) == 3


def test_town_page_shows_its_history(two_commits):
    root, first, second = two_commits
    files = _files(root.path)
    beta = files["towns/beta.md"]
    assert "修改历史" in beta and "Record history" in beta
    assert beta.index(f"/commit/{second}") < beta.index(f"/commit/{first}")
    assert "新增记录" in beta and "记录修改" in beta
    assert f"/commit/{second}" not in files["towns/alpha.md"]


def test_without_git_history_pages_say_unknown(root, tmp_path):
    root.town("alpha", name="甲镇")
    files = _files(root.path)  # inside no repository of its own
    assert "修改历史未知" in files["towns/alpha.md"] and "History unknown" in files["towns/alpha.md"]
    assert "修改历史未知" in files["recent.md"]
    assert not feedparser.parse(files["feeds/recent.xml"]).bozo


def test_shallow_clone_has_no_history(two_commits, tmp_path):
    root, _, _ = two_commits
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{root.path}", str(clone)], check=True, env=ENV)
    assert history.record_history(clone) is None
    assert "修改历史未知" in _files(clone)["towns/beta.md"]


def test_no_git_binary_does_not_fail(two_commits, monkeypatch):
    root, _, _ = two_commits
    monkeypatch.setenv("PATH", "/nonexistent")
    assert history.record_history(root.path) is None


@pytest.fixture(scope="module")
def real(repo):
    return {f.path: f.content for f in build.generate(repo, SETTINGS).files}


def test_every_province_and_programme_feed_parses_and_is_linked(real):
    feeds = [p for p in real if p.startswith("feeds/") and p.endswith(".xml")]
    provinces = [p for p in real if p.startswith("provinces/") and p != "provinces/index.md"]
    programmes = [p for p in real if p.startswith("programmes/") and p != "programmes/index.md"]
    assert len([f for f in feeds if "province-" in f]) == len(provinces)
    assert len([f for f in feeds if "programme-" in f]) == len(programmes)
    total = 0
    for path in feeds:
        parsed = feedparser.parse(real[path])
        assert not parsed.bozo, (path, parsed.bozo_exception)
        assert parsed.feed.title and parsed.feed.updated
        assert len(parsed.entries) == real[path].count(b"<entry>")  # the parser reads every entry
        for e in parsed.entries:
            assert e.id and e.updated and e.link.startswith(("https://example.org/", "https://github.com/o/r/commit/")), path
        total += len(parsed.entries)
    assert total > 0
    for page in provinces + programmes:
        kind, key = page[:-3].split("/")
        href = f"feeds/{kind[:-1]}-{key}.xml"
        assert f"feed: {href}" in real[page] and href in real[page].split("---", 2)[2], page


def test_programme_feed_holds_only_its_programme(real, repo):
    from generator.records.catalog import load_catalog
    cat = load_catalog(repo)
    pid = sorted(cat.programmes)[0]
    parsed = feedparser.parse(real[f"feeds/programme-{pid}.xml"])
    name = cat.programmes[pid].name
    for e in parsed.entries:
        assert "/towns/" in e.link or "/lists/" in e.link
        assert name in e.summary or "#event-" + pid in e.id, e.id


def test_a_bulk_commit_names_some_towns_and_counts_the_rest(two_commits, monkeypatch):
    from generator.outputs import follow

    root, first, _ = two_commits
    monkeypatch.setattr(follow, "PER_COMMIT", 1)
    files = _files(root.path)
    page = files["recent.md"]
    assert "同一提交中另有 1 条记录修改" in page and "1 more records changed in the same commit" in page
    parsed = feedparser.parse(files["feeds/recent.xml"])
    assert not parsed.bozo
    assert [e.title.split("：")[0] for e in parsed.entries][:2] == ["乙镇", "甲镇"]  # edit, then the add commit
    assert parsed.entries[-1].link == f"https://github.com/o/r/commit/{first}"
