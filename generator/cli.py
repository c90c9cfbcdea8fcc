"""The `playbook` command: turns options into a check (or a listing) and its result into an exit code."""

from __future__ import annotations

import datetime as dt
import os
import sys

import click

from generator import __version__

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
DEFAULT_SPECS = "process_specs"
# True in the `playbook` command itself (`run`), False where `main` is called in a longer-lived process.
_OWN_PROCESS = False


class Playbook(click.Group):
    """The command group, which turns a bug of ours into exit 3 and one line, not a traceback and not exit 1
    (which CI would read as "the specs have errors")."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:
            # The reader went away (`playbook scorecard | head`): not our error. Python's advice: point
            # stdout at devnull so that the flush at exit does not fail again, and exit as a broken pipe does.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(128 + 13)
        except Exception as error:
            if os.environ.get("PLAYBOOK_DEBUG"):
                raise
            where = "; ".join(getattr(error, "__notes__", []))
            click.echo(
                f"playbook: internal error, please report: {type(error).__name__}: {error}"
                + (f" ({where})" if where else "")
                + "; PLAYBOOK_DEBUG=1 shows the traceback",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)


def run() -> None:
    """The `playbook` console script and `python -m generator`: `main` in a process of its own."""
    global _OWN_PROCESS
    _OWN_PROCESS = True
    main()


def _leave(code: int, *streams) -> None:
    """End a command that leaves nothing to clean up (no temporary files, threads or child processes).
    In its own process it exits at once, after flushing its output, as mypy does: the interpreter's
    teardown, which frees every object one by one, was a seventh of a small check's time. Called in a
    longer-lived process (tests, a script), it raises SystemExit like any command."""
    if _OWN_PROCESS:
        for stream in (*streams, sys.stdout, sys.stderr):
            stream.flush()
        os._exit(code)
    sys.exit(code)


@click.group(cls=Playbook, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="playbook")
def main() -> None:
    """The BPO handover playbook: check process specs and publish them for vendors."""


def _clean_up_when_terminated() -> None:
    """SIGTERM (a CI job cancelled, `kill`) ends a build as Ctrl-C does, through its `finally` blocks, so that
    its private folders go with it; its children die with it (`workers.die_with`)."""
    import signal

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def _in_ci() -> bool:
    """True where CI systems say so (GitHub, GitLab, and most others set CI=true)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _today(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    from generator.spec.periods import FIRST_YEAR, LAST_YEAR

    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("write a date as YYYY-MM-DD", param_hint="--today") from None
    if not FIRST_YEAR < day.year < LAST_YEAR:  # the periods around the day are in range too
        raise click.BadParameter(f"give a day in the years {FIRST_YEAR + 1} to {LAST_YEAR - 1}", param_hint="--today")
    return day


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "sarif", "github", "gitlab"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Configuration file [default: .playbook.yaml when present].",
)
@click.option("--today", metavar="YYYY-MM-DD", help="Check as if today were this date (expiry rules).")
@click.option("--verbose", "-v", is_flag=True, help="Text: the readiness of every spec, also in a large portfolio.")
@click.option("--no-cache", is_flag=True, help="Check every file again, neither reading nor writing the cache.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    envvar="PLAYBOOK_CACHE_DIR",
    help="Where check keeps what it found in unchanged files [default: the user's cache folder; none when CI "
    "is set; env PLAYBOOK_CACHE_DIR].",
)
@click.option(
    "--base",
    metavar="REV",
    help="Also judge the changes since REV, a git revision (a pull request's target branch: origin/main), as "
    "the vendor must be told of them: a new revision, its notice period, its amendment (N001-N003). auto: the "
    "target branch of the pull or merge request CI runs for, and no comparison outside one.",
)
def check(
    paths: tuple[str, ...],
    output_format: str,
    strict: bool,
    config_path: str | None,
    today: str | None,
    verbose: bool,
    no_cache: bool,
    cache_dir: str | None,
    base: str | None,
) -> None:
    """Check process and vendor specs (default: process_specs/)."""
    # Imported here so that `playbook --help` stays instant; check never imports MkDocs or Jinja2.
    from generator.authoring.reference import rule_help_base
    from generator.check.engine import check_result
    from generator.check.report import FORMATS

    on_day = _today(today)
    paths, config = _specs_and_config(paths, config_path, "check")
    cache = None
    # In CI the checkout is the pull request's: a cache is used there only when a folder is given.
    if not no_cache and (cache_dir is not None or not _in_ci()):
        from generator.check.cache import Cache, default_folder

        cache = Cache(cache_dir if cache_dir is not None else default_folder())
    from generator.changes.history import history_reader

    result = check_result(
        paths,
        config,
        on_day,
        rule_help_base(),
        cache,
        baselines=_baselines(base, paths),
        history=history_reader(),
    )
    if cache is not None and cache.refused:
        click.echo(f"playbook: {cache.refused}", err=True)
    out = sys.stdout
    color = output_format == "text" and out.isatty() and "NO_COLOR" not in os.environ
    FORMATS[output_format](result, out, color=color, **({"verbose": verbose} if output_format == "text" else {}))
    failed = result.errors > 0 or (strict and result.warnings > 0)
    _leave(EXIT_ERRORS if failed else EXIT_OK, out)


def _baselines(base: str | None, paths: tuple[str, ...]) -> dict:
    """How each process stood at `base` and what changed since (`check --base`); {} for no comparison."""
    if base is None:
        return {}
    from generator.changes.baselines import baselines
    from generator.changes.diff import diff_versions
    from generator.changes.git import GitError, base_named, specs_at

    try:
        revision = base_named(base)
        if revision is None:
            return {}
        before, after = {}, {}
        for path in paths:
            before |= specs_at(revision, path)
            after |= specs_at(None, path)
    except GitError as error:
        _fail(f"--base: {error}")
    return baselines(diff_versions(before, after))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--audience",
    type=click.Choice(["vendor", "internal"]),
    default="vendor",
    show_default=True,
    help="vendor: published processes only; internal: drafts, notes, readiness and findings too.",
)
@click.option("--vendor", "vendor_id", metavar="ID", help="Vendor audience: only this vendor's processes.")
@click.option("--each-vendor", is_flag=True, help="One vendor-scoped site per vendor, in <site-dir>/<vendor-id>/.")
@click.option("--site-dir", type=click.Path(file_okay=False), default="site", show_default=True)
@click.option(
    "--config-file",
    "mkdocs_file",
    type=click.Path(dir_okay=False),
    default="mkdocs.yml",
    show_default=True,
    help="MkDocs configuration.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Checker configuration [default: .playbook.yaml when present].",
)
@click.option(
    "--engine",
    type=click.Choice(["mkdocs", "properdocs", "zensical"]),
    default="mkdocs",
    show_default=True,
    help="Site generator: MkDocs 1.x, ProperDocs (its maintained continuation) or Zensical (Material's successor).",
)
@click.option(
    "--pdf", is_flag=True, help="Also print one handover pack per vendor (handover-pack-<id>.pdf), with Chromium."
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    help="Paper of the --pdf packs [default: a4, or letter where the locale's country prints on it].",
)
@click.option("--today", metavar="YYYY-MM-DD", help="Check as if today were this date.")
def build(
    paths, audience, vendor_id, each_vendor, site_dir, mkdocs_file, config_path, engine, pdf, paper, today
) -> None:
    """Check the specs, render the playbook and build the site with MkDocs (strict)."""
    from pathlib import Path

    from generator.check.engine import check as run_check
    from generator.check.report import FORMATS
    from generator.check.workers import in_child
    from generator.site.build import BuildError, SiteDirError, build_site, guard_build, stage_sites
    from generator.site.mkdocs_config import SiteConfigError
    from generator.site.pdf import PdfError, default_paper
    from generator.site.render import RenderError
    from generator.site.render.context import Audience
    from generator.site.scratch import remove_leftovers, remove_own

    on_day = _today(today)
    paths, config = _specs_and_config(paths, config_path, "build")
    if (vendor_id or each_vendor) and audience != "vendor":
        _fail("--vendor and --each-vendor go with the vendor audience")
    if vendor_id and each_vendor:
        _fail("--vendor and --each-vendor exclude each other")
    if not site_dir.strip():
        _fail("--site-dir is empty; name a folder for the site, such as site")
    if pdf:
        from generator.site.pdf import find_browser

        if audience != "vendor":
            _fail("--pdf prints the vendors' handover packs: it goes with the vendor audience")
        try:
            find_browser()
        except PdfError as error:
            _fail(str(error))
    if not os.path.isfile(mkdocs_file):
        _fail(f"no MkDocs configuration at {mkdocs_file}")
    sources = [Path(p) for p in paths] + ([Path(config_path)] if config_path else [])
    _clean_up_when_terminated()
    remove_leftovers()  # the private folders of builds that were killed

    def generate():
        """Check, then render and stage every site: the part that holds the models, done in a child process
        (workers.in_child) that exits before MkDocs starts, so that their memory is the system's again."""
        checked = run_check(paths, config, on_day)
        if checked.result.errors:
            return checked.result, []
        if vendor_id and vendor_id not in {v.id for v in checked.vendors}:
            _fail(f"unknown vendor {vendor_id}")
        if each_vendor:
            builds = [(Audience("vendor", v.id), v.id) for v in sorted(checked.vendors, key=lambda v: v.id)]
            if not builds:
                _fail("--each-vendor: there is no vendor file under vendors/, so there is no site to build")
        else:
            builds = [(Audience(audience, vendor_id), "")]
        guard_build(Path(mkdocs_file), Path(site_dir), sources)
        return checked.result, stage_sites(checked, Path(mkdocs_file), builds, pdf)

    try:
        try:
            result, sites = in_child(generate)
            if result.errors:
                FORMATS["text"](result, sys.stderr)
                click.echo("playbook: not built: fix the errors above; the previous site is unchanged", err=True)
                sys.exit(EXIT_ERRORS)
            built_for = f"the {audience} audience" + (f" of {vendor_id}" if vendor_id else "")
            if each_vendor:
                built_for = "each vendor, one site per vendor"
            build_site(sites, Path(mkdocs_file), Path(site_dir), sources, engine, paper or default_paper(), built_for)
        except (SiteDirError, SiteConfigError) as error:
            _fail(f"{error}; nothing was changed")
        except (BuildError, RenderError, PdfError) as error:
            click.echo(f"playbook: {error}; the previous site is unchanged", err=True)
            sys.exit(EXIT_ERRORS)
    finally:
        remove_own()
    if each_vendor:
        click.echo(f"built one site per vendor in {site_dir}/: {', '.join(site.folder for site in sites)}")
    else:
        click.echo(f"built {site_dir}/ for {built_for}")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--audience", type=click.Choice(["vendor", "internal"]), default="internal", show_default=True)
@click.option("--vendor", "vendor_id", metavar="ID", help="Preview one vendor's site.")
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.option("--config-file", "mkdocs_file", type=click.Path(dir_okay=False), default="mkdocs.yml", show_default=True)
@click.option("--config", "config_path", type=click.Path(dir_okay=False))
def serve(paths, audience, vendor_id, dev_addr, mkdocs_file, config_path) -> None:
    """Live preview: edit a spec and the page in the browser follows within seconds."""
    from pathlib import Path

    from generator.check.engine import Memo
    from generator.check.engine import check as run_check
    from generator.check.report import FORMATS
    from generator.site.build import SiteDirError
    from generator.site.mkdocs_config import SiteConfigError
    from generator.site.render import RenderError
    from generator.site.render.context import Audience
    from generator.site.serve import serve as run_serve

    paths, config = _specs_and_config(paths, config_path, "preview")
    if not os.path.isfile(mkdocs_file):
        _fail(f"no MkDocs configuration at {mkdocs_file}")

    memo = Memo()  # each check after an edit reads and judges only the files whose key changed

    def check_now():
        return run_check(paths, config, dt.date.today(), memo=memo)

    checked = check_now()
    if checked.result.errors:
        FORMATS["text"](checked.result, sys.stderr)
        _fail("fix the errors above before previewing")
    try:
        run_serve(paths, checked, check_now, Path(mkdocs_file), Audience(audience, vendor_id), dev_addr)
    except (SiteDirError, RenderError, SiteConfigError) as error:
        _fail(str(error))


@main.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False))
@click.option(
    "--ci",
    type=click.Choice(["github", "gitlab", "none"]),
    default="github",
    show_default=True,
    help="CI workflow: GitHub Actions with code scanning and Pages, GitLab CI with code quality and Pages.",
)
@click.option("--keep-existing", is_flag=True, help="Write only the files that are missing instead of refusing.")
@click.option("--today", metavar="YYYY-MM-DD", help="Date the example specs as if today were this date.")
def init(folder: str, ci: str, keep_existing: bool, today: str | None) -> None:
    """Set up a playbook repository in FOLDER (default: here); never writes over a file."""
    from pathlib import Path

    from generator.authoring.starter import StarterError, starter_files, write_starter

    try:
        written, kept = write_starter(Path(folder), starter_files(ci, _today(today)), keep_existing)
    except StarterError as error:
        _fail(str(error))
    for name in written:
        click.echo(f"wrote {os.path.join(folder, name)}")
    for name in kept:
        click.echo(f"kept  {os.path.join(folder, name)} (already there)")
    where = "" if os.path.abspath(folder) == os.getcwd() else f"cd {folder} && "
    click.echo(f"next: {where}playbook check && playbook serve; README.md says the rest")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "csv", "markdown"]),
    default="text",
    show_default=True,
)
@click.option("--vendor", "vendor_id", metavar="ID", help="Only this vendor's processes.")
@click.option("--period", metavar="PERIOD", help="One period only: 2026-Q3, 2026-09 or 2026.")
@click.option(
    "--fail-on",
    type=click.Choice(["breached", "at-risk"]),
    help="Exit 1 when a KPI's latest figure is breached (or at risk or breached): for a scheduled alert.",
)
@click.option(
    "--credits",
    "show_credits",
    is_flag=True,
    help="The service credits due per process and month instead (internal: for the client's eyes).",
)
@click.option("--config", "config_path", type=click.Path(dir_okay=False))
@click.option("--today", metavar="YYYY-MM-DD", help="Judge as if today were this date.")
def scorecard(paths, output_format, vendor_id, period, fail_on, show_credits, config_path, today) -> None:
    """Per process and KPI: the latest figure, its status, the breach streak, the trend and attainment."""
    from generator.check.engine import check as run_check
    from generator.check.report import FORMATS as CHECK_FORMATS
    from generator.monitor.scorecard import FORMATS, credits, credits_table, scorecard_table, worst
    from generator.monitor.scorecard import scorecard as build_scorecard
    from generator.spec.periods import parse

    on_day = _today(today)
    within = None
    if period:
        within = next((p for f in ("quarterly", "monthly", "yearly") if (p := parse(period, f))), None)
        if within is None:
            raise click.BadParameter(
                "write a quarter, a month or a year: 2026-Q3, 2026-09, 2026", param_hint="--period"
            )
    paths, config = _specs_and_config(paths, config_path, "score")
    checked = run_check(paths, config, on_day)
    if checked.result.errors:
        CHECK_FORMATS["text"](checked.result, sys.stderr)
        _fail("fix the errors above: a scorecard of specs or figures that do not read would mislead")
    if vendor_id and vendor_id not in {v.id for v in checked.vendors}:
        _fail(f"unknown vendor {vendor_id}")
    lines = build_scorecard(checked, on_day, vendor_id, within)
    out = sys.stdout
    color = output_format == "text" and out.isatty() and "NO_COLOR" not in os.environ
    table = credits_table(credits(checked, on_day, vendor_id, within)) if show_credits else scorecard_table(lines)
    FORMATS[output_format](table, out, color=color)
    level = {"breached": 2, "at-risk": 1}.get(fail_on or "", 3)
    sys.exit(EXIT_ERRORS if worst(lines) >= level else EXIT_OK)


@main.command("diff")
@click.argument("base", required=False)
@click.option("--to", "to_revision", metavar="REV", help="Compare BASE with this revision [default: the working tree].")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="markdown: for a pull-request comment.",
)
@click.option(
    "--audience",
    type=click.Choice(["vendor", "internal"]),
    default="vendor",
    show_default=True,
    help="internal: also the changes to fields a vendor never sees (internal notes, fees, service credits).",
)
@click.option("--specs", "specs_dir", type=click.Path(file_okay=False), default=DEFAULT_SPECS, show_default=True)
def diff(base: str | None, to_revision: str | None, output_format: str, audience: str, specs_dir: str) -> None:
    """What changed in the specs since BASE (a git revision; default: where this branch left the default
    branch), each change classed editorial, operational or contractual."""
    from generator.changes.diff import diff_versions
    from generator.changes.report import REPORTERS

    _, before, after = _two_versions(base, to_revision, specs_dir)
    changes = diff_versions(before, after).seen_by(audience)
    REPORTERS[output_format](changes, sys.stdout)
    _leave(EXIT_ERRORS if changes.unreadable else EXIT_OK, sys.stdout)


@main.command()
@click.argument("vendor_id", metavar="VENDOR")
@click.argument("base", required=False)
@click.option("--to", "to_revision", metavar="REV", help="The specs at this revision [default: the working tree].")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "html", "pdf"]),
    default="markdown",
    show_default=True,
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="Write to this file [default: standard output; pdf needs one].",
)
@click.option("--today", metavar="YYYY-MM-DD", help="The day the notice is issued [default: today].")
@click.option("--specs", "specs_dir", type=click.Path(file_okay=False), default=DEFAULT_SPECS, show_default=True)
def notice(
    vendor_id: str,
    base: str | None,
    to_revision: str | None,
    output_format: str,
    output: str | None,
    today: str | None,
    specs_dir: str,
) -> None:
    """The change notice VENDOR receives for what changed since BASE (a git revision; default: where this branch
    left the default branch): its processes only, what its site shows only, with each revision's effective day,
    summary and notice period."""
    from generator.changes.diff import diff_versions
    from generator.changes.notice import build_notice, notice_markdown

    if output_format == "pdf" and not output:
        _fail("--format pdf writes a file: name it with --output notice.pdf")
    revision, before, after = _two_versions(base, to_revision, specs_dir)
    from generator.check.discovery import kind_of

    if not any(kind_of(f) == "vendor" and os.path.splitext(os.path.basename(f))[0] == vendor_id for f in after):
        _fail(f"there is no vendor '{vendor_id}' under {specs_dir}")
    diff = diff_versions(before, after)
    for file, why in diff.unreadable:
        click.echo(f"playbook: {file} not compared: {why}", err=True)
    text = notice_markdown(
        build_notice(diff, vendor_id, revision[:12], to_revision or "the working tree", _today(today))
    )
    if output_format == "markdown":
        _write_out(text, output)
        return
    from generator.site.notice import notice_html, notice_pdf

    if output_format == "html":
        _write_out(notice_html(text), output)
    else:
        from generator.site.pdf import PdfError

        try:
            notice_pdf(notice_html(text), output)
        except PdfError as error:
            _fail(str(error))
    _leave(EXIT_OK)


def _two_versions(base: str | None, to_revision: str | None, specs_dir: str) -> tuple[str, dict, dict]:
    """The base revision and the spec files under `specs_dir` at it (default: where this branch left the
    default branch) and at `to_revision` (default: the working tree); exit 2 with git's reason."""
    from generator.changes.git import GitError, default_base, specs_at

    if to_revision is None and not os.path.isdir(specs_dir):
        _fail(f"no such folder: {specs_dir}")
    try:
        revision = base or default_base()
        return revision, specs_at(revision, specs_dir), specs_at(to_revision, specs_dir)
    except GitError as error:
        _fail(str(error))


def _write_out(text: str, output: str | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    with open(output, "w", encoding="utf-8") as handle:
        handle.write(text)


@main.command()
@click.argument("vendor_id", metavar="VENDOR")
@click.argument("process_id", metavar="PROCESS")
@click.option("--by", "by", required=True, metavar="EMAIL", help="The vendor's contact who read it (their e-mail).")
@click.option("--on", "on_day", metavar="YYYY-MM-DD", help="The day it was read [default: today].")
@click.option("--specs", "specs_dir", type=click.Path(file_okay=False), default=DEFAULT_SPECS, show_default=True)
def acknowledge(vendor_id: str, process_id: str, by: str, on_day: str | None, specs_dir: str) -> None:
    """Record that a contact of VENDOR read and accepted PROCESS's revision in force, as it stands: one entry
    appended to acknowledgements/VENDOR.yaml, bound to the digest of the text read."""
    from generator.changes.ledger import AcknowledgeError
    from generator.changes.ledger import acknowledge as record

    if not os.path.isdir(specs_dir):
        _fail(f"no such folder: {specs_dir}")
    try:
        entry = record(specs_dir, vendor_id, process_id, by, _today(on_day))
    except AcknowledgeError as error:
        _fail(str(error))
    said = "already recorded" if entry.already else "recorded"
    click.echo(
        f"{said}: {entry.by} acknowledged revision {entry.revision} of {entry.process} (digest {entry.digest}) "
        f"on {entry.on.isoformat()}, in {entry.ledger}"
    )


@main.group()
def new() -> None:
    """Write a skeleton spec to fill in: `playbook new process ID` or `playbook new vendor ID`."""


@new.command("process")
@click.argument("spec_id", metavar="ID")
@click.option("--vendor", "vendor_id", metavar="ID", help="The vendor that will run it.")
@click.option("--title", help="Process name as the playbook shows it.")
@click.option("--specs", "specs_dir", type=click.Path(file_okay=False), default=DEFAULT_SPECS, show_default=True)
def new_process(spec_id: str, vendor_id: str | None, title: str | None, specs_dir: str) -> None:
    """A draft process with every section and a comment saying what to write."""
    from pathlib import Path

    from generator.authoring.skeletons import write_skeleton

    fields = {"title": title or spec_id.replace("-", " ").capitalize(), "vendor": vendor_id or ""}
    click.echo(_new(lambda: write_skeleton("process", spec_id, Path(specs_dir) / f"{spec_id}.yaml", fields)))


@new.command("vendor")
@click.argument("spec_id", metavar="ID")
@click.option("--name", help="The vendor's name as the playbook shows it.")
@click.option("--specs", "specs_dir", type=click.Path(file_okay=False), default=DEFAULT_SPECS, show_default=True)
def new_vendor(spec_id: str, name: str | None, specs_dir: str) -> None:
    """A vendor file with every section and a comment saying what to write."""
    from pathlib import Path

    from generator.authoring.skeletons import write_skeleton

    fields = {"name": name or spec_id.replace("-", " ").title()}
    path = Path(specs_dir) / "vendors" / f"{spec_id}.yaml"
    click.echo(_new(lambda: write_skeleton("vendor", spec_id, path, fields)))


def _new(write) -> str:
    from generator.authoring.skeletons import SkeletonError

    try:
        path = write()
    except SkeletonError as error:
        _fail(str(error))
    return f"wrote {path}: fill it in, then run playbook check"


@main.command("rules")
def list_rules() -> None:
    """List every rule: code, default severity, title."""
    from generator.check.rules import FAMILIES, RULES

    for family, heading in FAMILIES.items():
        click.echo(heading)
        for code, rule in RULES.items():
            if rule.family == family:
                click.echo(f"  {code}  {rule.severity.value:<7}  {rule.title}")


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Explain one rule: what it checks, why, and a failing and a passing example."""
    from generator.check.rules import RULES

    rule = RULES.get(code.upper())
    if rule is None:
        _fail(f"unknown rule code {code}; `playbook rules` lists them")
    doc = rule.doc
    click.echo(f"{rule.code} {rule.title} ({rule.severity.value})\n")
    click.echo(f"What: {doc.what}\n\nWhy: {doc.why}\n")
    click.echo("Fails:\n" + _indent(doc.fails) + "\n\nPasses:\n" + _indent(doc.passes))


@main.command()
@click.option(
    "--output",
    "output_dir",
    type=click.Path(file_okay=False),
    default="docs",
    show_default=True,
    help="Folder to write spec-reference.md, rules.md and schema/*.json into.",
)
@click.option("--check", "check_only", is_flag=True, help="Exit 1 if the files differ instead of writing.")
def reference(output_dir: str, check_only: bool) -> None:
    """Write the spec reference, the rule pages and the editor JSON Schemas, generated from the code."""
    from generator.authoring.reference import pages

    stale = []
    for name, content in pages().items():
        path = os.path.join(output_dir, name)
        current = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as handle:
                current = handle.read()
        if current == content:
            continue
        stale.append(path)
        if not check_only:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(content)
    if check_only and stale:
        click.echo(f"out of date: {', '.join(stale)}; run `make docs`", err=True)
        sys.exit(EXIT_ERRORS)


def _specs_and_config(paths: tuple[str, ...], config_path: str | None, verb: str):
    """The spec paths (default process_specs/) and the configuration, or exit 2 saying what is wrong."""
    from generator.check.config import ConfigError, load_config
    from generator.check.discovery import discover, unreadable_folders
    from generator.check.rules import RULES

    paths = paths or (DEFAULT_SPECS,)
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        _fail(f"no such file or folder: {', '.join(missing)}")
    unreadable = unreadable_folders(paths)
    if unreadable:
        _fail(f"cannot read the folder {', '.join(unreadable)}: let this user read it, or move it out of {verb}'s way")
    if not discover(paths):
        _fail(f"nothing to {verb}: no .yaml files in {', '.join(paths)}")
    try:
        return paths, load_config(config_path, frozenset(RULES))
    except ConfigError as error:
        _fail(f"configuration is not usable:\n{error}")


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())


def _fail(message: str) -> None:
    click.echo(f"playbook: {message}", err=True)
    sys.exit(EXIT_USAGE)
