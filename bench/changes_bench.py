"""`make bench`, changes: how `playbook diff`'s comparison and the acknowledgement digest grow when a spec
grows 4 times, measured in one run (best of 5, in process). About 4 is linear, 16 quadratic.

The inputs are the hostile shapes of the work: a spec of N steps whose every SLA changed and every
instruction has a typo fixed (each text compared word by word); N check-ins all renamed by a slip (names
paired across the lists); N steps whose order is reversed; one instruction of N words, one token of N
characters changed by a letter; and the digest of a spec of N steps.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from generator.changes.diff import diff_documents
from generator.spec.digest import digest
from generator.spec.loader import parse

GROWTH = 4
SIZE = 400
RESULTS = Path(__file__).resolve().parent / "results.json"


def _spec(steps: str, checkins: str = "") -> str:
    return (
        "spec: 1\nid: bench\ntitle: Bench\nstatus: live\nvendor: acme-bpo\n"
        "owner: {name: Dana Ruiz, email: dana.ruiz@example.com}\n"
        f"steps:\n{steps}" + (f"governance:\n  checkins:\n{checkins}" if checkins else "")
    )


def _steps(n: int, sla: str = "4h", word: str = "recieve", order=None) -> str:
    indexes = order(range(n)) if order else range(n)
    return "".join(
        f"  - id: step-{i}\n    name: Step {i}\n    sla: {sla}\n"
        f"    instructions: Please {word} the ticket number {i} and check the account before you reply.\n"
        for i in indexes
    )


def _checkins(n: int, typo: bool) -> str:
    name = "reveiw" if typo else "review"
    return "".join(f"    - {{name: Weekly {name} of team {i}, cadence: weekly}}\n" for i in range(n))


CASES = {
    "every SLA and instruction changed": lambda n: (_spec(_steps(n)), _spec(_steps(n, "2h", "receive"))),
    "every check-in renamed by a slip": lambda n: (
        _spec(_steps(1), _checkins(n, False)),
        _spec(_steps(1), _checkins(n, True)),
    ),
    "steps in reverse order": lambda n: (_spec(_steps(n)), _spec(_steps(n, order=lambda r: reversed(list(r))))),
    "one instruction of N words, a slip": lambda n: (
        _spec(f"  - id: a\n    name: A\n    instructions: {'receive the ticket ' * n}\n"),
        _spec(f"  - id: a\n    name: A\n    instructions: {'receive the ticket ' * (n - 1)}recieve the ticket\n"),
    ),
    "one token of 100N characters, a letter": lambda n: (
        _spec(f"  - id: a\n    name: A\n    instructions: {'x' * 100 * n}\n"),
        _spec(f"  - id: a\n    name: A\n    instructions: {'x' * (100 * n - 1)}y\n"),
    ),
}


def _best(work, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def _diff_time(before: str, after: str) -> float:
    old, _ = parse(before, "b.yaml")
    new, _ = parse(after, "b.yaml")
    return _best(lambda: diff_documents(old, new, "process", "b.yaml"))


def main() -> None:
    print(f"changes: time for {GROWTH}x the input (linear {GROWTH}, quadratic {GROWTH**2}), best of 5")
    ratios = {}
    for name, build in CASES.items():
        small, large = _diff_time(*build(SIZE)), _diff_time(*build(SIZE * GROWTH))
        ratios[f"changes_diff_{name}"] = round(large / small, 2)
        print(f"  diff, {name + ':':45}{large / small:6.1f}x  ({small * 1000:.1f} ms at N={SIZE})")
    documents = [parse(_spec(_steps(n)), "b.yaml")[0] for n in (SIZE, SIZE * GROWTH)]
    small, large = (_best(lambda d=d: digest(d.data)) for d in documents)
    ratios["changes_digest"] = round(large / small, 2)
    print(f"  {'digest of a spec of N steps:':51}{large / small:6.1f}x  ({small * 1000:.1f} ms at N={SIZE})")
    merged = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    RESULTS.write_text(json.dumps({**merged, **ratios}, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
