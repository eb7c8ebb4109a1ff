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
from generator.records import history, revisions
from generator.records.history import LISTS, Change, recent

WORDS = {"added": ("新增记录", "record added"), "edited": ("记录修改", "record edited"),
         "removed": ("记录删除", "record removed")}
RECENT_COMMITS = 30  # the 最近更新 page covers the last this-many commits that touched records
PER_COMMIT = 10  # towns named per commit; a bulk commit (an import) gets one "and N more" row


def _words(c: Change) -> dict:
    zh, en = WORDS[c.kind]
    return {"zh": zh, "en": en}


def town_history(changes: list[Change] | None, repo_url: str, shown: int = 10,
                 details: dict[str, list[dict]] | None = None) -> list[dict] | None:
    """A town's changes for its page, newest first: date, words, commit link (when repo_url is set),
    and what changed in words for the changes the 最近更新 page covers ({sha: words}, recent_details)."""
    if changes is None:
        return None
    return [{"date": c.date, "words": _words(c), "details": (details or {}).get(c.sha, []),
             "commit_url": f"{repo_url}/commit/{c.sha}" if repo_url else None}
            for c in changes[:shown]]


def recent_details(ctx) -> dict[str, dict[str, list[dict]]]:
    """{town slug: {commit: what changed in words}} for the rows of the 最近更新 page: a town page
    says in words what its recent changes did (older ones only when and which kind, since comparing
    every version of every record would cost as much as the rest of the build)."""
    found: dict[str, dict[str, list[dict]]] = {}
    for r in _recent(ctx) or []:
        if r["town"] is not None and r["details"]:
            found.setdefault(r["town"].slug, {})[r["sha"]] = r["details"]
    return found


def _recent(ctx) -> list[dict] | None:
    if not ctx.recent_read:
        ctx.recent, ctx.recent_read = recent_rows(ctx), True
    return ctx.recent


def _specs(changes: list[Change]) -> list[str]:
    """The versions to compare: before and after each edited record and each changed list, and the
    last version of a removed record (for its name)."""
    specs = []
    for c in changes:
        if c.file.startswith(LISTS) or c.kind == "edited":
            specs += [f"{c.sha}^:{c.file}", f"{c.sha}:{c.file}"]
        elif c.kind == "removed":
            specs.append(f"{c.sha}^:{c.file}")
    return specs


def _changed(ctx, changes: list[Change]) -> list[tuple[Change, str | None, str | None, list[dict]]]:
    """(change, town slug, name of a town no longer in the directory, details in words) for each
    town a change touched: a record change is one town, a list change one per member it added,
    removed or reprinted."""
    texts = history.blobs(ctx.root, _specs(changes))
    by_file = {t.file: t.slug for t in ctx.cat.towns}
    found = []
    for c in changes:
        before = revisions.parse(texts.get(f"{c.sha}^:{c.file}"))
        after = revisions.parse(texts.get(f"{c.sha}:{c.file}"))
        if c.file.startswith(LISTS):
            for slug, (printed, words) in sorted(revisions.list_words(ctx.cat, before, after).items()):
                found.append((c, slug, None if ctx.cat.town(slug) else printed, words))
        elif c.kind == "removed":
            found.append((c, (before or {}).get("slug"), (before or {}).get("name") or "", []))
        else:
            found.append((c, by_file.get(c.file), None,
                          revisions.record_words(ctx.cat, before, after) if c.kind == "edited" else []))
    return found


def recent_rows(ctx) -> list[dict] | None:
    """The 最近更新 rows: date, the town (None for a removed record), what changed in words (the
    kind of change, then its details), commit link. A commit names at most PER_COMMIT towns and
    counts the rest in one "and N more" row; only the named ones are compared."""
    if ctx.history is None:
        return None
    repo = ctx.settings.repo_url
    shown: list[Change] = []
    unread: dict[str, int] = {}  # records of a bulk commit not compared: counted only
    skipped: set[tuple[str, str]] = set()
    slugs = {t.file: t.slug for t in ctx.cat.towns}
    per: dict[str, int] = {}
    for c in recent(ctx.history, RECENT_COMMITS):
        if not c.file.startswith(LISTS):
            per[c.sha] = per.get(c.sha, 0) + 1
            if per[c.sha] > PER_COMMIT:
                unread[c.sha] = unread.get(c.sha, 0) + 1
                skipped.add((c.sha, slugs.get(c.file, "")))
                continue
        shown.append(c)
    by_commit: dict[str, list[dict]] = {}
    order: list[str] = []
    at: dict[tuple[str, str], dict] = {}  # (commit, town): its row, so a record and its list line make one
    for c, slug, gone, details in _changed(ctx, shown):
        if c.sha not in by_commit:
            by_commit[c.sha] = []
            order.append(c.sha)
        if (c.sha, slug) in skipped:
            continue  # its record is counted in the commit's "N more"
        if slug and (c.sha, slug) in at:
            row = at[c.sha, slug]
            row["details"] = row["details"] + details
            row["words"] = row["words"] or (None if c.file.startswith(LISTS) else _words(c))
            if gone is not None:  # the record's own name over the name a list prints
                row["gone"] = gone if not c.file.startswith(LISTS) else row["gone"] or gone
            continue
        if slug:
            at[c.sha, slug] = {}
        by_commit[c.sha].append({
            "date": c.date, "sha": c.sha, "town": ctx.cat.town(slug) if slug and gone is None else None,
            "gone": gone, "more": 0,
            "words": None if c.file.startswith(LISTS) else _words(c), "details": details,
            "commit_url": f"{repo}/commit/{c.sha}" if repo else None})
        if slug:
            at[c.sha, slug] = by_commit[c.sha][-1]
    rows: list[dict] = []
    for sha in order:
        named = by_commit[sha]
        more = max(len(named) - PER_COMMIT, 0) + unread.get(sha, 0)
        rows += named[:PER_COMMIT]
        if more:  # a commit with unread records has its first PER_COMMIT named
            rows.append({"date": named[0]["date"], "sha": sha, "town": None, "gone": None, "more": more, "words": None, "details": [],
                         "commit_url": f"{repo}/commit/{sha}" if repo else None})
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
    rows = _recent(ctx)
    out.append(ctx.render.page("recent.md", "recent.html", rows=rows, commits=RECENT_COMMITS))
    entries = []
    position: dict[str, int] = {}
    for r in rows or []:
        t = r["town"]
        if r["more"]:
            entries.append({
                "stamp": f"{r['date']}T00:00:00Z", "id": f"{public.page('recent')}#{r['sha']}-more",
                "link": r["commit_url"] or public.page("recent"),
                "title": f"同一提交中另有 {r['more']} 条记录修改 {r['more']} more records changed in the same commit",
                "summary": f"{r['date']} · 同一提交中另有 {r['more']} 条记录修改 {r['more']} more records changed"})
            continue
        name = t.name if t else f"{r['gone'] or '一条记录'}（记录已删除 record removed）"
        said = r["details"] or [r["words"]]  # the title says the first detail; the summary everything
        every = ([r["words"]] if r["words"] else []) + r["details"]
        position[r["sha"]] = position.get(r["sha"], 0) + 1
        entries.append({
            "stamp": f"{r['date']}T00:00:00Z",
            "id": f"{public.page('recent')}#{r['sha']}-{position[r['sha']]}-{t.slug if t else 'removed'}",
            "link": public.town(t.slug) if t else public.page("recent"),
            "title": f"{name}：{said[0]['zh']} {said[0]['en']}",
            "summary": " · ".join(x for x in (r["date"], t.record["province"] if t else "",
                                              "；".join(f"{w['zh']} {w['en']}" for w in every)) if x),
        })
    out.append(Generated(SITE.feed_of("recent"), feed.write(
        entries, title="最近更新 · 小镇名录 Recent changes", feed_id=public.page("recent"),
        self_href=public.feed_of("recent"), alternate=public.page("recent"),
        subtitle="最近提交中修改的小镇记录 Town records changed in the latest commits")))
    return out
