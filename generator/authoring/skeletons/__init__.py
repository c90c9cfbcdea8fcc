"""Skeleton specs for `playbook new`: every section, with a comment saying what to write. A new process is a
draft, so the check lists what is missing as warnings; nothing is ever written over an existing file."""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

from generator.spec.escaping import escape_controls, first_unsafe
from generator.spec.schema import ID_PATTERN

_FOLDER = Path(__file__).resolve().parent


class SkeletonError(Exception):
    """The skeleton cannot be written: a malformed id, or a file already there."""


def write_skeleton(kind: str, spec_id: str, path: Path, fields: dict[str, str]) -> Path:
    if not re.fullmatch(ID_PATTERN, spec_id):
        raise SkeletonError(
            f"'{escape_controls(spec_id)}' is not an id: use lowercase letters, digits and hyphens, e.g. order-status"
        )
    for name, value in fields.items():
        if "\n" in value or "\r" in value:
            raise SkeletonError(f"--{name} must be one line")
        if (unsafe := first_unsafe(value)) is not None:
            # A control or bidirectional character: YAML refuses the first, the second makes text read
            # otherwise than it is (Trojan Source); the spec would fail its own check.
            raise SkeletonError(f"--{name} holds the character {unsafe}: write it as plain text")
    if fields.get("vendor") and not re.fullmatch(ID_PATTERN, fields["vendor"]):
        raise SkeletonError(
            f"--vendor '{escape_controls(fields['vendor'])}' is not a vendor id, e.g. northwind-support"
        )
    text = Template((_FOLDER / f"{kind}.yaml").read_text(encoding="utf-8")).substitute(
        id=spec_id, **{name: _yaml_text(value) for name, value in fields.items()}
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:  # "x": never over a file that is there
            handle.write(text)
    except FileExistsError:
        raise SkeletonError(f"{path} exists; playbook new never writes over a file") from None
    return path


def _yaml_text(value: str) -> str:
    """A one-line value as YAML reads it back as the same text (quoted when plain YAML would not)."""
    return "'" + value.replace("'", "''") + "'" if value else ""
