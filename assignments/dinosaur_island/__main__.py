"""Train the character-level RNN on a list of names and invent new ones.

    python -m assignments.dinosaur_island                       # the course's run on dinos.txt (or our list)
    python -m assignments.dinosaur_island --names words.txt --iterations 50000 --samples 20
    python -m assignments.dinosaur_island --names <(grep -v '^#' words.txt)    # a pipe works too
    python -m assignments.dinosaur_island --load out/dinosaur_island/model.npz --samples 50 --temperature 0.7

Writes to --output: model.npz (reload with --load), samples.txt, loss_curve.png.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from assignments.common.cli import (
    ArgumentParser,
    add_common_arguments,
    bounded_int,
    non_negative_int,
    positive_float,
    positive_int,
    run_main,
)
from assignments.common.errors import UserError
from assignments.dinosaur_island.data import names_source, read_names
from assignments.dinosaur_island.week import WEEK

# The largest --hidden-size accepted. Training holds Waa, its gradient and the update's temporary, each
# n_a x n_a float64: 0.4 GB at 4096 (60000 would need 86 GB), and each character costs n_a x n_a
# matrix-vector products: at 4096 about 0.35 s an iteration (measured on a shared 2-core machine), so the
# course's 22,001 iterations already take two hours.
MAX_HIDDEN_SIZE = 4096
# Training keeps one smoothed loss per iteration (8 bytes each: 80 MB at the limit, hours of training).
MAX_ITERATIONS = 10_000_000
MAX_SAMPLES = 100_000
# numpy's legacy seeds stop at 2**32 - 1, and a run reseeds up to --seed + --samples + 100 (`sample` adds
# two per character, 50 characters at most).
LARGEST_SEED_USED = 2**32 - 1


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="python -m assignments.dinosaur_island",
        description="Train a numpy character-level RNN on a list of names (one per line) and sample new names. "
        "With no --names it uses the course's dinos.txt from $DLS_DATA_DIR, else an embedded list of real dinosaur genera.",
    )
    parser.add_argument(
        "--names", type=Path, help="UTF-8 text file, one name (or word) per line; a pipe such as <(...) or /dev/stdin works too"
    )
    parser.add_argument(
        "--iterations",
        type=bounded_int(0, MAX_ITERATIONS, "a number of iterations"),
        default=22001,
        help=f"training steps, one name each (default 22001, the course's run; at most {MAX_ITERATIONS:,})",
    )
    parser.add_argument(
        "--samples",
        type=bounded_int(1, MAX_SAMPLES, "a number of names"),
        default=10,
        help=f"names to sample at the end (default 10, at most {MAX_SAMPLES:,})",
    )
    parser.add_argument(
        "--temperature",
        type=positive_float,
        default=1.0,
        help="sampling temperature for the final names: < 1 safer, > 1 wilder (default 1.0, the course's sampling)",
    )
    parser.add_argument(
        "--hidden-size", type=positive_int, default=50, help=f"RNN hidden units n_a (default 50; at most {MAX_HIDDEN_SIZE})"
    )
    parser.add_argument(
        "--learning-rate",
        type=positive_float,
        default=0.01,
        help="gradient-descent step (default 0.01); if the loss becomes NaN or infinite the run stops and keeps the last finite weights",
    )
    parser.add_argument(
        "--print-every",
        type=non_negative_int,
        default=2000,
        help="print the smoothed loss and 7 sampled names every N iterations, as the course does (default 2000; 0: never)",
    )
    parser.add_argument("--load", type=Path, help="a model.npz from an earlier run: skip training and only sample names")
    add_common_arguments(parser, WEEK.name, seed=0)
    parser.epilog = "--seed 0 reproduces the course's run exactly (shuffle seed 0, weight seed 1); the final samples use seeds seed, seed+1, ..."
    return parser


def check_hidden_size(hidden_size: int) -> None:
    """Refuses a hidden size whose training would not fit in memory or time, with the estimate."""
    if hidden_size > MAX_HIDDEN_SIZE:
        gigabytes = 3 * hidden_size**2 * 8 / 1e9
        raise UserError(
            f"--hidden-size {hidden_size} is over the limit of {MAX_HIDDEN_SIZE}: its training would hold about "
            f"{gigabytes:,.0f} GB of n_a x n_a weights and gradients; use --hidden-size {MAX_HIDDEN_SIZE} or less."
        )


def check_seed(seed: int, samples: int) -> None:
    """Refuses a --seed whose sampling would reseed numpy past its largest seed."""
    largest = seed + samples + 100
    if largest > LARGEST_SEED_USED:
        raise UserError(
            f"--seed {seed} is too large for {samples} samples: the run reseeds numpy up to --seed + --samples + 100, "
            f"and numpy takes seeds up to 2**32 - 1; use --seed {LARGEST_SEED_USED - samples - 100} or less."
        )


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    # Every input is checked before numpy loads and before a single iteration runs (--output by its argument type).
    check_hidden_size(arguments.hidden_size)
    check_seed(arguments.seed, arguments.samples)
    names = description = None
    if arguments.load is None:
        path, description = names_source(arguments.names)
        names = read_names(path)
        description = f"{description} ({path})"

    # The work (numpy, the training loop, the plots) loads only now, once the input is known to be good.
    from assignments.dinosaur_island.script import run

    return run(arguments, names, description)


if __name__ == "__main__":
    sys.exit(run_main(main))
