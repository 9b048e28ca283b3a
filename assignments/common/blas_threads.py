"""How many threads numpy's BLAS may use while a numpy week trains: one flag, one context manager.

The Course 1 and 2 networks multiply thin matrices (12288 x 209 images by 20 units): on a busy machine the
BLAS threads' wake-ups cost more than the work they share, so one thread trained the cat network 15 times
faster on a loaded 2-core machine than OpenBLAS's default (see docs/PERFORMANCE.md). The default is one
thread; `--blas-threads 0` leaves BLAS its own default.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from assignments.common.cli import bounded_int, flag


def blas_threads_flag(default: int = 1):
    """`--blas-threads N`: 0 keeps the BLAS library's own default."""
    return flag(
        default,
        type=bounded_int(0, 256, "a number of threads"),
        help=f"threads numpy's BLAS may use while training (default {default}: fastest on a busy machine; 0: the library's default)",
    )


@contextlib.contextmanager
def blas_threads(count: int) -> Iterator[None]:
    """Limits numpy's BLAS to `count` threads inside the block (0: no limit)."""
    if count == 0:
        yield
        return
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=count, user_api="blas"):
        yield
