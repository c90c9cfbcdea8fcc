"""The rule registry, filled by importing each family; `RULES` maps every code to its rule."""

from generator.check.rules import (  # noqa: F401  (imported for their registrations)
    acknowledgements,
    assessment,
    certificates,
    checkins,
    contract,
    kpis,
    languages,
    measurements,
    outline,
    portfolio,
    privacy,
    references,
    reserved,
    revisions,
    roles,
    security,
    syntax,
    transfers,
    transition,
    validation,
    waivers,
    wording,
    working_hours,
)
from generator.check.rules.registry import FAMILIES, RULES, Rule

# Rules register in import order; list them by code, so that moving a rule to another module changes neither the
# order of `playbook rules` nor the rules page.
_BY_CODE = sorted(RULES.items())
RULES.clear()
RULES.update(_BY_CODE)

__all__ = ["FAMILIES", "RULES", "Rule"]
