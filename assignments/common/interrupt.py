"""Ctrl-C that always stops training: the signal only sets a flag, and a Keras callback acts on it.

Python's default SIGINT handler raises `KeyboardInterrupt` in whatever Python code the main thread runs
when it next checks for signals. During `model.fit` that is often not our code: a finalizer (`__del__`)
of a TensorFlow object (eager tensors, iterators, traced functions are released every step), or Python
called back from TensorFlow's C++ runtime while a function is traced. An exception raised in a finalizer
is printed as "Exception ignored in ..." and dropped, and one raised inside TensorFlow's machinery can come
out as another error, or not at all: Ctrl-C then seems ignored, as it once was 16 s into a 20-epoch run.

So while training runs, `interrupt_requests()` replaces the handler with one that only records the request,
and `StopOnInterrupt`, a callback, raises `KeyboardInterrupt` at the next batch boundary, from plain
Python inside `fit`, where nothing can swallow it. The epoch in progress is not saved (the checkpoint
written at the end of the last whole epoch is kept, so `--resume` repeats that epoch and nothing else).
A second Ctrl-C raises at once, for a step that hangs.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading

import keras


class InterruptRequests:
    """What the SIGINT handler recorded: how many times Ctrl-C was pressed while training ran."""

    def __init__(self):
        self.count = 0

    def handle(self, signum, frame):
        self.count += 1
        if self.count == 1:
            sys.stderr.write("\nCtrl-C: stopping after this training step (press Ctrl-C again to stop at once).\n")
            sys.stderr.flush()
            return
        raise KeyboardInterrupt


@contextlib.contextmanager
def interrupt_requests():
    """Installs the recording SIGINT handler for the duration of the block (main thread only).

    Yields:
        The `InterruptRequests` to give to `StopOnInterrupt`. Elsewhere than in the main thread (where
        Python cannot install handlers) it stays at 0 and Ctrl-C keeps Python's default behaviour.
    """
    requests = InterruptRequests()
    if threading.current_thread() is not threading.main_thread():
        yield requests
        return
    previous = signal.signal(signal.SIGINT, requests.handle)
    try:
        yield requests
    finally:
        signal.signal(signal.SIGINT, previous)
    if requests.count:
        # A request that arrived after the last batch boundary (in validation's end, in a save) still stops.
        raise KeyboardInterrupt


class StopOnInterrupt(keras.callbacks.Callback):
    """Raises `KeyboardInterrupt` at the first batch or epoch boundary after Ctrl-C was pressed."""

    def __init__(self, requests: InterruptRequests):
        super().__init__()
        self.requests = requests

    def _check(self, *_arguments, **_keywords):
        if self.requests.count:
            raise KeyboardInterrupt

    on_train_batch_end = on_test_batch_end = on_epoch_begin = on_epoch_end = _check
