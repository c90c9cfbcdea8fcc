"""Words that say nothing: instructions that are long but vague, that point elsewhere instead of saying what to
do, conditions nobody can decide, pilot exit criteria nobody can measure, and placeholders left in any text.

Vague phrases come from `vague_phrases` in `.playbook.yaml` (a dozen and a half by default: "as needed",
"appropriately", "the usual process", "etc.", "use judgement", "TBD", ...), matched as whole words whatever
the case. A phrase alone proves nothing ("re-run the export as needed" is fine when the export is named), so
instructions are only vague when they also lack substance: once the vague phrases are taken out, they name
nothing concrete, that is

- no number (an amount, a time, a code: `500 EUR`, `2h`, `P-NPI`),
- no quoted term (`"Access management"`, the name of a queue or a form),
- no name the process declares: a role, tool, input, output or KPI, by id or name,
- no proper noun or acronym: a capitalised word that does not start a sentence (`Facets`), or one with two
  capitals anywhere (`SAP`, `OnBase`, `ServiceNow`),
- and fewer than 30 words remain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from generator.check.rules.common import blank, placeholder_texts
from generator.check.rules.registry import RULES, rule
from generator.spec.findings import Finding, Mark
from generator.spec.model import Process, Vendor
from generator.spec.schema import PROCESS_SCHEMA, VENDOR_SCHEMA

# Instructions this long, once the vague phrases are out, say enough to act on even without a name in them.
SUBSTANTIAL_WORDS = 30
# Fewer words than this left beside a reference to other text, and the instructions are only the reference
# (O003 uses the same length for a placeholder).
PLACEHOLDER_WORDS = 5
# A condition of fewer words than this, once its vague phrases are out, decides nothing ("if needed").
CONDITION_WORDS = 3

# Beside a pointer, fewer words than this with no figure, quoted term or name say nothing of their own
# ("same checks as in the step above, for the payroll file instead").
POINTER_WORDS = 12

# Text that points elsewhere instead of saying what to do: "see above", "same as for incidents", "as before",
# "the same checks as in the step above", "as in the previous step", "repeat step 2".
_REFERENCE = re.compile(
    r"\b(?:see|as|same as|like|refer to|as per|as in)\s+(?:the\s+)?"
    r"(?:above|below|before|earlier|previous|preceding|last)(?:\s+(?:step|section|one|steps))?\b"
    r"|\bsame as (?:for|in|with|the)\b"
    r"|\b(?:the\s+)?(?:same|identical|similar)\s+(?:[\w-]+\s+){0,3}?(?:as|to)\s+(?:in|for|at|with|under|during)\b"
    r"|\b(?:the\s+)?(?:step|section)\s+(?:above|below|before)\b"
    r"|\b(?:repeat|follow)\s+(?:the\s+)?steps?\s+\d+\b"
    r"|\b(?:described|listed|explained)\s+(?:in|under|above|below|at)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z0-9][\w'’/-]*")
_QUOTED = re.compile(r"\"[^\"]+\"|“[^”]+”|`[^`]+`|(?<!\w)'[^']+'(?!\w)")
_SENTENCE = re.compile(r"(?<=[.!?:;])\s+|\n+")
# What makes pilot exit criteria measurable, besides a digit, a KPI or a date: a number written out, or a
# quantifier that states all or none ("every claim reconciled", "no privacy incident").
_MEASURE_WORDS = re.compile(
    r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundred|thousand|half|twice|double|every|all|no|none)\b",
    re.IGNORECASE,
)
_MONTH = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b")


def _phrases(ctx) -> re.Pattern | None:
    """The configured vague phrases as one pattern, longest first so that a phrase wins over its parts."""
    phrases = sorted({str(p).strip() for p in ctx.options["vague_phrases"] or () if str(p).strip()}, key=len)
    if not phrases:
        return None
    alternatives = "|".join(re.escape(p) for p in reversed(phrases))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _declared_names(spec: Process) -> set[str]:
    """Ids and names the process declares, in lower case: what instructions may name to be concrete."""
    names: set[str] = set()
    # Not step ids: they are verbs (`resolve`, `triage`) that any instructions use.
    for items in (spec.roles, spec.tools, spec.inputs, spec.outputs, spec.kpis):
        for item in items:
            for value in (item.id, getattr(item, "name", None), getattr(item, "title", None)):
                if isinstance(value, str) and len(value.strip()) >= 3:
                    value = value.strip().lower()
                    names.update({value, value.replace("-", " "), value.split(" (")[0]})
    return names


def _names_something(text: str, names: Iterable[str]) -> bool:
    lower = f" {' '.join(_words(text.lower()))} "
    return any(f" {' '.join(_words(name))} " in lower for name in names if _words(name))


def _proper_noun(text: str) -> bool:
    for sentence in _SENTENCE.split(text):
        for index, word in enumerate(re.findall(r"[A-Za-z][\w'’/-]*", sentence)):
            if sum(c.isupper() for c in word) >= 2 or (index > 0 and word[0].isupper() and word != "I"):
                return True
    return False


def lacks_substance(text: str, phrases: re.Pattern, names: Iterable[str]) -> bool:
    """Whether `text`, once its vague phrases are out, names nothing concrete (see the module docstring)."""
    rest = phrases.sub(" ", text)
    return not (
        re.search(r"\d", rest)
        or _QUOTED.search(rest)
        or _proper_noun(rest)
        or _names_something(rest, names)
        or len(_words(rest)) >= SUBSTANTIAL_WORDS
    )


def _reported_by(code: str, spec: Process, ctx) -> set[Mark]:
    """Where another rule already reports the text: one finding for one problem (O003 owns placeholders)."""
    other = RULES.get(code)
    if other is None or other.check is None:
        return set()
    return {finding.mark for finding in other.check(spec, ctx)}


def _pointer_to_duties(spec: Process) -> re.Pattern | None:
    """ "As in approve-payroll", "see the screening step": a pointer to another duty by its id or name."""
    names = sorted({d.id for d in spec.duties} | {str(d.name) for d in spec.duties if d.name}, key=len, reverse=True)
    if not names:
        return None
    targets = "|".join(re.escape(n) for n in names)
    return re.compile(
        rf"\b(?:as (?:in|for|at|under)|see|like|follow|repeat)\s+(?:the\s+)?(?:step\s+)?['\"“`]?(?:{targets})\b",
        re.IGNORECASE,
    )


def _refers_elsewhere(text: str, duties: re.Pattern | None = None) -> bool:
    """Whether the text only points at other text: a pointer, and beside it fewer than PLACEHOLDER_WORDS
    words, or fewer than POINTER_WORDS with no figure, quoted term or proper name of their own."""
    rest, pointers = _REFERENCE.subn(" ", text)
    if duties is not None:
        rest, more = duties.subn(" ", rest)
        pointers += more
    if not pointers:
        return False
    words = len(_words(rest))
    plain_words = not (re.search(r"\d", rest) or _QUOTED.search(rest) or _proper_noun(rest))
    return words < PLACEHOLDER_WORDS or (words < POINTER_WORDS and plain_words)


@rule("O011", "outline", severity="warning", options=("vague_phrases",))
def vague_instructions(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step's or routine's instructions use a vague phrase (`vague_phrases` in `.playbook.yaml`: "as
    needed", "appropriately", "the usual process", "etc.", ...) and, without it, name nothing concrete: no
    number, quoted term, declared role, tool, input, output or KPI, no system or proper name, and fewer than
    30 words.
    Why: long instructions pass a glance, but "handle it appropriately, following the usual process" leaves a
    new agent exactly where no instructions would (Key 1: outline precisely).
    Fails:
      steps:
        - id: triage
          name: Triage the dispute
          instructions: Handle the dispute appropriately and as needed, following the usual process.
    Passes:
      steps:
        - id: triage
          name: Triage the dispute
          instructions: Tag the dispute type in Zendesk, and call the customer back as needed, at most twice.
    """
    phrases = _phrases(ctx)
    if phrases is None:
        return
    taken = _reported_by("O003", spec, ctx) | {f.mark for f in instructions_refer_elsewhere(spec, ctx)}
    names = None
    for duty in spec.duties:
        text = duty.instructions
        if blank(text) or not isinstance(text, str) or duty.at("instructions") in taken:
            continue
        found = phrases.findall(text)
        if not found:
            continue
        names = _declared_names(spec) if names is None else names
        if lacks_substance(text, phrases, names):
            yield Finding.at(
                duty.at("instructions"),
                f"instructions of {duty.kind} '{duty.id}' are vague ('{found[0]}') and name nothing concrete",
                hint="say what to do, in which tool, with which document or figure: replace "
                + ", ".join(f"'{p}'" for p in dict.fromkeys(found)),
            )


@rule("O012", "outline")
def instructions_refer_elsewhere(spec: Process, ctx) -> Iterator[Finding]:
    """What: a step's or routine's instructions only point at other text ("Same as for incidents, see
    above.", "As in the previous step.", "Same checks as in approve-payroll.", "Repeat step 2 for the
    corrected file.") instead of saying what to do: a reference to text above, below or before, to another
    step by number, id or name, or to checks "described under" it, with fewer than five other words, or fewer
    than twelve and no figure, quoted term or proper name among them. O003 reports the bare "same as above".
    Why: a placeholder in disguise: the playbook shows steps one by one, each vendor page on its own, and the
    text "above" changes whenever a step is added or moved (Key 1).
    Fails:
      steps:
        - {id: triage, name: Triage the dispute, instructions: 'Same as for the first step, see above.'}
    Passes:
      steps:
        - {id: triage, name: Triage the dispute, instructions: Read the ticket and tag the dispute type in Zendesk.}
    """
    taken = _reported_by("O003", spec, ctx)
    duties = _pointer_to_duties(spec)
    for duty in spec.duties:
        text = duty.instructions
        if blank(text) or not isinstance(text, str) or duty.at("instructions") in taken:
            continue
        if _refers_elsewhere(text, duties):
            yield Finding.at(
                duty.at("instructions"),
                f"instructions of {duty.kind} '{duty.id}' point elsewhere instead of saying what to do",
                hint=f"write the instructions out in this {duty.kind}, even where they repeat another's",
            )


@rule("O013", "outline", severity="warning", options=("vague_phrases",))
def vague_condition(spec: Process, ctx) -> Iterator[Finding]:
    """What: an escalation's (of a step or routine) or a branch's `when` is a vague phrase with at most two
    other words ("if needed", "escalate as appropriate", "when necessary").
    Why: the agent has to decide when to escalate or which way to go; a condition that leaves it to them is
    no condition (Key 1; Key 2: escalation).
    Fails:
      steps:
        - id: triage
          name: Triage the dispute
          instructions: Read the ticket, confirm the invoice number and tag the dispute type.
          escalation: {to: billing-lead, when: If needed}
    Passes:
      steps:
        - id: triage
          name: Triage the dispute
          instructions: Read the ticket, confirm the invoice number and tag the dispute type.
          escalation: {to: billing-lead, when: Customer threatens a chargeback}
    """
    phrases = _phrases(ctx)
    if phrases is None:
        return
    conditions = [(step, branch.when, branch.at("when")) for step in spec.steps for branch in step.next]
    conditions += [(d, d.escalation.when, d.escalation.at("when")) for d in spec.duties if d.escalation is not None]
    for duty, when, mark in conditions:
        if blank(when) or not isinstance(when, str) or not phrases.search(when):
            continue
        if len(_words(phrases.sub(" ", when))) < CONDITION_WORDS:
            yield Finding.at(
                mark,
                f"condition '{when}' in {duty.kind} '{duty.id}' leaves the decision to the agent",
                hint="name what is observed: an amount, a wait, a customer's request, a system's state",
            )


@rule("T050", "transition")
def pilot_exit_criteria_not_measurable(spec: Process, ctx) -> Iterator[Finding]:
    """What: the pilot's `exit_criteria` name nothing measurable: no number (in digits or words, or "every",
    "all", "no", "none"), no KPI of the process by id or name, and no date or month.
    Why: on the last day of the pilot someone decides go or no-go; "the vendor is ready and the team is happy"
    lets that be a mood instead of a fact (stage 3, transition).
    Fails:
      transition:
        start: 2026-03-02
        knowledge_transfer:
          - {item: Billing system walkthrough, method: training, owner: billing-lead}
        pilot: {start: 2026-04-13, end: 2026-05-08, exit_criteria: The vendor is ready and the billing team is happy}
        go_live: 2026-05-18
    Passes:
      transition:
        start: 2026-03-02
        knowledge_transfer:
          - {item: Billing system walkthrough, method: training, owner: billing-lead}
        pilot: {start: 2026-04-13, end: 2026-05-08, exit_criteria: FCR at or above 80% for two consecutive weeks}
        go_live: 2026-05-18
    """
    pilot = spec.transition.pilot if spec.transition is not None else None
    if pilot is None or blank(pilot.exit_criteria) or not isinstance(pilot.exit_criteria, str):
        return
    text = pilot.exit_criteria
    kpis = {name for kpi in spec.kpis for name in (kpi.id, kpi.name) if isinstance(name, str) and name.strip()}
    if (
        re.search(r"\d", text)
        or _MEASURE_WORDS.search(text)
        or _MONTH.search(text)
        or _names_something(text, {k.lower() for k in kpis} | {k.lower().replace("-", " ") for k in kpis})
    ):
        return
    yield Finding.at(
        pilot.at("exit_criteria"),
        "the pilot's exit criteria name no figure, KPI or date: nobody can tell when they are met",
        hint="state the level to reach and for how long, e.g. 'FCR at or above 80% for two consecutive weeks'",
    )


@rule("O015", "outline")
def placeholder_text(spec: Process, ctx) -> Iterator[Finding]:
    """What: a text value holds a placeholder: TBD, TBA, TBC, TODO, FIXME, XXX, ???, lorem ipsum or "to be
    defined" (determined, decided, confirmed, agreed, added) anywhere in it; is only `?`, `-`, `n/a`,
    `pending` or `to follow`; or is a value `playbook new` writes for you to replace (`Your Name`,
    `your.name@example.com`). Not in ids, references and internal notes, nor where O003, O013 or T050
    already report the text.
    Why: a handover with "TBD per month" as its volume or "Your Name" as its owner passes every other check
    and still leaves the vendor without the fact (Key 1: outline precisely). In a draft it is a warning.
    Fails:
      owner: {name: Your Name, email: your.name@example.com}
      volume: {expected: TBD per month, peak: Twice the average in the January billing run}
    Passes:
      owner: {name: Dana Ruiz, email: dana.ruiz@example.com}
      volume: {expected: 4200 disputes per month, peak: Twice the average in the January billing run}
    """
    found = list(placeholder_texts(spec, PROCESS_SCHEMA))
    # Instructions, conditions and exit criteria have rules of their own, which say more (asked only when
    # there is something to report: a valid spec has none).
    reported = set().union(*(_reported_by(code, spec, ctx) for code in ("O003", "O013", "T050"))) if found else ()
    for where, text, mark in found:
        if mark not in reported:
            yield Finding.at(
                mark,
                f"{where} is a placeholder: {_shown(text)}",
                hint="write what it stands for",
            )


@rule("T064", "transition", severity="warning", scope="vendor", completeness=False)
def vendor_placeholder_text(vendor: Vendor, ctx) -> Iterator[Finding]:
    """What: a text value of a vendor file holds a placeholder, as O015 reads them (TBD, TODO, "to be
    confirmed", `n/a`, ...), or is a value `playbook new` writes for you to replace
    (`account.manager@vendor.example`).
    Why: the vendor page lists its contacts as the people to call; "TBD" is nobody to call.
    Fails:
      contacts:
        - {name: TBD, email: account.manager@vendor.example, role: Account manager}
    Passes:
      contacts:
        - {name: Maria Santos, email: maria.santos@example.com, role: Account manager}
    """
    for where, text, mark in placeholder_texts(vendor, VENDOR_SCHEMA):
        yield Finding.at(mark, f"{where} is a placeholder: {_shown(text)}", hint="write the real value")


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= 60 else text[:57] + "...")
