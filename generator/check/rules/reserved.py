"""Key 2, the matters reserved to the client: a possible sanctions hit, suspected money laundering or fraud,
a request from a regulator or the police, a data breach. Whatever the vendor does around them, the decision
stays with the client, so the flow must hand such a case to the client at once: a branch or escalation that
names the matter leads to a retained step or a client role, never to the end or to the vendor, and a vendor
step whose work touches the matter has such a way out. The matters are `reserved_matters` in
`.playbook.yaml`, matched as words."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.rules.common import END
from generator.check.rules.registry import rule
from generator.spec.findings import Finding
from generator.spec.model import Duty, Process, Step


def _matters(ctx) -> list[tuple[str, re.Pattern]]:
    """Each configured matter with its pattern: whole words, any case, a final s optional."""
    found = []
    for matter in ctx.options["reserved_matters"] or ():
        words = str(matter).strip()
        if words:
            stem = re.escape(words[:-1] if words.lower().endswith("s") else words)
            found.append((words, re.compile(rf"(?<!\w){stem}s?(?!\w)", re.IGNORECASE)))
    return found


# Sentences, and the words that make one keep the vendor out of a matter rather than deal with it ("Never
# send a case to a regulator yourself"): tried from outside, such sentences drew P013, and owners wrote
# vaguer instructions to avoid the word.
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_KEEP_OUT = re.compile(r"\b(?:never|do not|don't|does not|must not|may not|is not allowed to)\b", re.IGNORECASE)
# Words of an instruction sentence in which the vendor meets the matter (screens for it, spots it, handles
# it), as against one that only names it ("so that the report reaches the regulators in time"). The duty's
# name counts whatever its words.
_MEETS = re.compile(
    r"\b(?:screen\w*|check\w*|detect\w*|spot\w*|notic\w*|see[sn]?|flag\w*|identif\w*|suspect\w*|verif\w*|"
    r"review\w*|assess\w*|investigat\w*|match\w*|hits?|decid\w*|handl\w*|sign|signs|possible|mentions?|"
    r"ask\w*|requests?|calls?|contacts?|threatens?|says?|refer\w*|indicat\w*|suspici\w*|alert\w*|find\w*|found|"
    r"receiv\w*|if|when|where)\b",
    re.IGNORECASE,
)


def _named(text: str | None, matters: list[tuple[str, re.Pattern]]) -> list[str]:
    return [name for name, pattern in matters if text and pattern.search(text)]


def _to_the_client(spec: Process, steps: dict[str, Step], target: str, is_role: bool) -> bool:
    """True when `target` (a step id, or a role id for an escalation) is the client's: a retained step, a
    step a client role does, or a client role. `steps` by id: a search per branch grew with the square."""
    if is_role:
        return spec.party_of(target) == "client"
    step = steps.get(target)
    return step is not None and (step.retained or spec.party_of(step.responsible) == "client")


def _ways_out(duty: Duty) -> Iterator[tuple[str | None, str, bool, object]]:
    """(condition, target, target is a role, where the target is written) of a duty's branches and escalation."""
    if isinstance(duty, Step):
        for branch in duty.next:
            yield branch.when, branch.goto, False, branch.at("goto")
    if duty.escalation is not None:
        yield duty.escalation.when, duty.escalation.to, True, duty.escalation.at("to")


@rule("P012", "roles", completeness=False, options=("reserved_matters",))
def reserved_matter_left_with_the_vendor(spec: Process, ctx) -> Iterator[Finding]:
    """What: a branch (`next[].when`) or escalation (`escalation.when`) whose condition names a matter
    reserved to the client (`reserved_matters`: sanctions, money laundering, fraud, regulator, data breach,
    ...) but leads to the end, to a vendor step or to a vendor role, rather than straight to a retained
    step, a step a client role does, or a client role. A client step's branch to the end is the client's
    own decision ("fraud confirmed: payout stopped") and passes.
    Why: the decision on a possible sanctions hit or suspected money laundering is the client's by law and
    by contract: a branch that sends it to the vendor's operations manager, or closes the case, hands the
    decision to the vendor. The hand-over must be the branch's own target, not a step somewhere after it.
    Fails:
      steps:
        - {id: screen, name: Screen the customer, responsible: vendor-agent, accountable: vendor-lead,
           next: [{when: Possible sanctions match, goto: end}, {goto: end}]}
    Passes:
      steps:
        - {id: screen, name: Screen the customer, responsible: vendor-agent, accountable: vendor-lead,
           next: [{when: Possible sanctions match, goto: decide}, {goto: end}]}
        - {id: decide, name: Decide on the match, retained: true, responsible: billing-lead,
           accountable: billing-lead}
    """
    matters = _matters(ctx)
    if not matters:
        return
    steps = {step.id: step for step in spec.steps}
    for duty in spec.duties:
        # A client's own step that ends the case on a reserved matter has decided it (fraud confirmed and
        # the payout stopped): only the vendor's steps must hand such a matter over.
        decided = spec.party_of(duty.responsible) == "client"
        for condition, target, is_role, mark in _ways_out(duty):
            named = _named(condition, matters)
            if not named or _to_the_client(spec, steps, target, is_role) or (decided and target == END):
                continue
            where = "the end" if target == END else f"{'role' if is_role else 'step'} '{target}'"
            yield Finding.at(
                mark,
                f"{duty.kind} '{duty.id}' sends '{' '.join(str(condition).split())}' ({', '.join(named)}, a matter "
                "reserved to the "
                f"client) to {where}",
                hint="lead it straight to a retained step of the client's, or escalate it to a client role",
            )


@rule("P013", "roles", completeness=False, options=("reserved_matters",))
def reserved_matter_without_a_hand_over(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step or routine of a vendor role whose name or instructions name a matter reserved to the
    client, with no branch or escalation naming that matter that hands it to the client (a retained step, a
    step a client role does, or a client role). One finding per matter. The name counts; a sentence of the
    instructions counts when the vendor meets the matter in it (screens, spots, checks, a possible case, a
    request, "if" or "when" it comes up), not when it only names it ("so that the report reaches the
    regulators in time") or keeps the vendor out of it ("never", "do not", "must not").
    Why: a vendor agent who screens for sanctions or spots possible fraud must know where the case goes the
    moment the matter comes up; without that way out, the agent decides, or the case waits in the vendor's
    queue. The outsider's KYC check had its sanctions branch removed and still passed.
    Fails:
      steps:
        - {id: screen, name: Screen the customer against sanctions lists, responsible: vendor-agent,
           accountable: vendor-lead}
    Passes:
      steps:
        - {id: screen, name: Screen the customer against sanctions lists, responsible: vendor-agent,
           accountable: vendor-lead, escalation: {to: billing-lead, when: A possible sanctions match}}
    """
    matters = _matters(ctx)
    if not matters:
        return
    steps = {step.id: step for step in spec.steps}
    for duty in spec.vendor_duties():
        # Naming the matter is the point: a step whose every way out is some client step still hands a
        # sanctions hit to whoever that is (the proposal's approver), not to whom decides it.
        handed = {
            name
            for condition, target, is_role, _ in _ways_out(duty)
            for name in _named(condition, matters)
            if _to_the_client(spec, steps, target, is_role)
        }
        sentences = _SENTENCE.split(str(duty.instructions or ""))
        met = [duty.name, *(s for s in sentences if _MEETS.search(s) and not _KEEP_OUT.search(s))]
        for name in _named("\n".join(met), matters):
            if name not in handed:
                yield Finding.at(
                    duty.mark,
                    f"vendor {duty.kind} '{duty.id}' deals with {name}, a matter reserved to the client, but no "
                    "branch or escalation naming it hands it to the client",
                    hint=f"add escalation: {{to: <a client role>, when: <what the agent meets, naming {name}>}}, or "
                    f"a branch naming it to a retained step; if the {duty.kind} only mentions {name} (who receives "
                    f"a report), waive P013 for it (waivers: items: [{duty.id}])",
                )


@rule("P017", "roles", severity="warning", completeness=False, options=("reserved_matters",))
def reserved_matter_branch_after_another(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step's branch whose condition names a reserved matter comes after a branch with another
    condition (one that names no reserved matter) to another step. Branches are read in order, the first
    whose condition holds taken.
    Why: a claim above the vendor's limit that also shows signs of fraud meets both conditions; with the
    limit branch first it goes to the claims manager's approval and on to payment, and the fraud team never
    sees it. Whatever else a case is, a possible fraud or sanctions case is decided first.
    Fails:
      steps:
        - {id: screen, name: Screen the claim, responsible: vendor-agent, accountable: vendor-lead,
           next: [{when: Amount above 500 EUR, goto: approve}, {when: Signs of fraud, goto: investigate},
                  {goto: end}]}
        - {id: approve, name: Approve the amount, retained: true, responsible: billing-lead,
           accountable: billing-lead}
        - {id: investigate, name: Investigate the claim, retained: true, responsible: billing-lead,
           accountable: billing-lead}
    Passes:
      steps:
        - {id: screen, name: Screen the claim, responsible: vendor-agent, accountable: vendor-lead,
           next: [{when: Signs of fraud, goto: investigate}, {when: Amount above 500 EUR, goto: approve},
                  {goto: end}]}
        - {id: approve, name: Approve the amount, retained: true, responsible: billing-lead,
           accountable: billing-lead}
        - {id: investigate, name: Investigate the claim, retained: true, responsible: billing-lead,
           accountable: billing-lead}
    """
    matters = _matters(ctx)
    if not matters:
        return
    for step in spec.steps:
        earlier = None  # the first conditional branch that names no matter
        for branch in step.next:
            if not branch.when:
                continue
            named = _named(branch.when, matters)
            if not named:
                earlier = earlier or branch
            elif earlier is not None and earlier.goto != branch.goto:
                yield Finding.at(
                    branch.at("when"),
                    f"the branch for {', '.join(named)} in step '{step.id}' comes after '{_short(earlier.when)}': "
                    f"a case that meets both goes to '{earlier.goto}' and never here",
                    hint="put the branches that name reserved matters first: a possible case of one is decided "
                    "before anything else about it",
                )


def _short(text: str, limit: int = 60) -> str:
    words = " ".join(str(text).split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"
