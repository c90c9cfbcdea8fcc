"""The text of a process as its vendor reads it, in one canonical form, and the digest a vendor's
acknowledgement binds to (`playbook acknowledge`).

Canonical: the parsed values, so comments, quoting, key order and the layout of lists and text blocks
change nothing; text with its whitespace collapsed; the order of a list only where the format reads it
(`schema.ORDERED_LISTS`); nothing a vendor never sees (fields the schema marks internal, tools the client
keeps). Any other edit, a typo fix included, makes another text and another digest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from generator.spec.schema import EMPTY_MEANS_NONE, ORDERED_LISTS, PROCESS_SCHEMA

DIGEST_LENGTH = 16  # hex characters of SHA-256: short enough to read out, far beyond chance collisions


def digest(data: object) -> str:
    """The digest of a process's parsed values (a loader Document's `data`), as its vendor reads it."""
    text = json.dumps(vendor_view(data), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


# Field -> (whether a vendor never sees it, the fields of the mapping it holds): the schema, read once into
# what the digest asks of each key, so that a key costs one lookup.
_Plan = dict[str, tuple[bool, "_Plan | None"]]


def _plan(fields: dict) -> _Plan:
    plan: _Plan = {}
    for key, rule in fields.items():
        inner = rule
        while inner.get("type") == "list" and "schema" in inner:
            inner = inner["schema"]
        nested = inner.get("schema") if inner.get("type") == "dict" else None
        plan[key] = (rule["meta"].get("audience") == "internal", _plan(nested) if nested else None)
    return plan


_PROCESS = _plan(PROCESS_SCHEMA)


def vendor_view(data: object, keys: tuple[str, ...] = ()) -> object:
    """`data` at `keys` as its vendor reads it, canonical (see the module's docstring)."""
    plan: _Plan | None = _PROCESS
    for key in keys:
        plan = plan[key][1] if plan and key in plan else None
    return _view(data, keys[-1] if keys else "", plan, len(keys))


def _view(data: object, name: str, plan: _Plan | None, depth: int) -> object:
    """The schema's plan walks down beside the data: one lookup a key, whatever the depth."""
    if isinstance(data, dict):
        view = {}
        for key, value in data.items():
            hidden, inner = plan.get(key, _UNKNOWN) if plan else _UNKNOWN
            if hidden or _empty(value, key):
                continue
            view[str(key)] = _view(value, key, inner, depth + 1)
        return view
    if isinstance(data, list):
        kept = (v for v in data if not (depth == 1 and name == "tools" and _kept_by_client(v)))
        entries = [_view(v, name, plan, depth) for v in kept]
        if name in ORDERED_LISTS:
            return entries
        return sorted(entries, key=_order)
    if isinstance(data, str):
        return " ".join(data.split())
    if isinstance(data, dt.date):
        return data.isoformat()
    if isinstance(data, float) and data.is_integer():
        return int(data)  # 4.0 and 4 are one number
    return data


_UNKNOWN = (False, None)  # a key the format does not have: kept, nothing known beneath it


def _order(value: object) -> str:
    """A set's order: text by itself, anything else by its JSON."""
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True, ensure_ascii=False)


def _empty(value: object, name: object) -> bool:
    if value is None:
        return True
    return value in ([], {}, "") and name not in EMPTY_MEANS_NONE


def _kept_by_client(entry: object) -> bool:
    """A tool the client keeps: the vendor's site does not list it."""
    return isinstance(entry, dict) and entry.get("retained") is True
