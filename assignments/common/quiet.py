"""Importing TensorFlow without its start-up chatter, so that a week's output and errors read cleanly.

TF 2.21 prints half a dozen INFO lines from C++ while it is imported (oneDNN, CUDA stubs, CPU features, and a cuInit error where there is no GPU),
before absl logging is set up, so `TF_CPP_MIN_LOG_LEVEL` does not reach them (a known TensorFlow issue).
The main scripts import TensorFlow through `import_tensorflow_quietly()` after their arguments are
checked: the process's stderr file descriptor points at /dev/null for the import alone, and Python
errors raised by the import still propagate with their traceback.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def native_stderr_silenced() -> Iterator[None]:
    """Points file descriptor 2 at /dev/null for the block (C/C++ writes included), then restores it."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def import_tensorflow_quietly(start_runtime: bool = True) -> None:
    """Imports TensorFlow and Keras with the start-up lines silenced; later warnings and errors still show.

    `TF_CPP_MIN_LOG_LEVEL` defaults to 2 (warnings and errors from C++ still print at level 2 and above
    once logging is set up) unless the user set it.

    Args:
        start_runtime: also start TensorFlow's runtime (list its devices) inside the silence. Pass False
            when a `MultiWorkerMirroredStrategy` is about to be created: it must configure the collective
            ops before the runtime starts.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    with native_stderr_silenced():
        import keras  # noqa: F401  (TensorFlow comes with it)
        import tensorflow

        # Listing the devices starts TensorFlow's runtime now, inside the silence: on a machine without a
        # GPU the CUDA stub otherwise prints "failed call to cuInit" as an error line at the first
        # operation. A program that splits devices (tests/logical_devices.py) does so before this point.
        if start_runtime:
            tensorflow.config.list_logical_devices()
