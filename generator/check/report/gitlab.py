"""GitLab's code-quality report (a subset of the Code Climate issue format): the findings a merge request
shows beside its diff, and only those that are new to it.

GitLab tells old findings from new ones by `fingerprint`, so it leaves out the line: a finding that moves
down when lines are added above it stays the same finding. Two equal findings in one file are told apart by
their order.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import PurePath
from typing import TextIO

from generator.spec.escaping import escape_controls
from generator.spec.findings import Result, Severity

_SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def write(result: Result, stream: TextIO, color: bool = False) -> None:
    import hashlib  # here: the other formats, and every check that writes them, do without it

    seen: Counter[tuple[str, str, str]] = Counter()
    issues = []
    for f in result.findings:
        path = PurePath(f.path).as_posix().removeprefix("./")
        key = (path, f.code, f.full_message)
        seen[key] += 1
        identity = "\0".join([*key, str(seen[key])])
        issues.append(
            {
                "description": escape_controls(f"{f.code} {f.full_message}"),
                "check_name": f.code,
                "fingerprint": hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest(),
                "severity": _SEVERITIES[f.severity],
                "location": {"path": path, "lines": {"begin": f.line}},
            }
        )
    json.dump(issues, stream, indent=2, ensure_ascii=True)
    stream.write("\n")
