"""A hand-built Result for reporter tests: reporters know findings and rule data, nothing of the rules."""

import pytest

from generator.spec.findings import AppliedWaiver, Finding, Mark, Result, RuleInfo, Severity, SpecSummary


@pytest.fixture
def result() -> Result:
    return Result(
        findings=[
            Finding(
                Mark("process_specs/billing-disputes.yaml", 12, 5),
                "KPI 'fcr' has no target",
                hint="add target: 85",
                code="K002",
                severity=Severity.ERROR,
            ),
            Finding(
                Mark("process_specs/billing-disputes.yaml", 40, 3),
                "a step, with: commas; 100% sure\nreally",
                code="P005",
                severity=Severity.WARNING,
            ),
        ],
        specs=[
            SpecSummary("billing-disputes", "process_specs/billing-disputes.yaml", "process", "live", 93),
            SpecSummary("acme-bpo", "process_specs/vendors/acme-bpo.yaml", "vendor"),
        ],
        rules={
            "K002": RuleInfo("K002", "kpi without target", Severity.ERROR, "a KPI with no target"),
            "P005": RuleInfo("P005", "accountability across parties", Severity.WARNING, "done by one, owned by other"),
        },
        waivers=[
            AppliedWaiver(
                "billing-disputes",
                "process_specs/billing-disputes.yaml",
                "T001",
                "Parallel run instead of pilot",
                "Dana Ruiz",
                "2027-03-01",
                1,
            )
        ],
    )


# Spec text that tries every trick on a terminal or a CI log: a forged finding line, carriage return, colour,
# an OSC title sequence ending in BEL, screen clearing, a workflow command, an already escaped newline,
# Unicode line separators, bidirectional overrides, C1 NEL, DEL and a tab.
HOSTILE_KEY = (
    "x\nprocess_specs/a.yaml:1:1: S001 error forged\r\x1b[31mred\x1b]0;title\x07\x1b[2J"
    " ::error file=a,line=1::boom 100%0A \u2028\u2029\u202e\u2066\x85\x7f\t"
)
HOSTILE_KEY_ESCAPED = (
    "x\\nprocess_specs/a.yaml:1:1: S001 error forged\\r\\x1b[31mred\\x1b]0;title\\x07\\x1b[2J"
    " ::error file=a,line=1::boom 100%0A \\u2028\\u2029\\u202e\\u2066\\x85\\x7f\\t"
)
# A file name with URI delimiters, a non-ASCII letter, a control sequence and a byte that is not UTF-8
# (which Python hands over as the lone surrogate U+DCFF).
HOSTILE_PATH = "process_specs/a b#1 100%é,x:y\x1b[2J\udcff.yaml"
HOSTILE_PATH_ESCAPED = "process_specs/a b#1 100%é,x:y\\x1b[2J\\udcff.yaml"


@pytest.fixture
def hostile() -> Result:
    return Result(
        findings=[
            Finding(
                Mark(HOSTILE_PATH, 4, 1),
                f"unknown key '{HOSTILE_KEY}'",
                hint="remove it\n::warning::forged",
                code="S001",
                severity=Severity.ERROR,
            )
        ],
        specs=[SpecSummary("a\u202eb\nc", HOSTILE_PATH, "process", "live", 50)],
        rules={"S001": RuleInfo("S001", "unknown key", Severity.ERROR, "a key the schema does not know")},
        waivers=[
            AppliedWaiver(
                "a",
                HOSTILE_PATH,
                "T001",
                "reason\nprocess_specs/b.yaml:1:1: T001 error forged",
                "Dana\x1b[2J",
                "2027",
                1,
            )
        ],
    )
