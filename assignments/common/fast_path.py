"""One mark for every fast path: `@fast_path("yolo_eval")` on the fused or batched function that sits beside a
graded one and computes the same thing faster. The graded function keeps the course's steps in its body;
the main script runs the fast path; a test proves the two agree.

One grep finds them all: `grep -rn "@fast_path(" assignments/`.
"""

from __future__ import annotations

from collections.abc import Callable

FAST_PATHS: dict[str, list[str]] = {}
"""Graded function name -> the qualified names of its fast paths (filled as modules are imported)."""


def fast_path(of: str) -> Callable:
    """Marks a function as the fast path of the graded function `of` (its course name)."""

    def mark(function: Callable) -> Callable:
        function.__fast_path_of__ = of
        FAST_PATHS.setdefault(of, []).append(f"{function.__module__}.{function.__qualname__}")
        return function

    return mark
