"""Staging a site's docs folder: the author's files plus generated pages, written only where they belong."""

from __future__ import annotations

import os
import random
import re
import subprocess

import pytest

from generator.site.render import MARKER, SITE_ASSETS, RenderError, stage_docs, tidy
from generator.site.render.context import last_changes


@pytest.fixture
def docs(tmp_path):
    docs = tmp_path / "playbook"
    (docs / "assets").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n")
    (docs / "assets" / "logo.svg").write_text("<svg/>")
    return docs


def _files(folder):
    """The files of a folder, without the scripts every site gets from the package."""
    files = {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}
    return {name: path.read_text() for name, path in files.items() if name not in SITE_ASSETS}


def test_staged_folder_holds_the_authors_files_and_the_pages_and_nothing_else(tmp_path, docs):
    staged = tmp_path / "staged"
    staged.mkdir()
    pages = {"index.md": "# Home\n\n## Portfolio\n", "processes/a.md": "A\n", "processes/b.md": "B\n"}
    written = stage_docs(docs, staged, pages)
    assert sorted(written) == sorted(["assets/logo.svg", "index.md", "processes/a.md", "processes/b.md", *SITE_ASSETS])
    assert _files(staged) == {**pages, "assets/logo.svg": "<svg/>"}
    again = stage_docs(docs, staged, {**pages, "processes/b.md": "B2\n"})
    assert again == ["processes/b.md"]
    stage_docs(docs, staged, {"index.md": "# Home\n", "catalogue/kpis.md": "K\n"})
    assert sorted(_files(staged)) == ["assets/logo.svg", "catalogue/kpis.md", "index.md"]
    assert not (staged / "processes").exists()
    assert _files(docs) == {"index.md": "# Home\n", "assets/logo.svg": "<svg/>"}


@pytest.mark.parametrize("name", ["../evil.md", "processes/../../evil.md", "assets/x.md", "processes/sub/x.md"])
def test_pages_never_land_outside_the_generated_folders(tmp_path, docs, name):
    staged = tmp_path / "staged"
    staged.mkdir()
    with pytest.raises(RenderError):
        stage_docs(docs, staged, {name: "x"})
    assert not (tmp_path / "evil.md").exists() and list(staged.iterdir()) == []


def test_every_staged_site_gets_the_package_scripts(tmp_path, docs):
    staged = tmp_path / "staged"
    staged.mkdir()
    stage_docs(docs, staged, {"processes/a.md": "A\n"})
    for name, source in SITE_ASSETS.items():
        assert (staged / name).read_bytes() == source.read_bytes(), name


def test_a_folder_of_the_authors_pages_where_generated_pages_go_is_refused(tmp_path, docs):
    (docs / "vendors").mkdir()
    (docs / "vendors" / "notes.md").write_text("mine")
    staged = tmp_path / "staged"
    staged.mkdir()
    with pytest.raises(RenderError, match="pages of your own"):
        stage_docs(docs, staged, {"processes/a.md": "A\n"})
    assert (docs / "vendors" / "notes.md").read_text() == "mine"


def test_pages_an_earlier_version_wrote_into_the_docs_folder_are_left_out(tmp_path, docs):
    (docs / "processes").mkdir()
    (docs / "processes" / MARKER).write_text("")
    (docs / "processes" / "old.md").write_text("stale, from an earlier version")
    staged = tmp_path / "staged"
    staged.mkdir()
    stage_docs(docs, staged, {"processes/a.md": "A\n"})
    assert sorted(_files(staged)) == ["assets/logo.svg", "index.md", "processes/a.md"]


def test_tidy_separates_blocks():
    assert tidy("text\n| a |\n|---|\nmore\n## H\n\n\n\nend\n") == "text\n\n| a |\n|---|\nmore\n\n## H\n\nend\n"


def _tidy_by_substitution(markdown: str) -> str:
    """What tidy does, said as the three substitutions it was first written as."""
    markdown = re.sub(r"(?m)^(?!\|)(.+)\n(?=\|)", r"\1\n\n", markdown)
    markdown = re.sub(r"(?m)^(.+)\n(?=#{1,6} |!!! )", r"\1\n\n", markdown)
    return re.sub(r"\n{3,}", "\n\n", markdown)


def test_tidy_says_what_its_substitutions_said():
    # Texts made of the characters tidy looks at, in every arrangement a few thousand draws reach: headings
    # of one to seven #, admonitions, tables, runs of blank lines at the start, middle and end.
    pieces = ["\n", "\n", "|", "#", "# ", "####### ", "!!! ", "!! ", "a", " ", "\r", "\t"]
    draw = random.Random(12)
    for _ in range(5000):
        text = "".join(draw.choice(pieces) for _ in range(draw.randrange(0, 30)))
        assert tidy(text) == _tidy_by_substitution(text), repr(text)


def test_an_unchanged_stage_touches_no_file(tmp_path, docs):
    staged = tmp_path / "staged"
    staged.mkdir()
    pages = {"processes/a.md": "A\n", "catalogue/kpis.md": "K\n"}
    stage_docs(docs, staged, pages)
    stamps = {p: p.stat().st_mtime_ns for p in staged.rglob("*") if p.is_file()}
    assert stage_docs(docs, staged, pages) == []
    assert {p: p.stat().st_mtime_ns for p in staged.rglob("*") if p.is_file()} == stamps


def _git(repo, *args, date="2026-01-01T12:00:00"):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Owner",
        "GIT_AUTHOR_EMAIL": "owner@example.org",
        "GIT_COMMITTER_NAME": "Owner",
        "GIT_COMMITTER_EMAIL": "owner@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


def test_last_changes_gives_each_spec_its_last_commit_in_one_log(tmp_path, monkeypatch):
    repo = tmp_path / "playbook repo"
    specs = repo / "process_specs"
    specs.mkdir(parents=True)
    _git(repo, "init", "-q")
    for name in ("refunds.yaml", "billing.yaml", "claims ü.yaml"):
        (specs / name).write_text("spec: 1\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "first", date="2026-01-05T12:00:00")
    (specs / "billing.yaml").write_text("spec: 1\nid: billing\n")
    _git(repo, "commit", "-qam", "second", date="2026-03-09T12:00:00")
    (specs / "new.yaml").write_text("spec: 1\n")  # never committed
    monkeypatch.chdir(tmp_path)  # outside the repository: the specs' folder says which one
    paths = [str(specs / n) for n in ("refunds.yaml", "billing.yaml", "claims ü.yaml", "new.yaml")]
    assert last_changes(paths) == {
        paths[0]: "2026-01-05",
        paths[1]: "2026-03-09",
        paths[2]: "2026-01-05",
    }
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.yaml").write_text("spec: 1\n")
    assert last_changes([str(outside / "x.yaml")]) == {}
