"""The build-time charts in real headless Chromium: each SVG loads as an image (no script, no
outside request) and its numbers are in a table beside it, at 1280 and 375 px."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("kind", ["home", "programme", "coverage"])
def test_each_chart_renders_with_its_table(make_page, server, page_url, built_site, kind, width):
    pg = make_page(width=width)
    pg.goto(server + page_url(kind))
    fig = pg.locator("div.tb-chart")
    assert fig.count() == 1
    fig.scroll_into_view_if_needed()
    img = fig.locator("img")
    pg.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=img.element_handle(), timeout=20_000)
    box = img.bounding_box()
    assert box["width"] > 0.8 * min(width - 40, 720) and box["height"] > 50
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1
    src = img.get_attribute("src")
    svg = (built_site / pg.evaluate("i => new URL(i.src).pathname.replace(/^\\//, '')", img.element_handle())).read_text()
    assert "<script" not in svg
    # the table: one row per bar, the words of the chart's legend in its head
    fig.locator("summary").click()
    rows = fig.locator("tbody tr")
    assert rows.count() >= 1 and fig.locator("table").is_visible()
    for r in range(rows.count()):
        assert rows.nth(r).locator("th").text_content().strip() in svg
    assert img.get_attribute("alt") and src.endswith(".svg")
    assert pg.console_errors == []
