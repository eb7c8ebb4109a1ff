"""Configuration fails fast: a wrong map setting stops the build with one line saying what to set."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.derive import geo
from generator.settings import Settings, SettingsError

REPO = Path(__file__).resolve().parents[1]


def test_settings_are_checked_once_when_made_and_name_what_to_set():
    assert Settings(tiles="amap").provider["name"] == "amap"
    assert Settings(tiles="tianditu", tiles_key="abc").provider["datum"] == "wgs84"
    for key in ("", "   "):
        with pytest.raises(SettingsError, match="tiles_key"):
            Settings(tiles="tianditu", tiles_key=key)
    with pytest.raises(SettingsError, match="amap / osm / tianditu"):
        Settings(tiles="google")
    # the providers are the keys of one table: the message lists exactly them
    assert " / ".join(geo.PROVIDERS) == "amap / osm / tianditu"


def test_settings_are_frozen():
    with pytest.raises(AttributeError):
        Settings().tiles = "osm"


@pytest.mark.parametrize("tiles, expected", [("tianditu", "tiles_key"), ("google", "unknown tile provider 'google'")])
def test_build_stops_with_one_line_and_no_traceback(tmp_path, tiles, expected):
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("tiles: amap", f"tiles: {tiles}")
    assert f"tiles: {tiles}" in config
    cfg = tmp_path / "mkdocs.yml"
    config = (config.replace("docs_dir: docs", f"docs_dir: {REPO / 'docs'}")
              .replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
              .replace("  - towns:\n", f"  - towns:\n      root: {REPO}\n"))
    cfg.write_text(config, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg), "-d", str(tmp_path / "site")],
                            capture_output=True, text=True, cwd=REPO, timeout=300,
                            env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"})
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in out
    assert expected in out
