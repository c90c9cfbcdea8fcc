"""The shipped examples are the first thing a user reads: complete specs pass every rule, the draft only warns."""

import shutil
from pathlib import Path

from generator.check.config import Config, load_config
from generator.check.engine import check
from tests.conftest import TODAY

SPECS = Path(__file__).resolve().parents[1] / "process_specs"


def _repository_config() -> Config:
    """The configuration `make build` and `make check` use: the repository's own .playbook.yaml."""
    from generator.check.rules import RULES

    return load_config(str(SPECS.parent / ".playbook.yaml"), frozenset(RULES))


def test_examples_check_clean():
    result = check([str(SPECS)], _repository_config(), TODAY).result
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


def test_the_examples_keep_hardship_with_the_client_as_the_repository_says(tmp_path):
    """The repository's .playbook.yaml adds financial hardship to the reserved matters: the reminder call's
    hardship branch goes straight to the client's retained step, and sent to the vendor it is an error."""
    config = _repository_config()
    assert "financial hardship" in config.options["reserved_matters"]
    assert "sanctions" in config.options["reserved_matters"]  # the default, repeated
    text = (SPECS / "payment-reminder-calls.yaml").read_text(encoding="utf-8")
    old = "         goto: take-over-hardship}"
    assert old in text
    shutil.copytree(SPECS / "vendors", tmp_path / "vendors")
    (tmp_path / "payment-reminder-calls.yaml").write_text(text.replace(old, "         goto: send-payment-link}"))
    findings = check([str(tmp_path)], config, TODAY).result.findings
    assert [f.code for f in findings if f.severity.value == "error"] == ["P012"]
    assert [f.code for f in check([str(tmp_path)], Config(), TODAY).result.findings if f.code == "P012"] == []
