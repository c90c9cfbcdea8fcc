"""The private folders a build (or `serve`) works in, in the system's temporary folder, and their removal.

Each is named `playbook-<kind>-<pid>-<random>` after the build's own process (the pid at import, which a
forked child keeps), and removed when its work is done. A build that is killed cannot remove its folders, so
each build first removes those whose process is gone: a killed build's folders last until the next one.
"""

from __future__ import annotations

import os
import shutil
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


@contextmanager
def scratch(kind: str) -> Iterator[Path]:
    folder = private_folder(kind)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_own() -> None:
    """Remove every private folder of this build, its children's too: what a build stopped by SIGTERM or
    Ctrl-C while a child worked leaves (the child is gone, and its `finally` blocks with it)."""
    for path in Path(tempfile.gettempdir()).glob(f"playbook-*-{OWNER}-*"):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


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
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed
