"""The complete fixture is the passing fixture of every rule: it must stay free of findings."""

from generator.check.rules import RULES


def test_complete_spec_has_no_findings(run_check):
    checked = run_check()
    assert checked.result.findings == []
    assert [s.readiness for s in checked.result.specs if s.kind == "process"] == [100]


def test_every_rule_has_complete_documentation():
    for code, rule in RULES.items():
        assert rule.doc.what and rule.doc.why and rule.doc.fails and rule.doc.passes, code
