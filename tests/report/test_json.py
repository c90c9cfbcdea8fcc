import io
import json

from generator.report import json as json_report


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
    }
    assert data["summary"] == {"specs": 2, "processes": 1, "vendors": 1, "errors": 1, "warnings": 1, "waived": 1}
    assert data["waivers"][0]["rule"] == "T001"
