"""`python -m assignments.dinosaur_island`: parse, check, then train (or load) and sample (see `cli.py`)."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence

from assignments.common.cli import parse_settings, run_main
from assignments.common.errors import UserError
from assignments.dinosaur_island.cli import MAX_HIDDEN_SIZE, Settings, build_parser
from assignments.dinosaur_island.data import names_source, read_names

# numpy's legacy seeds stop at 2**32 - 1, and a run reseeds up to --seed + --samples + 100 (`sample` adds
# two per character, 50 characters at most).
LARGEST_SEED_USED = 2**32 - 1


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


def check_settings(settings: Settings) -> Settings:
    """Every check that needs no numpy; reads the word list once. Returns the settings with it decided."""
    check_hidden_size(settings.hidden_size)
    check_seed(settings.seed, settings.samples)
    if settings.load is not None:
        if settings.names is not None:
            raise UserError(
                "--load samples from a model already trained, so --names would be ignored: drop --names, or drop --load to train on it."
            )
        return settings
    path, description, kind = names_source(settings.names)
    names = tuple(read_names(path))
    return dataclasses.replace(settings, training_names=names, names_description=f"{description} ({path})", names_kind=kind)


def main(argv: Sequence[str] | None = None) -> int:
    settings = check_settings(parse_settings(build_parser(), argv))
    # The work (numpy, the training loop, the plots) loads only now, once the input is known to be good.
    from assignments.dinosaur_island.commands import run

    return run(settings)


if __name__ == "__main__":
    sys.exit(run_main(main))
