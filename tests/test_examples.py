"""The shipped examples are the first thing a user reads: complete specs pass every rule, the draft only warns."""

from pathlib import Path

from generator.check.config import Config
from generator.check.engine import check
from tests.conftest import TODAY

SPECS = Path(__file__).resolve().parents[1] / "process_specs"


def test_examples_check_clean():
    result = check([str(SPECS)], Config(), TODAY).result
    assert result.errors == 0, [f"{f.mark} {f.code} {f.message}" for f in result.findings]
    processes = [s for s in result.specs if s.kind == "process"]
    vendors = [s for s in result.specs if s.kind == "vendor"]
    assert len(processes) >= 5 and len(vendors) >= 2
    drafts = {s.path for s in processes if s.status == "draft"}
    assert drafts, "one example shows what a draft looks like"
    for spec in processes:
        if spec.path in drafts:
            assert spec.readiness < 100
        else:
            assert spec.readiness == 100, spec
    assert {f.path for f in result.findings} == drafts
    assert all(f.severity.value == "warning" for f in result.findings)


def test_examples_cover_the_outsourced_functions_and_delivery_models():
    text = " ".join(p.read_text() for p in SPECS.glob("*.yaml"))
    for word in ("after-hours", "billing", "lead", "customer-care"):
        assert word in text
    models = {
        line.split(":")[1].strip()
        for p in (SPECS / "vendors").glob("*.yaml")
        for line in p.read_text().splitlines()
        if line.startswith("delivery_model:")
    }
    assert len(models) >= 2
