"""`playbook build`: check, render each audience into a private docs folder, build it with MkDocs (strict)
into a staging folder, and publish that folder in place of the site in one step.

The guarantees, and how they are kept:
- The author's files are only read. Pages are rendered into a temporary copy of the docs folder, never into
  it, so concurrent builds (or a build beside `playbook serve`) cannot see each other's pages.
- The site folder is replaced only when it is one that `playbook build` made (it holds SITE_MARKER) or does
  not exist yet, and never when it is, or contains, the project, the docs folder or a spec.
- A failed build changes nothing. A successful one swaps the staging folder and the site with one atomic
  `renameat2(RENAME_EXCHANGE)` where the platform has it (Linux), so readers see the old site or the new
  one and never neither; elsewhere two renames leave a window of microseconds with no site.
- Staging folders and private folders (`scratch`) of builds that were killed are removed by the next build.
- The check and the rendering (`stage_sites`) run in a child process that exits before the engine starts
  (`cli.build`, `workers.in_child`): the models' memory and MkDocs' are never held at once. Every child
  process of a build (that one, ProperDocs, Zensical, Chromium) is killed by the system when the build dies.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.check.workers import dies_with_this_process
from generator.site.mkdocs_config import guaranteed_settings, read_raw, site_identity
from generator.site.render import pack_name, pages_for, stage_docs
from generator.site.render.context import Audience
from generator.site.scratch import only_build_of, private_folder, process_alive, remove_tree, scratch

SITE_MARKER = ".playbook-site"
ENGINES = ("mkdocs", "properdocs", "zensical")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class BuildError(Exception):
    """MkDocs could not build the site; the message says why, the previous site is untouched."""


class SiteDirError(Exception):
    """The site folder may not be replaced, or cannot be written; nothing was changed."""


def engine_build(engine: str, config_file: Path, overrides: dict) -> None:
    """Build with the engine's Python API, strict: any warning fails the build.

    ProperDocs continues MkDocs 1.x under another module name with the same API; it redirects every
    `mkdocs.*` import (themes and plugins import MkDocs) to itself, which only works in a process that has not
    imported MkDocs yet, so it builds in a child process (`python -m generator.site.build`). Zensical has a
    command line only (see `_build_with_zensical`)."""
    if engine == "zensical":
        _build_with_zensical(config_file, overrides)
        return
    if engine == "properdocs":
        run = subprocess.run(
            [sys.executable, "-m", "generator.site.build", engine, str(config_file), json.dumps(overrides)],
            capture_output=True,
            text=True,
            preexec_fn=dies_with_this_process(),
        )
        if run.returncode != 0:
            raise BuildError(run.stderr.strip() or f"{engine} build failed")
        return
    _build_in_process(engine, config_file, overrides)


def _build_in_process(engine: str, config_file: Path, overrides: dict) -> None:
    # Material 9.8 announces its end of life on every build; our output stays about the playbook.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if engine == "properdocs":
        import properdocs.replacement  # noqa: F401  (before any import of a theme or plugin)
        from properdocs import exceptions
        from properdocs.commands.build import build
        from properdocs.config import load_config
    else:
        from mkdocs import exceptions
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                messages.append(record.getMessage())

    logger = logging.getLogger(engine)
    handler = Collect()
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.WARNING)
    try:
        settings = {**guaranteed_settings(read_raw(config_file), config_file), **overrides}
        build(load_config(config_file=str(config_file), strict=True, **settings))
    except (exceptions.MkDocsException, exceptions.Abort, OSError) as error:
        detail = "; ".join(messages) or str(error)
        raise BuildError(f"{engine} build failed: {detail}") from None
    except Exception as error:
        # A theme or plugin of the author's configuration can raise anything; it is a failed build, not ours.
        detail = "; ".join(messages) or f"{type(error).__name__}: {error}"
        raise BuildError(f"{engine} build failed: {detail}") from None
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def _build_with_zensical(config_file: Path, overrides: dict) -> None:
    """Zensical reads an mkdocs.yml but wants the docs and site folders inside the configuration's folder,
    named relatively, and writes a cache there; it ignores MkDocs plugins (the guarantees are settings and a
    Markdown extension, so they hold). So it builds a private project: the team's configuration with the
    guarantees written out beside the staged docs, in a temporary folder, its site then moved into place."""
    import importlib.util

    import generator

    if importlib.util.find_spec("zensical") is None:
        raise BuildError("Zensical is not installed here: pip install 'bpo-playbook[zensical]' (or zensical)")
    raw = read_raw(config_file)
    settings = {**raw, **guaranteed_settings(raw, config_file), "docs_dir": "docs", "site_dir": "site"}
    settings.update({key: overrides[key] for key in ("nav", "site_name", "copyright") if key in overrides})
    custom_dir = settings["theme"].get("custom_dir")
    if custom_dir:  # relative to the team's configuration, which the private project is not beside
        settings["theme"]["custom_dir"] = str((config_file.resolve().parent / custom_dir).resolve())
    target = Path(overrides["site_dir"])
    with scratch("zensical") as project:
        shutil.move(overrides["docs_dir"], project / "docs")
        try:
            import yaml

            (project / "mkdocs.yml").write_text(
                yaml.dump(settings, Dumper=yaml.Dumper, sort_keys=False, allow_unicode=True), encoding="utf-8"
            )
            # The link filter is a module of this package: the child imports the same copy.
            package_root = str(Path(generator.__file__).resolve().parent.parent)
            path = os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))
            run = subprocess.run(
                [sys.executable, "-m", "zensical", "build", "--strict", "-f", str(project / "mkdocs.yml")],
                cwd=project,
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONPATH": path, "NO_COLOR": "1"},
                preexec_fn=dies_with_this_process(),
            )
        finally:
            shutil.move(project / "docs", overrides["docs_dir"])
        if run.returncode != 0:
            detail = _ANSI.sub("", run.stderr).strip().splitlines()
            raise BuildError("zensical build failed: " + (detail[-1] if detail else f"exit {run.returncode}"))
        target.mkdir(parents=True, exist_ok=True)
        for item in (project / "site").iterdir():
            shutil.move(item, target / item.name)


@dataclass(frozen=True)
class StagedSite:
    """One audience's site as the generator's part of a build leaves it: all MkDocs and the packs need."""

    folder: str  # the sub-folder of the site ("" for the site itself)
    docs: str  # a private docs folder: the author's files and the generated pages
    overrides: dict  # the navigation and the site's identity, for the engine
    # (vendor id, vendor name, ((process id, title), ...)) for each handover pack the site publishes
    packs: tuple = ()


def _packs(checked, audience: Audience) -> tuple:
    """One handover pack per vendor this site shows, with its processes in the order the pack shows them."""
    shown = sorted((p for p in checked.processes if audience.sees(p)), key=lambda p: p.title.lower())
    packs = []
    for vendor in sorted(checked.vendors, key=lambda v: v.id):
        mine = tuple((p.id, p.title) for p in shown if p.vendor == vendor.id)
        if mine and audience.sees_vendor(vendor):
            packs.append((vendor.id, vendor.name, mine))
    return tuple(packs)


def stage_sites(checked, config_file: Path, builds: list[tuple[Audience, str]], pdf: bool) -> list[StagedSite]:
    """Render each (audience, sub-folder) into a private docs folder of its own, which `build_site` removes
    (and so does this function, if it fails)."""
    raw = read_raw(config_file)
    docs_dir = docs_dir_of(config_file)
    staged: list[StagedSite] = []
    try:
        for audience, folder in builds:
            packs = _packs(checked, audience) if pdf else ()
            site_pages = pages_for(checked, audience, docs_dir, packs={vendor_id for vendor_id, _, _ in packs})
            private = str(private_folder("docs"))
            overrides = {"nav": site_pages.nav, **site_identity(raw, audience, checked.vendors, checked.today)}
            staged.append(StagedSite(folder, private, overrides, packs))
            stage_docs(docs_dir, Path(private), site_pages.pages)
            for vendor_id, _, _ in packs:
                # The pages link to the pack, and the engine checks every link: a stand-in it copies and
                # `write_pack` prints over before the site is published.
                (Path(private) / pack_name(vendor_id)).write_bytes(b"%PDF-1.4\n% printed after the build\n")
    except BaseException:
        for site in staged:
            shutil.rmtree(site.docs, ignore_errors=True)
        raise
    return staged


def docs_dir_of(config_file: Path) -> Path:
    """The docs_dir that the MkDocs configuration names, resolved as MkDocs resolves it."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs import exceptions
    from mkdocs.config import load_config

    try:
        return Path(load_config(config_file=str(config_file))["docs_dir"]).resolve()
    except (exceptions.MkDocsException, exceptions.Abort, OSError) as error:
        raise SiteDirError(f"{config_file} is not a usable MkDocs configuration: {error}") from None


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def guard_site_dir(site_dir: Path, project: list[Path], sources: list[Path]) -> None:
    """Refuse a site folder whose replacement would lose someone's files: it may sit in the `project` folders
    but never be one or hold one, and it may be neither in nor around the `sources` (specs, docs folder)."""
    if site_dir.is_symlink() or (site_dir.exists() and not site_dir.is_dir()):
        raise SiteDirError(f"{site_dir} is not a folder; name a folder for the site")
    site = site_dir.resolve()
    for path in [*project, *sources]:
        path = path.resolve()
        if _within(path, site):
            where = "is" if path == site else "holds"
            raise SiteDirError(f"{site_dir} {where} {path}; the site needs a folder of its own, such as site/")
    for path in sources:
        path = path.resolve()
        if _within(site, path) and path.is_dir():
            raise SiteDirError(f"{site_dir} is inside {path}; the site needs a folder of its own, such as site/")
    if site.is_dir() and any(site.iterdir()) and not (site / SITE_MARKER).is_file():
        raise SiteDirError(
            f"{site_dir} holds files that `playbook build` did not write (no {SITE_MARKER} in it); "
            "remove it yourself or name another --site-dir"
        )


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_staging_leftovers(site: Path) -> None:
    """Staging folders of builds that were killed: `.<site>.new-<pid>-<random>` whose process is gone."""
    prefix = f".{site.name}.new-"
    for path in site.parent.glob(f"{prefix}*"):
        pid = path.name[len(prefix) :].split("-", 1)[0]
        if path.is_dir() and not path.is_symlink() and pid.isdigit() and not process_alive(int(pid)):
            remove_tree(path)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with Linux renameat2(RENAME_EXCHANGE); False where that is not available."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):  # the file system or kernel cannot exchange
        return False
    raise OSError(code, os.strerror(code), str(second))


def publish(staging: Path, site: Path) -> None:
    """Put `staging` in the place of `site`; afterwards `staging` holds the old site, if there was one."""
    try:
        os.rename(staging, site)  # no site yet (or an empty folder): one atomic rename
        return
    except OSError as error:
        if error.errno not in (errno.EEXIST, errno.ENOTEMPTY):
            raise
    if _exchange(staging, site):
        return
    retired = site.parent / f"{staging.name}-old"
    os.rename(site, retired)
    os.rename(staging, site)
    os.rename(retired, staging)


def guard_build(config_file: Path, site_dir: Path, sources: list[Path]) -> None:
    """Refuse a configuration or a site folder before any work: `sources` are the specs and configuration
    files, which the site folder may neither be, hold nor sit in."""
    guaranteed_settings(read_raw(config_file), config_file)
    project = [config_file.resolve().parent, Path.cwd()]
    guard_site_dir(site_dir, project, [*sources, config_file, docs_dir_of(config_file)])


def build_site(
    sites: list[StagedSite],
    config_file: Path,
    site_dir: Path,
    sources: list[Path],
    engine: str = "mkdocs",
    paper: str = "a4",
    built_for: str = "",
) -> None:
    """Build each staged site with the engine into one staging folder, print the packs (on `paper`), then
    publish it as `site_dir`, its marker saying whom it was `built_for`; the staged docs folders are removed
    whatever happens."""
    try:
        guard_build(config_file, site_dir, sources)  # again: the folders may have changed while we rendered
        site = site_dir.resolve()
        try:
            with only_build_of(site):
                _build_and_publish(sites, config_file, site_dir, site, engine, paper, built_for)
        except BlockingIOError as error:
            raise SiteDirError(f"{error}: wait for it, or name another --site-dir") from None
    finally:
        for staged in sites:
            remove_tree(staged.docs)


def _build_and_publish(
    sites: list[StagedSite], config_file: Path, site_dir: Path, site: Path, engine: str, paper: str, built_for: str
) -> None:
    """Build into a staging folder beside the site, then swap it in; the old site goes with the staging folder."""
    try:
        site.parent.mkdir(parents=True, exist_ok=True)
        remove_staging_leftovers(site)
        staging = Path(tempfile.mkdtemp(prefix=f".{site.name}.new-{os.getpid()}-", dir=site.parent))
    except OSError as error:
        raise SiteDirError(f"cannot write the site beside {site}: {error.strerror or error}") from None
    try:
        # mkdtemp makes a private folder; a site is for a web server, so it gets the usual permissions.
        staging.chmod(0o777 & ~_umask())
        site_name = str(read_raw(config_file).get("site_name") or "Handover playbook")
        for staged in sites:
            target = staging / staged.folder if staged.folder else staging
            engine_build(engine, config_file, {"docs_dir": staged.docs, "site_dir": str(target), **staged.overrides})
            shutil.rmtree(staged.docs, ignore_errors=True)
            if staged.packs:
                from generator.site.pdf import write_pack

                for vendor_id, vendor_name, processes in staged.packs:
                    write_pack(target, site_name, vendor_id, vendor_name, list(processes), paper)
        (staging / SITE_MARKER).write_text(
            f"Built by `playbook build`{' for ' + built_for if built_for else ''}; the next build replaces "
            "this whole folder.\n"
        )
        guard_site_dir(site_dir, [], [])  # again: another program may have put files there while we built
        publish(staging, site)
    except OSError as error:
        raise SiteDirError(f"cannot write the site: {error.strerror or error} ({error.filename or site})") from None
    finally:
        remove_tree(staging)  # the old site, by now: its owner may have made parts of it read-only


if __name__ == "__main__":  # the child process of engine_build: ENGINE CONFIG_FILE OVERRIDES_JSON
    try:
        _build_in_process(sys.argv[1], Path(sys.argv[2]), json.loads(sys.argv[3]))
    except BuildError as error:
        print(error, file=sys.stderr)
        sys.exit(1)
