import io
import json

from msgspec.structs import replace

from generator.check.report import gitlab
from generator.spec.findings import Mark


def _issues(result) -> list[dict]:
    out = io.StringIO()
    gitlab.write(result, out)
    return json.loads(out.getvalue())


def test_one_code_quality_issue_per_finding(result):
    issues = _issues(result)
    assert [i["check_name"] for i in issues] == ["K002", "P005"]
    assert issues[0]["description"] == "K002 KPI 'fcr' has no target: add target: 85"
    assert issues[0]["severity"] == "major" and issues[1]["severity"] == "minor"
    assert issues[0]["location"] == {"path": "process_specs/billing-disputes.yaml", "lines": {"begin": 12}}
    assert "\\n" in issues[1]["description"] and "\n" not in issues[1]["description"]


def test_a_finding_keeps_its_fingerprint_when_lines_move_and_twins_differ(result):
    before = _issues(result)[0]["fingerprint"]
    first = result.findings[0]
    result.findings[0] = replace(first, mark=Mark(first.path, 30, 5))
    assert _issues(result)[0]["fingerprint"] == before
    result.findings.append(result.findings[0])
    fingerprints = [i["fingerprint"] for i in _issues(result)]
    assert len(set(fingerprints)) == 3


def test_hostile_file_names_and_text_stay_one_valid_ascii_document(hostile):
    out = io.StringIO()
    gitlab.write(hostile, out)
    assert out.getvalue().isascii()
    (issue,) = json.loads(out.getvalue())
    assert "\x1b" not in issue["description"] and "\u202e" not in issue["description"]
