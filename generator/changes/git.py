"""The spec files of one version: a git revision's, read through `git` itself, or the working tree's.

`git` is asked only to read (rev-parse, merge-base, ls-tree, cat-file): nothing here changes a repository.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path

from generator.check.discovery import SPEC_SUFFIXES, discover, is_spec_file
from generator.spec.loader import MAX_BYTES


class GitError(Exception):
    """git could not answer: not a repository, an unknown revision, no git at all. The message is one line."""


def git(*args: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], input=data, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed, or not on PATH") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(said[0].removeprefix("fatal: ") if said else f"git {args[0]} failed")
    return done.stdout


# Where CI names the branch a pull request or merge request goes into, then the usual default branches.
_TARGET_VARIABLES = ("GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME")
_DEFAULT_BRANCHES = ("origin/HEAD", "origin/main", "main", "origin/master", "master")


def default_base() -> str:
    """The commit a change is compared with when no base is named: where HEAD left the branch it will be merged
    into (the pull request's target in CI, else the default branch)."""
    targets = [f"origin/{os.environ[v]}" for v in _TARGET_VARIABLES if os.environ.get(v)]
    targets += [os.environ[v] for v in _TARGET_VARIABLES if os.environ.get(v)]
    for branch in (*targets, *_DEFAULT_BRANCHES):
        try:
            return git("merge-base", "HEAD", branch).decode().strip()
        except GitError:
            continue
    raise GitError("found no default branch (main or master) to compare with; name the base: playbook diff origin/main")


def base_named(value: str) -> str | None:
    """The revision `check --base` compares with: as given, or for `auto` the target branch of the pull or
    merge request CI runs for (None outside one: a push to main has nothing to compare with)."""
    if value != "auto":
        return value
    target = next((os.environ[v] for v in _TARGET_VARIABLES if os.environ.get(v)), None)
    if target is None:
        return None
    try:
        commit_of(f"origin/{target}")
    except GitError:
        raise GitError(
            f"the target branch origin/{target} is not in this checkout; fetch it (GitHub: actions/checkout with "
            f"fetch-depth: 0; GitLab: git fetch origin {target})"
        ) from None
    return f"origin/{target}"


def commit_of(revision: str) -> str:
    """The commit `revision` names, or GitError saying it names none."""
    try:
        return git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"'{revision}' names no commit of this repository") from None


def specs_at(revision: str | None, folder: str) -> dict[str, bytes | None]:
    """Path (as written from here) -> content of each spec file under `folder`, at `revision` or, for None, in
    the working tree. A file over the loader's size limit, or one that cannot be read, maps to None."""
    if revision is None:
        return {os.path.normpath(p): _read(p) for p in discover([folder]) if is_spec_file(p)}
    commit = commit_of(revision)
    top = Path(git("rev-parse", "--show-toplevel").decode().strip())
    listing = git("ls-tree", "-r", "-z", "--full-name", "-l", commit, "--", folder)
    files: dict[str, tuple[str, int]] = {}
    for line in listing.decode("utf-8", "surrogateescape").split("\0"):
        if not line:
            continue
        meta, name = line.split("\t", 1)
        _mode, kind, sha, size = meta.split()
        where = os.path.normpath(os.path.relpath(top / name))
        if kind == "blob" and where.endswith(SPEC_SUFFIXES) and is_spec_file(where):
            files[where] = (sha, int(size) if size.isdigit() else MAX_BYTES + 1)
    wanted = [sha for sha, size in files.values() if size <= MAX_BYTES]
    contents = dict(zip(wanted, read_blobs(wanted), strict=True))
    return {where: contents.get(sha) for where, (sha, _size) in files.items()}


def read_blobs(objects: Iterable[str]) -> list[bytes | None]:
    """The contents of git objects (`<sha>`, or `<commit>:<path from the top>`), in one `git cat-file --batch`
    for all of them; None for one git does not have."""
    names = list(objects)
    if not names:
        return []
    out = git("cat-file", "--batch", data="".join(f"{name}\n" for name in names).encode())
    contents: list[bytes | None] = []
    at = 0
    for _ in names:
        header_end = out.index(b"\n", at)
        header = out[at:header_end].split()
        if header[-1] == b"missing" or len(header) < 3:
            contents.append(None)
            at = header_end + 1
            continue
        size = int(header[2])
        contents.append(out[header_end + 1 : header_end + 1 + size])
        at = header_end + 1 + size + 1
    return contents


def _read(path: str) -> bytes | None:
    try:
        if os.path.getsize(path) > MAX_BYTES:
            return None
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError:
        return None
