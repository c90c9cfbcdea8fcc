"""What `playbook build` promises about files: it never replaces a folder that is not its own site, builds
running at once never mix audiences, and the published site is swapped in whole."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator.site.build import SITE_MARKER, publish, remove_staging_leftovers

INTERNAL_CANARIES = (b"INTERNAL-CANARY", b"payment-reminder-calls", b"Readiness", b"This process is a draft")


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _with_internal_canary(project) -> None:
    spec = project.specs / "billing-disputes.yaml"
    text = spec.read_text()
    spec.write_text(text.replace("internal:\n  notes: ", "internal:\n  notes: INTERNAL-CANARY ", 1))


@pytest.mark.parametrize("site_dir", ["process_specs", "playbook", ".", "..", "process_specs/vendors", "playbook/x"])
def test_a_build_never_replaces_the_project_the_specs_or_the_docs(project, site_dir):
    (project.root / ".git").mkdir()
    (project.root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    before = _tree(project.root.parent)
    run = project.build("--site-dir", site_dir)
    assert run.returncode == 2, run.stderr
    assert "nothing was changed" in run.stderr and "Traceback" not in run.stderr
    assert _tree(project.root.parent) == before


def test_an_empty_site_dir_is_refused(project):
    run = project.build("--site-dir", "")
    assert run.returncode == 2 and "--site-dir is empty" in run.stderr


def test_a_folder_of_foreign_files_is_never_replaced(project, tmp_path):
    foreign = tmp_path / "reports"
    foreign.mkdir()
    (foreign / "q3.xlsx").write_bytes(b"numbers")
    run = project.build("--site-dir", str(foreign))
    assert run.returncode == 2 and SITE_MARKER in run.stderr
    assert _tree(foreign) == {"q3.xlsx": b"numbers"}


def test_a_site_it_built_or_an_empty_folder_is_replaced(project):
    project.site.mkdir()
    assert project.build().returncode == 0
    assert (project.site / SITE_MARKER).is_file()
    assert project.build("--audience", "internal").returncode == 0
    assert (project.site / "catalogue" / "readiness" / "index.html").is_file()


def test_a_site_dir_under_a_file_is_a_clear_error(project):
    (project.root / "notes.txt").write_text("mine")
    run = project.build("--site-dir", "notes.txt/site")
    assert run.returncode == 2, run.stderr
    assert "cannot write" in run.stderr and "Traceback" not in run.stderr
    assert (project.root / "notes.txt").read_text() == "mine"


def test_each_vendor_with_no_vendor_is_refused_and_keeps_the_site(project):
    assert project.build().returncode == 0
    before = project.digest()
    solo = project.root / "solo"
    solo.mkdir()
    draft = (project.specs / "payment-reminder-calls.yaml").read_text()
    (solo / "payment-reminder-calls.yaml").write_text(draft.replace("vendor: atlantico-contact\n", ""))
    run = project.build("--each-vendor", "solo")
    assert run.returncode == 2 and "no vendor" in run.stderr, run.stderr
    assert project.digest() == before


def test_the_site_gets_the_permissions_the_umask_allows(project):
    env = {**os.environ, "NO_COLOR": "1"}
    command = f"umask 022 && exec {sys.executable} -m generator build --today 2026-11-23"
    run = subprocess.run(["sh", "-c", command], cwd=project.root, capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert project.site.stat().st_mode & 0o777 == 0o755
    assert (project.site / "index.html").stat().st_mode & 0o777 == 0o644


def _build_at_once(project, first: tuple[str, ...], second: tuple[str, ...]) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    command = [sys.executable, "-m", "generator", "build", "--today", "2026-11-23"]
    runs = [
        subprocess.Popen([*command, *args], cwd=project.root, env=env, stderr=subprocess.PIPE, text=True)
        for args in (first, second)
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr


def test_builds_for_two_audiences_at_once_never_mix(project):
    _with_internal_canary(project)
    vendor_site, internal_site = project.root / "vendor-site", project.root / "internal-site"
    for _ in range(3):
        _build_at_once(project, ("--site-dir", str(vendor_site)), ("--audience", "internal", "--site-dir", "internal"))
        files = _tree(vendor_site)
        assert "processes/billing-disputes/index.html" in files
        for name, content in files.items():
            for canary in INTERNAL_CANARIES:
                assert canary not in content, (name, canary)
        assert (
            b"INTERNAL-CANARY"
            in (project.root / "internal" / "processes" / "billing-disputes" / "index.html").read_bytes()
        )
    assert not internal_site.exists()


def test_builds_for_two_vendors_at_once_never_mix(project):
    for _ in range(3):
        _build_at_once(
            project,
            ("--vendor", "acme-bpo", "--site-dir", "acme"),
            ("--vendor", "atlantico-contact", "--site-dir", "atlantico"),
        )
        for folder, foreign in (("acme", b"lead-qualification"), ("atlantico", b"billing-disputes")):
            files = _tree(project.root / folder)
            assert files, folder
            for name, content in files.items():
                assert foreign not in content, (folder, name)


def test_readers_always_find_a_whole_site_while_it_is_replaced(project):
    assert project.build().returncode == 0
    index = project.site / "index.html"
    missing = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            if not index.is_file():
                missing.append(time.monotonic())

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(3):
            assert project.build().returncode == 0
    finally:
        stop.set()
        reader.join()
    assert missing == []
    assert sorted(p.name for p in project.root.iterdir() if p.name.startswith(".site")) == []


def test_publish_swaps_in_the_new_site_and_hands_back_the_old(tmp_path):
    site, staging = tmp_path / "site", tmp_path / ".site.new-1-x"
    site.mkdir()
    (site / "old.html").write_text("old")
    staging.mkdir()
    (staging / "new.html").write_text("new")
    publish(staging, site)
    assert _tree(site) == {"new.html": b"new"}
    assert _tree(staging) == {"old.html": b"old"}


def test_leftovers_of_killed_builds_are_removed_and_running_ones_kept(tmp_path):
    site = tmp_path / "site"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    killed = tmp_path / f".site.new-{dead.stdout.strip()}-abc"
    running = tmp_path / f".site.new-{os.getpid()}-def"
    unrelated = tmp_path / ".site.new-notes"
    for folder in (killed, running, unrelated):
        folder.mkdir()
        (folder / "index.html").write_text("x")
    remove_staging_leftovers(site)
    assert not killed.exists() and running.exists() and unrelated.exists()
    shutil.rmtree(running)


# A page of the team's own with a Mermaid diagram: the fence must still become a diagram.
TEAM_PAGE_WITH_A_DIAGRAM = "# Escalations\n\n``` mermaid\nflowchart LR\n  agent --> lead --> manager\n```\n"
MINIMAL_MKDOCS_YML = "site_name: Our playbook\ndocs_dir: playbook\ntheme: {name: material}\n"
# Everything a team could write that would break a promise if it were taken as it is.
HOSTILE_MKDOCS_YML = """site_name: Our playbook
docs_dir: playbook
theme: {name: material, font: {text: Roboto, code: Roboto Mono}}
plugins: []
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: nothing
          format: !!python/name:pymdownx.superfences.fence_div_format
extra_javascript: [assets/playbook/mermaid-strict.js]
"""


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs", "zensical"])
@pytest.mark.parametrize("config", [MINIMAL_MKDOCS_YML, HOSTILE_MKDOCS_YML], ids=["minimal", "hostile"])
def test_no_mkdocs_yml_switches_a_guarantee_off(project, engine, config):
    """Safety does not depend on the team's mkdocs.yml, and holds with every engine: spec text cannot
    link to a script, no web fonts, Mermaid from the site and rendered, the portfolio on the home page, and
    a vendor site without drafts."""
    (project.root / "mkdocs.yml").write_text(config)
    (project.root / "playbook" / "escalations.md").write_text(TEAM_PAGE_WITH_A_DIAGRAM)
    spec = project.specs / "billing-disputes.yaml"
    spec.write_text(spec.read_text().replace("summary: ", "summary: See [this](javascript:alert(1)). ", 1))
    run = project.build("--engine", engine)
    assert run.returncode == 0, run.stderr
    files = project.output_files()
    for name, content in files.items():
        if name.endswith(".html"):
            assert b"javascript:alert" not in content, name
            assert b"fonts.googleapis" not in content and b"fonts.gstatic" not in content, name
            assert not re.search(rb"<(script|link|img)[^>]+(src|href)=\"(https?:)?//", content), name
    process = project.page("processes/billing-disputes")
    assert "<a>this</a>" in process  # the link is there, without its target
    assert 'src="../../assets/playbook/playbook.js"' in process  # it loads Mermaid where there is a diagram
    assert "assets/playbook/mermaid.min.js" not in process and "assets/playbook/mermaid-strict.js" not in process
    assert '<div class="playbook-flow"' in process  # the flow, drawn at build time
    assert '<pre class="mermaid"><code>flowchart' in project.page("escalations")  # a team's own diagram
    assert "assets/playbook/mermaid.min.js" in files and "assets/playbook/mermaid.LICENSE.txt" in files
    assert 'href="processes/billing-disputes/"' in project.page("")  # the portfolio on the home page
    assert not any(name.startswith("processes/payment-reminder-calls") for name in files)  # a draft
    # Tags lead to the tags page, whose listing the theme's tags plugin (added if missing) fills in.
    assert 'href="../../catalogue/tags/#tag:' in process and 'class="md-tag' in project.page("catalogue/tags")


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        ("extra_javascript: [https://cdn.example.com/track.js]", "on another host"),
        ("extra_css: ['//cdn.example.com/x.css']", "on another host"),
        ("extra: {analytics: {provider: google, property: G-XXXX}}", "extra.analytics"),
        ("theme: {name: readthedocs}", "Material theme"),
    ],
)
def test_a_configuration_that_would_break_a_promise_is_refused(project, setting, said):
    (project.root / "mkdocs.yml").write_text("site_name: Ours\ndocs_dir: playbook\n" + setting + "\n")
    if "theme" not in setting:
        (project.root / "mkdocs.yml").write_text(
            (project.root / "mkdocs.yml").read_text() + "theme: {name: material}\n"
        )
    run = project.build()
    assert run.returncode == 2, run.stderr
    assert said in run.stderr and "Traceback" not in run.stderr
    assert not project.site.exists()


def test_a_broken_link_in_a_hand_written_page_fails_the_build_whatever_mkdocs_yml_says(project):
    (project.root / "mkdocs.yml").write_text(MINIMAL_MKDOCS_YML + "validation: {links: {anchors: ignore}}\n")
    (project.root / "playbook" / "index.md").write_text("# Ours\n\nSee [the KPIs](catalogue/kpis.md#nowhere).\n")
    run = project.build()
    assert run.returncode == 1 and "nowhere" in run.stderr, run.stderr
    assert not project.site.exists()


def test_an_old_site_with_read_only_folders_is_removed_after_the_swap(project):
    """Issue 22's reproducer: a site whose folders its owner made read-only stayed beside the new one as
    `.site.new-*`. Built as a user bound by permissions (root is not: it drops the capabilities here)."""
    from tests.conftest import without_reading_everything

    assert project.build().returncode == 0
    for folder in [project.site, *(p for p in project.site.rglob("*") if p.is_dir())]:
        folder.chmod(0o555)
    run = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--today", "2026-11-23"],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=without_reading_everything,
    )
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in project.root.iterdir() if p.name.startswith(".site")) == []
    assert (project.site / "index.html").is_file()


def test_two_builds_into_one_folder_never_both_claim_it(project):
    """Issue 22's reproducer: two builds of two audiences into one folder both said they built it, while the
    site was the one of whichever swapped it in last. Now a build that finds another writing the folder stops
    and says so; the site's marker names the audience it holds, which is the last successful build's."""
    _with_internal_canary(project)
    command = [sys.executable, "-m", "generator", "build", "--today", "2026-11-23"]
    for _ in range(3):
        runs = {
            audience: subprocess.Popen(
                [*command, "--audience", audience], cwd=project.root, stderr=subprocess.PIPE, text=True
            )
            for audience in ("vendor", "internal")
        }
        finished = []
        while len(finished) < 2:
            for audience, run in runs.items():
                if audience not in finished and run.poll() is not None:
                    finished.append(audience)
            time.sleep(0.01)
        errors = {audience: run.stderr.read() for audience, run in runs.items()}
        built = [a for a in finished if runs[a].returncode == 0]
        for audience in set(finished) - set(built):
            assert runs[audience].returncode == 2, errors[audience]
            assert "another playbook build is writing" in errors[audience]
        assert built, errors
        marker = (project.site / SITE_MARKER).read_text()
        assert f"for the {built[-1]} audience" in marker
        index = (project.site / "processes" / "billing-disputes" / "index.html").read_bytes()
        assert (b"INTERNAL-CANARY" in index) == (built[-1] == "internal")


@pytest.mark.parametrize("link", ["file", "folder"])
def test_a_link_in_the_docs_folder_never_publishes_what_it_points_at(project, tmp_path, link):
    """Issue 22's reproducer: a symlink in the docs folder published its target (a file of the specs' internal
    notes, a folder elsewhere) to every site, vendors' included. The build stops and names the link; a link
    within the docs folder is fine."""
    secret = tmp_path / "elsewhere"
    secret.mkdir()
    (secret / "notes.md").write_text("# Notes\n\nINTERNAL-CANARY\n")
    docs = project.root / "playbook"
    if link == "file":
        (docs / "notes.md").symlink_to(secret / "notes.md")
    else:
        (docs / "notes").symlink_to(secret, target_is_directory=True)
    run = project.build("--site-dir", "vendor-site")
    assert run.returncode == 1, run.stdout
    assert "outside the docs folder" in run.stderr and str(secret / "notes.md") in run.stderr
    assert not (project.root / "vendor-site").exists()
    # within the docs folder, a link is the author's own file
    (docs / ("notes.md" if link == "file" else "notes")).unlink()
    (docs / "about.md").write_text("# About\n\nAbout us.\n")
    (docs / "about-us.md").symlink_to(docs / "about.md")
    assert project.build("--site-dir", "vendor-site").returncode == 0
    assert "About us." in (project.root / "vendor-site" / "about-us" / "index.html").read_text()
