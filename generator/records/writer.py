"""The one way a town record is written as YAML: the scaffold, the migration and the
record form's writer all produce this layout, so a round trip changes nothing.

Keys follow the schema's order; lists are indented under their key; strings stay on one
line and are quoted only where YAML would read them as something else.
"""
from __future__ import annotations

import yaml

from generator.records.validate import schema

SCHEMA_LINE = "# yaml-language-server: $schema=../../generator/schema/town.schema.json"


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)  # "key:\n  - item", not "key:\n- item"


# Dates stay plain (2018-10-09): the loader reads them as text, never as timestamps.
_Dumper.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def _ordered(value, node: dict, root: dict):
    node = _resolve(node, root)
    if isinstance(value, dict):
        props = node.get("properties", {})
        keys = [k for k in props if k in value] + [k for k in value if k not in props]
        return {k: _ordered(value[k], props.get(k, {}), root) for k in keys}
    if isinstance(value, list):
        return [_ordered(v, node.get("items", {}), root) for v in value]
    return value


def _resolve(node: dict, root: dict) -> dict:
    while "$ref" in node:
        target = root
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target | {k: v for k, v in node.items() if k != "$ref"}
    if "oneOf" in node:  # a quantity: the object form's properties give the order
        obj = next((o for o in node["oneOf"] if o.get("type") == "object"), None)
        if obj:
            return obj
    return node


def dump_record(record: dict) -> str:
    """The record as the repository stores it, schema line first."""
    root = schema("town")
    body = yaml.dump(_ordered(record, root, root), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=10**6, default_flow_style=False)
    return SCHEMA_LINE + "\n" + body


def dump_document(data: dict, kind: str) -> str:
    """A list or programme file (`kind` names its schema) in the same layout as a record."""
    root = schema(kind)
    body = yaml.dump(_ordered(data, root, root), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=10**6, default_flow_style=False)
    return f"# yaml-language-server: $schema=../../generator/schema/{kind}.schema.json\n" + body
