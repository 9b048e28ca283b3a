"""Importing TensorFlow without its start-up chatter, so that a week's output and errors read cleanly.

TF 2.21 prints half a dozen INFO lines from C++ while it is imported (oneDNN, CUDA stubs, CPU features),
before absl logging is set up, so `TF_CPP_MIN_LOG_LEVEL` does not reach them (a known TensorFlow issue).
The main scripts import TensorFlow through `import_tensorflow_quietly()` after their arguments are
checked: the process's stderr file descriptor points at /dev/null for the import alone, and Python
errors raised by the import still propagate with their traceback.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Iterator


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


def import_tensorflow_quietly() -> None:
    """Imports TensorFlow and Keras with the start-up lines silenced; later warnings and errors still show.

    `TF_CPP_MIN_LOG_LEVEL` defaults to 2 (warnings and errors from C++ still print at level 2 and above
    once logging is set up) unless the user set it.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    with native_stderr_silenced():
        import keras  # noqa: F401  (TensorFlow comes with it)
        import tensorflow  # noqa: F401

        # Devices are not initialised here on purpose: `tf.config.set_logical_device_configuration`
        # (tf.distribute tests) must still be possible after this import.
