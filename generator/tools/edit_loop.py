"""Edit-to-visible time of the preview: what an official waits for after saving a record.

Runs `mkdocs serve --dirty --no-strict` (what `make serve` runs) on a root, waits for the
first build, changes one record's name, and polls that town's page until the new name shows.
Used by the benchmark; only 127.0.0.1 is contacted, and the server is stopped at the end.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode("utf-8")
    except OSError:
        return ""


def edit_to_visible(root: Path, first_build_timeout: float = 1800, edit_timeout: float = 120) -> dict:
    """{first_build_s, edit_s, rebuild_s}: seconds from start to the first page served, from the
    save to the changed page served, and the rebuild as MkDocs reports it."""
    root = Path(root)
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "-a", f"127.0.0.1:{port}"],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    record = sorted((root / "towns").glob("*/*.yml"))[len(list((root / "towns").glob("*/*.yml"))) // 2]
    text = record.read_text(encoding="utf-8")
    try:
        start, base = time.perf_counter(), None
        while base is None:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                raise RuntimeError("mkdocs serve stopped before serving")
            if "Serving on" in line:
                base = line.split("Serving on", 1)[1].strip()
            if time.perf_counter() - start > first_build_timeout:
                raise RuntimeError("first build took too long")
        first = time.perf_counter() - start
        url = f"{base}towns/{record.stem}/"
        assert record.stem in _get(url) or _get(url), "the town page is not served"
        name = re.search(r"^name: (.*)$", text, re.M)
        new_name = name.group(1).strip("'\"") + "（预览测试）"
        time.sleep(1.0)  # the watcher's first scan is done
        saved = time.perf_counter()
        record.write_text(text.replace(name.group(0), f"name: {new_name}", 1), encoding="utf-8")
        while new_name not in _get(url):
            if time.perf_counter() - saved > edit_timeout:
                raise RuntimeError("the edit did not show")
            time.sleep(0.05)
        edit = time.perf_counter() - saved
    finally:
        record.write_text(text, encoding="utf-8")
        proc.terminate()
        try:
            out = proc.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            proc.kill()
            out = proc.communicate()[0]
    built = [float(x) for x in re.findall(r"Documentation built in ([0-9.]+) seconds", out)]
    return {"first_build_s": first, "edit_s": edit, "rebuild_s": built[-1] if built else None}  # after "Serving on"
