"""The texts each revision of a process has had in git's history, as digests: what lets check tell an
acknowledgement of a revision whose text was only touched up since (a typo fixed: N001 lets nothing else
through within a revision) from one of a text the revision never had (N006).

check asks only about the processes a ledger names with another digest than their text's now, and for
each only back to the oldest revision an entry names.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.changes.git import GitError, git, read_blobs
from generator.spec.digest import digest
from generator.spec.loader import parse

History = Callable[[str, int], dict[int, frozenset[str]]]


def history_reader() -> History | None:
    """A reader of a process file's revision texts (`revision_texts`), or None outside a git repository."""
    try:
        git("rev-parse", "--git-dir")
    except GitError:
        return None
    return revision_texts


def revision_texts(path: str, oldest: int) -> dict[int, frozenset[str]]:
    """Revision -> the digests of the texts the file at `path` had under that revision in its commits, newest
    first, back to revision `oldest`; {} for a file git does not track."""
    try:
        commits = git("log", "--format=%H", "--", path).decode().split()
        name = git("ls-files", "--full-name", "--error-unmatch", "--", path).decode().strip()
    except GitError:
        return {}
    found: dict[int, set[str]] = {}
    for content in read_blobs(f"{commit}:{name}" for commit in commits):
        try:
            document, _ = parse(content.decode("utf-8").removeprefix("\ufeff"), path) if content else (None, [])
        except UnicodeDecodeError:
            continue
        data = document.data if document is not None and isinstance(document.data, dict) else {}
        revision = data.get("revision") if isinstance(data.get("revision"), dict) else {}
        number = revision.get("number")
        if not isinstance(number, int) or isinstance(number, bool):
            continue
        found.setdefault(number, set()).add(digest(data))
        if number < oldest:
            break
    return {number: frozenset(texts) for number, texts in found.items()}
