"""Key 1, outline the process: every step is written out, the flow is whole, and what goes in and out of
it is accounted for."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from generator.check.rules.common import END, blank, flow_is_ambiguous, placeholder, successors
from generator.check.rules.flow import Flow
from generator.check.rules.registry import rule
from generator.spec.findings import Finding
from generator.spec.model import Process

MIN_INSTRUCTION_WORDS = 5


@rule("O001", "outline")
def process_without_steps(spec: Process, ctx) -> Iterator[Finding]:
    """What: the process has no `steps`.
    Why: a process that is not outlined step by step cannot be handed over (Key 1).
    Fails:
      steps: []
    Passes:
      steps:
        - {id: triage, name: Triage the dispute, instructions: Read the ticket and tag the dispute type.}
    """
    if not spec.steps:
        yield Finding.at(spec.at("steps"), "the process has no steps", hint="add steps: the procedure, in order")


@rule("O002", "outline")
def step_without_instructions(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step or routine has no `instructions`.
    Why: the step's name is not enough for a new agent to do the work on day one (Key 1).
    Fails:
      steps:
        - {id: triage, name: Triage the dispute}
    Passes:
      steps:
        - id: triage
          name: Triage the dispute
          instructions: Read the ticket, confirm the invoice number in the billing system and tag the type.
    """
    for duty in spec.duties:
        if blank(duty.instructions):
            yield Finding.at(
                duty.mark,
                f"{duty.kind} '{duty.id}' has no instructions",
                hint="add instructions: what to do, with which tool, to what standard",
            )


@rule("O003", "outline")
def placeholder_instructions(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step's or routine's instructions are a placeholder (TBD, TODO, ?, lorem ipsum, "same as
    above") or fewer than five words.
    Why: placeholders pass a glance but leave the vendor guessing (Key 1: outline precisely).
    Fails:
      steps:
        - {id: triage, name: Triage, instructions: TBD}
    Passes:
      steps:
        - {id: triage, name: Triage, instructions: Read the ticket and tag the dispute type in Zendesk.}
    """
    for duty in spec.duties:
        if blank(duty.instructions):
            continue
        text = duty.instructions.strip()
        if placeholder(text):
            yield Finding.at(
                duty.at("instructions"),
                f"instructions of {duty.kind} '{duty.id}' are a placeholder",
                hint="replace it with what the agent actually does",
            )
        elif len(text.split()) < MIN_INSTRUCTION_WORDS:
            yield Finding.at(
                duty.at("instructions"),
                f"instructions of {duty.kind} '{duty.id}' are too short to follow ({len(text.split())} words)",
                hint="say what to do, with which tool, to what standard",
            )


@rule("O004", "outline")
def input_never_used(spec: Process, ctx) -> Iterator[Finding]:
    """What: a process input that no step or routine uses (in `inputs` or `optional_inputs`).
    Why: either a step forgot to say it needs the input, or the vendor receives data it should not
    (Key 2: what input the vendor needs for each task).
    Fails:
      inputs:
        - {id: dispute-ticket, name: Dispute ticket, classification: internal}
        - {id: payment-history, name: Payment history, classification: confidential}
      steps:
        - {id: triage, name: Triage, inputs: [dispute-ticket]}
    Passes:
      inputs:
        - {id: dispute-ticket, name: Dispute ticket, classification: internal}
      steps:
        - {id: triage, name: Triage, inputs: [dispute-ticket]}
    """
    if not spec.steps:
        return  # O001 says there are no steps; one "used by no step" per input would only repeat it
    used = {i for duty in spec.duties for i in (*duty.inputs, *duty.optional_inputs)}
    for item in spec.inputs:
        if item.id not in used:
            yield Finding.at(
                item.mark,
                f"input '{item.id}' is used by no step",
                hint="list it in the inputs of the step or routine that needs it, or remove it",
            )


@rule("O005", "outline")
def output_never_produced(spec: Process, ctx) -> Iterator[Finding]:
    """What: a process output that no step or routine produces.
    Why: the client expects it back, but nobody is told to deliver it (Key 2: outputs you expect in return).
    Fails:
      outputs:
        - {id: resolution-notice, name: Resolution notice}
      steps:
        - {id: triage, name: Triage}
    Passes:
      outputs:
        - {id: resolution-notice, name: Resolution notice}
      steps:
        - {id: resolve, name: Resolve, outputs: [resolution-notice]}
    """
    if not spec.steps:
        return  # O001 says there are no steps; one "produced by no step" per output would only repeat it
    produced = {o for duty in spec.duties for o in duty.outputs}
    for item in spec.outputs:
        if item.id not in produced:
            yield Finding.at(
                item.mark,
                f"output '{item.id}' is produced by no step",
                hint="list it in the outputs of the step or routine that delivers it, or remove it",
            )


@rule("O006", "outline")
def input_not_available(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step uses (in `inputs`) an output that is not produced on every path leading to it (for
    example, one made by a later step, or only on another branch). What a step uses only when it is there,
    such as the request a rework pass re-reads, goes in `optional_inputs`, which this rule does not require
    on every path. An output of a routine counts as available to every step.
    While two steps share an id (S007), the flow is not judged: a branch to it could mean either.
    Why: the agent would reach the step without what it needs (Key 1).
    Fails:
      outputs: [{id: credit-note, name: Credit note}]
      steps:
        - {id: notify, name: Notify the customer, inputs: [credit-note]}
        - {id: credit, name: Issue the credit, outputs: [credit-note]}
    Passes:
      outputs: [{id: credit-note, name: Credit note}]
      steps:
        - {id: credit, name: Issue the credit, outputs: [credit-note]}
        - {id: notify, name: Notify the customer, inputs: [credit-note]}
    """
    if flow_is_ambiguous(spec):
        return
    for step, index, item in Flow(spec).inputs_used_too_early():
        yield Finding.at(
            step.item_mark("inputs", index),
            f"step '{step.id}' uses '{item}' before every path to it has produced it",
            hint="move the step after the one that produces it, or fix the flow; if the step uses it only when "
            "it is there (a rework pass), list it in optional_inputs",
        )


@rule("O007", "outline")
def unreachable_step(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step that no path from the first step reaches.
    While two steps share an id (S007), the flow is not judged: a branch to it could mean either.
    Why: either the flow is missing a branch, or the step is dead text that will confuse the vendor. A
    recurring duty that no case passes through (a daily report, a shift handover) is a routine, under
    `routines`, not a step.
    Fails:
      steps:
        - {id: triage, name: Triage, next: [{goto: end}]}
        - {id: resolve, name: Resolve}
    Passes:
      steps:
        - {id: triage, name: Triage}
        - {id: resolve, name: Resolve}
    """
    if flow_is_ambiguous(spec):
        return
    live = Flow(spec).live()
    for step in spec.steps:
        if step.id not in live:
            yield Finding.at(
                step.mark,
                f"step '{step.id}' cannot be reached from the first step",
                hint="add a `next` branch that leads to it, or remove it; a recurring duty outside the case "
                "flow belongs under routines, with a cadence",
            )


@rule("O008", "outline")
def flow_without_end(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step from which no path reaches `end`: the flow loops forever.
    While two steps share an id (S007), the flow is not judged: a branch to it could mean either.
    Why: every case must be finished somewhere; an endless loop means a missing exit (Key 1).
    Fails:
      steps:
        - {id: triage, name: Triage}
        - {id: review, name: Review, next: [{goto: triage}]}
    Passes:
      steps:
        - {id: triage, name: Triage}
        - id: review
          name: Review
          next: [{when: Information missing, goto: triage}, {goto: end}]
    """
    if flow_is_ambiguous(spec):
        return
    ending = Flow(spec).reaching_end()
    for step in spec.steps:
        if step.id not in ending:
            yield Finding.at(
                step.mark,
                f"no path from step '{step.id}' reaches the end of the process",
                hint="add a branch with goto: end, or to a step that ends",
            )


@rule("O009", "outline")
def ambiguous_branch(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step with several `next` targets where more than one has no `when`, or two share the same
    `when`.
    Why: the agent cannot tell which way to go (bpmnlint's conditional-flows rule applied to handovers).
    Fails:
      steps:
        - id: triage
          name: Triage the dispute
          next: [{goto: approve-credit}, {goto: resolve}]
        - {id: approve-credit, name: Approve the credit}
        - {id: resolve, name: Resolve the dispute}
    Passes:
      steps:
        - id: triage
          name: Triage the dispute
          next: [{when: Amount above 500 EUR, goto: approve-credit}, {goto: resolve}]
        - {id: approve-credit, name: Approve the credit}
        - {id: resolve, name: Resolve the dispute}
    """
    for step in spec.steps:
        if len(step.next) < 2:
            continue
        unconditional = [b for b in step.next if blank(b.when)]
        for branch in unconditional[1:]:
            yield Finding.at(
                branch.mark,
                f"step '{step.id}' has more than one branch without a condition",
                hint="add when: <condition> to every branch but the default one",
            )
        seen: dict[str, str] = {}
        for branch in step.next:
            if blank(branch.when):
                continue
            key = " ".join(branch.when.lower().split())
            if key in seen:
                yield Finding.at(
                    branch.at("when"),
                    f"step '{step.id}' has two branches with the condition '{branch.when}'",
                    hint="make the conditions distinct, or merge the branches",
                )
            seen[key] = branch.goto


@rule("O014", "outline", severity="warning")
def branches_without_default(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step whose `next` branches all carry a `when`, so none is taken when no condition holds.
    Why: a case that fits none of the conditions has nowhere to go; an explicit default says where it
    goes (bpmnlint's conditional-flows). A warning, because the owner may know the conditions cover
    every case: then the last one can simply drop its `when`.
    Fails:
      steps:
        - id: triage
          name: Triage the dispute
          next: [{when: Amount above 500 EUR, goto: approve-credit}, {when: Amount up to 100 EUR, goto: resolve}]
        - {id: approve-credit, name: Approve the credit}
        - {id: resolve, name: Resolve the dispute}
    Passes:
      steps:
        - id: triage
          name: Triage the dispute
          next: [{when: Amount above 500 EUR, goto: approve-credit}, {goto: resolve}]
        - {id: approve-credit, name: Approve the credit}
        - {id: resolve, name: Resolve the dispute}
    """
    for step in spec.steps:
        if step.next and all(not blank(branch.when) for branch in step.next):
            yield Finding.at(
                step.at("next"),
                f"every branch of step '{step.id}' has a condition: a case that meets none has nowhere to go",
                hint="add a default branch without when, e.g. {goto: end}, or drop the when of the branch "
                "that takes every other case",
            )


@rule("O017", "outline", severity="warning", completeness=False)
def branches_to_one_target(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step with several `next` branches that all go to the same step (or all to `end`).
    Why: the conditions decide nothing: every case goes the same way, whatever its condition says. Usually
    one branch was retargeted in a hurry (the possible sanctions hit sent on to the same approval as every
    other payee), or a branch lost its own step (Key 1).
    Fails:
      steps:
        - id: triage
          name: Triage the dispute
          next: [{when: Amount above 500 EUR, goto: resolve}, {goto: resolve}]
        - {id: approve-credit, name: Approve the credit}
        - {id: resolve, name: Resolve the dispute}
    Passes:
      steps:
        - id: triage
          name: Triage the dispute
          next: [{when: Amount above 500 EUR, goto: approve-credit}, {goto: resolve}]
        - {id: approve-credit, name: Approve the credit}
        - {id: resolve, name: Resolve the dispute}
    """
    for step in spec.steps:
        targets = {branch.goto for branch in step.next}
        if len(step.next) > 1 and len(targets) == 1:
            target = "the end" if END in targets else f"'{step.next[0].goto}'"
            yield Finding.at(
                step.at("next"),
                f"every branch of step '{step.id}' goes to {target}: the conditions decide nothing",
                hint="send each condition to the step that handles it, or keep one branch without when",
            )


@rule("O010", "outline")
def tool_without_access(spec: Process, ctx) -> Iterator[Finding]:
    """What: a tool that a vendor step or routine uses, or that no step names, without `access`
      instructions. A tool only the client's own people use needs none.
    Why: the vendor's agents cannot work on day one without accounts; access takes time to arrange
    (Key 1: give the vendor every tool it needs).
    Fails:
      tools:
        - {id: zendesk, name: Zendesk}
    Passes:
      tools:
        - {id: zendesk, name: Zendesk, access: SSO account requested by the vendor lead from client IT; 2 business days}
    """
    used = {tool for duty in spec.duties for tool in duty.tools}
    by_vendor = {tool for duty in spec.vendor_duties() for tool in duty.tools}
    for tool in spec.tools:
        if blank(tool.access) and (tool.id in by_vendor or tool.id not in used):
            yield Finding.at(
                tool.mark,
                f"tool '{tool.id}' says nothing of how the vendor gets access",
                hint="add access: who grants it, how to request it, how long it takes",
            )


@rule("O016", "outline", completeness=False)
def approval_can_be_bypassed(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step that `approves` another, while a path of the flow leads from the approved step to the
    end without passing through it. A path that returns to the approved step (rework) is not a bypass. The
    finding names the path.
    While two steps share an id (S007), the flow is not judged: a branch to it could mean either.
    Why: an approval that a branch can skip is no control: the outsider's payroll sent the vendor's file
    straight to the bank once the client's review steps were deleted, and no rule noticed (Key 2).
    Fails:
      steps:
        - {id: prepare-refund, name: Prepare the refund, next: [{when: Small amount, goto: pay}, {goto: approve}]}
        - {id: approve, name: Approve the refund, approves: [prepare-refund]}
        - {id: pay, name: Pay the refund}
    Passes:
      steps:
        - {id: prepare-refund, name: Prepare the refund}
        - {id: approve, name: Approve the refund, approves: [prepare-refund],
           next: [{when: Approved, goto: pay}, {when: Returned, goto: prepare-refund}]}
        - {id: pay, name: Pay the refund}
    """
    if flow_is_ambiguous(spec):
        return
    index = {step.id: i for i, step in enumerate(spec.steps)}
    dominance = None
    for approver in spec.steps:
        for approved in approver.approves:
            if approved not in index or approved == approver.id:
                continue  # an unknown step is R010's finding
            dominance = dominance or Flow(spec).post_dominance()
            if dominance.always_through(approver.id, approved):
                continue
            path = _bypass(spec, index, approved, approver.id)
            if path:
                yield Finding.at(
                    approver.at("approves"),
                    f"step '{approved}' reaches the end without '{approver.id}' approving it: {' -> '.join(path)}",
                    hint=f"send every way out of '{approved}' through '{approver.id}' (a rework loop back to "
                    f"'{approved}' may skip it)",
                )


def _bypass(spec: Process, index: dict[str, int], approved: str, approver: str) -> list[str] | None:
    """The shortest path from `approved` to the end that passes through neither `approver` nor `approved`
    again (breadth first: O(V + E)); None when there is none."""
    came_from: dict[str, str] = {approved: ""}
    queue = deque([approved])
    while queue:
        node = queue.popleft()
        for target in successors(spec, index[node]):
            if target in came_from or target == approver:
                continue
            came_from[target] = node
            if target == END:
                path = [END]
                while came_from[path[-1]]:
                    path.append(came_from[path[-1]])
                return path[::-1]
            if target in index:
                queue.append(target)
    return None
