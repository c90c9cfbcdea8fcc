"""SARIF 2.1.0, the format GitHub code scanning uploads: the rules as the tool's driver, one result per
finding with its physical location.

Artifact locations are URIs, so a path is percent-encoded; message texts are escaped like every other
reporter's, although JSON itself would carry control characters safely.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import TextIO
from urllib.parse import quote

from generator import __version__
from generator.spec.escaping import escape_controls
from generator.spec.findings import Result, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def _uri(path: str) -> str:
    # Relative to the checkout root, with forward slashes, as code scanning expects, and percent-encoded
    # (RFC 3986) so that a space, `#`, `%`, `:` or a non-ASCII letter in a file name still gives a valid
    # URI. A file name that is not UTF-8 reaches us with surrogate escapes: encode its original bytes.
    return quote(PurePath(path).as_posix().removeprefix("./"), safe="/", errors="surrogateescape")


def write(result: Result, stream: TextIO, color: bool = False) -> None:
    codes = sorted(result.rules)
    index = {code: i for i, code in enumerate(codes)}
    rules = []
    for code in codes:
        info = result.rules[code]
        entry = {
            "id": code,
            "name": info.title.title().replace(" ", ""),
            "shortDescription": {"text": info.title},
            "fullDescription": {"text": info.summary or info.title},
            "defaultConfiguration": {"level": _LEVELS[info.severity]},
        }
        if info.help:
            entry["help"] = {"text": info.help, "markdown": info.help}
        if info.help_uri:
            entry["helpUri"] = info.help_uri
        rules.append(entry)
    results = []
    for f in result.findings:
        item = {
            "ruleId": f.code,
            "level": _LEVELS[f.severity],
            "message": {"text": escape_controls(f.full_message)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(f.path), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }
            ],
        }
        if f.code in index:
            item["ruleIndex"] = index[f.code]
        results.append(item)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "playbook",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
                # Each process's readiness beside its findings, for dashboards that read SARIF alone.
                "properties": {
                    "specs": [
                        {
                            "id": escape_controls(s.id),
                            "path": escape_controls(s.path),
                            "readiness": s.readiness,
                            "blocked": s.blocked,
                        }
                        for s in result.specs
                        if s.readiness is not None
                    ]
                },
            }
        ],
    }
    json.dump(log, stream, indent=2, ensure_ascii=False)
    stream.write("\n")
