"""JSON Schema for editors (yaml-language-server in VS Code and others), derived from `schema.py`.

It gives process owners completion, hover text and red squiggles while they type; `playbook check` stays
the authority (references, rules and YAML traps are beyond what JSON Schema can say).
"""

from __future__ import annotations

import json

from generator.spec.schema import PROCESS_SCHEMA, VENDOR_SCHEMA

_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}


def _convert(rule: dict) -> dict:
    meta = rule.get("meta", {})
    kind = rule.get("type")
    out: dict = {}
    if meta.get("doc"):
        out["description"] = meta["doc"]
    if kind == ["date", "string"]:
        out.update(type="string", format="date")
    elif kind == ["string", "list"]:  # one value, or a list of them
        one = {"type": "string", **({"enum": list(rule["allowed"])} if "allowed" in rule else {})}
        out["anyOf"] = [one, {"type": "array", "items": one}]
        if rule.get("nullable"):
            out["anyOf"].append({"type": "null"})
        return out
    elif kind == "list":
        out.update(type="array", items=_convert(rule.get("schema", {})))
    elif kind == "dict":
        out.update(_object(rule.get("schema", {})))
    elif kind in _TYPES:
        out["type"] = _TYPES[kind]
    if "allowed" in rule:
        out["enum"] = list(rule["allowed"])
    if "regex" in rule:
        out["pattern"] = f"^(?:{rule['regex']})$"
    if rule.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    return out


def _object(fields: dict) -> dict:
    return {
        "type": "object",
        "properties": {key: _convert(rule) for key, rule in fields.items()},
        "required": [key for key, rule in fields.items() if rule.get("required")],
        "additionalProperties": False,
    }


def editor_schema(kind: str) -> dict:
    fields = PROCESS_SCHEMA if kind == "process" else VENDOR_SCHEMA
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": f"BPO handover playbook: {kind} spec, format v1",
        **_object(fields),
    }


def editor_schema_files() -> dict[str, str]:
    return {
        f"schema/{kind}.schema.json": json.dumps(editor_schema(kind), indent=2) + "\n" for kind in ("process", "vendor")
    }
