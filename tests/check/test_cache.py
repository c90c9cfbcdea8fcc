"""Neither check's cache nor its workers change a result. A warm check equals a check without the cache,
after any edit to any file a rule reads (specs, vendor files, figures, the configuration, the day), and
whatever happened to the cache file; a check on every core equals a check on one. Each test also shows that
the cache or the workers were used, or that the edit mattered, so that none passes by checking everything
again or by editing nothing."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.changes.baselines import baselines
from generator.changes.diff import diff_versions
from generator.check import engine, units, workers
from generator.check.cache import FILE, TAG, Cache, default_folder, digest, secret
from generator.check.config import Config
from generator.check.engine import check, check_result
from generator.check.report import FORMATS
from generator.check.units import Context
from generator.site import render
from generator.site.render import pages_for
from generator.site.render.context import Audience
from tests.conftest import FIXTURES, TODAY
from tests.test_outsiders import MUTATIONS, OUTSIDERS, apply

EXAMPLES = Path(__file__).resolve().parents[2] / "process_specs"


def _copy(source: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "specs"
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("*.md"))
    return folder


def _outputs(result) -> dict[str, str]:
    """The result as every reporter writes it: equal outputs, byte for byte."""
    written = {}
    for name, write in FORMATS.items():
        out = _Out()
        write(result, out, color=False)
        written[name] = out.text
    return written


class _Out:
    def __init__(self):
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


DEFAULTS = Config()


def _cached(folder: Path, cache_dir: Path, config: Config = DEFAULTS, today: dt.date = TODAY):
    cache = Cache(cache_dir)
    return check_result([str(folder)], config, today, "https://example.org/rules/", cache), cache


def _uncached(folder: Path, config: Config = DEFAULTS, today: dt.date = TODAY):
    return check([str(folder)], config, today, "https://example.org/rules/").result


@pytest.mark.parametrize("source", [EXAMPLES, OUTSIDERS, FIXTURES / "complete"], ids=lambda p: p.name)
def test_a_warm_check_writes_what_a_check_without_cache_writes(tmp_path, source):
    folder = _copy(source, tmp_path)
    cold = _outputs(_uncached(folder))
    filled, first = _cached(folder, tmp_path / "cache")
    warm, second = _cached(folder, tmp_path / "cache")
    assert first.hits == 0
    # Every spec and figures file from the cache: nothing was checked again (ledgers are read every time).
    specs = [p for p in folder.rglob("*.yaml") if p.parent.name != "acknowledgements"]
    assert second.hits == len(specs) + len(list(folder.rglob("*.csv")))
    assert _outputs(filled) == cold
    assert _outputs(warm) == cold


def test_every_outsider_mutation_is_found_through_a_warm_cache_and_gone_once_undone(tmp_path):
    folder = _copy(OUTSIDERS, tmp_path)
    cache_dir = tmp_path / "cache"
    clean = _outputs(_uncached(folder))
    _cached(folder, cache_dir)
    for mutation in MUTATIONS:
        original = apply(folder, mutation)
        expected = _outputs(_uncached(folder))
        assert _outputs(_cached(folder, cache_dir)[0]) == expected, mutation.id
        (folder / mutation.file).write_text(original, encoding="utf-8")
        assert _outputs(_cached(folder, cache_dir)[0]) == clean, f"{mutation.id}, undone"


def _figures(folder: Path, process: str, *rows: str) -> None:
    path = folder / "measurements" / f"{process}.csv"
    path.write_text(path.read_text(encoding="utf-8") + "".join(f"{row}\n" for row in rows), encoding="utf-8")


def _vendor_language_dropped(folder: Path) -> None:
    path = folder / "vendors" / "atlantico-contact.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("'en', ", "", 1), encoding="utf-8")


# Edits to the files a spec's rules read besides the spec itself; each must change the result.
CONTEXT_EDITS = {
    "a breached figure": lambda f: _figures(f, "billing-disputes", "credit-accuracy,2026-W48,80,"),
    "figures removed": lambda f: (f / "measurements" / "billing-disputes.csv").unlink(),
    "figures saved under another process's name": lambda f: (f / "measurements" / "billing-disputes.csv").rename(
        f / "measurements" / "billing-dispute.csv"
    ),
    "a vendor file removed": lambda f: (f / "vendors" / "atlantico-contact.yaml").unlink(),
    "a vendor file broken": lambda f: (f / "vendors" / "atlantico-contact.yaml").write_text("id: [\n"),
    "a vendor's language dropped": _vendor_language_dropped,
}


@pytest.mark.parametrize("edit", CONTEXT_EDITS, ids=str)
def test_a_change_to_a_file_a_rule_reads_is_never_hidden_by_the_cache(tmp_path, edit):
    folder = _copy(EXAMPLES, tmp_path)
    cache_dir = tmp_path / "cache"
    before = _outputs(_cached(folder, cache_dir)[0])
    CONTEXT_EDITS[edit](folder)
    expected = _outputs(_uncached(folder))
    assert expected != before, "the edit changes nothing: the test would prove nothing"
    assert _outputs(_cached(folder, cache_dir)[0]) == expected


def test_a_figures_file_moved_unchanged_is_judged_at_its_new_place(tmp_path):
    """Issue 22's reproducer: an unchanged figures file moved to another `measurements/` folder kept its
    digest, so the process's cached findings about it named the old path and were dropped: warm 0, cold 1."""
    folder = _copy(EXAMPLES, tmp_path)
    _figures(folder, "billing-disputes", "first-contact-resolutoin,2026-W46,80,")
    cache_dir = tmp_path / "cache"
    before = _outputs(_cached(folder, cache_dir)[0])
    assert "M002" in before["text"]
    (folder / "teams" / "measurements").mkdir(parents=True)
    (folder / "measurements" / "billing-disputes.csv").rename(
        folder / "teams" / "measurements" / "billing-disputes.csv"
    )
    expected = _outputs(_uncached(folder))
    assert "teams/measurements/billing-disputes.csv" in expected["text"] and "M002" in expected["text"]
    assert _outputs(_cached(folder, cache_dir)[0]) == expected


def test_the_configuration_and_the_day_are_in_the_key(tmp_path):
    folder = _copy(EXAMPLES, tmp_path)
    cache_dir = tmp_path / "cache"
    _cached(folder, cache_dir)
    quieter = Config(severities={"T014": "off", "T008": "error"})
    later = TODAY + dt.timedelta(days=400)
    for config, today in [
        (quieter, TODAY),
        (Config.with_options(regulation_certifications={"GDPR": ["iso-27701"]}), TODAY),  # the reminders' GDPR
        (Config(), later),
    ]:
        expected = _outputs(_uncached(folder, config, today))
        assert expected != _outputs(_uncached(folder)), "the change matters"
        assert _outputs(_cached(folder, cache_dir, config, today)[0]) == expected


# What can happen to a cache file: cut short, overwritten, edited, written by another version or format.
def _cut(text: str) -> str:
    return text[: len(text) // 2]


def _valid_but_emptied(text: str) -> str:
    """Every stored unit loses its findings, and the file's digest is made to match: a cache edited with
    care, or by a bug of ours, must still not hide a finding."""
    _, _, body = text.partition("\n")
    data = json.loads(body)
    for entry in data["entries"].values():
        entry["value"] = {"kind": "process"}  # not a unit: missing every field
    return _signed(json.dumps(data))


def _signed(body: str, key: bytes | None = None) -> str:
    """A cache file's text as check writes it: the body after its checksum, keyed with this user's secret."""
    return digest(body, key=secret() if key is None else key) + "\n" + body


def _other_tool(text: str) -> str:
    _, _, body = text.partition("\n")
    data = json.loads(body)
    data["tool"] = "0" * 32
    for entry in data["entries"].values():
        entry["value"]["findings"] = []
    return _signed(json.dumps(data))


def _findings_dropped_digest_kept(text: str) -> str:
    check, _, body = text.partition("\n")
    data = json.loads(body)
    for entry in data["entries"].values():
        entry["value"]["findings"] = []
    return check + "\n" + json.dumps(data)


DAMAGE = {
    "cut short": _cut,
    "empty": lambda text: "",
    "not JSON": lambda text: "\x00\xff garbage " * 50,
    "JSON of another shape": lambda text: _signed("[1, 2]"),
    "nested deeper than Python recurses": lambda text: _signed("[" * 100_000 + "]" * 100_000),
    "units that are not units": _valid_but_emptied,
    "another version of the tool": _other_tool,
    "findings removed, digest left": _findings_dropped_digest_kept,
}


@pytest.mark.parametrize("damage", DAMAGE, ids=str)
def test_a_damaged_cache_reads_as_empty_and_hides_nothing(tmp_path, damage):
    folder = _copy(OUTSIDERS, tmp_path)
    path = folder / "it-service-desk.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("owner:", "ownr:", 1), encoding="utf-8")
    expected = _outputs(_uncached(folder))
    assert '"errors": 0' not in expected["json"]
    cache_dir = tmp_path / "cache"
    _cached(folder, cache_dir)
    stored = cache_dir / FILE
    stored.write_text(DAMAGE[damage](stored.read_text(encoding="utf-8")), encoding="utf-8", errors="surrogateescape")
    result, cache = _cached(folder, cache_dir)
    if damage != "units that are not units":  # those are found, then refused as units by the engine
        assert cache.hits == 0
    assert _outputs(result) == expected
    # and the next run rewrote a sound cache
    assert _cached(folder, cache_dir)[1].hits > 0


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path):
    folder = _copy(OUTSIDERS, tmp_path)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    result, _ = _cached(folder, blocked)
    assert _outputs(result) == _outputs(_uncached(folder))
    assert blocked.read_text() == "not a folder"


def test_each_file_keeps_one_entry_and_deleted_files_leave_the_cache(tmp_path):
    folder = _copy(OUTSIDERS, tmp_path)
    cache_dir = tmp_path / "cache"
    _cached(folder, cache_dir)
    spec = folder / "it-service-desk.yaml"
    for n in range(3):
        spec.write_text(spec.read_text(encoding="utf-8") + f"# edit {n}\n", encoding="utf-8")
        _cached(folder, cache_dir)
    entries = json.loads((cache_dir / FILE).read_text(encoding="utf-8").partition("\n")[2])["entries"]
    assert sorted(Path(p).name for p in entries) == [
        "cordillera-tech.yaml",
        "heartland-claims.yaml",
        "it-service-desk.csv",
        "it-service-desk.yaml",
        "medical-claims-intake.csv",
        "medical-claims-intake.yaml",
    ]
    (folder / "measurements" / "it-service-desk.csv").unlink()
    _cached(folder, cache_dir)
    entries = json.loads((cache_dir / FILE).read_text(encoding="utf-8").partition("\n")[2])["entries"]
    assert not any(p.endswith("it-service-desk.csv") for p in entries)


def test_every_field_of_the_rules_context_is_in_the_cache_key():
    """A rule that reads a new Context field would be judged on a stale value unless the key covers it: add
    the field to `engine._Run._key_files`, then here."""
    assert set(Context.__struct_fields__) == {
        "vendors",  # every vendor file's digest
        "certifications",  # the configuration
        "options",  # the configuration
        "today",
        "waivable",  # from the rules: the tool's fingerprint
        "unreadable_vendors",  # every vendor file's digest
        "measurements",  # the process's own figures file (by its id)
        "baselines",  # the comparison with another version (`check --base`)
    }


def test_a_check_that_compares_with_another_version_is_not_answered_from_a_plain_one(tmp_path):
    folder = _copy(FIXTURES / "complete", tmp_path)
    spec = folder / "billing-disputes.yaml"
    before = spec.read_bytes()
    spec.write_text(spec.read_text(encoding="utf-8").replace("    sla: 4h\n", "    sla: 2h\n"), encoding="utf-8")
    compared = baselines(diff_versions({str(spec): before}, {str(spec): spec.read_bytes()}))
    cache = tmp_path / "cache"

    def codes(**compare) -> set[str]:
        result = check_result([str(folder)], DEFAULTS, TODAY, "", Cache(cache), **compare)
        return {f.code for f in result.findings}

    assert "N001" not in codes()
    assert "N001" in codes(baselines=compared)
    assert "N001" not in codes()


def _playbook(*args: str, cwd: Path, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """The command as a developer runs it: outside CI unless `env` says otherwise."""
    environ = {k: v for k, v in os.environ.items() if k not in ("CI", "PLAYBOOK_CACHE_DIR")}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**environ, **(env or {})},
        timeout=timeout,
    )


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", ["process_specs/huge.yaml", "process_specs/measurements/billing-disputes.csv"])
def test_a_file_too_large_to_cache_gets_its_finding_through_the_cache(tmp_path, name):
    """Issue 22's reproducer: a spec or figures file over the cache's size limit has no key; the default
    check exited 3 (KeyError) storing its result. Its finding is now the same with and without the cache."""
    from generator.check.cache import MAX_BYTES

    shutil.copytree(EXAMPLES, tmp_path / "process_specs")
    big = tmp_path / name
    big.write_text("# " + "x" * (MAX_BYTES + 1) + "\n")
    runs = [
        _playbook("check", *flags, "--today", TODAY.isoformat(), "process_specs", cwd=tmp_path)
        for flags in ([], [], ["--no-cache"])
    ]
    assert [run.returncode for run in runs] == [1, 1, 1], runs[0].stderr
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout and name in runs[0].stdout
    assert (default_folder(tmp_path) / FILE).is_file()


def test_the_command_keeps_its_cache_outside_the_checkout(tmp_path):
    """Issue 22: a cache in the checkout could come with a pull request. It lives in the user's cache
    folder, one per project folder, tagged so that backup tools skip it; the checkout is left as it was."""
    folder = _copy(OUTSIDERS, tmp_path)
    before = _tree(tmp_path)
    first = _playbook("check", "--today", TODAY.isoformat(), str(folder), cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert _tree(tmp_path) == before
    cache = default_folder(tmp_path)
    assert (cache / FILE).is_file() and (cache / TAG).read_text().startswith("Signature: 8a477f597d28d172")
    assert cache.is_relative_to(os.environ["XDG_CACHE_HOME"])  # conftest's stand-in for ~/.cache
    assert default_folder(tmp_path / "specs") != cache  # another project folder, another cache
    second = _playbook("check", "--today", TODAY.isoformat(), str(folder), cwd=tmp_path)
    assert second.stdout == first.stdout


def test_no_cache_reads_and_writes_none_and_the_folder_can_be_moved(tmp_path):
    folder = _copy(OUTSIDERS, tmp_path)
    run = _playbook("check", "--no-cache", "--today", TODAY.isoformat(), str(folder), cwd=tmp_path)
    assert run.returncode == 0
    assert not default_folder(tmp_path).exists()
    moved = tmp_path / "elsewhere"
    run = _playbook(
        "check", "--today", TODAY.isoformat(), str(folder), cwd=tmp_path, env={"PLAYBOOK_CACHE_DIR": str(moved)}
    )
    assert run.returncode == 0
    assert (moved / FILE).is_file() and (moved / TAG).is_file() and not default_folder(tmp_path).exists()


def test_in_ci_the_cache_is_used_only_when_a_folder_is_given(tmp_path):
    folder = _copy(OUTSIDERS, tmp_path)
    run = _playbook("check", "--today", TODAY.isoformat(), str(folder), cwd=tmp_path, env={"CI": "true"})
    assert run.returncode == 0 and not default_folder(tmp_path).exists()
    given = tmp_path / "ci-cache"
    args = ("check", "--cache-dir", str(given), "--today", TODAY.isoformat(), str(folder))
    assert _playbook(*args, cwd=tmp_path, env={"CI": "true"}).returncode == 0
    assert (given / FILE).is_file()
    # CI=false (as some set it off) is not CI
    assert (
        _playbook("check", "--today", TODAY.isoformat(), str(folder), cwd=tmp_path, env={"CI": "false"}).returncode == 0
    )
    assert (default_folder(tmp_path) / FILE).is_file()


def test_a_users_folder_given_as_cache_dir_is_never_written_in(tmp_path):
    """Issue 22's reproducer: `--cache-dir` at a folder of the user's replaced their check.json and added a
    .gitignore of `*` that hid their files from git. It is now left as it was, and stderr says why."""
    folder = _copy(OUTSIDERS, tmp_path)
    theirs = tmp_path / "reports"
    theirs.mkdir()
    (theirs / FILE).write_text('{"their": "report"}\n')
    (theirs / "summary.md").write_text("# Summary\n")
    before = _tree(theirs)
    run = _playbook("check", "--cache-dir", str(theirs), "--today", TODAY.isoformat(), str(folder), cwd=tmp_path)
    assert (
        run.returncode == 0
        and run.stdout
        == _playbook("check", "--no-cache", "--today", TODAY.isoformat(), str(folder), cwd=tmp_path).stdout
    )
    assert _tree(theirs) == before
    assert f"{theirs} holds files playbook check did not write" in run.stderr
    # An empty folder, or one an earlier check made, is the cache's own.
    empty = tmp_path / "empty"
    empty.mkdir()
    run = _playbook("check", "--cache-dir", str(empty), "--today", TODAY.isoformat(), str(folder), cwd=tmp_path)
    assert run.stderr == "" and (empty / FILE).is_file()
    run = _playbook("check", "--cache-dir", str(empty), "--today", TODAY.isoformat(), str(folder), cwd=tmp_path)
    assert run.stderr == ""


def _broken_specs(tmp_path: Path) -> Path:
    """The outsiders with two blocking errors, in a checkout of their own."""
    folder = _copy(OUTSIDERS, tmp_path / "checkout")
    path = folder / "it-service-desk.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("owner:", "ownr:", 1), encoding="utf-8")
    vendor = folder / "vendors" / "cordillera-tech.yaml"
    vendor.write_text(vendor.read_text(encoding="utf-8") + "surprise: key\n", encoding="utf-8")
    return folder


def _forged_cache(folder: Path, clean: Path, key: bytes) -> str:
    """What an attacker who has the tool writes: this check's keys for the broken files, each holding the
    clean file's unit (no findings), signed with `key`."""
    run = engine._Run([str(folder)], DEFAULTS, TODAY, Cache(folder.parent / "scratch", key=key))
    units = {str(folder / path.relative_to(clean)): units_of for path, units_of in _clean_units(clean).items()}
    for path, value in units.items():
        if value.get("measured") is not None:  # the figures it was judged with: the victim's
            value["measured"] = run._sheet_by_id[Path(path).stem]
    entries = {p: {"key": k, "used": dt.date.today().toordinal(), "value": units[p]} for p, k in run.keys.items()}
    body = json.dumps({"format": 2, "tool": run.cache.fingerprint, "entries": entries}, separators=(",", ":"))
    return _signed(body, key)


def _clean_units(clean: Path) -> dict[Path, dict]:
    scratch = clean.parent / "clean-cache"
    cache = Cache(scratch)
    check_result([str(clean)], DEFAULTS, TODAY, "https://example.org/rules/", cache)
    stored = json.loads((scratch / FILE).read_text(encoding="utf-8").partition("\n")[2])["entries"]
    return {Path(path): entry["value"] for path, entry in stored.items()}


def test_a_forged_cache_never_passes_a_broken_spec(tmp_path):
    """Issue 22's attack: a pull request plants a cache whose entries say its broken specs are clean. Signed
    with the victim's key (which only the victim's machine holds) the forgery would work, which shows it is
    a real one; signed any other way, or put where check looks by default, it changes nothing."""
    clean = _copy(OUTSIDERS, tmp_path / "clean")
    folder = _broken_specs(tmp_path)
    expected = _playbook("check", "--no-cache", "--today", TODAY.isoformat(), str(folder), cwd=folder.parent)
    assert expected.returncode == 1 and "ownr" in expected.stdout
    planted = folder.parent / ".playbook_cache"
    planted.mkdir()
    (planted / TAG).write_text("Signature: 8a477f597d28d172789f06886806bc55\n# playbook check\n")
    args = ("check", "--today", TODAY.isoformat(), str(folder))

    (planted / FILE).write_text(_forged_cache(folder, clean, secret()), encoding="utf-8")
    works = _playbook(*args, "--cache-dir", str(planted), cwd=folder.parent)
    assert works.returncode == 0 and "0 errors" in works.stdout, "the forgery is not one: the test proves nothing"

    attacker = os.urandom(32).hex().encode()
    for name, text in {
        "signed with the attacker's own key": _forged_cache(folder, clean, attacker),
        "signed without a key, as caches were before": _forged_cache(folder, clean, b""),
    }.items():
        (planted / FILE).write_text(text, encoding="utf-8")
        for where in (["--cache-dir", str(planted)], [], ["--cache-dir", str(planted)]):
            got = _playbook(*args, *where, cwd=folder.parent)
            assert (got.returncode, got.stdout) == (1, expected.stdout), (name, where)
    # in CI, where the workflow `init` writes runs a plain check, nothing is read at all
    (planted / FILE).write_text(_forged_cache(folder, clean, secret()), encoding="utf-8")
    got = _playbook(*args, cwd=folder.parent, env={"CI": "true"})
    assert (got.returncode, got.stdout) == (1, expected.stdout)


SPECIAL = {
    "a symlink to /dev/zero": lambda path: path.symlink_to("/dev/zero"),
    "a FIFO nobody writes to": lambda path: os.mkfifo(path),
    "a folder": lambda path: path.mkdir(),
    "larger than a cache can be": lambda path: os.truncate(path.open("w").name, 65 * 1024 * 1024),
    "nested deeper than Python recurses, signed": lambda path: path.write_text(_signed("[" * 200_000 + "]" * 200_000)),
    "not valid UTF-8 after a good checksum": lambda path: path.write_bytes(
        _signed("x").split("\n")[0].encode() + b"\n\xff\xfe{"
    ),
}


@pytest.mark.parametrize("special", SPECIAL, ids=str)
def test_a_special_cache_file_reads_as_empty_at_once(tmp_path, special):
    """Issue 22's reproducers: a cache that is a symlink to /dev/zero exhausted memory, a FIFO hung the
    check, deep JSON exited 3. Each now reads as an empty cache (the timeout is a hang's bound, not a speed
    target) and the verdict is the one without a cache."""
    folder = _broken_specs(tmp_path)
    expected = _playbook("check", "--no-cache", "--today", TODAY.isoformat(), str(folder), cwd=folder.parent)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / TAG).write_text("Signature: 8a477f597d28d172789f06886806bc55\n# playbook check\n")
    SPECIAL[special](cache / FILE)
    got = _playbook(
        "check", "--cache-dir", str(cache), "--today", TODAY.isoformat(), str(folder), cwd=tmp_path, timeout=60
    )
    assert (got.returncode, got.stdout, got.stderr) == (1, expected.stdout, "")


_RUN = workers._run


def _run_and_tell(index: int):
    """The workers' function, saying which process ran it (module level: a pool sends it by name)."""
    with open(os.environ["PIDS"], "a") as out:
        out.write(f"{os.getpid()}\n")
    return _RUN(index)


def _portfolio(tmp_path: Path) -> list[str]:
    """Ten copies of the outsiders, each with other mutations (so that ids collide across copies too), and
    the examples."""
    folders = [str(_copy(EXAMPLES, tmp_path / "examples"))]
    for n in range(10):
        folder = _copy(OUTSIDERS, tmp_path / f"copy-{n}")
        for mutation in MUTATIONS[n::10][:3]:
            # An earlier edit of this copy may have changed the text this one replaces.
            if (folder / mutation.file).read_text(encoding="utf-8").count(mutation.old) == 1:
                apply(folder, mutation)
        folders.append(str(folder))
    return folders


def test_a_check_on_every_core_writes_what_a_check_on_one_writes(tmp_path, monkeypatch):
    """Judged by forked workers, the same bytes as judged in one process."""
    folders = _portfolio(tmp_path)
    pids = tmp_path / "pids"
    monkeypatch.setenv("PIDS", str(pids))
    monkeypatch.setattr(workers, "_run", _run_and_tell)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    one = check(folders, DEFAULTS, TODAY, workers=1).result
    every = check_result(folders, DEFAULTS, TODAY, workers=2)
    assert os.getpid() not in {int(p) for p in pids.read_text().split()}  # workers judged
    assert one.findings and _outputs(every) == _outputs(one)


@pytest.mark.parametrize("audience", ["internal", "vendor"])
def test_pages_rendered_by_workers_from_their_models_are_the_pages_of_one_process(tmp_path, monkeypatch, audience):
    """The build's check on every core sends the models back, and its process pages are rendered on every
    core: the same pages as a check and a rendering in one process."""
    folders = _portfolio(tmp_path)
    docs = Path(__file__).resolve().parents[2] / "playbook"
    one = check(folders, DEFAULTS, TODAY, workers=1)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 10**9)
    pages_of_one = pages_for(one, Audience(audience), docs)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    monkeypatch.setattr(workers, "_run", _run_and_tell)
    pids = tmp_path / "pids"
    monkeypatch.setenv("PIDS", str(pids))
    every = check(folders, DEFAULTS, TODAY, workers=2)
    judged = len(pids.read_text().split())
    process_files = [
        p for f in folders for p in Path(f).rglob("*.yaml") if p.parent.name not in ("vendors", "acknowledgements")
    ]
    assert os.getpid() not in {int(p) for p in pids.read_text().split()} and judged == len(process_files)
    assert [p.path for p in every.processes] == [p.path for p in one.processes] and len(one.processes) > 20
    assert _outputs(every.result) == _outputs(one.result)
    assert pages_for(every, Audience(audience), docs) == pages_of_one
    assert len(pids.read_text().split()) > judged  # the pages were rendered by the workers too


def test_a_memo_of_the_last_check_and_rendering_changes_no_page_after_any_edit(tmp_path, monkeypatch):
    """`playbook serve` keeps the last check's models and the last rendering's process pages. After each of
    the outsiders' mutations, and after undoing it, its check and pages equal a fresh check and rendering,
    while it reads one file again and renders at most the pages of the processes whose inputs changed."""
    folder = _copy(OUTSIDERS, tmp_path)
    docs = Path(__file__).resolve().parents[2] / "playbook"
    audience = Audience("internal")
    memo, pages = engine.Memo(), render.PageMemo()
    reads, renders = [], []
    read, context = units.read_file, render.process_context
    monkeypatch.setattr(engine, "read_file", lambda path, schema: reads.append(path) or read(path, schema))
    monkeypatch.setattr(render, "process_context", lambda *a, **k: renders.append(a[0].id) or context(*a, **k))

    def served():
        checked = check([str(folder)], DEFAULTS, TODAY, memo=memo)
        return _outputs(checked.result), pages_for(checked, audience, docs, pages)

    def fresh():
        checked = check([str(folder)], DEFAULTS, TODAY)
        return _outputs(checked.result), pages_for(checked, audience, docs)

    assert served() == fresh()
    reads.clear(), renders.clear()
    assert served() == fresh() and reads.count(str(folder / "it-service-desk.yaml")) == 1  # fresh() read it
    assert sorted(renders) == ["it-service-desk", "medical-claims-intake"]  # fresh()'s only
    # Every edit to a vendor file (the context of every page), every third edit to a spec: a minute is enough.
    spec_edits = [m for m in MUTATIONS if not m.file.startswith("vendors/")]
    for mutation in [m for m in MUTATIONS if m.file.startswith("vendors/")] + spec_edits[::3]:
        original = apply(folder, mutation)
        assert served() == fresh(), mutation.id
        (folder / mutation.file).write_text(original, encoding="utf-8")
        assert served() == fresh(), f"{mutation.id}, undone"
