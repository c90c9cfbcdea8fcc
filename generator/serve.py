"""`playbook serve`: MkDocs' live-reloading preview, with the specs watched too.

A background thread polls the spec files; when one changes it checks them again and, when they are free of
errors, re-renders. Only pages whose Markdown changed are rewritten, so MkDocs' own watcher rebuilds
just what it must and the browser reloads within a few seconds. With errors, the findings are printed and
the preview keeps showing the last good version.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from generator.engine import Checked, discover
from generator.render import render_site
from generator.render.context import Audience
from generator.report import text


def _snapshot(paths: tuple[str, ...]) -> dict[str, float]:
    stamps = {}
    for path in discover(paths):
        try:
            stamps[path] = os.stat(path).st_mtime_ns
        except OSError:
            continue
    return stamps


def watch_specs(
    paths: tuple[str, ...],
    run_check: Callable[[], Checked],
    docs_dir: Path,
    audience: Audience,
    stop: threading.Event,
    interval: float = 0.5,
) -> None:
    seen = _snapshot(paths)
    while not stop.wait(interval):
        current = _snapshot(paths)
        if current == seen:
            continue
        seen = current
        checked = run_check()
        if checked.result.errors:
            text.write(checked.result, sys.stderr)
            print("playbook: preview not updated until the errors above are fixed", file=sys.stderr)
            continue
        written = render_site(checked, docs_dir, audience)
        print(f"playbook: re-rendered {len(written)} page(s)", file=sys.stderr)


def serve(
    paths: tuple[str, ...],
    run_check: Callable[[], Checked],
    config_file: Path,
    docs_dir: Path,
    audience: Audience,
    dev_addr: str,
) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.serve import serve as mkdocs_serve

    stop = threading.Event()
    watcher = threading.Thread(target=watch_specs, args=(paths, run_check, docs_dir, audience, stop), daemon=True)
    watcher.start()
    try:
        mkdocs_serve(config_file=str(config_file), livereload=True, dev_addr=dev_addr)
    finally:
        stop.set()
