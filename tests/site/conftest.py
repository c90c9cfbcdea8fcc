"""A throwaway playbook project (mkdocs.yml, hand-written pages, specs) built with the real command."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def rendered(markdown_text: str) -> str:
    """A page's Markdown as a vendor's browser gets it: HTML, through the extensions every build adds."""
    import markdown

    from generator.site.mkdocs_config import _extensions

    settings = _extensions([])
    return markdown.markdown(markdown_text, extensions=list(settings), extension_configs=settings)


def shown(markdown_text: str) -> str:
    """The text a reader sees of a page's Markdown, as an HTML parser reads it from the page."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(rendered(markdown_text), "html.parser").get_text()


@dataclass
class Project:
    root: Path

    @property
    def specs(self) -> Path:
        return self.root / "process_specs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def build(self, *args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "NO_COLOR": "1"}
        return subprocess.run(
            [sys.executable, "-m", "generator", "build", "--today", "2026-11-23", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
        )

    def page(self, url: str) -> str:
        return (self.site / url.strip("/") / "index.html").read_text(encoding="utf-8")

    def output_files(self, site: Path | None = None) -> dict[str, bytes]:
        folder = site or self.site
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    def digest(self) -> str:
        return hashlib.sha256(repr(sorted(self.output_files().items())).encode()).hexdigest()


@pytest.fixture
def project(tmp_path) -> Project:
    return make_project(tmp_path)


def make_project(tmp_path: Path) -> Project:
    root = tmp_path / "playbook-project"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(
        ROOT / "playbook", root / "playbook", ignore=shutil.ignore_patterns("processes", "vendors", "catalogue")
    )
    shutil.copytree(ROOT / "process_specs", root / "process_specs")
    return Project(root)


def pytest_terminal_summary(terminalreporter):
    """The process pages' heights on a phone, as measured by the browser test, so every run reports them."""
    from tests.site.test_browser import PAGE_HEIGHTS

    if PAGE_HEIGHTS:
        terminalreporter.section("process pages on a phone (screens of 390 x 844 px, internal site)")
        for name, screens in sorted(PAGE_HEIGHTS.items(), key=lambda item: -item[1]):
            terminalreporter.write_line(f"{screens:5.1f}  {name}")
