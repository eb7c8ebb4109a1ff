"""The record form (/edit/): propose a change without git.

The page is a shell that edit.js fills in from the same JSON Schema the build validates with
(copied to assets/schema/town.schema.json), the town's own data/towns/<slug>.json and
data/edit-rules.json: what the cross-record rules of checks.py need in the browser (slugs and
the lists naming them, provinces, division codes and names, programmes with their batches and
town types). The browser validator (Ajv) is vendored from node_modules/.
"""
from __future__ import annotations

from generator.derive import gazetteer
from generator.outputs import assets, exports
from generator.outputs.context import Context
from generator.outputs.files import VENDOR_DIR, Generated, dumps
from generator.outputs.urls import SITE
from generator.records import checks
from generator.records.model import Catalog
from generator.records.validate import SCHEMA_DIR
from generator.records.writer import SCHEMA_LINE

SCHEMA_PATH = SITE.asset("schema/town.schema.json")
RULES_PATH = SITE.data("edit-rules.json")


def rules_json(cat: Catalog) -> bytes:
    """What the form's rules need, small: division names keyed by province prefix, then the rest of the code."""
    listed: dict[str, set] = {}
    for lst in cat.lists.values():
        for m in lst.members:
            listed.setdefault(m["town"], set()).add(lst.programme)
    divisions: dict[str, dict[str, str]] = {}
    for code, div in sorted(gazetteer.divisions().items()):
        divisions.setdefault(code[:2], {})[code[2:]] = div.name
    lists = [{"id": lst.id, "title": lst.title, "programme": lst.programme, "batch": lst.batch,
              "date": lst.date} for lst in sorted(cat.lists.values(), key=lambda x: (x.programme, x.batch, x.id))]
    return dumps({
        "schema_line": SCHEMA_LINE,
        "computed": list(exports.COMPUTED),
        "provinces": checks.provinces(),
        "towns": {t.slug: [t.province_code, sorted(listed.get(t.slug, ()))] for t in sorted(cat.towns, key=lambda t: t.slug)},
        "programmes": {pid: {"name": p.name, "batches": [b["batch"] for b in p.batches],
                             "town_types": p.town_types} for pid, p in sorted(cat.programmes.items())},
        "lists": lists,
        "divisions": divisions,
    })


def generate(ctx: Context) -> list[Generated]:
    out = [ctx.render.page("edit/index.md", "edit.html", schema_path=SCHEMA_PATH, rules_path=RULES_PATH),
           Generated(SCHEMA_PATH, (SCHEMA_DIR / "town.schema.json").read_bytes()),
           Generated(RULES_PATH, rules_json(ctx.cat))]
    out += [Generated(VENDOR_DIR + dest, body) for dest, body in assets.edit_vendor_files(ctx.root).items()]
    return out
