"""`playbook serve`: MkDocs' live-reloading preview of a private staged docs folder, with the specs and the
author's docs folder watched.

The preview renders into a temporary folder of its own, as `playbook build` does, so it never writes into
the author's docs folder and cannot mix its pages into a build running beside it. A background thread polls
the specs and the hand-written pages; when one changes it checks the specs again and, when they are free of
errors, stages again. Only files whose content changed are rewritten, so MkDocs' own watcher rebuilds just
what it must and the browser reloads within a few seconds. With errors, the findings are printed and the
preview keeps showing the last good version.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from generator.check.discovery import discover
from generator.check.engine import Checked
from generator.check.report import text
from generator.site.build import docs_dir_of
from generator.site.mkdocs_config import guaranteed_settings, read_raw
from generator.site.render import PageMemo, pages_for, stage_docs
from generator.site.render.context import Audience
from generator.site.scratch import remove_leftovers, scratch


def _snapshot(paths: tuple[str, ...], docs_dir: Path) -> dict[str, int]:
    stamps = {}
    files = [*discover(paths), *(str(p) for p in docs_dir.rglob("*"))]
    for path in files:
        try:
            stamps[path] = os.stat(path).st_mtime_ns
        except OSError:
            continue
    return stamps


def _stage(checked: Checked, docs_dir: Path, staged: Path, audience: Audience, nav: list, memo: PageMemo) -> list[str]:
    site = pages_for(checked, audience, docs_dir, memo)
    # MkDocs re-reads its configuration with the same keyword arguments on every rebuild, so the navigation
    # is updated in place, where those arguments hold it.
    nav[:] = site.nav
    return stage_docs(docs_dir, staged, site.pages)


def watch(
    paths: tuple[str, ...],
    run_check: Callable[[], Checked],
    docs_dir: Path,
    staged: Path,
    audience: Audience,
    nav: list,
    stop: threading.Event,
    memo: PageMemo,
    interval: float = 0.5,
) -> None:
    seen = _snapshot(paths, docs_dir)
    while not stop.wait(interval):
        current = _snapshot(paths, docs_dir)
        if current == seen:
            continue
        seen = current
        checked = run_check()
        if checked.result.errors:
            text.write(checked.result, sys.stderr)
            print("playbook: preview not updated until the errors above are fixed", file=sys.stderr)
            continue
        written = _stage(checked, docs_dir, staged, audience, nav, memo)
        print(f"playbook: updated {len(written)} page(s)", file=sys.stderr)


LOOPBACK_NAMES = ("localhost",)


def allowed_host(header: str, bound: str) -> bool:
    """True when a request's Host names this machine: `localhost`, a loopback address, or the address the
    preview was bound to (an address, unlike a name, cannot be rebound to another machine)."""
    import ipaddress

    host = header.strip().lower()
    if host.startswith("["):  # [::1]:8000
        host = host[1 : host.find("]")] if "]" in host else ""
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    if host in LOOPBACK_NAMES or host.endswith(".localhost") or (host and host == bound.strip("[]").lower()):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _loopback_server(dev_addr: str):
    from mkdocs.livereload import LiveReloadServer

    bound = dev_addr.rsplit(":", 1)[0]

    class LoopbackOnly(LiveReloadServer):
        def serve_request(self, environ, start_response):
            if not allowed_host(environ.get("HTTP_HOST", ""), bound):
                start_response("421 Misdirected Request", [("Content-Type", "text/plain; charset=utf-8")])
                return [b"playbook serve answers requests for localhost only\n"]
            return super().serve_request(environ, start_response)

    return LoopbackOnly


def serve(
    paths: tuple[str, ...],
    checked: Checked,
    run_check: Callable[[], Checked],
    config_file: Path,
    audience: Audience,
    dev_addr: str,
) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    import mkdocs.commands.serve
    from mkdocs.commands.serve import serve as mkdocs_serve

    # MkDocs' server answers whatever Host a request names, so a web page whose own host name was pointed at
    # this machine (DNS rebinding) could read the preview, internal notes and all. It has no setting for
    # it: the server it starts is ours, which answers only names of this machine.
    mkdocs.commands.serve.LiveReloadServer = _loopback_server(dev_addr)

    settings = guaranteed_settings(read_raw(config_file), config_file)
    docs_dir = docs_dir_of(config_file)
    stop = threading.Event()
    remove_leftovers()
    with scratch("preview") as staged:
        nav: list = []
        memo = PageMemo()  # a process page is rendered again only when what it is made of changed
        _stage(checked, docs_dir, staged, audience, nav, memo)
        args = (paths, run_check, docs_dir, staged, audience, nav, stop, memo)
        watcher = threading.Thread(target=watch, args=args, daemon=True)
        watcher.start()
        try:
            mkdocs_serve(
                config_file=str(config_file),
                livereload=True,
                dev_addr=dev_addr,
                docs_dir=str(staged),
                nav=nav,
                **settings,
            )
        finally:
            stop.set()
