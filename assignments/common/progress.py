"""Progress a person can read on a terminal, and in a log file.

On a terminal, `progress` is a tqdm bar. When stderr is a file or a pipe (`python -m ... > log 2>&1`), a
bar's carriage returns would be mixed into every printed line, so it prints a plain line instead every
`plain_every_s` seconds (and at the end): `training: 400/22001 (2%), 12 s elapsed, about 9 min left`.
`keras_verbose()` gives Keras the same choice (1: its bar, 2: one line per epoch).

`time_estimate` turns the speed of the first steps into the sentence printed before a long run.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator

from tqdm import tqdm


def interactive() -> bool:
    """Whether stderr is a terminal (where bars redraw in place)."""
    return hasattr(sys.stderr, "isatty") and sys.stderr.isatty()


def keras_verbose() -> int:
    """Keras' `verbose`: the progress bar on a terminal, one line per epoch in a log."""
    return 1 if interactive() else 2


def duration_text(seconds: float) -> str:
    """'40 s', '14 min', '2.5 h'."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def time_estimate(seconds_per_step: float, steps_left: int, what: str, shorten: str) -> str:
    """'about 14 min for 10 epochs at the current speed; --epochs or --max-images to shorten'."""
    return f"about {duration_text(seconds_per_step * steps_left)} for {what} at the current speed; {shorten} to shorten"


class PlainProgress:
    """tqdm's interface (iterate, `update`, `set_postfix`, `write`, `close`) as plain lines for logs."""

    def __init__(
        self, iterable: Iterable | None = None, total: int | None = None, desc: str = "", unit: str = "it", every_s=30.0
    ):
        self.iterable, self.desc, self.unit, self.every_s = iterable, desc or "progress", unit, every_s
        self.total = total if total is not None else (len(iterable) if hasattr(iterable, "__len__") else None)
        self.n, self.postfix, self.closed, self.printed = 0, "", False, -1
        self.start = self.last = time.monotonic()

    def __iter__(self) -> Iterator:
        for item in self.iterable:
            yield item
            self.update(1)
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _line(self) -> str:
        elapsed = time.monotonic() - self.start
        if self.total:
            line = f"{self.desc}: {self.n}/{self.total} ({100 * self.n / self.total:.0f}%), {duration_text(elapsed)} elapsed"
            if 0 < self.n < self.total:
                line += f", about {duration_text(elapsed / self.n * (self.total - self.n))} left"
        else:
            line = f"{self.desc}: {self.n} {self.unit}, {duration_text(elapsed)} elapsed"
        return line + (f", {self.postfix}" if self.postfix else "")

    def update(self, count: int = 1) -> None:
        if self.closed:
            return
        self.n += count
        now = time.monotonic()
        if now - self.last >= self.every_s:
            self.last, self.printed = now, self.n
            print(self._line(), file=sys.stderr, flush=True)

    def set_postfix(self, ordered_dict=None, refresh: bool = True, **values) -> None:
        values = {**(ordered_dict or {}), **values}
        self.postfix = ", ".join(f"{key}={value}" for key, value in values.items())

    def set_description(self, desc: str, refresh: bool = True) -> None:
        self.desc = desc

    @staticmethod
    def write(text: str, file=None) -> None:
        print(text, file=file or sys.stdout, flush=True)

    def close(self) -> None:
        """Prints the last line once; later updates are ignored, as tqdm's are after `close`."""
        if not self.closed:
            self.closed = True
            if self.printed != self.n:
                print(self._line(), file=sys.stderr, flush=True)


def progress(
    iterable: Iterable | None = None, *, total: int | None = None, desc: str = "", unit: str = "it", plain_every_s: float = 30.0
):
    """A tqdm bar on a terminal, else `PlainProgress` lines every `plain_every_s` seconds."""
    if interactive():
        return tqdm(iterable, total=total, desc=desc, unit=unit)
    return PlainProgress(iterable, total=total, desc=desc, unit=unit, every_s=plain_every_s)
