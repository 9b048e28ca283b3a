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
from assignments.neural_machine_translation.week import WEEK

PROG = "python -m assignments.neural_machine_translation"
# Generated examples: 1,000,000 one-hot (30, 37) float32 inputs are 4.4 GB, the most a 24 GiB machine
# should hold beside training.
MAX_EXAMPLES = 1_000_000
MAX_EPOCHS = 1000


@dataclasses.dataclass(frozen=True)
class TrainSettings:
    examples: int = flag(
        20000,
        type=bounded_int(100, MAX_EXAMPLES, "a number of examples"),
        help=f"generated training dates (default 20000; at most {MAX_EXAMPLES:,})",
    )
    held_out: int = flag(
        1000,
        type=bounded_int(10, 100_000, "a number of examples"),
        help="generated validation dates (measured after every epoch, to stop) and as many test dates (measured once, "
        "at the end), none of them in the training set (default 1000)",
    )
    epochs: int = flag(
        20, type=bounded_int(1, MAX_EPOCHS, "a number of epochs"), help=f"epochs at most (default 20; at most {MAX_EPOCHS})"
    )
    target: float = flag(
        0.995,
        type=probability,
        help="stop once the validation exact-match accuracy reaches this share (default 0.995; 1 trains every epoch)",
    )
    batch_size: int = flag(100, type=bounded_int(1, 4096, "a batch size"), help="batch size (default 100, the course's)")
    learning_rate: float = flag(0.005, type=positive_float, help="Adam's learning rate (default 0.005, the course's)")
    seed: int = seed_flag(0, help="seeds the generated training dates and the weights (default 0)")
    output: Path = output_flag(
        WEEK, help="folder for model.keras, training.png and examples.csv (default out/neural_machine_translation/)"
    )


@dataclasses.dataclass(frozen=True)
class TranslateSettings:
    text: tuple[str, ...] = flag(
        (), nargs="*", names=("text",), metavar="DATE", help="dates to translate, e.g. 'Tuesday 09 Oct 1993' (quote each)"
    )
    dates: Path | None = flag(None, type=Path, help="a UTF-8 text file of dates, one a line (default: the notebook's 8 examples)")
    model: Path | None = flag(
        None,
        type=Path,
        help="model.keras written by 'train', or the course's model.h5 (default $DLS_DATA_DIR/neural_machine_translation/"
        "models/model.h5, else an UNTRAINED model)",
    )
    maps: int = flag(8, type=non_negative_int, help="attention maps to write as PNG, one per date (default 8; 0: none)")
    held_out: int = flag(
        1000,
        type=bounded_int(10, 100_000, "a number of examples"),
        help="generated dates to measure a model without a record of its own figures on (default 1000)",
    )
    output: Path = output_flag(
        WEEK, help="folder for translations.csv and attention_*.png (default out/neural_machine_translation/)"
    )


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog=PROG,
        description="Translate human-readable dates ('tuesday october 9 1993') into YYYY-MM-DD with the course's "
        "attention model. 'train' trains it on generated dates; 'translate' (the default) translates and draws "
        "where the model looked.",
    )
    add_command(parser, "train", TrainSettings, help="train the attention model on generated dates, until near-perfect")
    add_command(
        parser,
        "translate",
        TranslateSettings,
        help="translate dates and write each one's attention map as a PNG",
    )
    return parser
