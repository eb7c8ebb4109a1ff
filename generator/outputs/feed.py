"""feed.xml: an Atom feed (RFC 4287) of new lists, assessments, namings and withdrawals.

Entries are dated from the events themselves (list date, event date), never from the build,
so a rebuild does not make old news look new. Newest first.
"""
from __future__ import annotations

from xml.etree import ElementTree as ET

from generator.derive import lifecycle
from generator.outputs.files import Generated
from generator.outputs.urls import SITE, Urls
from generator.records.model import Catalog

ATOM = "http://www.w3.org/2005/Atom"
TZ = "+08:00"  # dates are Chinese administrative dates


def _stamp(date: str) -> str:
    return f"{date}T00:00:00{TZ}"


def _programme_name(cat: Catalog, pid: str) -> str:
    prog = cat.programmes.get(pid)
    return prog.label if prog else pid


def entries(cat: Catalog, site_url: str) -> list[dict]:
    """Plain entries (date, id, title, link, summary), newest first."""
    urls = Urls(site_url)
    out = []
    for lid, lst in cat.lists.items():
        if lst.date_precision == "unknown":
            continue  # an Atom entry needs a date; a list whose source gives none is left out
        shown = lifecycle.shown_date(lst.date, lst.date_precision)
        prog = cat.programmes.get(lst.programme)
        verb = "命名名单" if lst.kind == "naming" else "名单"
        out.append({
            "date": lst.date, "id": urls.list(lid), "link": urls.list(lid),
            "title": f"{lst.title}（{len(lst.members)} 个{verb}成员）",
            "summary": f"{prog.name if prog else lst.programme} · {lst.issuer} · {shown}",
            "programmes": {lst.programme},
            "provinces": {t.province_code for m in lst.members if (t := cat.town(m["town"])) is not None},
        })
    for t in cat.towns:
        for e in t.timeline:
            if e.get("origin") != "record":
                continue  # listings are announced by their list's entry
            label = cat.labels["event"][e["type"]]
            extra = "".join(f" {x}" for x in (f"{e['year']}年度" if e.get("year") else None, e.get("grade"), e.get("note")) if x)
            out.append({
                "date": e["date"],
                "id": f"{urls.town(t.slug)}#event-{e['programme']}-{e['type']}-{e['date']}-{e.get('index', 0)}",
                "link": urls.town(t.slug),
                "title": f"{t.name}：{label['zh']} {label['en']}（{_programme_name(cat, e['programme'])}）",
                "summary": f"{t.record['province']} · {e['date']} · {e.get('document') or ''}{extra}".strip(),
                "programmes": {e["programme"]}, "provinces": {t.province_code},
            })
    out.sort(key=lambda x: (x["date"], x["id"]), reverse=True)
    return out


def generate(ctx) -> list[Generated]:
    return [Generated(SITE.feed(), atom(ctx.cat, ctx.settings.site_url))]


def atom(cat: Catalog, site_url: str, title: str = "小镇名录 Town Directory") -> bytes:
    """The whole site's feed."""
    return write(entries(cat, site_url), title=title, feed_id=site_url, self_href=Urls(site_url).feed(),
                 alternate=site_url, subtitle="新名单、考核、命名与退出 New lists, assessments, namings and withdrawals")


def write(items: list[dict], *, title: str, feed_id: str, self_href: str, alternate: str, subtitle: str) -> bytes:
    """An Atom document of `items` (date or stamp, id, title, link, summary), newest first."""
    ET.register_namespace("", ATOM)

    def sub(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    def stamp(item):
        return item.get("stamp") or _stamp(item["date"])

    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "zh"})
    sub(feed, "id", feed_id)
    sub(feed, "title", title)
    sub(feed, "subtitle", subtitle)
    sub(feed, "updated", stamp(items[0]) if items else "1970-01-01T00:00:00Z")
    author = sub(feed, "author")
    sub(author, "name", "小镇名录 Town Directory")
    sub(author, "uri", alternate)
    sub(feed, "link", rel="self", type="application/atom+xml", href=self_href)
    sub(feed, "link", rel="alternate", type="text/html", href=alternate)
    for item in items:
        entry = sub(feed, "entry")
        sub(entry, "id", item["id"])
        sub(entry, "title", item["title"])
        sub(entry, "updated", stamp(item))
        sub(entry, "published", stamp(item))
        sub(entry, "link", rel="alternate", type="text/html", href=item["link"])
        sub(entry, "summary", item["summary"])
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False)
