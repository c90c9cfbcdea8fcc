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

from generator.spec.schema import EMPTY_MEANS_NONE, ORDERED_LISTS, PROCESS_SCHEMA, field_meta

DIGEST_LENGTH = 16  # hex characters of SHA-256: short enough to read out, far beyond chance collisions


def digest(data: object) -> str:
    """The digest of a process's parsed values (a loader Document's `data`), as its vendor reads it."""
    text = json.dumps(vendor_view(data), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def vendor_view(data: object, keys: tuple[str, ...] = ()) -> object:
    """`data` at `keys` as its vendor reads it, canonical (see the module's docstring)."""
    if isinstance(data, dict):
        view = {}
        for key, value in data.items():
            inner = (*keys, str(key))
            if field_meta(PROCESS_SCHEMA, inner).get("audience") == "internal" or _empty(value, inner):
                continue
            view[str(key)] = vendor_view(value, inner)
        return view
    if isinstance(data, list):
        entries = [vendor_view(v, keys) for v in data if not _kept_by_client(keys, v)]
        if keys[-1:] and keys[-1] in ORDERED_LISTS:
            return entries
        return sorted(entries, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    if isinstance(data, str):
        return " ".join(data.split())
    if isinstance(data, dt.date):
        return data.isoformat()
    if isinstance(data, float) and data.is_integer():
        return int(data)  # 4.0 and 4 are one number
    return data


def _empty(value: object, keys: tuple[str, ...]) -> bool:
    if value is None:
        return True
    return value in ([], {}, "") and keys[-1] not in EMPTY_MEANS_NONE


def _kept_by_client(keys: tuple[str, ...], entry: object) -> bool:
    """A tool the client keeps: the vendor's site does not list it."""
    return keys == ("tools",) and isinstance(entry, dict) and entry.get("retained") is True
