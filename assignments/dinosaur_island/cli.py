"""The command line of Dinosaur Island: one frozen settings dataclass, each flag declared once (no numpy here).

    python -m assignments.dinosaur_island                       # the course's run on dinos.txt (or our list)
    python -m assignments.dinosaur_island --names words.txt --iterations 50000 --samples 20
    python -m assignments.dinosaur_island --names <(grep -v '^#' words.txt)    # a pipe works too
    python -m assignments.dinosaur_island --load out/dinosaur_island/model.npz --samples 50 --temperature 0.7

Writes to --output: model.npz (reload with --load), samples.txt, loss_curve.png.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assignments.common.cli import (
    ArgumentParser,
    bounded_int,
    flag,
    non_negative_int,
    output_flag,
    positive_float,
    positive_int,
    seed_flag,
    settings_parser,
)
from assignments.dinosaur_island.week import WEEK

# The largest --hidden-size accepted. Training holds Waa, its gradient and the update's temporary, each
# n_a x n_a float64: 0.4 GB at 4096 (60000 would need 86 GB), and each character costs n_a x n_a
# matrix-vector products: at 4096 about 0.35 s an iteration (measured on a shared 2-core machine), so the
# course's 22,001 iterations already take two hours.
MAX_HIDDEN_SIZE = 4096
# Training keeps one smoothed loss per iteration (8 bytes each: 80 MB at the limit, hours of training).
MAX_ITERATIONS = 10_000_000
MAX_SAMPLES = 100_000


@dataclasses.dataclass(frozen=True)
class Settings:
    """Everything `python -m assignments.dinosaur_island` can be told."""

    names: Path | None = flag(
        None, type=Path, help="UTF-8 text file, one name (or word) per line; a pipe such as <(...) or /dev/stdin works too"
    )
    iterations: int = flag(
        22001,
        type=bounded_int(0, MAX_ITERATIONS, "a number of iterations"),
        help=f"training steps, one name each (default 22001, the course's run; at most {MAX_ITERATIONS:,})",
    )
    samples: int = flag(
        10,
        type=bounded_int(1, MAX_SAMPLES, "a number of names"),
        help=f"names to sample at the end (default 10, at most {MAX_SAMPLES:,})",
    )
    temperature: float = flag(
        1.0,
        type=positive_float,
        help="sampling temperature for the final names: < 1 safer, > 1 wilder (default 1.0, the course's sampling)",
    )
    hidden_size: int = flag(50, type=positive_int, help=f"RNN hidden units n_a (default 50; at most {MAX_HIDDEN_SIZE})")
    learning_rate: float = flag(
        0.01,
        type=positive_float,
        help="gradient-descent step (default 0.01); if the loss becomes NaN or infinite the run stops and keeps the last finite weights",
    )
    print_every: int = flag(
        2000,
        type=non_negative_int,
        help="print the smoothed loss and 7 sampled names every N iterations, as the course does (default 2000; 0: never)",
    )
    load: Path | None = flag(
        None, type=Path, help="a model.npz from an earlier run: skip training and only sample names (--names is then refused)"
    )
    seed: int = seed_flag(0)
    output: Path = output_flag(WEEK)
    # Decided once after parsing, by `__main__` (never flags): the word list read, and what it is.
    training_names: tuple[str, ...] = dataclasses.field(default=(), repr=False)
    names_description: str = ""
    names_kind: str = "user"  # for the model's provenance: "user", "course" or "substitute"


def build_parser() -> ArgumentParser:
    return settings_parser(
        Settings,
        prog="python -m assignments.dinosaur_island",
        description="Train a numpy character-level RNN on a list of names (one per line) and sample new names. "
        "With no --names it uses the course's dinos.txt from $DLS_DATA_DIR, else an embedded list of real dinosaur genera.",
        epilog="--seed 0 reproduces the course's run exactly (shuffle seed 0, weight seed 1); "
        "the final samples use seeds seed, seed+1, ...",
    )
