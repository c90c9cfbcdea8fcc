"""generator/check/workers.py: tasks on forked workers give what they give in one process, and a task done in a
child leaves its memory behind when the child exits."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import threading
import time

import pytest

from generator.check import workers
from tests.conftest import processes_in_session

forking = pytest.mark.skipif(sys.platform != "linux", reason="workers fork on Linux only")


@forking
def test_in_order_keeps_the_order_and_uses_other_processes(monkeypatch):
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    parent = os.getpid()
    offset = 7  # a closure: workers inherit it by fork, nothing of it is pickled

    def task(n: int) -> tuple[int, int]:
        time.sleep(0.002)  # long enough for both workers to take items
        return n + offset, os.getpid()

    results = list(workers.in_order(task, list(range(200)), workers=2))
    assert [value for value, _ in results] == [n + 7 for n in range(200)]
    assert len({pid for _, pid in results}) == 2 and parent not in {pid for _, pid in results}


def test_in_order_does_the_items_here_below_the_threshold_or_beside_another_thread(monkeypatch):
    parent = os.getpid()
    assert {pid for pid in workers.in_order(lambda _: os.getpid(), list(range(10)), workers=2)} == {parent}
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert {pid for pid in workers.in_order(lambda _: os.getpid(), list(range(10)), workers=2)} == {parent}
    finally:
        stop.set()
        other.join()


@forking
def test_in_child_returns_the_result_and_leaves_the_memory_behind():
    def task():
        ballast = bytearray(300 * 1024 * 1024)  # touched, so resident
        ballast[::4096] = b"x" * len(ballast[::4096])
        return os.getpid(), len(ballast)

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    pid, size = workers.in_child(task)
    assert pid != os.getpid() and size == 300 * 1024 * 1024
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024  # KiB: not the 300 MiB


@forking
@pytest.mark.parametrize("error", [ValueError("a bug"), SystemExit(2), KeyboardInterrupt()])
def test_in_child_raises_what_the_task_raised(error):
    def task():
        if isinstance(error, ValueError):
            error.add_note("while reading x.yaml")
        raise error

    with pytest.raises(type(error)) as raised:
        workers.in_child(task)
    if isinstance(error, ValueError):
        assert raised.value.__notes__ == ["while reading x.yaml"]
    if isinstance(error, SystemExit):
        assert raised.value.code == 2


@forking
def test_a_child_that_dies_is_an_error_not_a_hang():
    with pytest.raises(RuntimeError, match="ended without a result"):
        workers.in_child(lambda: os._exit(9))


# A parent that starts children one of three ways; each child says "started" (so the parent is at work),
# then works for a minute.
_PARENT = """
import os, subprocess, sys, time
from generator.check import workers

def work(_=None):
    os.write(1, b"started\\n")  # one write: two workers' lines never interleave
    time.sleep(60)

kind = sys.argv[1]
if kind == "in_child":
    workers.in_child(work)
elif kind == "pool":
    workers.PARALLEL_FROM = 2
    list(workers.in_order(work, [1, 2], workers=2))
else:
    subprocess.Popen(["sleep", "60"], preexec_fn=workers.dies_with_this_process())
    work()
"""


@pytest.mark.skipif(sys.platform != "linux", reason="the system kills a child with its parent on Linux")
@pytest.mark.parametrize("kind", ["in_child", "pool", "subprocess"])
def test_children_die_with_their_parent_when_it_is_killed(kind):
    """Issue 22's reproducer: a killed build's forked child worked on for nobody. Each way a build starts a
    child (the forked worker of `in_child`, a pool's workers, a program such as Chromium) now dies with it."""
    parent = subprocess.Popen(
        [sys.executable, "-c", _PARENT, kind], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    assert parent.stdout.readline() == "started\n"
    time.sleep(0.2)
    children = processes_in_session(parent.pid)[1:]
    assert children, "no child was started: the test proves nothing"
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 3
    while processes_in_session(parent.pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert processes_in_session(parent.pid) == []


def _sigterm_is_default(_: int) -> bool:
    return signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


@forking
def test_pool_workers_die_at_once_when_the_pool_ends_them(monkeypatch):
    """A build's SIGTERM handler runs between bytecodes; a pool worker that took the pool's SIGTERM just before
    it blocked on the task queue's lock waited forever (a 1,000-spec build hung). Workers take the system's
    default: the signal ends them wherever they are."""
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: None)  # as `playbook build` installs one
    try:
        assert all(workers.in_order(_sigterm_is_default, list(range(8)), workers=2))
        assert signal.getsignal(signal.SIGTERM) != signal.SIG_DFL  # the parent keeps its own
    finally:
        signal.signal(signal.SIGTERM, previous)
