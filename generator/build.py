"""`playbook build`: check, render, then `mkdocs build --strict` into a fresh folder that replaces the site
only when the whole build succeeded, so a failed build never leaves a half-written or missing site."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from generator.render import render_site
from generator.render.context import Audience


class BuildError(Exception):
    """MkDocs could not build the site; the message says why, the previous site is untouched."""


def mkdocs_build(config_file: Path, site_dir: Path) -> None:
    """Build with MkDocs' Python API into `site_dir`, strict: any MkDocs warning fails the build."""
    # Material 9.8 announces its end of life on every build; our output stays about the playbook.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                messages.append(record.getMessage())

    logger = logging.getLogger("mkdocs")
    handler = Collect()
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.WARNING)
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)
        build(config)
    except (exceptions.MkDocsException, exceptions.Abort, OSError) as error:
        detail = "; ".join(messages) or str(error)
        raise BuildError(f"mkdocs build failed: {detail}") from None
    except Exception as error:
        detail = "; ".join(messages) or f"{type(error).__name__}: {error}"
        raise BuildError(f"mkdocs build failed: {detail}") from None
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def build_site(checked, config_file: Path, docs_dir: Path, site_dir: Path, builds: list[tuple[Audience, str]]) -> None:
    """Render and build each (audience, sub-folder) into one staging folder, then swap it in for
    `site_dir` with renames: the old site stays whole until every build has succeeded."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    try:
        for audience, folder in builds:
            render_site(checked, docs_dir, audience)
            mkdocs_build(config_file, staging / folder if folder else staging)
        retired = None
        if site_dir.exists():
            retired = site_dir.parent / f".{site_dir.name}.old-{os.getpid()}"
            site_dir.rename(retired)
        staging.rename(site_dir)
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
