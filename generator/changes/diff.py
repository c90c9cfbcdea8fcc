"""The changes between two versions of a spec file, each with its path, values, class and audience.

Files are compared as parsed values, not as text, so whitespace, comments, key order, quoting and the layout
of lists change nothing. Entries of a list are matched by their id (or a key of their own, such as a branch's
`goto`), so inserting a step is one change, not a change to every step after it; the order of a list counts
only where the format gives it a meaning (steps, branches, the escalation path).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping

from msgspec import Struct, field, structs

from generator.changes.classes import (
    EDITORIAL,
    INTERNAL,
    field_audience,
    field_class,
    free_text,
    higher,
    same_words,
    spelled,
)
from generator.check.discovery import kind_of
from generator.spec.digest import vendor_view
from generator.spec.loader import Document, parse
from generator.spec.schema import EMPTY_MEANS_NONE, ORDERED_LISTS


class Entry(str):
    """An entry of a list in a change's path, named by its id or its own key: the `triage` of `steps[triage]`."""


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = _Absent()

# The key naming an entry of a list that has no id, by the list's name: tried in order, the first that every
# entry has, each a different value.
_ENTRY_KEYS = {
    "next": ("goto",),
    "checkins": ("name",),
    "knowledge_transfer": ("item",),
    "feedback": ("source",),
    "objectives": ("goal",),
    "contacts": ("email", "name"),
}
_WORDED_KEYS = frozenset({"name", "item", "source", "goal"})
# Names retyped with a slip are found by comparing each name that went with each that came: past this many
# pairs, only names spelled alike (case, spacing, punctuation aside) are matched, so that a list of
# thousands renamed stays linear; the rest read as entries removed and added, which is still true.
_SLIP_PAIRS = 2_500


class Change(Struct, frozen=True):
    file: str
    id: str  # the process's or vendor's id
    kind: str  # process or vendor
    path: tuple[str, ...]  # keys, and Entry for an entry of a list
    before: object  # ABSENT when added
    after: object  # ABSENT when removed
    what: str  # changed, added, removed or reordered
    change_class: str
    audience: str
    line: int = 0  # where it is in the file as it is after the change; 0 for a file removed
    column: int = 0

    @property
    def where(self) -> str:
        """The path as the docs write it: `steps[triage].sla`, `kpis[credit-accuracy].target`."""
        return path_text(self.path)


def path_text(path: tuple[str, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, Entry) else (f".{part}" if text else part)
    return text


class Diff(Struct):
    """The changes between two versions of the specs, and the files that could not be compared."""

    changes: list[Change]
    # (file, why): a version that cannot be read (broken YAML, too large) is named, not skipped in silence.
    unreadable: list[tuple[str, str]]
    # File -> the parsed values of the version before and after, for the files that had one.
    before: dict[str, object] = field(default_factory=dict)
    after: dict[str, object] = field(default_factory=dict)

    def summary(self) -> dict[str, str]:
        """Process or vendor id -> the highest class of its changes."""
        highest: dict[str, str] = {}
        for change in self.changes:
            highest[change.id] = higher(highest.get(change.id, EDITORIAL), change.change_class)
        return highest

    def seen_by(self, audience: str) -> Diff:
        """The changes `audience` may see: a vendor never sees an internal field's, nor one inside a value
        (a KPI added whole shows without its service credit)."""
        if audience == INTERNAL:
            return self
        shown = [_scrubbed(c) for c in self.changes if c.audience != INTERNAL]
        return Diff(shown, self.unreadable, self.before, self.after)


def diff_versions(before: Mapping[str, bytes | None], after: Mapping[str, bytes | None]) -> Diff:
    """The changes between two versions, each a path -> content mapping of spec files (None: unreadable)."""
    changes: list[Change] = []
    unreadable: list[tuple[str, str]] = []
    earlier: dict[str, object] = {}
    later: dict[str, object] = {}
    for path in sorted(set(before) | set(after)):
        documents = []
        for version, contents in (("before", before), ("after", after)):
            if path not in contents:
                documents.append(None)
                continue
            document, why = _parsed(path, contents[path])
            if document is None:
                unreadable.append((path, f"{why} ({version} the change)"))
                break
            documents.append(document)
        else:
            changes.extend(diff_documents(*documents, kind=kind_of(path), file=path))
            if documents[0] is not None:
                earlier[path] = documents[0].data
            if documents[1] is not None:
                later[path] = documents[1].data
    return Diff(changes, unreadable, earlier, later)


def _scrubbed(change: Change) -> Change:
    """The change with its values as a vendor reads them (spec/digest.py's view: no internal field inside)."""
    if change.kind != "process":
        return change
    keys = tuple(p for p in change.path if type(p) is str)
    values = [v if v is ABSENT else _plain(vendor_view(v, keys)) for v in (change.before, change.after)]
    return structs.replace(change, before=values[0], after=values[1])


def _parsed(path: str, content: bytes | None) -> tuple[Document | None, str]:
    if content is None:
        return None, "cannot be read: missing, or over the size limit"
    try:
        text = content.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None, "is not UTF-8 text"
    document, findings = parse(text, path)
    if document is None:
        first = findings[0] if findings else None
        return None, f"line {first.line}: {first.message}" if first else "cannot be parsed"
    return document, ""


def diff_documents(before: Document | None, after: Document | None, kind: str, file: str) -> list[Change]:
    """The changes from `before` to `after` (either None when the file is new or gone)."""
    old = before.data if before is not None else ABSENT
    new = after.data if after is not None else ABSENT
    ids = [d.get("id") for d in (new, old) if isinstance(d, dict) and isinstance(d.get("id"), str)]
    spec_id = ids[0] if ids else file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    walk = _Walk(kind, file, spec_id, after, _hidden(kind, old, new), _kept_tools(old, new))
    walk.compare(old, new, (), ())
    return walk.changes


def _hidden(kind: str, *versions: object) -> bool:
    """Whether no vendor sees either version: a draft process (or a draft that is new or gone)."""
    present = [v for v in versions if isinstance(v, dict)]
    return kind == "process" and bool(present) and all(v.get("status") == "draft" for v in present)


def _kept_tools(*versions: object) -> frozenset[str]:
    """Tools the client keeps in every version that has them: the vendor's site does not list them."""
    retained: dict[str, bool] = {}
    for version in versions:
        tools = version.get("tools") if isinstance(version, dict) else None
        for tool in tools if isinstance(tools, list) else ():
            if isinstance(tool, dict) and isinstance(tool.get("id"), str):
                retained[tool["id"]] = retained.get(tool["id"], True) and tool.get("retained") is True
    return frozenset(key for key, kept in retained.items() if kept)


class _Walk:
    def __init__(self, kind: str, file: str, spec_id: str, after: Document | None, hidden: bool, kept: frozenset):
        self.kind, self.file, self.id, self.after, self.hidden = kind, file, spec_id, after, hidden
        self.kept_tools = kept
        self.changes: list[Change] = []

    def compare(self, old: object, new: object, path: tuple, raw: tuple) -> None:
        """Record the changes from `old` to `new` at `path`; `raw` is where `new` stands in its document."""
        if _same(old, new) or (_empty(old) and _empty(new) and _empty_is_absence(path)):
            return
        if old is ABSENT or new is ABSENT or (_empty(old) != _empty(new) and _empty_is_absence(path)):
            self._added_or_removed(old, new, path, raw)
        elif isinstance(old, dict) and isinstance(new, dict):
            for key in dict.fromkeys([*new, *old]):
                self.compare(old.get(key, ABSENT), new.get(key, ABSENT), (*path, key), (*raw, key))
        elif isinstance(old, list) and isinstance(new, list) and _all_mappings(old + new):
            self._entries(old, new, path, raw)
        elif isinstance(old, list) and isinstance(new, list) and not any(isinstance(v, dict | list) for v in old + new):
            self._values(old, new, path, raw)
        else:
            same = isinstance(old, str) and isinstance(new, str) and free_text(self.kind, path) and same_words(old, new)
            self._record(path, raw, old, new, "changed", EDITORIAL if same else field_class(self.kind, path))

    def _added_or_removed(self, old: object, new: object, path: tuple, raw: tuple) -> None:
        added = old is ABSENT or (_empty(old) and not _empty(new))
        value, what = (new, "added") if added else (old, "removed")
        if not path:  # a whole file: its title stands for it
            old, new = (v.get("title", ABSENT) if isinstance(v, dict) else ABSENT for v in (old, new))
        change_class = EDITORIAL if _empty(value) and _empty_is_absence(path) else _deep_class(self.kind, path, value)
        self._record(path, raw if what == "added" else raw[:-1], old, new, what, change_class)

    def _entries(self, old: list[dict], new: list[dict], path: tuple, raw: tuple) -> None:
        name = next((p for p in reversed(path) if type(p) is str), "")
        (old_field, old_keys), (new_field, new_keys) = _entry_keys(name, old), _entry_keys(name, new)
        if old_keys is None or new_keys is None:  # entries without names of their own: matched by place
            old_keys = [f"#{i + 1}" for i in range(len(old))]
            new_keys = [f"#{i + 1}" for i in range(len(new))]
        old_at = dict(zip(old_keys, range(len(old)), strict=True))
        new_at = dict(zip(new_keys, range(len(new)), strict=True))
        gone, came = [k for k in old_keys if k not in new_at], [k for k in new_keys if k not in old_at]
        # An id, an e-mail address or a branch's target names one thing: another is another entry. A name in
        # words (a check-in's, a knowledge-transfer item's) may be retyped and stay the same entry.
        renamed = _renamed(gone, came) if old_field == new_field and old_field in _WORDED_KEYS else {}
        for key, index in new_at.items():
            before_key = renamed.get(key, key)
            entry = Entry(key)
            if before_key in old_at:
                self.compare(old[old_at[before_key]], new[index], (*path, entry), (*raw, index))
            else:
                self._added_or_removed(ABSENT, new[index], (*path, entry), (*raw, index))
        renamed_from = set(renamed.values())
        for key, index in old_at.items():
            if key not in new_at and key not in renamed_from:
                self._added_or_removed(old[index], ABSENT, (*path, Entry(key)), (*raw, index))
        if name in ORDERED_LISTS:
            kept_old = [renamed.get(k, k) for k in new_keys if renamed.get(k, k) in old_at]
            kept_new = [k for k in new_keys if renamed.get(k, k) in old_at]
            if sorted(kept_old, key=old_at.__getitem__) != kept_old:
                self._record(path, raw, kept_old, kept_new, "reordered", field_class(self.kind, path))

    def _values(self, old: list, new: list, path: tuple, raw: tuple) -> None:
        name = next((p for p in reversed(path) if type(p) is str), "")
        if name in ORDERED_LISTS:
            self._record(path, raw, old, new, "changed", field_class(self.kind, path))
            return
        prose = free_text(self.kind, path)
        gone = Counter(map(_as_text, old)) - Counter(map(_as_text, new))
        came = Counter(map(_as_text, new)) - Counter(map(_as_text, old))
        if not gone and not came:
            self._record(path, raw, old, new, "reordered", EDITORIAL)
            return
        gone_list, came_list = list(gone.elements()), list(came.elements())
        slips = prose and len(gone_list) == len(came_list) and all(map(same_words, gone_list, came_list))
        self._record(path, raw, old, new, "changed", EDITORIAL if slips else field_class(self.kind, path))

    def _record(self, path: tuple, raw: tuple, old: object, new: object, what: str, change_class: str) -> None:
        audience = INTERNAL if self.hidden or self._internal_tool(path) else field_audience(self.kind, path)
        mark = self.after.mark(raw) if self.after is not None else None
        self.changes.append(
            Change(
                self.file,
                self.id,
                self.kind,
                path,
                _plain(old),
                _plain(new),
                what,
                change_class,
                audience,
                mark.line if mark else 0,
                mark.column if mark else 0,
            )
        )

    def _internal_tool(self, path: tuple) -> bool:
        return self.kind == "process" and path[:1] == ("tools",) and path[1:2] and path[1] in self.kept_tools


def _same(old: object, new: object) -> bool:
    """Equal as parsed values: text whatever its whitespace, a quoted date as the date, 85 as 85.0 (never
    true as 1), a key left empty as a key left out."""
    if isinstance(old, dict) and isinstance(new, dict):
        keys = {k for k, v in old.items() if v is not None} | {k for k, v in new.items() if v is not None}
        return all(_same(old.get(k, ABSENT), new.get(k, ABSENT)) for k in keys)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(map(_same, old, new))
    return _scalar(old) == _scalar(new)


def _scalar(value: object) -> object:
    if value is None:
        return ABSENT
    if isinstance(value, str):
        return ("text", " ".join(value.split()))
    if isinstance(value, dt.date):
        return ("text", value.isoformat())
    if isinstance(value, bool):
        return ("flag", value)
    if isinstance(value, int | float):
        return ("number", value)
    return (type(value).__name__, value)


def _as_text(value: object) -> str:
    return " ".join(str(value.isoformat() if isinstance(value, dt.date) else value).split())


def _empty(value: object) -> bool:
    return value is None or value is ABSENT or value == [] or value == {} or value == ""


def _empty_is_absence(path: tuple) -> bool:
    """An empty list or mapping says nothing that leaving the key out does not, except `personal_data: []`."""
    return not (path and path[-1] in EMPTY_MEANS_NONE)


def _all_mappings(values: list) -> bool:
    return bool(values) and all(isinstance(v, dict) for v in values)


def _entry_keys(name: str, entries: list[dict]) -> tuple[str | None, list[str] | None]:
    """The key that names each entry of the list (its id, or the list's own key: `_ENTRY_KEYS`) and each
    entry's name; (None, None) when no key names every entry once."""
    for key in ("id", *_ENTRY_KEYS.get(name, ())):
        names = [e.get(key) for e in entries]
        if all(isinstance(n, str | int) and str(n).strip() for n in names):
            texts = [" ".join(str(n).split()) for n in names]
            if len(set(texts)) == len(texts):
                return key, texts
    return None, None


def _renamed(gone: list[str], came: list[str]) -> dict[str, str]:
    """New name -> old name, for entries whose name was only retyped ("Weekly review" -> "Weekly Review",
    "Weekly reveiw"), or for the one entry renamed when one went and one came."""
    pairs: dict[str, str] = {}
    by_spelling: dict[str, list[str]] = {}
    for old in gone:
        by_spelling.setdefault(spelled(old), []).append(old)
    for new in came:
        same = by_spelling.get(spelled(new))
        if same:
            pairs[new] = same.pop(0)
    taken = set(pairs.values())
    left_gone, left_came = [o for o in gone if o not in taken], [n for n in came if n not in pairs]
    if len(left_gone) * len(left_came) <= _SLIP_PAIRS:
        for new in left_came:
            old = next((o for o in left_gone if o not in taken and same_words(o, new)), None)
            if old is not None:
                pairs[new] = old
                taken.add(old)
        left_gone, left_came = [o for o in gone if o not in taken], [n for n in came if n not in pairs]
    if len(left_gone) == len(left_came) == 1:
        pairs[left_came[0]] = left_gone[0]
    return pairs


def _deep_class(kind: str, path: tuple, value: object) -> str:
    """The class of adding or removing `value` at `path`: the highest class of what it holds (a new KPI with a
    target is contractual, a new step that approves another too)."""
    result = field_class(kind, path)
    for sub_path, sub_value in _leaves(path, value):
        if not (_empty(sub_value) and _empty_is_absence(sub_path)):
            result = higher(result, field_class(kind, sub_path))
    return result


def _leaves(path: tuple, value: object) -> Iterator[tuple[tuple, object]]:
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _leaves((*path, key), sub)
    elif isinstance(value, list) and _all_mappings(value):
        for sub in value:
            yield from _leaves((*path, Entry("")), sub)
    else:
        yield path, value


def _plain(value: object) -> object:
    """A value as JSON holds it: dates as ISO text; ABSENT stays, for the reports to say "added" or "removed"."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
