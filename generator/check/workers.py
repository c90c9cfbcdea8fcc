"""Work spread over every core, for a portfolio large enough to gain from it: judging spec files in check,
rendering process pages in build.

Workers are forked, so they inherit the task and everything it reads (the run, its context, the models)
without pickling any of it; only an item's index goes to a worker and its result comes back. Forking is
used only where it is safe: on Linux, from a process without other threads (`playbook serve` runs a web
server's, and a fork copies no thread but maybe a lock one of them held). Elsewhere the items are done in
turn, with the same results.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Output = TypeVar("Output")

# Fewer items than this are done here: starting workers costs more than they save.
PARALLEL_FROM = 64
_TASK: tuple[Callable, Sequence] | None = None  # what the forked workers inherit


def in_order(task: Callable[[Item], Output], items: Sequence[Item], workers: int | None = None) -> Iterator[Output]:
    """`task(item)` for each item, in the items' order, on `workers` cores (default: all) when worthwhile."""
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(items) < PARALLEL_FROM or not _can_fork():
        for item in items:
            yield task(item)
        return
    import multiprocessing  # here: a small run does not pay for importing it

    global _TASK
    _TASK = (task, items)
    try:
        with multiprocessing.get_context("fork").Pool(workers, _pool_worker, (os.getpid(),)) as pool:
            chunk = max(1, len(items) // (workers * 8))
            yield from pool.imap(_run, range(len(items)), chunksize=chunk)
    finally:
        _TASK = None


def _pool_worker(parent: int) -> None:
    """A pool worker dies with the process that started it, and at once when the pool ends it. The pool ends
    its workers with SIGTERM; the handler a build inherits (`cli._clean_up_when_terminated`) only runs
    between bytecodes, and a worker that took the signal just before it blocked on the task queue's lock
    waited there forever: a 1,000-spec build hung in `make bench`."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with(parent)


def die_with(parent: int) -> None:
    """Linux: have the system kill this process the moment `parent` (the process that started it) dies,
    so that no child of a killed build works on for nobody. Elsewhere, nothing."""
    if sys.platform != "linux":
        return
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the line above: nobody is left to wait for us
        os._exit(1)


def dies_with_this_process() -> Callable[[], None] | None:
    """A `preexec_fn` for `subprocess`: the program started dies with this process (Linux)."""
    if sys.platform != "linux":
        return None
    parent = os.getpid()
    return lambda: die_with(parent)


def _can_fork() -> bool:
    return sys.platform == "linux" and threading.active_count() == 1


def _run(index: int):
    task, items = _TASK
    return task(items[index])


def in_child(task: Callable[[], Output]) -> Output:
    """`task()` in a forked child process that exits when it is done, so that the memory the task took is
    the system's again before the caller goes on (a build renders 1,000 models' pages, then MkDocs needs
    memory of its own); its result, or its exception, comes back pickled. Where forking is not safe, the
    task runs here."""
    if not _can_fork():
        return task()
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    parent = os.getpid()

    def child() -> None:
        die_with(parent)
        # The child's copy of the reading end: kept open, it would let the child block for ever on a
        # result larger than the pipe holds, were the parent gone.
        receive.close()
        try:
            outcome = (True, task())
        except BaseException as error:  # SystemExit and KeyboardInterrupt too: the parent raises them
            outcome = (False, error)
        send.send(outcome)

    process = context.Process(target=child)  # not a daemon: the task may start workers of its own
    process.start()
    send.close()
    try:
        succeeded, value = receive.recv()
    except EOFError:
        process.join()
        raise RuntimeError(f"the process doing the work ended without a result (exit {process.exitcode})") from None
    except BaseException:  # stopped while waiting (SIGTERM, Ctrl-C): the work stops too, before cleaning up
        process.kill()
        process.join()
        raise
    process.join()
    if succeeded:
        return value
    raise value
