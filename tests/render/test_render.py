"""Writing generated pages: only changed files, only inside the owned folders, never over foreign files."""

from __future__ import annotations

import pytest

from generator.render import MARKER, RenderError, tidy, write_pages


def test_only_changed_pages_are_rewritten_and_stale_ones_removed(tmp_path):
    docs = tmp_path / "playbook"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n")
    first = write_pages(docs, {"processes/a.md": "A\n", "processes/b.md": "B\n", "catalogue/kpis.md": "K\n"})
    assert len(first) == 3
    again = write_pages(docs, {"processes/a.md": "A\n", "processes/b.md": "B2\n", "catalogue/kpis.md": "K\n"})
    assert again == [docs.resolve() / "processes" / "b.md"]
    write_pages(docs, {"processes/a.md": "A\n", "catalogue/kpis.md": "K\n"})
    assert sorted(p.name for p in (docs / "processes").iterdir()) == [MARKER, "a.md"]
    assert (docs / "index.md").read_text() == "# Home\n"


@pytest.mark.parametrize("name", ["../evil.md", "processes/../../evil.md", "index.md", "processes/sub/x.md"])
def test_pages_never_land_outside_the_owned_folders(tmp_path, name):
    docs = tmp_path / "playbook"
    docs.mkdir()
    with pytest.raises(RenderError):
        write_pages(docs, {name: "x"})
    assert not (tmp_path / "evil.md").exists() and not (docs / "index.md").exists()


def test_a_folder_of_someone_elses_files_is_not_taken_over(tmp_path):
    docs = tmp_path / "playbook"
    (docs / "vendors").mkdir(parents=True)
    (docs / "vendors" / "notes.md").write_text("mine")
    with pytest.raises(RenderError, match="did not write"):
        write_pages(docs, {"processes/a.md": "A\n"})
    assert (docs / "vendors" / "notes.md").read_text() == "mine"
    assert not (docs / "processes").exists()


def test_tidy_separates_blocks():
    assert tidy("text\n| a |\n|---|\nmore\n## H\n\n\n\nend\n") == "text\n\n| a |\n|---|\nmore\n\n## H\n\nend\n"


def test_an_unchanged_render_touches_no_file(tmp_path):
    docs = tmp_path / "playbook"
    docs.mkdir()
    pages = {"processes/a.md": "A\n", "catalogue/kpis.md": "K\n"}
    write_pages(docs, pages)
    stamps = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    assert write_pages(docs, pages) == []
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()} == stamps
