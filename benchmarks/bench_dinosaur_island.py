"""Benchmark: iterations per second of `model()` at the course's settings, against a straightforward loop.

The baseline is the loop a learner writes from the notebook: for every name, `rnn_forward` and
`rnn_backward` step by step (one-hot vectors, one numpy call per operation per character), `clip`,
`update_parameters`. Ours fuses the forward and backward passes (`language_model._forward_backward`).
Both run in this process on the same names with the same seeds; the smoothed losses must agree.

    python benchmarks/bench_dinosaur_island.py                    # course settings: 22001 iterations
    python benchmarks/bench_dinosaur_island.py --iterations 5000 --names my_words.txt
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assignments.dinosaur_island import (  # noqa: E402
    build_vocabulary,
    clip,
    get_initial_loss,
    initialize_parameters,
    read_names,
    rnn_backward,
    rnn_forward,
    smooth,
    train,
    update_parameters,
)
from assignments.dinosaur_island.data import names_source  # noqa: E402


def reference_losses(names, char_to_ix, num_iterations, n_a=50, dino_names=7):
    """The straightforward per-example loop; returns the smoothed loss after every iteration."""
    vocab_size = len(char_to_ix)
    parameters = initialize_parameters(n_a, vocab_size, vocab_size)
    loss = get_initial_loss(vocab_size, dino_names)
    examples = [name.strip() for name in names]
    np.random.seed(0)
    np.random.shuffle(examples)
    a_prev = np.zeros((n_a, 1))
    losses = np.empty(num_iterations)
    for j in range(num_iterations):
        example = [char_to_ix[ch] for ch in examples[j % len(examples)]]
        X, Y = [None] + example, example + [char_to_ix["\n"]]
        current, cache = rnn_forward(X, Y, a_prev, parameters, vocab_size)
        gradients, hidden = rnn_backward(X, Y, parameters, cache)
        update_parameters(parameters, clip(gradients, 5), 0.01)
        a_prev = hidden[len(X) - 1]
        loss = smooth(loss, current)
        losses[j] = loss
    return losses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=22001, help="training iterations (default 22001, the course's run)")
    parser.add_argument("--names", type=Path, help="word list (default: dinos.txt from $DLS_DATA_DIR, else the embedded list)")
    arguments = parser.parse_args()

    path, description = names_source(arguments.names)
    names = read_names(path)
    char_to_ix, ix_to_char = build_vocabulary(names)
    print(f"names: {description}, {len(names)} names, vocabulary {len(char_to_ix)}; {arguments.iterations} iterations, n_a = 50")

    start = time.perf_counter()
    baseline = reference_losses(names, char_to_ix, arguments.iterations)
    baseline_seconds = time.perf_counter() - start

    start = time.perf_counter()
    _, _, ours = train(names, ix_to_char, char_to_ix, arguments.iterations, vocab_size=len(char_to_ix), print_every=0)
    ours_seconds = time.perf_counter() - start

    checkpoints = [j for j in range(0, arguments.iterations, 2000)]
    print(f"baseline (step-by-step functions): {baseline_seconds:7.2f} s  {arguments.iterations / baseline_seconds:8.0f} it/s")
    print(f"ours (fused forward/backward):     {ours_seconds:7.2f} s  {arguments.iterations / ours_seconds:8.0f} it/s")
    print(f"speed-up: {baseline_seconds / ours_seconds:.2f}x")
    first_difference = next((j for j in checkpoints if f"{baseline[j]:f}" != f"{ours[j]:f}"), None)
    early = slice(0, min(arguments.iterations, 12001))
    print(
        f"smoothed losses: max |difference| {np.abs(baseline[early] - ours[early]).max():.2e} over iterations 0-12000, "
        f"{np.abs(baseline - ours).max():.2e} over all; printed (6-decimal) losses at every 2000th iteration "
        + ("all identical" if first_difference is None else f"identical before iteration {first_difference}, which differs")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
