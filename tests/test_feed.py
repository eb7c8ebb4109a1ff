"""feed.xml is valid Atom (RFC 4287 required elements), dated from events, newest first."""
from __future__ import annotations

import re
from xml.etree import ElementTree as ET

import pytest

from generator.outputs import feed
from generator.records.catalog import load_catalog

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")
SITE = "https://example.org/site/"


@pytest.fixture(scope="module")
def parsed(repo):
    cat = load_catalog(repo)
    assert not cat.problems
    return cat, ET.fromstring(feed.atom(cat, SITE))


def test_feed_has_required_elements(parsed):
    cat, root = parsed
    assert root.tag == f"{A}feed"
    for tag in ("id", "title", "updated"):
        assert len(root.findall(f"{A}{tag}")) == 1, tag
    assert root.find(f"{A}author/{A}name").text
    assert root.find(f"{A}link[@rel='self']").get("href") == f"{SITE}feed.xml"
    entries = root.findall(f"{A}entry")
    assert entries
    ids = [e.find(f"{A}id").text for e in entries]
    assert len(ids) == len(set(ids))
    for e in entries:
        for tag in ("id", "title", "updated"):
            assert len(e.findall(f"{A}{tag}")) == 1, tag
        assert RFC3339.match(e.find(f"{A}updated").text)
        assert e.find(f"{A}link[@rel='alternate']").get("href").startswith(SITE)
    assert root.find(f"{A}updated").text == entries[0].find(f"{A}updated").text


def test_entries_newest_first_and_cover_lists_and_events(parsed):
    cat, root = parsed
    dates = [e.find(f"{A}updated").text for e in root.findall(f"{A}entry")]
    assert dates == sorted(dates, reverse=True)
    links = [e.find(f"{A}link").get("href") for e in root.findall(f"{A}entry")]
    dated = [lid for lid, lst in cat.lists.items() if lst.date_precision != "unknown"]
    for lid in cat.lists:  # a list whose source gives no date has no place in a dated feed
        assert (f"{SITE}lists/{lid}/" in links) == (lid in dated)
    recorded = sum(1 for t in cat.towns for e in t.timeline if e.get("origin") == "record")
    assert len(links) == len(dated) + recorded


def test_feedparser_reads_it_if_installed(parsed, repo):
    import feedparser
    cat, _ = parsed
    d = feedparser.parse(feed.atom(cat, SITE))
    assert not d.bozo, d.get("bozo_exception")
    assert d.version == "atom10"


def test_hostile_text_stays_text(root):
    root.town("evil", name="<script>alert(1)</script>&\"'")
    rec = root.path / "towns" / "gd" / "evil.yml"
    rec.write_text(rec.read_text(encoding="utf-8").replace(
        "    batch: 1\n", "    batch: 1\n    events:\n      - type: assessed\n        date: 2017-01-01\n"
        "        note: \"</title><x>\"\n        source: https://example.org/e\n"), encoding="utf-8")
    cat = load_catalog(root.path)
    assert not cat.problems, cat.problems
    xml = feed.atom(cat, SITE)
    tree = ET.fromstring(xml)
    titles = [e.find(f"{A}title").text for e in tree.findall(f"{A}entry")]
    assert any("<script>alert(1)</script>" in t for t in titles)
    assert b"<script>" not in xml and b"<x>" not in xml
