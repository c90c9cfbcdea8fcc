"""Human-readable output: one line per finding, `path:line:col: CODE severity message`, then a summary.

Every piece of spec text (paths, messages, hints, waivers, spec ids) goes through `escape_controls`, so that a
spec cannot forge a line or send a terminal control sequence; only the colours added here are raw escapes.
"""

from __future__ import annotations

from typing import TextIO

from generator.check.report.wording import plural
from generator.spec.escaping import escape_controls
from generator.spec.findings import Result, Severity

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m"}
_RESET = "\033[0m"


# Up to this many specs the summary names each with its readiness; above, it counts them per band and names
# the lowest, so that the summary of a thousand specs stays a few lines (`--verbose` lists them all).
LISTED = 12
LOWEST = 5
BANDS = (
    (100, 100, "at 100%"),
    (90, 99, "at 90-99%"),
    (75, 89, "at 75-89%"),
    (50, 74, "at 50-74%"),
    (0, 49, "below 50%"),
)


def _readiness(specs: list, verbose: bool) -> str:
    """The readiness line: every spec, or the count per band and the lowest specs."""

    def named(spec) -> str:
        marks = [word for word, holds in (("draft", spec.status == "draft"), ("blocked", spec.blocked)) if holds]
        return f"{escape_controls(spec.id)} {spec.readiness}%" + (f" ({', '.join(marks)})" if marks else "")

    if verbose or len(specs) <= LISTED:
        return ", ".join(named(s) for s in specs)
    counts = [(sum(low <= s.readiness <= high for s in specs), words) for low, high, words in BANDS]
    lowest = sorted(specs, key=lambda s: (s.readiness, s.id))[:LOWEST]
    return (
        ", ".join(f"{count} {words}" for count, words in counts if count)
        + f"; lowest: {', '.join(named(s) for s in lowest)} (--verbose lists every spec)"
    )


def write(result: Result, stream: TextIO, color: bool = False, verbose: bool = False) -> None:
    for finding in result.findings:
        severity = finding.severity.value
        if color:
            severity = f"{_COLOURS[finding.severity]}{severity}{_RESET}"
        stream.write(
            f"{escape_controls(str(finding.mark))}: {finding.code} {severity} {escape_controls(finding.full_message)}\n"
        )
    for waiver in result.waivers:
        # A reason written as a YAML block (`reason: >`) ends in a line break, and may hold more: on the one
        # line a waiver gets here, they are spaces, not an escaped "\n".
        reason = " ".join(waiver.reason.split())
        line = (
            f"{waiver.path}: waived {waiver.rule}{' on ' + ', '.join(waiver.items) if waiver.items else ''} "
            f"({waiver.silenced} finding(s)): {reason} "
            f"(approved by {waiver.approved_by}, expires {waiver.expires})"
        )
        stream.write(f"{escape_controls(line)}\n")
    summary = result.summary()
    readiness = _readiness([s for s in result.specs if s.readiness is not None], verbose)
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
