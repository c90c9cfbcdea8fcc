"""Machine-readable output: findings, specs with readiness, waivers and a summary, as one JSON object.

Values are spec text exactly as read, for programs to use. The output is ASCII: JSON escapes control
characters, and `ensure_ascii` escapes the rest too, so no line separator, bidirectional override or lone
surrogate (from a file name that is not UTF-8) reaches the stream raw, whatever its encoding.
"""

from __future__ import annotations

import json
from typing import TextIO

from generator.spec.findings import Result


def write(result: Result, stream: TextIO, color: bool = False) -> None:
    document = {
        "findings": [
            {
                "path": f.path,
                "line": f.line,
                "column": f.column,
                "code": f.code,
                "severity": f.severity.value,
                "message": f.message,
                "hint": f.hint,
            }
            for f in result.findings
        ],
        "specs": [
            {
                "id": s.id,
                "path": s.path,
                "kind": s.kind,
                "readiness": s.readiness,
                "status": s.status,
                "blocked": s.blocked,
            }
            for s in result.specs
        ],
        "waivers": [
            {
                "spec": w.spec_id,
                "path": w.path,
                "rule": w.rule,
                "reason": w.reason,
                "approved_by": w.approved_by,
                "expires": w.expires,
                "silenced": w.silenced,
                "items": list(w.items),  # empty: the whole spec
                "silences": list(w.silences),  # "line:column message" of each finding it silenced
            }
            for w in result.waivers
        ],
        "summary": result.summary(),
    }
    json.dump(document, stream, indent=2, ensure_ascii=True)
    stream.write("\n")
