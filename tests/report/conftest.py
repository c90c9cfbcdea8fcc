"""A hand-built Result for reporter tests: reporters know findings and rule data, nothing of the rules."""

import pytest

from generator.findings import AppliedWaiver, Finding, Mark, Result, RuleInfo, Severity, SpecSummary


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
