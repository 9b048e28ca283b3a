"""The week's settings, each knob declared once, and the parser built from them (light: no TensorFlow)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assignments.common.cli import ArgumentParser, bounded_int, flag, output_flag, positive_float, seed_flag, settings_parser
from assignments.rnn_step_by_step.week import WEEK

MAX_HIDDEN_SIZE = 1024


@dataclasses.dataclass(frozen=True)
class Settings:
    names: Path | None = flag(
        None,
        type=Path,
        help="UTF-8 word list, one name a line (default: $DLS_DATA_DIR/dinosaur_island/dinos.txt, else the embedded "
        "list of real dinosaur genera)",
    )
    steps: int = flag(
        3000, type=bounded_int(1, 1_000_000, "a number of steps"), help="training steps, one name each (default 3000)"
    )
    hidden_size: int = flag(
        50, type=bounded_int(1, MAX_HIDDEN_SIZE, "a hidden size"), help=f"LSTM units n_a (default 50; at most {MAX_HIDDEN_SIZE})"
    )
    learning_rate: float = flag(0.01, type=positive_float, help="Adam's learning rate (default 0.01)")
    samples: int = flag(10, type=bounded_int(1, 10_000, "a number of names"), help="names to sample at the end (default 10)")
    keras: bool = flag(False, help="also train the same model in Keras for the same steps, and plot both losses")
    seed: int = seed_flag(0, help="seeds the weights, the order of the names and the sampling (default 0)")
    output: Path = output_flag(WEEK, help="folder for model.npz, loss_curve.png and samples.txt (default out/rnn_step_by_step/)")


def build_parser() -> ArgumentParser:
    return settings_parser(
        Settings,
        prog="python -m assignments.rnn_step_by_step",
        description="Train a character-level LSTM on a list of names with this week's own numpy forward and backward "
        "passes (Adam, gradients clipped to [-5, 5]), sample new names, and, with --keras, compare with the same "
        "model trained by Keras from the same weights.",
    )
