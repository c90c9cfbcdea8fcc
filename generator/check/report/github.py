"""GitHub Actions workflow commands: one `::error` or `::warning` annotation per finding.

Spec text is escaped twice: first `escape_controls` writes control characters and newlines out, then GitHub's
own workflow-command escaping applies, so that no spec text can end an annotation or start another command.
"""

from __future__ import annotations

from typing import TextIO

from generator.check.report.wording import plural
from generator.spec.escaping import escape_controls
from generator.spec.findings import Result


def _data(text: str) -> str:
    # GitHub's escaping of the message part of a workflow command (toolkit's escapeData); `%` goes first so
    # that the escapes added here are not escaped again.
    return escape_controls(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    # A property value (file, title) also ends at `,` (next property) and `::` (start of the message).
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def write(result: Result, stream: TextIO, color: bool = False) -> None:
    for f in result.findings:
        rule = result.rules.get(f.code)
        link = f" ({rule.help_uri})" if rule and rule.help_uri else ""
        stream.write(
            f"::{f.severity.value} file={_property(f.path)},line={f.line},col={f.column},"
            f"title={_property(f.code)}::{_data(f.full_message)}{_data(link)}\n"
        )
    summary = result.summary()
    stream.write(
        f"{plural(summary['specs'], 'spec')} checked: {plural(summary['errors'], 'error')}, "
        f"{plural(summary['warnings'], 'warning')}\n"
    )
