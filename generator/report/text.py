"""Human-readable output: one line per finding, `path:line:col: CODE severity message`, then a summary.

Every piece of spec text (paths, messages, hints, waivers, spec ids) goes through `escape_controls`, so that a
spec cannot forge a line or send a terminal control sequence; only the colours added here are raw escapes.
"""

from __future__ import annotations

from typing import TextIO

from generator.findings import Result, Severity
from generator.report.wording import escape_controls, plural

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m"}
_RESET = "\033[0m"


def write(result: Result, stream: TextIO, color: bool = False) -> None:
    for finding in result.findings:
        severity = finding.severity.value
        if color:
            severity = f"{_COLOURS[finding.severity]}{severity}{_RESET}"
        stream.write(
            f"{escape_controls(str(finding.mark))}: {finding.code} {severity} {escape_controls(finding.full_message)}\n"
        )
    for waiver in result.waivers:
        line = (
            f"{waiver.path}: waived {waiver.rule} ({waiver.silenced} finding(s)): {waiver.reason} "
            f"(approved by {waiver.approved_by}, expires {waiver.expires})"
        )
        stream.write(f"{escape_controls(line)}\n")
    summary = result.summary()
    readiness = ", ".join(
        f"{escape_controls(s.id)} {s.readiness}%" + (f" ({s.status})" if s.status == "draft" else "")
        for s in result.specs
        if s.readiness is not None
    )
    stream.write(
        f"{plural(summary['specs'], 'spec')} checked ({plural(summary['processes'], 'process')}, "
        f"{plural(summary['vendors'], 'vendor')}): {plural(summary['errors'], 'error')}, "
        f"{plural(summary['warnings'], 'warning')}"
        + (f", {summary['waived']} waived" if summary["waived"] else "")
        + "\n"
    )
    if readiness:
        stream.write(f"readiness: {readiness}\n")
    links = {f.code: result.rules[f.code].help_uri for f in result.findings if f.code in result.rules}
    if any(links.values()):
        stream.write("rules explained:\n")
        for code, uri in sorted(links.items()):
            if uri:
                stream.write(f"  {code} {escape_controls(uri)}\n")
