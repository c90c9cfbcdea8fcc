"""The house keeps its shape: generator/ holds only its wings and the CLI, and a wing imports only from the
wings below it (ground up: spec, monitor, check, authoring, site; cli on top).

Every import is read from the source with `ast`, lazy ones inside functions and those under TYPE_CHECKING too,
so an upward import cannot hide in a function body."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator"
WINGS = ("spec", "monitor", "check", "changes", "authoring", "site")
TOP = ("cli", "__main__")  # above every wing
TOP_LEVEL_FILES = {"__init__.py", "__main__.py", "cli.py"}


def floor(module: str) -> int | None:
    """The floor of a module of the package, ground 0; None for `generator` itself (its __init__ only holds
    the version, imports nothing, and is loaded before any wing) and for modules outside the package."""
    parts = module.split(".")
    if parts[0] != "generator" or len(parts) == 1:
        return None
    if parts[1] in WINGS:
        return WINGS.index(parts[1])
    if parts[1] in TOP:
        return len(WINGS)
    raise AssertionError(f"{module} is in no wing")


def module_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, module) for every import in `source`, wherever it stands; relative imports resolved."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            # `from generator import site` imports a wing; `from generator import __version__`, the root.
            found += [
                (node.lineno, f"{name}.{alias.name}" if name == "generator" and alias.name in WINGS + TOP else name)
                for alias in node.names
            ]
    return found


def upward_imports(source: str, module: str, is_package: bool = False) -> list[str]:
    """The imports of `source` (the module `module`) that run from a lower wing to a higher one."""
    own = floor(module)
    problems = []
    for line, name in imported(source, module, is_package):
        target = floor(name)
        if own is not None and target is not None and target > own:
            problems.append(f"{module}:{line} imports {name}, a wing above it")
    return problems


def sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_the_top_level_holds_only_the_wings_and_the_cli():
    entries = {p.name for p in PACKAGE.iterdir() if p.name != "__pycache__"}
    assert entries == set(WINGS) | TOP_LEVEL_FILES


def test_every_module_stands_in_a_wing():
    for path in sources():
        module = module_of(path)
        if module != "generator":
            floor(module)  # raises for a module in no wing


def test_no_import_runs_up_a_wing():
    problems = [
        problem
        for path in sources()
        for problem in upward_imports(path.read_text(encoding="utf-8"), module_of(path), path.name == "__init__.py")
    ]
    assert problems == []


def test_the_package_root_imports_nothing_of_its_own():
    assert [name for _, name in imported((PACKAGE / "__init__.py").read_text(), "generator", True)] == []


@pytest.mark.parametrize(
    ("source", "module", "upward"),
    [
        ("from generator.site.render import pages_for\n", "generator.check.engine", True),
        ("def f():\n    from generator.check.engine import check\n", "generator.spec.model", True),
        ("from generator import site\n", "generator.monitor.scorecard", True),
        ("from ..check import cache\n", "generator.monitor.scorecard", True),
        ("if TYPE_CHECKING:\n    import generator.authoring.reference\n", "generator.check.config", True),
        ("from generator.spec.findings import Finding\n", "generator.site.build", False),
        ("from generator.check.rules import RULES\n", "generator.check.config", False),
        ("from generator import __version__\n", "generator.check.cache", False),
        ("from generator.site.build import build_site\n", "generator.cli", False),
    ],
)
def test_an_upward_import_is_found_wherever_it_is_written(source, module, upward):
    assert bool(upward_imports(source, module)) is upward
