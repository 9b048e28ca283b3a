"""The week's settings, each knob declared once, and the parser built from them (light: no TensorFlow)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assignments.common.cli import (
    ArgumentParser,
    add_command,
    bounded_int,
    flag,
    non_negative_int,
    output_flag,
    positive_float,
    probability,
    seed_flag,
)
from assignments.transformer.week import WEEK

PROG = "python -m assignments.transformer"
MAX_EXAMPLES = 1_000_000


@dataclasses.dataclass(frozen=True)
class TrainSettings:
    examples: int = flag(
        20000,
        type=bounded_int(100, MAX_EXAMPLES, "a number of examples"),
        help=f"generated training dates (default 20000; at most {MAX_EXAMPLES:,}), none of them in the validation or test set",
    )
    epochs: int = flag(15, type=bounded_int(1, 1000, "a number of epochs"), help="epochs at most (default 15)")
    target: float = flag(
        0.995, type=probability, help="stop once the validation exact match (greedy decoding) reaches this share (default 0.995)"
    )
    batch_size: int = flag(100, type=bounded_int(1, 4096, "a batch size"), help="batch size (default 100)")
    learning_rate: float = flag(0.001, type=positive_float, help="Adam's learning rate (default 0.001)")
    compare: Path | None = flag(
        None,
        type=Path,
        help="the attention model's model.keras (python -m assignments.neural_machine_translation train): its test "
        "figures, on the same 1,000 test dates, are printed beside the Transformer's",
    )
    seed: int = seed_flag(0, help="seeds the generated training dates and the weights (default 0)")
    output: Path = output_flag(WEEK, help="folder for model.npz and the PNGs (default out/transformer/)")


@dataclasses.dataclass(frozen=True)
class TranslateSettings:
    text: tuple[str, ...] = flag((), nargs="*", names=("text",), metavar="DATE", help="dates to translate (quote each)")
    dates: Path | None = flag(
        None, type=Path, help="a UTF-8 text file of dates, one a line (default: the notebook's C5W3 examples)"
    )
    model: Path | None = flag(None, type=Path, help="model.npz written by 'train' (default: an UNTRAINED model)")
    maps: int = flag(1, type=non_negative_int, help="dates whose attention heads are drawn as PNG (default 1; 0: none)")
    output: Path = output_flag(WEEK, help="folder for translations.csv and the PNGs (default out/transformer/)")


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog=PROG,
        description="The course's Transformer (C5W4 A1) on the date task of C5W3: human-readable dates to YYYY-MM-DD, "
        "greedy decoding with the look-ahead mask. 'train' trains it and compares it with the attention model; "
        "'translate' (the default) translates and draws each head's attention.",
    )
    add_command(parser, "train", TrainSettings, help="train the Transformer on generated dates")
    add_command(parser, "translate", TranslateSettings, help="translate dates and draw each attention head")
    return parser
