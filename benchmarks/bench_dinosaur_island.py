"""Benchmark: iterations per second of `model()` at the course's settings, the course's step against the fused one.

The baseline is `train` with the course's `optimize` as its step: `rnn_forward` and `rnn_backward` step by
step (one-hot vectors, one numpy call per operation per character), `clip`, `update_parameters`. Ours is
`train` with its default step, `optimize_fused` (what `model()` and the main script run). Both run in this
process on the same names with the same seeds; the smoothed losses must agree before a ratio is printed.

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

from assignments.dinosaur_island import build_vocabulary, optimize, read_names, train  # noqa: E402
from assignments.dinosaur_island.data import names_source  # noqa: E402
from assignments.dinosaur_island.language_model import optimize_fused  # noqa: E402


def timed_losses(names, ix_to_char, char_to_ix, iterations, step):
    """(seconds, smoothed loss after every iteration) of one `train` run with `step`."""
    start = time.perf_counter()
    _, _, losses = train(names, ix_to_char, char_to_ix, iterations, vocab_size=len(char_to_ix), print_every=0, step=step)
    return time.perf_counter() - start, losses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=22001, help="training iterations (default 22001, the course's run)")
    parser.add_argument("--names", type=Path, help="word list (default: dinos.txt from $DLS_DATA_DIR, else the embedded list)")
    arguments = parser.parse_args()

    path, description, _ = names_source(arguments.names)
    names = read_names(path)
    char_to_ix, ix_to_char = build_vocabulary(names)
    print(f"names: {description}, {len(names)} names, vocabulary {len(char_to_ix)}; {arguments.iterations} iterations, n_a = 50")

    baseline_seconds, baseline = timed_losses(names, ix_to_char, char_to_ix, arguments.iterations, optimize)
    ours_seconds, ours = timed_losses(names, ix_to_char, char_to_ix, arguments.iterations, optimize_fused)
    early = slice(0, min(arguments.iterations, 12001))
    if arguments.iterations and np.abs(baseline[early] - ours[early]).max() > 1e-6:
        print("the two steps disagree: no ratio reported")
        return 1

    checkpoints = [j for j in range(0, arguments.iterations, 2000)]
    print(f"baseline (the course's optimize): {baseline_seconds:7.2f} s  {arguments.iterations / baseline_seconds:8.0f} it/s")
    print(f"ours (optimize_fused):            {ours_seconds:7.2f} s  {arguments.iterations / ours_seconds:8.0f} it/s")
    print(f"speed-up: {baseline_seconds / ours_seconds:.2f}x")
    first_difference = next((j for j in checkpoints if f"{baseline[j]:f}" != f"{ours[j]:f}"), None)
    print(
        f"smoothed losses: max |difference| {np.abs(baseline[early] - ours[early]).max():.2e} over iterations 0-12000, "
        f"{np.abs(baseline - ours).max():.2e} over all; printed (6-decimal) losses at every 2000th iteration "
        + ("all identical" if first_difference is None else f"identical before iteration {first_difference}, which differs")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
