"""Benchmark: the week's numpy RNN and LSTM passes against keras.layers.SimpleRNN / LSTM on the same sizes,
forward and forward + backward (tf.GradientTape, one traced tf.function), in one process.

    python benchmarks/bench_rnn_step_by_step.py [--batch 32 --steps 20 --units 50 --features 27]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assignments.common.quiet import import_tensorflow_quietly  # noqa: E402
from assignments.rnn_step_by_step import lstm_backward, lstm_forward, rnn_backward, rnn_forward  # noqa: E402


def timed(function, repeats: int = 20) -> float:
    function()
    start = time.perf_counter()
    for _ in range(repeats):
        function()
    return (time.perf_counter() - start) / repeats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--features", type=int, default=27)
    arguments = parser.parse_args()
    m, T, n_a, n_x = arguments.batch, arguments.steps, arguments.units, arguments.features
    import_tensorflow_quietly()
    import keras
    import tensorflow as tf

    rng = np.random.default_rng(0)
    x, a0, da = rng.normal(size=(n_x, m, T)), np.zeros((n_a, m)), rng.normal(size=(n_a, m, T))
    rnn = {"Wax": rng.normal(size=(n_a, n_x)), "Waa": rng.normal(size=(n_a, n_a)), "Wya": rng.normal(size=(2, n_a)),
           "ba": np.zeros((n_a, 1)), "by": np.zeros((2, 1))}  # fmt: skip
    lstm = {f"{kind}{gate}": rng.normal(size=(n_a, n_a + n_x) if kind == "W" else (n_a, 1)) for gate in "fico" for kind in "Wb"}
    lstm.update(Wy=rng.normal(size=(2, n_a)), by=np.zeros((2, 1)))
    keras_x, keras_da = tf.constant(x.transpose(1, 2, 0), tf.float64), tf.constant(da.transpose(1, 2, 0), tf.float64)
    print(f"batch {m}, {T} steps, {n_a} units, {n_x} features, float64; times per call")
    print("| pass | numpy (this week) | Keras layer | Keras / numpy |")
    print("|---|---|---|---|")
    for name, layer_class, forward, backward, parameters in (
        ("SimpleRNN", keras.layers.SimpleRNN, rnn_forward, rnn_backward, rnn),
        ("LSTM", keras.layers.LSTM, lstm_forward, lstm_backward, lstm),
    ):
        layer = layer_class(n_a, return_sequences=True, dtype="float64")
        layer.build((None, T, n_x))

        @tf.function
        def keras_forward(layer=layer):
            return layer(keras_x)

        @tf.function
        def keras_both(layer=layer):
            with tf.GradientTape() as tape:
                loss = tf.reduce_sum(layer(keras_x) * keras_da)
            return tape.gradient(loss, layer.trainable_variables)

        numpy_forward = timed(lambda forward=forward, parameters=parameters: forward(x, a0, parameters))
        numpy_both = timed(lambda f=forward, b=backward, p=parameters: b(da, f(x, a0, p)[-1]))
        keras_f, keras_b = timed(lambda f=keras_forward: f().numpy()), timed(lambda f=keras_both: [g.numpy() for g in f()])
        print(f"| {name} forward | {1e3 * numpy_forward:.2f} ms | {1e3 * keras_f:.2f} ms | {keras_f / numpy_forward:.2f}x |")
        print(f"| {name} forward + backward | {1e3 * numpy_both:.2f} ms | {1e3 * keras_b:.2f} ms | {keras_b / numpy_both:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
