import io
import json

from generator.check.report import json as json_report
from tests.check.report.conftest import HOSTILE_KEY, HOSTILE_PATH


def test_json_shape(result):
    out = io.StringIO()
    json_report.write(result, out)
    data = json.loads(out.getvalue())
    assert data["findings"][0] == {
        "path": "process_specs/billing-disputes.yaml",
        "line": 12,
        "column": 5,
        "code": "K002",
        "severity": "error",
        "message": "KPI 'fcr' has no target",
        "hint": "add target: 85",
    }
    assert data["specs"][0] == {
        "id": "billing-disputes",
        "path": "process_specs/billing-disputes.yaml",
        "kind": "process",
        "readiness": 93,
        "status": "live",
        "blocked": False,
    }
    assert data["summary"] == {"specs": 2, "processes": 1, "vendors": 1, "errors": 1, "warnings": 1, "waived": 1}
    assert data["waivers"][0]["rule"] == "T001"


def test_spec_text_stays_exact_in_valid_ascii_json(hostile):
    out = io.StringIO()
    json_report.write(hostile, out)
    raw = out.getvalue()
    # Nothing raw that a terminal or a log would act on: no control character but the newlines of the
    # indentation, no line separator, no bidirectional override, no lone surrogate.
    assert raw.isascii()
    assert all(char.isprintable() or char == "\n" for char in raw)
    data = json.loads(raw)
    # Programs get the spec text as it was, not escaped a second time.
    assert data["findings"][0]["path"] == HOSTILE_PATH
    assert data["findings"][0]["message"] == f"unknown key '{HOSTILE_KEY}'"
    assert data["findings"][0]["hint"] == "remove it\n::warning::forged"
    assert data["specs"][0]["id"] == "a\u202eb\nc"
    assert data["waivers"][0]["approved_by"] == "Dana\x1b[2J"
