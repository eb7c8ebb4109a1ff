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
    assert first_entry.title == "乙镇：修改：主导产业 changed: lead industry"
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


def test_recent_page_says_status_and_fields_in_words(two_commits):
    """An event that names the town, a changed field, and a list that adds a town: each in words."""
    root, _, _ = two_commits
    beta = root.path / "towns" / "gd" / "beta.yml"
    text = beta.read_text(encoding="utf-8").replace(
        "    batch: 1\n", "    batch: 1\n    events:\n      - type: named\n        date: 2024-06-01\n"
                         "        source: https://example.org/named\n        decided_by: 测试厅\n", 1)
    beta.write_text(text.replace("lead_industry: 电子信息", "lead_industry: 数字创意"), encoding="utf-8")
    named = _commit(root.path, "name beta", "2024-06-02")
    root.town("gamma", name="丙镇", listed=False)
    _commit(root.path, "add gamma", "2024-06-03")
    root.members.append("gamma")
    root.write_list()
    listed = _commit(root.path, "list gamma", "2024-06-04")
    files = _files(root.path)
    page = files["recent.md"]
    assert "状态 创建中 → 已命名" in page and "status Candidate → Named" in page
    assert "新增事件 验收命名" in page and "修改：主导产业" in page and "changed: lead industry" in page
    assert "列入名单《测试名单》" in page and "listed in the list “测试名单”" in page
    assert page.index("列入名单《测试名单》") < page.index("状态 创建中 → 已命名")  # newest first
    assert f"/commit/{listed}" in page and f"/commit/{named}" in page
    parsed = feedparser.parse(files["feeds/recent.xml"])
    assert not parsed.bozo, parsed.bozo_exception
    titles = [e.title for e in parsed.entries]
    assert "丙镇：列入名单《测试名单》 listed in the list “测试名单”" in titles
    assert "乙镇：修改：主导产业 changed: lead industry" in titles
    added = next(e for e in parsed.entries if e.updated.startswith("2024-01-02") and e.title.startswith("甲镇"))
    assert "新增记录" in added.summary and "列入名单《测试名单》" in added.summary  # one entry: record and list line
    entry = next(e for e in parsed.entries if e.updated.startswith("2024-06-02"))
    assert entry.title.startswith("乙镇：测试计划：状态 创建中 → 已命名") and "修改：主导产业" in entry.summary
    assert len({e.id for e in parsed.entries}) == len(parsed.entries)
    beta_page = files["towns/beta.md"]
    assert "状态 创建中 → 已命名" in beta_page and "修改：主导产业" in beta_page  # the town page says it too


def test_a_criterion_that_a_commit_decides_is_named(cat):
    """The same comparison as the diff command, on two versions of one record."""
    from generator.records import revisions

    town = next(t for t in cat.towns if t.designation("gx-innovation-town") and t.designation("gx-innovation-town").criteria
                and not isinstance((t.record.get("mechanism") or {}).get("leadership"), bool))
    after = dict(town.record, mechanism=dict(town.record.get("mechanism") or {}, leadership=True))
    words = revisions.record_words(cat, town.record, after)
    assert any("准则“领导工作机制” 未知 → 达标" in w["zh"] and "Unknown → Met" in w["en"] for w in words), words
    assert any(w["zh"] == "修改：管理机制数据" for w in words)
    assert revisions.record_words(cat, town.record, dict(town.record)) == []
    assert revisions.record_words(cat, None, town.record) == [] and revisions.parse("a: [") is None


def test_a_removed_record_is_named_from_its_last_version(two_commits):
    root, _, _ = two_commits
    (root.path / "towns" / "gd" / "alpha.yml").unlink()
    root.members.remove("alpha")
    root.write_list()
    gone = _commit(root.path, "remove alpha", "2024-07-01")
    files = _files(root.path)
    row = next(r for r in files["recent.md"].split("<tr>") if "2024-07-01" in r)
    assert "甲镇（记录已删除" in row and "记录删除" in row and "从名单《测试名单》中移除" in row  # one row: record and list
    assert files["recent.md"].count(f"/commit/{gone}") == 1
    entry = feedparser.parse(files["feeds/recent.xml"]).entries[0]
    assert entry.title.startswith("甲镇（记录已删除 record removed）：") and entry.link == "https://example.org/recent/"
