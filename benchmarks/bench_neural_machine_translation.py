"""Benchmark: the attention model's training and inference speed, against the same-process matmul rate.

- Training: examples/s of `fit` on generated dates (the course's batch 100), after one warm-up epoch.
- Inference: translations/s at batch 1 (one `predict_on_batch` per date) and at batch 256, and the
  ratio of the two: what batching buys.
- The share of the matmul rate: FLOPs counted from the layers' shapes (the Bi-LSTM over Tx = 30, the
  attention's two Dense layers at every (output step, input position), the decoder LSTM and the output
  Dense at every output step; training = 3x forward), divided by a 4096x4096 float32 matmul's rate.

    python benchmarks/bench_neural_machine_translation.py [--examples 4000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from limits import matmul_flops, matmul_step  # noqa: E402

from assignments.common.quiet import import_tensorflow_quietly  # noqa: E402


def forward_flops_per_date(Tx=30, Ty=10, n_a=32, n_s=64, human=37, machine=11) -> int:
    """2 x multiply-adds of one date's forward pass, from the course's layer shapes."""
    lstm = lambda inputs, units, steps: 2 * steps * 4 * units * (inputs + units)  # noqa: E731
    encoder = 2 * lstm(human, n_a, Tx)
    attention = Ty * Tx * 2 * ((2 * n_a + n_s) * 10 + 10 * 1) + Ty * Tx * 2 * 2 * n_a  # energies, then the weighted sum
    decoder = lstm(2 * n_a, n_s, Ty) + Ty * 2 * n_s * machine
    return encoder + attention + decoder


def timed(function, repeats: int) -> float:
    start = time.perf_counter()
    for _ in range(repeats):
        function()
    return (time.perf_counter() - start) / repeats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=4000, help="generated training dates per timed epoch (default 4000)")
    arguments = parser.parse_args()
    import_tensorflow_quietly()
    import keras

    from assignments.neural_machine_translation.nmt_utils import human_vocab, machine_vocab, preprocess_data
    from assignments.neural_machine_translation.synthetic import load_dataset
    from assignments.neural_machine_translation.translation import course_sized_model, model_inputs

    dataset = load_dataset(arguments.examples, seed=3)[0]
    _, _, Xoh, Yoh = preprocess_data(dataset, human_vocab, machine_vocab, 30, 10)
    model = course_sized_model()
    model.compile(keras.optimizers.Adam(0.005), loss="categorical_crossentropy")
    zeros = np.zeros((len(dataset), 64), np.float32)
    fit = lambda: model.fit([Xoh, zeros, zeros], list(Yoh.swapaxes(0, 1)), batch_size=100, epochs=1, verbose=0)  # noqa: E731
    fit()  # warm-up: tracing and compilation
    train_seconds = timed(fit, 2)
    train_rate = len(dataset) / train_seconds

    dates = [human for human, _ in dataset[:256]]
    batch = model_inputs(model, dates)
    single = model_inputs(model, dates[:1])
    model.predict_on_batch(batch), model.predict_on_batch(single)
    batch_rate = 256 / timed(lambda: model.predict_on_batch(batch), 10)
    single_rate = 1 / timed(lambda: model.predict_on_batch(single), 50)

    step = matmul_step()
    matmul_rate = matmul_flops() / timed(step, 10)
    flops = forward_flops_per_date()
    print(f"forward FLOPs per date: {flops:,}; matmul: {matmul_rate / 1e9:.0f} GFLOP/s")
    print(
        f"training: {train_rate:,.0f} dates/s (batch 100); {100 * 3 * flops * train_rate / matmul_rate:.2f} % of the matmul rate"
    )
    print(
        f"inference: {single_rate:,.0f} translations/s at batch 1, {batch_rate:,.0f} at batch 256 "
        f"({batch_rate / single_rate:.1f}x); batch 256 at {100 * flops * batch_rate / matmul_rate:.2f} % of the matmul rate"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
