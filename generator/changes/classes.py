"""The class and the audience of a change, from the schema's annotations (`spec.schema._CHANGE_CLASSES`), and
the one reading that overrides a field's class: a text edit that changes no word's meaning is editorial."""

from __future__ import annotations

import re
import unicodedata

from generator.spec.schema import CHANGE_CLASSES, PROCESS_SCHEMA, VENDOR_SCHEMA, field_meta

EDITORIAL, OPERATIONAL, CONTRACTUAL = CHANGE_CLASSES
VENDOR, INTERNAL = "vendor", "internal"
_SCHEMAS = {"process": PROCESS_SCHEMA, "vendor": VENDOR_SCHEMA}

# A word as letters and digits, with the apostrophes inside it ("don't"), which are dropped: "dont" is the same.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Words whose every letter carries the meaning: a change to one ("not", "three" -> "there") is never a typo fix.
_MEANING_TEXT = (
    "no not nor never none nothing nobody without unless except only all any each every either neither "
    "must may might shall should can cannot could will would need before after within until since more "
    "most less least fewer over under above below minimum maximum min max first last next previous one "
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred "
    "thousand half once twice daily weekly monthly yearly hourly"
)
_MEANING_WORDS = frozenset(_MEANING_TEXT.split())
# No word of a language is longer (a reference or a code is not prose): a longer "word" must match exactly,
# which also keeps comparing two texts of one long token linear.
_LONGEST_WORD = 40


def higher(one: str, other: str) -> str:
    """The higher of two classes (editorial < operational < contractual)."""
    return max(one, other, key=CHANGE_CLASSES.index)


def field_class(kind: str, path: tuple) -> str:
    """The class the schema gives the field at `path` (keys; list entries as any other value), or its nearest
    enclosing field's; operational when none is annotated or the key is not the format's."""
    return _meta_along(kind, _keys(path)).get("change", OPERATIONAL)


def field_audience(kind: str, path: tuple) -> str:
    """Internal for fields a vendor never sees, vendor otherwise."""
    return _meta_along(kind, _keys(path)).get("audience", VENDOR)


def free_text(kind: str, path: tuple) -> bool:
    """Whether the field at `path` is prose (a name, instructions, a condition), not an id, a code, a date or
    one of a set of words: only prose has typos to fix."""
    rule = _rule(kind, _keys(path))
    return bool(rule) and rule.get("type") == "string" and "regex" not in rule and "allowed" not in rule


def same_words(before: str, after: str) -> bool:
    """Whether two texts say the same in the letters and digits that carry meaning: they differ only in
    whitespace, case, punctuation, or a slip of a letter or two in a long word (a transposition, a letter
    missing, doubled or mistyped). Numbers, short words and words like "not" or "weekly" must match exactly."""
    one, other = _words(before), _words(after)
    if "".join(one) == "".join(other):  # spacing and hyphens: "e-mail" and "email", "follow up" and "follow-up"
        return True
    return len(one) == len(other) and all(a == b or _slip(a, b) for a, b in zip(one, other, strict=True))


def spelled(text: str) -> str:
    """The letters and digits of a text, case folded: what `same_words` compares first."""
    return "".join(_words(text))


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return [re.sub("['’]", "", word) for word in _WORD.findall(folded)]


def _slip(one: str, other: str) -> bool:
    """A typo of one or two letters: words of four letters or more, no digits, the same first letter; one
    edit in a word of up to seven letters, two in a longer one."""
    shorter = min(len(one), len(other))
    if not 4 <= shorter <= _LONGEST_WORD or one[0] != other[0] or one in _MEANING_WORDS or other in _MEANING_WORDS:
        return False
    if any(c.isdigit() for c in one + other):
        return False
    allowed = 1 if shorter <= 7 else 2
    return abs(len(one) - len(other)) <= allowed and _distance(one, other, allowed) <= allowed


def _distance(one: str, other: str, limit: int) -> int:
    """Damerau-Levenshtein distance (optimal string alignment: a swap of two neighbours is one edit), cut off
    above `limit`: words are short, and the cut-off keeps a long text's check linear in its words."""
    previous2: list[int] = []
    previous = list(range(len(other) + 1))
    for i, a in enumerate(one, 1):
        current = [i] + [0] * len(other)
        for j, b in enumerate(other, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == other[j - 2] and one[i - 2] == b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _keys(path: tuple) -> tuple[str, ...]:
    """The schema's keys along a change's path: list entries are stepped through."""
    return tuple(part for part in path if type(part) is str)


def _meta_along(kind: str, keys: tuple[str, ...]) -> dict:
    return field_meta(_SCHEMAS[kind], keys)


def _rule(kind: str, keys: tuple[str, ...]) -> dict | None:
    fields: dict | None = _SCHEMAS[kind]
    rule = None
    for key in keys:
        rule = fields.get(key) if fields else None
        if rule is None:
            return None
        fields = _inner(rule)
    while rule is not None and rule.get("type") == "list" and "schema" in rule:
        rule = rule["schema"]
    return rule


def _inner(rule: dict) -> dict | None:
    while rule.get("type") == "list" and "schema" in rule:
        rule = rule["schema"]
    return rule.get("schema") if rule.get("type") == "dict" else None
