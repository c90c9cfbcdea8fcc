"""GitHub Actions workflow commands: one `::error` or `::warning` annotation per finding."""

from __future__ import annotations

from typing import TextIO

from generator.findings import Result


def _data(text: str) -> str:
    # GitHub's escaping for the message part of a workflow command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def write(result: Result, stream: TextIO, color: bool = False) -> None:
    for f in result.findings:
        stream.write(
            f"::{f.severity.value} file={_property(f.path)},line={f.line},col={f.column},"
            f"title={_property(f.code)}::{_data(f.full_message)}\n"
        )
    summary = result.summary()
    stream.write(f"{summary['specs']} specs checked: {summary['errors']} errors, {summary['warnings']} warnings\n")
