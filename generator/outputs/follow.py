"""Following the directory: a feed per province and per programme, the 最近更新 page of the
records changed in the last commits (itself a feed), and each town's own short history.

Everything comes from the catalog and from the one git pass (records.history) the build made;
without history the pages say it is unknown and no recent-changes entries are made.
"""
from __future__ import annotations

from collections import defaultdict

from generator.outputs import feed
from generator.outputs.files import Generated
from generator.outputs.urls import SITE
from generator.records.history import Change, recent

WORDS = {"added": ("新增记录", "record added"), "edited": ("记录修改", "record edited"),
         "removed": ("记录删除", "record removed")}
RECENT_COMMITS = 30  # the 最近更新 page covers the last this-many commits that touched records
PER_COMMIT = 10  # towns named per commit; a bulk commit (an import) gets one "and N more" row


def _words(c: Change) -> dict:
    zh, en = WORDS[c.kind]
    return {"zh": zh, "en": en}


def town_history(changes: list[Change] | None, repo_url: str, shown: int = 10) -> list[dict] | None:
    """A town's changes for its page, newest first: date, words, commit link (when repo_url is set)."""
    if changes is None:
        return None
    return [{"date": c.date, "words": _words(c), "commit_url": f"{repo_url}/commit/{c.sha}" if repo_url else None}
            for c in changes[:shown]]


def recent_rows(ctx) -> list[dict] | None:
    """The 最近更新 rows: date, the town (None for a removed record), words, commit link."""
    if ctx.history is None:
        return None
    by_file = {t.file: t for t in ctx.cat.towns}
    repo = ctx.settings.repo_url
    rows: list[dict] = []
    named: dict[str, int] = {}
    for c in recent(ctx.history, RECENT_COMMITS):
        link = f"{repo}/commit/{c.sha}" if repo else None
        named[c.sha] = named.get(c.sha, 0) + 1
        if named[c.sha] > PER_COMMIT:
            if named[c.sha] == PER_COMMIT + 1:
                rows.append({"date": c.date, "sha": c.sha, "town": None, "more": 0, "words": None, "commit_url": link})
            rows[-1]["more"] += 1
            continue
        t = by_file.get(c.file) if c.kind != "removed" else None
        rows.append({"date": c.date, "sha": c.sha, "town": t, "more": 0, "words": _words(c), "commit_url": link})
    return rows


def generate(ctx) -> list[Generated]:
    site, public, cat = ctx.settings.site_url, ctx.public, ctx.cat
    items = feed.entries(cat, site)
    out = []
    by_province: dict[str, list[dict]] = defaultdict(list)
    by_programme: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        for code in item["provinces"]:
            by_province[code].append(item)
        for pid in item["programmes"]:
            by_programme[pid].append(item)
    names = {t.province_code: t.record["province"] for t in cat.towns}
    for code, name in sorted(names.items()):
        out.append(Generated(SITE.feed_of("province", code), feed.write(
            by_province.get(code, []), title=f"{name} · 小镇名录 Town Directory", feed_id=public.province(code),
            self_href=public.feed_of("province", code), alternate=public.province(code),
            subtitle=f"{name}的新名单、考核、命名与退出 New lists, assessments, namings and withdrawals in {name}")))
    for pid, prog in sorted(cat.programmes.items()):
        out.append(Generated(SITE.feed_of("programme", pid), feed.write(
            by_programme.get(pid, []), title=f"{prog.name} · 小镇名录 Town Directory", feed_id=public.programme(pid),
            self_href=public.feed_of("programme", pid), alternate=public.programme(pid),
            subtitle=f"{prog.name}的新名单、考核、命名与退出 New lists, assessments, namings and withdrawals")))
    rows = recent_rows(ctx)
    out.append(ctx.render.page("recent.md", "recent.html", rows=rows, commits=RECENT_COMMITS))
    entries = []
    for r in rows or []:
        t = r["town"]
        if r["more"]:
            entries.append({
                "stamp": f"{r['date']}T00:00:00Z", "id": f"{public.page('recent')}#{r['sha']}-more",
                "link": r["commit_url"] or public.page("recent"),
                "title": f"同一提交中另有 {r['more']} 条记录修改 {r['more']} more records changed in the same commit",
                "summary": f"{r['date']} · 同一提交中另有 {r['more']} 条记录修改 {r['more']} more records changed"})
            continue
        name = t.name if t else "一条记录 a record"
        entries.append({
            "stamp": f"{r['date']}T00:00:00Z", "id": f"{public.page('recent')}#{r['sha']}-{t.slug if t else 'removed'}",
            "link": public.town(t.slug) if t else public.page("recent"),
            "title": f"{name}：{r['words']['zh']} {r['words']['en']}",
            "summary": f"{r['date']} · {t.record['province'] if t else ''} {r['words']['zh']} {r['words']['en']}".strip(),
        })
    out.append(Generated(SITE.feed_of("recent"), feed.write(
        entries, title="最近更新 · 小镇名录 Recent changes", feed_id=public.page("recent"),
        self_href=public.feed_of("recent"), alternate=public.page("recent"),
        subtitle="最近提交中修改的小镇记录 Town records changed in the latest commits")))
    return out
