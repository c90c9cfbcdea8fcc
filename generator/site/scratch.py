"""The private folders a build (or `serve`) works in, in the system's temporary folder, and their removal.

Each is named `playbook-<kind>-<pid>-<random>` after the build's own process (the pid at import, which a
forked child keeps), and removed when its work is done. A build that is killed cannot remove its folders, so
each build first removes those whose process is gone: a killed build's folders last until the next one.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

OWNER = os.getpid()  # the build's process: a forked child that makes a folder names its parent


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's: alive, and not ours to judge
        return True
    return True


def private_folder(kind: str, parent: str | os.PathLike | None = None) -> Path:
    """A new folder only this user can read, named after this build."""
    return Path(tempfile.mkdtemp(prefix=f"playbook-{kind}-{OWNER}-", dir=parent))


def remove_tree(path: str | os.PathLike) -> None:
    """Remove a folder of ours, also where its owner made parts of it read-only (an old site copied with its
    permissions, a private folder a tool locked): those are made writable, then removed."""

    def writable_then_again(function, failed: str, _error) -> None:
        try:
            os.chmod(os.path.dirname(failed), 0o700)
            if os.path.isdir(failed) and not os.path.islink(failed):
                os.chmod(failed, 0o700)
            function(failed)
        except OSError:
            pass  # gone meanwhile, or not ours to change: left, as before

    if os.path.isdir(path) and not os.path.islink(path):
        if sys.version_info >= (3, 12):
            shutil.rmtree(path, onexc=writable_then_again)
        else:
            shutil.rmtree(path, onerror=writable_then_again)


@contextmanager
def scratch(kind: str) -> Iterator[Path]:
    folder = private_folder(kind)
    try:
        yield folder
    finally:
        remove_tree(folder)


@contextmanager
def only_build_of(site: Path) -> Iterator[None]:
    """Hold the site folder for this build alone, until it is published: a second build into the same folder
    at the same time stops with a clear message, instead of both saying they built it while one of them
    replaced the other's site. The lock is a file in the temporary folder, never beside the site."""
    try:
        import fcntl
    except ImportError:  # Windows: builds into one folder are not told apart
        yield
        return
    import hashlib

    name = hashlib.blake2b(str(site.resolve()).encode(), digest_size=8).hexdigest()
    with open(Path(tempfile.gettempdir()) / f"playbook-site-{name}.lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BlockingIOError(f"another playbook build is writing {site} now") from None
        yield


def remove_own() -> None:
    """Remove every private folder of this build, its children's too: what a build stopped by SIGTERM or
    Ctrl-C while a child worked leaves (the child is gone, and its `finally` blocks with it)."""
    for path in Path(tempfile.gettempdir()).glob(f"playbook-*-{OWNER}-*"):
        if path.is_dir() and not path.is_symlink():
            remove_tree(path)


def remove_leftovers(parent: str | os.PathLike | None = None) -> list[Path]:
    """Remove the private folders of builds that were killed: this user's `playbook-<kind>-<pid>-*` whose
    process is gone. A live build's folders, another user's and anything else are left alone."""
    removed = []
    uid = os.getuid() if hasattr(os, "getuid") else None
    for path in Path(parent or tempfile.gettempdir()).glob("playbook-*-*-*"):
        parts = path.name.split("-")
        pid = parts[2] if len(parts) > 3 else ""
        try:
            info = path.lstat()
        except OSError:
            continue
        ours = uid is None or info.st_uid == uid
        if path.is_dir() and not path.is_symlink() and ours and pid.isdigit() and not process_alive(int(pid)):
            remove_tree(path)
            removed.append(path)
    return removed
