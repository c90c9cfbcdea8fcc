"""The reports of `playbook diff`: text for a terminal, JSON for tools, Markdown for a pull-request comment.

Spec text reaches a terminal, a log or a rendered comment here: every value goes through the escaping that
check's reporters use (`spec.escaping`), so a spec cannot forge a line, a link or a table cell.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import groupby
from typing import TextIO

from generator.changes.diff import ABSENT, Change, Diff
from generator.spec.escaping import escape_controls, markdown_literal

_SHORT = 70  # characters of a value a line shows; JSON carries the whole


def write_text(diff: Diff, out: TextIO) -> None:
    for change in _ordered(diff.changes):
        where = f"{escape_controls(change.file)}:{change.line}" if change.line else escape_controls(change.file)
        out.write(
            f"{where}: {escape_controls(change.id)}: {escape_controls(change.where) or 'the whole file'} "
            f"{change.what}{_values(change, escape_controls)} [{change.change_class}]\n"
        )
    for file, why in diff.unreadable:
        out.write(f"{escape_controls(file)}: not compared: {escape_controls(why)}\n")
    out.write(_summary_line(diff) + "\n")


def write_json(diff: Diff, out: TextIO) -> None:
    document = {
        "changes": [
            {
                "file": c.file,
                "id": c.id,
                "kind": c.kind,
                "path": c.where,
                "what": c.what,
                "class": c.change_class,
                "audience": c.audience,
                "line": c.line or None,
                "before": None if c.before is ABSENT else c.before,
                "after": None if c.after is ABSENT else c.after,
            }
            for c in _ordered(diff.changes)
        ],
        "summary": diff.summary(),
        "unreadable": [{"file": file, "why": why} for file, why in diff.unreadable],
    }
    json.dump(document, out, indent=2, ensure_ascii=False, default=str)
    out.write("\n")


def write_markdown(diff: Diff, out: TextIO) -> None:
    out.write(f"### Spec changes\n\n{_summary_line(diff)}\n")
    summary = diff.summary()
    if summary:
        out.write("\n| Spec | Highest class |\n|---|---|\n")
        for spec_id, change_class in summary.items():
            out.write(f"| {markdown_literal(spec_id)} | **{change_class}** |\n")
    for (file, spec_id), changes in groupby(_ordered(diff.changes), key=lambda c: (c.file, c.id)):
        out.write(f"\n#### {markdown_literal(spec_id)} ({markdown_literal(file)})\n\n")
        out.write("| Line | Where | Change | Class |\n|---:|---|---|---|\n")
        for change in changes:
            out.write(
                f"| {change.line or ''} | {markdown_literal(change.where or 'the whole file')} | "
                f"{change.what}{_values(change, markdown_literal)} | {change.change_class} |\n"
            )
    for file, why in diff.unreadable:
        out.write(f"\n- {markdown_literal(file)}: not compared: {markdown_literal(why)}\n")


REPORTERS: dict[str, Callable[[Diff, TextIO], None]] = {
    "text": write_text,
    "json": write_json,
    "markdown": write_markdown,
}


def _ordered(changes: list[Change]) -> list[Change]:
    return sorted(changes, key=lambda c: (c.file, c.line))


def _summary_line(diff: Diff) -> str:
    specs = diff.summary()
    if not specs:
        return "No change to the specs." if not diff.unreadable else "No change found in the specs compared."
    count = len(diff.changes)
    counts = {c: sum(1 for v in specs.values() if v == c) for c in ("contractual", "operational", "editorial")}
    parts = ", ".join(f"{n} {c}" for c, n in counts.items() if n)
    return f"{count} change{'s' * (count != 1)} in {len(specs)} spec{'s' * (len(specs) != 1)} ({parts})."


def _values(change: Change, escape: Callable[[str], str]) -> str:
    if change.what == "reordered":
        return f": {escape(_short(change.after))}"
    if change.what == "added":
        return f": {escape(_short(change.after))}"
    if change.what == "removed":
        return f": {escape(_short(change.before))}"
    return f": {escape(_short(change.before))} -> {escape(_short(change.after))}"


def _short(value: object) -> str:
    if value is ABSENT or value is None:
        return "(nothing)"
    if isinstance(value, dict):
        named = value.get("id") or value.get("name") or value.get("goto") or value.get("title")
        text = str(named) if named is not None else json.dumps(value, ensure_ascii=False, default=str)
    elif isinstance(value, list):
        text = ", ".join(_short(v) for v in value) if value else "none"
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"
