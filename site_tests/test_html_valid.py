"""The built site through the Nu Html Checker (vnu-jar from npm, run with Java): no error
except Material for MkDocs' own markup, each listed below with the reason it is not ours."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# (message pattern, pattern the extract must match, why it is allowed)
MATERIAL_BOILERPLATE = [
    (r"Attribute “autocomplete” is only allowed when the input type is", r'class="md-toggle"',
     "Material's base.html: the drawer and search toggles are <input type=checkbox autocomplete=off> "
     "(so Firefox does not restore them open); two on every page"),
    (r"Bad value “” for attribute “tabindex” on element “label”", r'class="md-nav__link"',
     "Material's partials/nav-item.html writes tabindex=\"\" on the label of the active nav section"),
    (r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
     r'for="__toc"',
     "Material's partials/toc.html: label for=__toc on pages outside the nav (policy texts), whose "
     "__toc toggle only the nav renders"),
]


def _allowed(msg: dict) -> bool:
    return any(re.search(m, msg.get("message", "")) and re.search(x, msg.get("extract", ""))
               for m, x, _ in MATERIAL_BOILERPLATE)


def test_nu_html_checker_finds_no_error_of_ours(built_site):
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        why = "java not found" if java is None else f"{VNU.relative_to(REPO)} missing (make install)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(why)
        pytest.skip(why)
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--skip-non-html", str(built_site)],
                            capture_output=True, text=True, timeout=600)
    report = json.loads(result.stderr or result.stdout)
    assert "messages" in report, (result.stdout + result.stderr)[-2000:]
    errors = [m for m in report["messages"] if m.get("type") == "error" or m.get("subType") == "fatal"]
    ours = [m for m in errors if not _allowed(m)]
    boiler = Counter(next(why for m_, x, why in MATERIAL_BOILERPLATE if re.search(m_, m["message"]))
                     for m in errors if _allowed(m))
    print(f"\nNu Html Checker: {len(errors)} errors, {len(errors) - len(ours)} Material boilerplate:")
    for why, n in boiler.items():
        print(f"  {n} × {why}")
    lines = [f"{m['url'].split(str(built_site), 1)[-1]}:{m.get('lastLine')}: {m['message']}  «{m.get('extract', '')[:100]!r}»"
             for m in ours[:40]]
    assert not ours, f"{len(ours)} Nu Html Checker errors:\n" + "\n".join(lines)
