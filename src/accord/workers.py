"""Worker processes that never outlive the command that started them, and use one BLAS thread each."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager


def init_worker() -> None:
    """Run in each worker as it starts: one BLAS thread (workers must not fight over the cores), and an end when
    the parent ends, however it ends (killed included): the kernel's parent-death signal on Linux, and
    everywhere a watch on the parent's process id."""
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except ImportError:  # pragma: no cover - threadpoolctl ships with scipy's dependencies
        pass
    keep_heap()  # a worker is short-lived: what it frees is worth keeping for its next chunk
    parent = os.getppid()
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: SIGTERM when the parent dies
    except (OSError, AttributeError):  # not Linux: the watch below does it
        pass

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="accord-parent-watch").start()


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters
_DEFAULT_THRESHOLD = 128 * 1024  # glibc's default for both


def _mallopt(trim: int, mmap: int) -> bool:
    """Set glibc's trim and mmap thresholds; False where there is no glibc (nothing changes then)."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, mmap)) and bool(libc.mallopt(_M_TRIM_THRESHOLD, trim))
    except (OSError, AttributeError):  # not glibc
        return False


def keep_heap() -> bool:
    """Keep freed memory in the process for reuse rather than handing it back to the system: sampling allocates
    and frees the same large arrays chunk after chunk, and with glibc's defaults each fresh array costs page faults
    (a fifth to a third of explore's CPU, benchmarks/README.md). Large arrays come from the heap and the heap is
    not trimmed."""
    return _mallopt(2**31 - 1, 2**30)


@contextmanager
def heap_kept() -> Iterator[None]:
    """`keep_heap` for the duration of a block in a long-lived process, then both thresholds back at glibc's
    starting values (128 KiB; fixed from then on, where glibc would have moved its mmap threshold itself) and the
    kept memory handed back (`malloc_trim`), so that a library caller's process does not stay large afterwards."""
    kept = keep_heap()
    try:
        yield
    finally:
        if kept:
            _mallopt(_DEFAULT_THRESHOLD, _DEFAULT_THRESHOLD)
            try:
                import ctypes

                ctypes.CDLL("libc.so.6").malloc_trim(0)
            except (OSError, AttributeError):  # pragma: no cover - checked above
                pass


def pool(workers: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()) -> ProcessPoolExecutor:
    """A process pool whose workers end with this process. `initializer(*initargs)` runs once in each worker
    after its own set-up: a way to hand every worker what all its tasks share once (inherited, not pickled,
    where processes fork), instead of with every task."""
    if initializer is None:
        return ProcessPoolExecutor(max_workers=workers, initializer=init_worker)
    return ProcessPoolExecutor(max_workers=workers, initializer=_init_then, initargs=(initializer, initargs))


def _init_then(initializer: Callable[..., None], initargs: tuple) -> None:
    init_worker()
    initializer(*initargs)


def one_core():  # type: ignore[no-untyped-def]
    """A context in which NumPy's BLAS uses one thread: `--workers 1` means one core, not a hidden thread pool."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl ships with scipy's dependencies
        from contextlib import nullcontext

        return nullcontext()
    return threadpool_limits(1)
