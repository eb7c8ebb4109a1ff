"""`make serve` (mkdocs serve --dirty) keeps what it can between rebuilds: parsed records, page
fingerprints and the theme's compiled templates. What it keeps must never hide a change: a saved
record and an edited theme template both show on the served page after the rebuild."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time

from generator.tools import synth
from generator.tools.edit_loop import _free_port, _get


def _until(url: str, shown, change, timeout: float = 120) -> str:
    """Make `change`, then wait until the page served at `url` satisfies `shown`; the page. The
    change is made again every few seconds while it does not show, so a save the watcher had not
    yet been watching for is not mistaken for a rebuild that kept the old page."""
    start = last = time.monotonic()
    change()
    while not shown(page := _get(url)):
        now = time.monotonic()
        assert now - start < timeout, f"the change did not show at {url} within {timeout:.0f} s"
        if now - last > 5:
            change()
            last = now
        time.sleep(0.1)
    return page


def test_serving_rebuild_shows_a_saved_record_and_an_edited_theme_template(tmp_path):
    root = synth.make_root(tmp_path / "root", 12)
    record = sorted((root / "towns").glob("*/*.yml"))[3]
    url_path = f"towns/{record.stem}/"
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "-a", f"127.0.0.1:{port}"],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        base = None
        for line in proc.stdout:
            if "Serving on" in line:
                base = line.split("Serving on", 1)[1].strip()
                break
        assert base, "mkdocs serve stopped before serving"
        url = base + url_path
        assert "构建日期" in _get(url)

        # a theme template (overrides/main.html) edited while serving: the kept environment recompiles it
        main = root / "overrides" / "main.html"
        theme = main.read_text(encoding="utf-8")
        edited = theme.replace("<p>构建日期", "<p>模板已修改 构建日期", 1)
        assert edited != theme
        _until(url, lambda page: "模板已修改" in page, lambda: main.write_text(edited, encoding="utf-8"))

        # then a saved record
        text = record.read_text(encoding="utf-8")
        name = re.search(r"^name: (.*)$", text, re.M)
        new_name = name.group(1).strip("'\"") + "（预览测试）"
        page = _until(url, lambda page: new_name in page,
                      lambda: record.write_text(text.replace(name.group(0), f"name: {new_name}", 1), encoding="utf-8"))
        assert "模板已修改" in page, "the record's rebuild lost the edited template"

        # and the template put back shows as it was, with the saved record
        page = _until(url, lambda page: "<p>构建日期" in page, lambda: main.write_text(theme, encoding="utf-8"))
        assert "模板已修改" not in page and new_name in page
    finally:
        proc.terminate()
        try:
            out = proc.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            proc.kill()
            out = proc.communicate()[0]
    assert "Traceback" not in out, out[-3000:]
