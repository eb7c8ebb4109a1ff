"""Lighthouse runs against a served site: the audits in `make test` and the mobile
performance figures in `make bench`.

Lighthouse is the npm devDependency pinned in package.json (12.2.3: later versions need
Node 22); it drives Debian's Chromium (``CHROME_PATH``), never a downloaded browser.

Map tiles are the one thing a page loads from another host, and they fail offline. Their
hosts (``geo.PROVIDERS``) are blocked with ``--blocked-url-patterns``: Chromium then reports
each tile as ``net::ERR_BLOCKED_BY_CLIENT.Inspector``, which Lighthouse's errors-in-console
audit leaves out by default (its ``ignoredPatterns``). So the failing tiles, and only they,
are discounted from best practices; any other request that fails still counts.
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from generator.derive import geo

__all__ = ["LighthouseError", "TILE_URL_PATTERNS", "failing_audits", "describe_failures", "lighthouse_bin",
           "performance_figures", "run", "scores"]

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"
TILE_URL_PATTERNS = tuple(f"*://{host}/*" for p in geo.PROVIDERS.values() for host in p["hosts"])


class LighthouseError(RuntimeError):
    """Lighthouse is missing, failed, or could not load the page."""


def lighthouse_bin(repo_root: Path = REPO) -> Path:
    path = Path(repo_root) / "node_modules" / ".bin" / "lighthouse"
    if not path.exists():
        raise LighthouseError(f"{path} not found: run `npm ci` (or `make install`) in {repo_root} "
                              "to install the pinned Lighthouse")
    return path


def run(url: str, categories: list[str] | tuple[str, ...], *, desktop: bool = False,
        block: tuple[str, ...] = TILE_URL_PATTERNS, chromium: str = CHROMIUM, timeout: int = 180,
        repo_root: Path = REPO) -> dict:
    """One Lighthouse run of ``url``; returns the report (LHR) as a dict.

    Mobile (Lighthouse's default form factor and throttling) unless ``desktop``."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        out = Path(tmp) / "report.json"
        cmd = [str(lighthouse_bin(repo_root)), url, f"--chrome-flags={CHROME_FLAGS}",
               "--only-categories=" + ",".join(categories), "--output=json", f"--output-path={out}", "--quiet"]
        if desktop:
            cmd.append("--preset=desktop")
        cmd += [f"--blocked-url-patterns={p}" for p in block]
        env = dict(os.environ, CHROME_PATH=chromium, TMPDIR=tmp)  # Chrome's profile goes with tmp
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise LighthouseError(f"Lighthouse took more than {timeout} s on {url}") from exc
        if r.returncode != 0 or not out.is_file():
            raise LighthouseError(f"Lighthouse failed on {url} (exit {r.returncode}):\n{r.stdout[-2000:]}\n{r.stderr[-4000:]}")
        lhr = json.loads(out.read_text(encoding="utf-8"))
    if lhr.get("runtimeError"):
        raise LighthouseError(f"Lighthouse could not audit {url}: {lhr['runtimeError']}")
    return lhr


def scores(lhr: dict) -> dict[str, float | None]:
    """Category id -> score (0..1; None when Lighthouse could not score it)."""
    return {cid: cat["score"] for cid, cat in lhr["categories"].items()}


def failing_audits(lhr: dict, category: str) -> list[dict]:
    """The audits that cost ``category`` points: weighted and scored below 1."""
    out = []
    for ref in lhr["categories"][category]["auditRefs"]:
        audit = lhr["audits"][ref["id"]]
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            out.append(audit)
    return out


def _item_text(item: dict) -> str:
    """One row of an audit's details, the parts a developer needs to find the problem."""
    parts = []
    node = item.get("node") if isinstance(item.get("node"), dict) else None
    if node:
        parts += [node.get("selector", ""), node.get("snippet", ""), node.get("explanation", "")]
    for key in ("url", "description", "source", "label", "explanation", "sourceLocation", "subItems"):
        value = item.get(key)
        if value and key != "node":
            if isinstance(value, (dict, list)):
                value = json.dumps(value, ensure_ascii=False)
            parts.append(f"{key}: {value}")
    text = " | ".join(p.replace("\n", " ") for p in parts if p)
    return text[:600] or json.dumps(item, ensure_ascii=False)[:600]


def describe_failures(lhr: dict, categories: list[str] | tuple[str, ...] | None = None, max_items: int = 8) -> str:
    """The failing audits of each category with their details, as text for a test failure."""
    lines = []
    for cid in categories or list(lhr["categories"]):
        cat = lhr["categories"][cid]
        for audit in failing_audits(lhr, cid):
            lines.append(f"[{cid} {cat['score']}] {audit['id']} (score {audit['score']}): {audit['title']}")
            for key in ("explanation", "errorMessage", "displayValue"):
                if audit.get(key):
                    lines.append(f"    {key}: {audit[key]}")
            items = (audit.get("details") or {}).get("items") or []
            for item in items[:max_items]:
                lines.append("    - " + _item_text(item))
            if len(items) > max_items:
                lines.append(f"    … {len(items) - max_items} more")
    for warning in lhr.get("runWarnings") or []:
        lines.append(f"[warning] {warning}")
    return "\n".join(lines)


def performance_figures(lhr: dict) -> dict:
    """Performance score (0..100), LCP and TBT (ms) of a run with the performance category."""
    audits = lhr["audits"]
    score = lhr["categories"]["performance"]["score"]
    return {
        "score": None if score is None else round(score * 100),
        "lcp_ms": audits["largest-contentful-paint"].get("numericValue"),
        "tbt_ms": audits["total-blocking-time"].get("numericValue"),
        "fcp_ms": audits["first-contentful-paint"].get("numericValue"),
        "cls": audits["cumulative-layout-shift"].get("numericValue"),
    }
