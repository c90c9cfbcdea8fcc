"""The editor JSON Schema agrees with the checker on the complete specs and on schema mistakes."""

import datetime as dt
import json

import jsonschema
import pytest

from generator.authoring.editor_schema import editor_schema
from generator.spec.loader import parse
from tests.conftest import complete_process, complete_vendor, edit


def _as_json(value):
    # Editors read YAML 1.2, where an unquoted date is text: mirror that.
    return json.loads(json.dumps(value, default=lambda v: v.isoformat() if isinstance(v, dt.date) else v))


def _data(text):
    document, findings = parse(text, "x.yaml")
    assert not findings
    return _as_json(document.data)


def test_schemas_are_valid_draft7():
    for kind in ("process", "vendor"):
        jsonschema.Draft7Validator.check_schema(editor_schema(kind))


def test_complete_specs_validate():
    jsonschema.validate(_data(complete_process()), editor_schema("process"))
    jsonschema.validate(_data(complete_vendor()), editor_schema("vendor"))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("summary:", "sumary:"),
        ("criticality: medium", "criticality: very high"),
        ("  - id: triage\n", "  - id: Triage Step\n"),
        ("    sla: 4h\n", "    sla: 4 hours\n"),
        ("title: Billing dispute handling\n", ""),
    ],
)
def test_schema_mistakes_are_rejected(old, new):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_data(edit(complete_process(), (old, new))), editor_schema("process"))
