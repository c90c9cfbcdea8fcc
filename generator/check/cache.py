"""`playbook check`'s result cache: one JSON file in the user's cache folder, after ruff's.

The engine decides what a stored value is and what its key covers (a file's content and place, the tool,
the configuration, the day, the files its rules read); this module keeps values under keys, in one file that
is written whole and atomically, and evicts what is stale. A cache can make a check slower, never different:

- It lives outside the checkout (`<user cache>/bpo-playbook/check/<one folder per project folder>`), where a
  pull request cannot plant one, and its file carries a checksum keyed with a secret kept beside it, never in
  a repository: a cache file committed, copied or written by hand reads as empty, wherever it is put.
- It is read with a bound: a file that is not a regular file (a FIFO, a device, a symlink to /dev/zero), is
  larger than `MAX_CACHE_BYTES`, cut short, edited, nested too deep or another version's reads as empty.
- It writes only in a folder of its own: one it made, marked with a CACHEDIR.TAG (which backup tools skip),
  never a user's folder that happens to be named by `--cache-dir`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import stat
import sys
from pathlib import Path

from generator import __version__

APP = "bpo-playbook"
FILE = "check.json"
FORMAT = 2
# An entry of a file that is still there but was not checked for this long goes at the next save.
KEEP_DAYS = 30
# Files larger than this are not cached: the loader refuses them at once anyway (Y004).
MAX_BYTES = 8 * 1024 * 1024
# A cache file larger than this is not read: some 50 times what 10,000 specs' findings take.
MAX_CACHE_BYTES = 64 * 1024 * 1024
# The cache directory tag (https://bford.info/cachedir/): backup tools skip a folder that has it, and a
# folder without it (or our own first .gitignore, written before the tag) is not ours to write in.
TAG = "CACHEDIR.TAG"
SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55"
TAG_TEXT = (
    f"{SIGNATURE}\n"
    "# This folder is a cache written by playbook check (bpo-playbook); delete it at any time.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
IGNORE = "# Written by playbook check: a cache, never committed.\n*\n"


def digest(*parts: str | bytes, key: bytes = b"") -> str:
    hasher = hashlib.blake2b(digest_size=16, key=key)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))  # so that ("ab", "c") and ("a", "bc") differ
        hasher.update(data)
    return hasher.hexdigest()


def read_bounded(path: str | os.PathLike, limit: int) -> bytes | None:
    """A regular file's bytes, or None when it cannot be read, is larger than `limit`, or is not a regular
    file: a FIFO (which would block), a device (which never ends) or, for the last part of the path, a
    symlink."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        chunks, size = [], 0
        while chunk := os.read(handle, min(1 << 20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                return None  # it grew while read
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(handle)


def file_digest(path: str) -> str | None:
    """The digest of a file's bytes; None when it cannot be read, is not a regular file, or is too large to
    cache (the loader's finding says which)."""
    data = read_bounded(path, MAX_BYTES)
    return None if data is None else digest(data)


def user_folder() -> Path:
    import platformdirs  # here: a check with --no-cache never needs it

    return platformdirs.user_cache_path(APP, appauthor=False)


def default_folder(project: str | os.PathLike = ".") -> Path:
    """The cache of the project checked from `project`: in the user's cache folder, one per project folder
    (the stored paths are relative to it)."""
    return user_folder() / "check" / digest(os.path.abspath(project))[:16]


def secret() -> bytes | None:
    """The key of the cache files' checksums: random, made once per user, kept in the user's cache folder
    and readable by that user alone. None when it can be neither read nor made: then there is no cache."""
    path = user_folder() / "key"
    for _ in range(2):
        data = read_bounded(path, 1024)
        if data is not None and len(data.strip()) >= 32:
            return data.strip()[:64]
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            continue  # another check made it first, or a damaged one is there: read it again, then give up
        except OSError:
            return None
        with os.fdopen(handle, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(32) + "\n")
    return None


def tool_fingerprint() -> str:
    """This tool's version and source, and the Python running it: a change to any rule is a new tool, even
    between releases (a development checkout changes without a version bump)."""
    package = Path(__file__).parent.parent  # generator/, every wing
    parts: list[str | bytes] = [__version__, sys.version]
    for source in sorted(package.rglob("*.py")):
        parts += [source.relative_to(package).as_posix(), source.read_bytes()]
    return digest(*parts)


def _ours(folder: Path) -> bool:
    """A folder an earlier check made: tagged by playbook (another tool's tagged cache is not ours), or
    holding the first versions' own .gitignore, written before the tag."""
    tag = read_bounded(folder / TAG, 4096) or b""
    return (tag.startswith(SIGNATURE.encode()) and b"playbook check" in tag) or read_bounded(
        folder / ".gitignore", 4096
    ) == IGNORE.encode()


class Cache:
    """Values by file path and key, read from and saved to `folder`/check.json, signed with `key` (by
    default the user's `secret()`; without one there is no cache: nothing is read or written)."""

    def __init__(self, folder: str | os.PathLike, today: dt.date | None = None, key: bytes | None = None):
        self.folder = Path(folder)
        self.today = (today or dt.date.today()).toordinal()  # the real day, for eviction; not `--today`
        self.key = key if key is not None else secret()
        self.fingerprint = tool_fingerprint()
        self._entries = self._read() if self.key else {}
        self._changed = False
        self.hits = 0  # values found this run: how a test tells a warm check from one that checked again
        self.refused: str | None = None  # why the cache was not written, when a user should know

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
        if not self.key or (not self._changed and len(kept) == len(self._entries)):
            return
        import tempfile  # here: a check that changed nothing writes nothing

        body = json.dumps({"format": FORMAT, "tool": self.fingerprint, "entries": kept}, separators=(",", ":"))
        try:
            if not self._own_folder():
                self.refused = (
                    f"{self.folder} holds files playbook check did not write, so the cache was not written "
                    "there: give --cache-dir a new or empty folder"
                )
                return
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{FILE}.", suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(digest(body, key=self.key) + "\n" + body)
                os.replace(temporary, self.folder / FILE)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            return

    def _own_folder(self) -> bool:
        """True when the folder is the cache's own: made now, empty, or tagged by an earlier check. A folder
        of the user's is never written in (their check.json replaced, a .gitignore of `*` hiding their files)."""
        folder = self.folder
        if not folder.is_dir():
            folder.mkdir(parents=True)
        elif not _ours(folder) and any(folder.iterdir()):
            return False
        for name, text in ((TAG, TAG_TEXT), (".gitignore", IGNORE)):
            # As ruff does: the folder ignores itself, in a repository whatever its .gitignore says.
            if not (folder / name).exists():
                (folder / name).write_text(text, encoding="utf-8")
        return True

    def _read(self) -> dict[str, dict]:
        """The stored entries, or none when the file is missing, damaged, special, too large or not signed
        with this user's key."""
        data = read_bounded(self.folder / FILE, MAX_CACHE_BYTES)
        if data is None:
            return {}
        try:
            check, _, body = data.partition(b"\n")
            if check.decode("ascii") != digest(body, key=self.key):
                return {}  # forged, cut short, edited or mixed: nothing in it can be trusted
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
        except (ValueError, KeyError, AttributeError, UnicodeDecodeError, RecursionError):
            return {}
