"""The checker's work grows about linearly with the size of a spec and with the number of specs.

Each test times the same work on an input and on one 4 times as large, in the same run, and bounds the
ratio: about 4 is linear, 16 quadratic, 64 cubic. No absolute timing is asserted, so a slow or busy
machine does not fail them; the bound of 8 leaves room for caches and noise (the least time of a few
runs, small and large in turns, with the garbage collector paused, on inputs that take tens of
milliseconds; a try that fails is tried again). `make bench` prints the same ratios.
"""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.check.config import Config
from generator.check.engine import check
from generator.check.rules import RULES
from generator.check.units import Context
from generator.spec.findings import Finding
from generator.spec.loader import parse
from generator.spec.model import Process, build_process

TODAY = dt.date(2026, 11, 23)
GROWTH = 4
LINEAR_BOUND = 8  # between linear (4) and quadratic (16)
# Sizes before growing: large enough to take tens of milliseconds, small enough that CPU caches blur little.
CHAIN_STEPS = 400
BRANCHES = 800
WIDTH = 300
PORTFOLIO_SPECS = 60
CONTEXT = Context(
    vendors={},
    certifications=Config().certifications,
    options=Config().options,
    today=TODAY,
    waivable=frozenset(RULES),
)

HEADER = """spec: 1
id: {id}
title: Scaling
status: live
owner: {{name: Dana Ruiz, email: dana.ruiz@example.com}}
"""
ROLES = """roles:
  - {id: agent, party: vendor, title: Agent}
  - {id: lead, party: client, title: Lead}
"""


def reversed_chain(n: int) -> str:
    """A flow that runs against the list order: the first step goes to the last one listed, and each
    listed step to the one above it. Every step needs the intake made by the first step and the note of
    the step before it in the flow; one step in the middle also needs a note made only after it."""
    lines = [HEADER.format(id="chain") + ROLES, "outputs:", "  - {id: intake, name: Intake}"]
    lines += [f"  - {{id: note-{k}, name: Note {k}}}" for k in range(1, n + 1)]
    lines += [
        "steps:",
        f"  - {{id: start, name: Start, responsible: agent, accountable: lead, outputs: [intake],"
        f" next: [{{goto: step-{n}}}]}}",
    ]
    for k in range(1, n + 1):
        inputs = ["intake"] + ([f"note-{k + 1}"] if k < n else []) + (["note-1"] if k == n // 2 else [])
        target = f"step-{k - 1}" if k > 1 else "end"
        lines.append(
            f"  - {{id: step-{k}, name: Step {k}, responsible: agent, accountable: lead,"
            f" inputs: [{', '.join(inputs)}], outputs: [note-{k}], next: [{{goto: {target}}}]}}"
        )
    return "\n".join(lines) + "\n"


def many_branches(n: int) -> str:
    """One step that branches n ways; every branch comes back to a check that loops to the start until
    done. Each branch makes its own output; the last step needs one made on a single branch only."""
    lines = [HEADER.format(id="branches") + ROLES, "outputs:", "  - {id: intake, name: Intake}"]
    lines += [f"  - {{id: result-{k}, name: Result {k}}}" for k in range(n)]
    branches = ", ".join(f"{{when: Case {k}, goto: case-{k}}}" for k in range(n))
    lines += [
        "steps:",
        f"  - {{id: sort, name: Sort, responsible: agent, accountable: lead, outputs: [intake], next: [{branches}]}}",
    ]
    for k in range(n):
        lines.append(
            f"  - {{id: case-{k}, name: Case {k}, responsible: agent, accountable: lead, inputs: [intake],"
            f" outputs: [result-{k}], next: [{{goto: review}}]}}"
        )
    lines.append(
        "  - {id: review, name: Review, responsible: lead, accountable: lead, inputs: [intake, result-0],"
        " next: [{when: Not done, goto: sort}, {goto: end}]}"
    )
    return "\n".join(lines) + "\n"


def wide_spec(n: int) -> str:
    """Everything at once grows: roles, inputs, tools, steps, KPIs, check-ins, risks, objectives."""
    lines = [HEADER.format(id="wide"), "objectives:"]
    lines += [f"  - {{goal: Goal {k}, kpi: kpi-{k}}}" for k in range(n)]
    lines.append("inputs:")
    lines += [f"  - {{id: input-{k}, name: Input {k}, classification: confidential}}" for k in range(n)]
    lines.append("tools:")
    lines += [f"  - {{id: tool-{k}, name: Tool {k}, access: Ask IT}}" for k in range(n)]
    lines.append("steps:")
    for k in range(n):
        party = "vendor" if k % 2 else "client"
        lines.append(
            f"  - {{id: step-{k}, name: Step {k}, responsible: {party}-{k}, accountable: client-{k - k % 2},"
            f" consulted: [vendor-{(k * 7) % n}], inputs: [input-{k}], tools: [tool-{k}]}}"
        )
    lines.append("kpis:")
    lines += [
        f"  - {{id: kpi-{k}, name: KPI {k}, unit: percent, direction: higher-is-better, target: 85,"
        f" threshold: 90, measurement: {{frequency: monthly, owner: client-{k - k % 2}}}}}"
        for k in range(n)
    ]
    lines += ["governance:", "  checkins:"]
    lines += [
        f"    - {{name: Review {k}, cadence: weekly, attendees: [client-{k - k % 2}, vendor-{k | 1}],"
        f" kpis: [kpi-{k}, kpi-{(k * 3) % n}]}}"
        for k in range(n)
    ]
    lines.append("risks:")
    lines += [
        f"  - {{id: risk-{k}, category: operational, description: Risk {k}, likelihood: low, impact: high,"
        f" owner: vendor-{k | 1}}}"
        for k in range(n)
    ]
    lines.append("roles:")
    lines += [
        f"  - {{id: {party}-{k}, party: {party}, title: Role}}" for k in range(n) for party in ("client", "vendor")
    ]
    return "\n".join(lines) + "\n"


def far_approvals(n: int) -> str:
    """A chain of 2n steps in which step n + k approves step k: each approval far from the step it approves,
    so that a search from each approved step walks most of the chain (quadratic before post-dominators)."""
    lines = [HEADER.format(id="approvals") + ROLES, "steps:"]
    for k in range(2 * n):
        target = f"step-{k + 1}" if k + 1 < 2 * n else "end"
        approves = f", approves: [step-{k - n}]" if k >= n else ""
        role = "lead" if k >= n else "agent"
        lines.append(
            f"  - {{id: step-{k}, name: Step {k}, responsible: {role}, accountable: lead{approves},"
            f" next: [{{goto: {target}}}]}}"
        )
    return "\n".join(lines) + "\n"


def process_of(text: str) -> Process:
    document, problems = parse(text, "scaling.yaml")
    assert document is not None and not problems, problems
    return build_process(document)


def run_rules(process: Process) -> list[Finding]:
    """Every rule that reads one process, as the engine runs them."""
    return [
        finding.with_(code=code)
        for code, rule in RULES.items()
        if rule.check is not None and not rule.retired and rule.scope == "process"
        for finding in rule.check(process, CONTEXT)
    ]


def timed(work: Callable[[], object]) -> float:
    """Seconds `work` takes, with the garbage collector paused: its pauses depend on everything else alive
    in the process, not on the work measured."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        work()
        return time.perf_counter() - start
    finally:
        gc.enable()


def growth(prepare: Callable[[int], object], work: Callable[[object], object], n: int, runs: int) -> float:
    """How much longer `work` takes on the input prepared for GROWTH * n than on the one for n: the least
    time of `runs` runs of each, taken in turns so that a busy moment of the machine slows both alike."""
    small, large = prepare(n), prepare(GROWTH * n)
    small_times, large_times = [], []
    for _ in range(runs):
        small_times.append(timed(lambda: work(small)))
        large_times.append(timed(lambda: work(large)))
    return min(large_times) / min(small_times)


def assert_linear(measure: Callable[[], float], attempts: int = 3) -> None:
    """Fail when the growth that `measure` returns reaches LINEAR_BOUND in every one of `attempts` tries:
    quadratic work fails each try, while other jobs on the machine seldom spoil more than one."""
    ratios = []
    for _ in range(attempts):
        ratios.append(measure())
        if ratios[-1] < LINEAR_BOUND:
            return
    pytest.fail(f"work grew {min(ratios):.1f}x for {GROWTH}x the input (linear is {GROWTH}): tries {ratios}")


PORTFOLIO_SPEC = """vendor: acme-bpo
criticality: {criticality}
transition: {{start: 2026-03-02, go_live: 2026-{month:02d}-18}}
steps:
  - {{id: triage, name: Triage, instructions: TBD, responsible: agent, accountable: lead}}
  - {{id: review, name: Review, responsible: agnet, accountable: lead, next: [{{goto: triage}}]}}
{checks}waivers:
  - {{rule: P005, reason: The client approves, approved_by: Dana Ruiz, expires: 2027-06-01}}
  - {{rule: T001, reason: Parallel run, approved_by: Dana Ruiz, expires: 2027-06-01}}
{waivers}"""
# Unreachable steps without instructions or roles: a few findings each, for waivers and readiness to sift.
PORTFOLIO_CHECKS = "".join(f"  - {{id: check-{k}, name: Check {k}}}\n" for k in range(20))
PORTFOLIO_WAIVERS = "".join(
    f"  - {{rule: {code}, reason: Not yet, approved_by: Dana Ruiz, expires: 2027-06-01}}\n"
    for code in ("A001", "A002", "C001", "C004", "K001", "T002")
)


def spec_growth(build: Callable[[int], str], n: int, runs: int = 5) -> float:
    """How much longer the rules take on the spec `build` writes for GROWTH * n than on the one for n."""
    return growth(lambda size: process_of(build(size)), run_rules, n, runs)


def write_portfolio(folder: Path, count: int) -> str:
    """`count` small process specs for one vendor, each with findings and waivers, in a new folder."""
    specs = folder / f"portfolio-{count}"
    (specs / "vendors").mkdir(parents=True, exist_ok=True)
    (specs / "vendors" / "acme-bpo.yaml").write_text(
        "spec: 1\nid: acme-bpo\nname: Acme BPO\ndelivery_model: offshore\n", encoding="utf-8"
    )
    for i in range(count):
        spec_id = f"process-{i:05d}"
        body = PORTFOLIO_SPEC.format(
            criticality=("low", "medium", "high")[i % 3],
            month=1 + i % 12,
            checks=PORTFOLIO_CHECKS,
            waivers=PORTFOLIO_WAIVERS,
        )
        (specs / f"{spec_id}.yaml").write_text(HEADER.format(id=spec_id) + ROLES + body, encoding="utf-8")
    return str(specs)


def check_portfolio(folder: str) -> object:
    return check([folder], Config(), TODAY)


def portfolio_growth(folder: Path, n: int, runs: int = 3) -> float:
    """How much longer the engine takes on GROWTH * n small specs (written into `folder`) than on n."""
    return growth(lambda count: write_portfolio(folder, count), check_portfolio, n, runs)


def test_a_chain_against_the_list_order_is_checked_in_linear_time():
    findings = run_rules(process_of(reversed_chain(50)))
    assert [f.message for f in findings if f.code == "O006"] == [
        "step 'step-25' uses 'note-1' before every path to it has produced it"
    ]
    assert not [f for f in findings if f.code in ("O007", "O008")]
    assert_linear(lambda: spec_growth(reversed_chain, CHAIN_STEPS))


def test_many_branches_are_checked_in_linear_time():
    findings = run_rules(process_of(many_branches(50)))
    assert [f.message for f in findings if f.code == "O006"] == [
        "step 'review' uses 'result-0' before every path to it has produced it"
    ]
    assert not [f for f in findings if f.code in ("O007", "O008", "O009")]
    assert_linear(lambda: spec_growth(many_branches, BRANCHES))


def test_a_wide_spec_is_checked_in_linear_time():
    findings = run_rules(process_of(wide_spec(40)))
    assert not [f for f in findings if f.code.startswith("R")], findings[:3]
    assert len([f for f in findings if f.code == "K005"]) == 40  # the rules did read every KPI
    assert_linear(lambda: spec_growth(wide_spec, WIDTH))


def test_a_portfolio_is_checked_in_linear_time(tmp_path):
    result = check_portfolio(write_portfolio(tmp_path / "sample", 6)).result
    silenced = {(w.spec_id, w.rule): w.silenced for w in result.waivers}
    assert [silenced[f"process-{i:05d}", "P005"] for i in range(6)] == [1] * 6
    assert [silenced[f"process-{i:05d}", "T001"] for i in range(6)] == [0, 0, 1, 0, 0, 1]  # high criticality
    assert all(s.readiness is not None for s in result.specs if s.kind == "process")
    assert_linear(lambda: portfolio_growth(tmp_path, PORTFOLIO_SPECS))


def test_approvals_far_from_what_they_approve_are_checked_in_linear_time():
    step_10 = "  - {id: step-10, name: Step 10, responsible: agent, accountable: lead, next: [{goto: step-11}]}"
    urgent = step_10.replace("[{goto: step-11}]", "[{when: Urgent, goto: end}, {goto: step-11}]")
    findings = [
        f.message for f in run_rules(process_of(far_approvals(50).replace(step_10, urgent))) if f.code == "O016"
    ]
    # Step 10 and every step before it can take the urgent way out, past each one's approval.
    assert len(findings) == 11
    assert "step 'step-10' reaches the end without 'step-60' approving it: step-10 -> end" in findings
    assert (
        "step 'step-3' reaches the end without 'step-53' approving it: step-3 -> step-4 -> step-5 -> step-6 -> "
        "step-7 -> step-8 -> step-9 -> step-10 -> end" in findings
    )
    assert_linear(lambda: spec_growth(far_approvals, CHAIN_STEPS))
