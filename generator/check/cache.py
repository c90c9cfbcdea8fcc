"""`playbook check`'s result cache: one JSON file in `.playbook_cache/`, after ruff's.

The engine decides what a stored value is and what its key covers (a file's content, the tool, the
configuration, the day, the files its rules read); this module keeps values under keys, in one file that is
written whole and atomically, and evicts what is stale. Whatever goes wrong with the file (missing, cut
short, edited, written by another version) reads as an empty cache: a cache can make a check slower,
never different.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from pathlib import Path

from generator import __version__

FOLDER = ".playbook_cache"
FILE = "check.json"
FORMAT = 1
# An entry of a file that is still there but was not checked for this long goes at the next save.
KEEP_DAYS = 30
# Files larger than this are not cached: the loader refuses them at once anyway (Y004).
MAX_BYTES = 8 * 1024 * 1024


def digest(*parts: str | bytes) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))  # so that ("ab", "c") and ("a", "bc") differ
        hasher.update(data)
    return hasher.hexdigest()


def file_digest(path: str) -> str | None:
    """The digest of a file's bytes; None when it cannot be read or is too large to cache."""
    try:
        if os.path.getsize(path) > MAX_BYTES:
            return None
        with open(path, "rb") as handle:
            return digest(handle.read())
    except OSError:
        return None


def tool_fingerprint() -> str:
    """This tool's version and source, and the Python running it: a change to any rule is a new tool, even
    between releases (a development checkout changes without a version bump)."""
    package = Path(__file__).parent.parent  # generator/, every wing
    parts: list[str | bytes] = [__version__, sys.version]
    for source in sorted(package.rglob("*.py")):
        parts += [source.relative_to(package).as_posix(), source.read_bytes()]
    return digest(*parts)


class Cache:
    """Values by file path and key, read from and saved to `folder`/check.json."""

    def __init__(self, folder: str | os.PathLike, today: dt.date | None = None):
        self.folder = Path(folder)
        self.today = (today or dt.date.today()).toordinal()  # the real day, for eviction; not `--today`
        self.fingerprint = tool_fingerprint()
        self._entries = self._read()
        self._changed = False
        self.hits = 0  # values found this run: how a test tells a warm check from one that checked again

    def get(self, path: str, key: str) -> dict | None:
        entry = self._entries.get(path)
        if entry is None or entry.get("key") != key:
            return None
        self.hits += 1
        if entry.get("used") != self.today:
            entry["used"] = self.today
            self._changed = True
        return entry.get("value")

    def put(self, path: str, key: str, value: dict) -> None:
        """Keep `value` for `path` under `key`; an older value of the same file is replaced, so a file keeps
        one entry however often it changes."""
        self._entries[path] = {"key": key, "used": self.today, "value": value}
        self._changed = True

    def save(self) -> None:
        """Write the cache when anything changed: whole, to a temporary file renamed over the old one, so
        that a reader (or a concurrent check) sees the old file or the new one, never half of either. A
        cache that cannot be written is skipped: the check's result does not depend on it."""
        kept = {
            path: entry
            for path, entry in self._entries.items()
            if entry["used"] >= self.today - KEEP_DAYS and os.path.exists(path)
        }
        if not self._changed and len(kept) == len(self._entries):
            return
        import tempfile  # here: a check that changed nothing writes nothing

        body = json.dumps({"format": FORMAT, "tool": self.fingerprint, "entries": kept}, separators=(",", ":"))
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                # As ruff does: the folder ignores itself, in a repository whatever its .gitignore says.
                ignore.write_text("# Written by playbook check: a cache, never committed.\n*\n", encoding="utf-8")
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{FILE}.", suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(digest(body) + "\n" + body)
                os.chmod(temporary, 0o644)  # mkstemp makes it private; a cache is not a secret
                os.replace(temporary, self.folder / FILE)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            return

    def _read(self) -> dict[str, dict]:
        """The stored entries, or none when the file is missing, damaged or another tool's."""
        try:
            text = (self.folder / FILE).read_text(encoding="utf-8")
            check, _, body = text.partition("\n")
            if check != digest(body):
                return {}  # cut short, edited or mixed: nothing in it can be trusted
            data = json.loads(body)
            if data.get("format") != FORMAT or data.get("tool") != self.fingerprint:
                return {}
            entries = data["entries"]
            if not isinstance(entries, dict):
                return {}
            return {
                path: entry
                for path, entry in entries.items()
                if isinstance(entry, dict) and isinstance(entry.get("used"), int) and "key" in entry
            }
        except (OSError, ValueError, KeyError, AttributeError, UnicodeDecodeError):
            return {}
