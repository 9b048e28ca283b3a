"""Command-line plumbing shared by every week's main script.

- `ArgumentParser`: argparse whose errors are one line (`error: ...`) and exit code 2, no usage dump.
- `add_common_arguments`: the flags every week spells the same (`--seed`, `--output`, `--data`, `--weights`).
- argument types (`positive_int`, `probability`, ...) that reject bad values with a sentence.
- `run_main`: calls a main function and turns `UserError` into one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path
from typing import Callable, Sequence

from assignments.common.errors import UserError
from assignments.common.files import check_writable_folder

__all__ = [
    "ArgumentParser",
    "UserError",
    "add_common_arguments",
    "bounded_int",
    "default_output_dir",
    "non_negative_float",
    "non_negative_int",
    "output_folder",
    "positive_float",
    "positive_int",
    "probability",
    "run_main",
]


class ArgumentParser(argparse.ArgumentParser):
    """argparse with one-line errors: the problem, and where to look for the fix."""

    def error(self, message: str):  # noqa: D401 - argparse's API
        sys.stderr.write(f"{self.prog}: error: {message} (see --help)\n")
        raise SystemExit(2)


def _typed(converter: Callable[[str], float | int], check: Callable[[float | int], bool], wanted: str):
    def parse(text: str):
        try:
            value = converter(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {wanted}, got '{text}'") from None
        # NaN fails every comparison, but infinity passes "> 0": refuse both for every number type.
        # Only floats: whole numbers are never infinite, and math.isfinite overflows on one of 400 digits.
        if (isinstance(value, float) and not math.isfinite(value)) or not check(value):
            raise argparse.ArgumentTypeError(f"expected {wanted}, got {text}")
        return value

    parse.__name__ = wanted
    return parse


positive_int = _typed(int, lambda value: value > 0, "a whole number > 0")
non_negative_int = _typed(int, lambda value: value >= 0, "a whole number >= 0")
positive_float = _typed(float, lambda value: value > 0, "a finite number > 0")
non_negative_float = _typed(float, lambda value: value >= 0, "a finite number >= 0")
probability = _typed(float, lambda value: 0.0 <= value <= 1.0, "a number between 0 and 1")


def bounded_int(low: int, high: int, what: str = "a whole number"):
    """An argument type for sizes: a whole number in [low, high], so that an absurd size is refused up front.

    Args:
        low, high: the accepted range (inclusive); document `high` in the flag's help.
        what: a word for the message ("an image size").
    """
    return _typed(int, lambda value: low <= value <= high, f"{what} from {low} to {high}")


def output_folder(text: str) -> Path:
    """`--output`: a folder that exists and is writable, or can be created; checked before any work starts.

    Nothing is created here (a bad later flag must not leave an empty folder behind); the week creates the
    folder when it writes its first result.
    """
    try:
        return check_writable_folder(text)
    except UserError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def default_output_dir(week) -> Path:
    """`out/<week>/` under the current folder: outputs never go next to the inputs."""
    return Path("out") / getattr(week, "name", week)


def add_common_arguments(
    parser: argparse.ArgumentParser,
    week,
    *,
    seed: int | None = 0,
    output: bool = True,
    data: bool = False,
    weights: bool = False,
) -> None:
    """Adds the flags that every week spells the same way.

    Args:
        parser: the week's parser (or sub-command parser).
        week: the week (its `Week` declaration, or its name), for the default output folder and the help text.
        seed: the default of `--seed`; None leaves the flag out.
        output: add `--output DIR` (default `out/<week>/`).
        data: add `--data DIR` (default `$DLS_DATA_DIR/<week>/`, then the embedded default).
        weights: add `--weights PATH`.
    """
    week = getattr(week, "name", week)
    if seed is not None:
        parser.add_argument(
            # numpy's legacy seeding (np.random.seed, keras.utils.set_random_seed) takes 0 .. 2**32 - 1.
            "--seed", type=bounded_int(0, 2**32 - 1, "a seed"), default=seed, help=f"random seed, for repeatable runs (default {seed})"
        )
    if output:
        parser.add_argument(
            "--output",
            type=output_folder,
            # A string default goes through `type` too, so the default folder is checked like a given one.
            default=str(default_output_dir(week)),
            help=f"folder for the results; created if missing (default out/{week}/)",
        )
    if data:
        parser.add_argument(
            "--data",
            type=Path,
            default=None,
            help=f"folder with the course's data files (default $DLS_DATA_DIR/{week}/, else the embedded generated data)",
        )
    if weights:
        parser.add_argument(
            "--weights",
            default=None,
            help="pretrained weights: a file you already have (see the README for where to get it); "
            "without it the model has untrained, seeded random weights",
        )


def run_main(main: Callable[[Sequence[str] | None], int | None], argv: Sequence[str] | None = None) -> int:
    """Runs a main function the way every CLI here behaves.

    `UserError` → its message on one line of stderr, exit code 2, no traceback. Ctrl-C → one line and exit
    code 130. Anything else is a bug and keeps its traceback.
    """
    try:
        return int(main(argv) or 0)
    except UserError as error:
        message = " ".join(str(error).split())
        sys.stderr.write(f"error: {message}\n")
        return error.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("interrupted: stopped by the user (Ctrl-C); finished outputs are kept.\n")
        return 130
    except BrokenPipeError:
        # `python -m assignments.x | head`: the reader went away; not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
