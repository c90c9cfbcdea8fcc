"""Finding the files of a check: the specs named (folders searched), the measurement files, and the vendor,
process and measurement files a named file is read with."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from generator.spec.acknowledgements import FOLDER as LEDGERS
from generator.spec.measurements import FOLDER as MEASUREMENTS
from generator.spec.measurements import SUFFIX as MEASUREMENT_SUFFIX

SPEC_SUFFIXES = (".yaml", ".yml")


VENDOR_FOLDER = "vendors"


def is_spec_file(path: str) -> bool:
    """Whether `path` names a process or vendor spec by its place and suffix (a vendor's ledger of
    acknowledgements is YAML too, but not a spec)."""
    where = Path(path)
    return where.suffix in SPEC_SUFFIXES and where.parent.name != LEDGERS


def discover(paths: Iterable[str]) -> list[str]:
    """Spec files named by `paths` (files as given, folders searched recursively), in a stable order. A
    spec's name on something that is not a file (a FIFO, a socket, a broken symlink) is listed too: the
    loader says why it cannot be read, where skipping it would hide a spec from the check."""
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            found.extend(str(p) for p in sorted(Path(path).rglob("*")) if p.suffix in SPEC_SUFFIXES and not p.is_dir())
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def unreadable_folders(paths: Iterable[str]) -> list[str]:
    """Folders under `paths` that cannot be listed: their specs would be skipped without a word."""
    unreadable: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for _ in os.walk(path, onerror=lambda error: unreadable.append(error.filename)):
                pass
    return unreadable


def discover_measurements(paths: Iterable[str]) -> list[str]:
    """Measurement files named by `paths`: CSV files given, and measurements/*.csv in folders given."""
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            found.extend(
                str(p) for p in sorted(Path(path).rglob(f"{MEASUREMENTS}/*{MEASUREMENT_SUFFIX}")) if not p.is_dir()
            )
        elif path.endswith(MEASUREMENT_SUFFIX):
            found.append(path)
    return list(dict.fromkeys(found))


def kind_of(path: str) -> str:
    """process, vendor, or for a vendor's ledger of acknowledgements, ledger."""
    folder = Path(path).parent.name
    return "vendor" if folder == VENDOR_FOLDER else "ledger" if folder == LEDGERS else "process"


def context_ledger_files(targets: list[str]) -> list[str]:
    """The vendors' ledgers of acknowledgements beside the named process files (the nearest
    acknowledgements/ folder up from each): read with them, for the rules across processes."""
    folders = {_nearest(Path(p), LEDGERS) for p in targets if kind_of(p) == "process"} - {None}
    return [p for p in discover(str(f) for f in sorted(folders) if f.is_dir()) if kind_of(p) == "ledger"]


def context_vendor_files(targets: list[str]) -> list[str]:
    """Vendor files of the named process files (the nearest vendors/ folder up from each): loaded for
    references, not reported on."""
    folders = {_nearest(Path(p), VENDOR_FOLDER) for p in targets if kind_of(p) == "process"} - {None}
    extra = discover(str(f) for f in sorted(folders) if f.is_dir())
    named = set(targets)
    return [p for p in extra if p not in named]


def context_measurement_files(targets: list[str]) -> list[str]:
    """The measurement files of the named process files, in the nearest `measurements/` folder up from each
    spec: a spec checked alone is read with its figures, so it is not overdue (M008) for want of them, and a
    frequency it changes is checked against them."""
    found = (_nearest(Path(p), MEASUREMENTS, f"{Path(p).stem}{MEASUREMENT_SUFFIX}") for p in targets)
    return [str(f) for f in found if f is not None]


def _nearest(spec: Path, folder: str, name: str = "") -> Path | None:
    """`folder` (or `folder/name`) beside the spec or beside one of its nearest parent folders: specs may
    sit in a folder per category while vendors/ and measurements/ stay at the top."""
    for parent in list(spec.parents)[:4]:
        candidate = parent / folder / name if name else parent / folder
        if candidate.is_file() if name else candidate.is_dir():
            return candidate
    return None


def context_process_files(measurement_paths: list[str]) -> list[str]:
    """The process file each named measurement file belongs to, `<id>.yaml` anywhere in the folder that
    holds `measurements/<id>.csv`: loaded for its KPIs, not reported on."""
    wanted: dict[Path, set[str]] = {}
    for path in measurement_paths:
        wanted.setdefault(Path(path).parent.parent, set()).add(Path(path).stem)
    return [
        p
        for folder, ids in wanted.items()
        for p in discover([str(folder)])
        if Path(p).stem in ids and kind_of(p) == "process"
    ]


def ledger_process_files(ledgers: list[str]) -> list[str]:
    """Every process file of the folder that holds each ledger's acknowledgements/ folder."""
    folders = dict.fromkeys(Path(p).parent.parent for p in ledgers)
    return [p for folder in folders for p in discover([str(folder)]) if kind_of(p) == "process"]
