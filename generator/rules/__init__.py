"""The rule registry, filled by importing each family; `RULES` maps every code to its rule."""

from generator.rules import (  # noqa: F401  (imported for their registrations)
    assessment,
    checkins,
    kpis,
    outline,
    portfolio,
    references,
    roles,
    schema,
    syntax,
    transition,
    waivers,
)
from generator.rules.registry import FAMILIES, RULES, Rule

__all__ = ["FAMILIES", "RULES", "Rule"]
