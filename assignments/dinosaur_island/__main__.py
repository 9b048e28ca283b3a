"""Train the character-level RNN on a list of names and invent new ones.

    python -m assignments.dinosaur_island                       # the course's run on dinos.txt (or our list)
    python -m assignments.dinosaur_island --names words.txt --iterations 50000 --samples 20
    python -m assignments.dinosaur_island --load out/dinosaur_island/model.npz --samples 50 --temperature 0.7

Writes to --output: model.npz (reload with --load), samples.txt, loss_curve.png.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Sequence

import numpy as np

from assignments.common.cli import (
    ArgumentParser,
    add_common_arguments,
    non_negative_int,
    positive_float,
    positive_int,
    run_main,
)
from assignments.common.files import ensure_output_dir, write_text_atomic
from assignments.common.plots import save_curves
from assignments.dinosaur_island.checkpoint import load_model, save_model
from assignments.dinosaur_island.data import WEEK, build_vocabulary, names_source, read_names
from assignments.dinosaur_island.language_model import sample, train
from assignments.dinosaur_island.rnn_utils import get_sample


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="python -m assignments.dinosaur_island",
        description="Train a numpy character-level RNN on a list of names (one per line) and sample new names. "
        "With no --names it uses the course's dinos.txt from $DLS_DATA_DIR, else an embedded list of real dinosaur genera.",
    )
    parser.add_argument("--names", type=Path, help="UTF-8 text file, one name (or word) per line")
    parser.add_argument(
        "--iterations", type=non_negative_int, default=22001, help="training steps, one name each (default 22001, the course's run)"
    )
    parser.add_argument("--samples", type=positive_int, default=10, help="names to sample at the end (default 10)")
    parser.add_argument(
        "--temperature",
        type=positive_float,
        default=1.0,
        help="sampling temperature for the final names: < 1 safer, > 1 wilder (default 1.0, the course's sampling)",
    )
    parser.add_argument("--hidden-size", type=positive_int, default=50, help="RNN hidden units n_a (default 50)")
    parser.add_argument("--learning-rate", type=positive_float, default=0.01, help="gradient-descent step (default 0.01)")
    parser.add_argument(
        "--print-every",
        type=non_negative_int,
        default=2000,
        help="print the smoothed loss and 7 sampled names every N iterations, as the course does (default 2000; 0: never)",
    )
    parser.add_argument("--load", type=Path, help="a model.npz from an earlier run: skip training and only sample names")
    add_common_arguments(parser, WEEK, seed=0)
    parser.epilog = "--seed 0 reproduces the course's run exactly (shuffle seed 0, weight seed 1); the final samples use seeds seed, seed+1, ..."
    return parser


def sample_names(parameters, char_to_ix, ix_to_char, count: int, first_seed: int, temperature: float) -> list[str]:
    """`count` names, one per seed from `first_seed` on, without their final newline."""
    return [
        get_sample(sample(parameters, char_to_ix, first_seed + offset, temperature), ix_to_char).rstrip("\n")
        for offset in range(count)
    ]


def train_from_arguments(arguments):
    from tqdm import tqdm

    path, description = names_source(arguments.names)
    names = read_names(path)
    char_to_ix, ix_to_char = build_vocabulary(names)
    print(f"Training on {description} ({path}): {len(names)} names, {len(char_to_ix)} characters.")
    with tqdm(total=arguments.iterations, desc="training", unit="it", dynamic_ncols=True, mininterval=0.5) as bar:

        def on_iteration(j: int, current_loss: float, smoothed_loss: float) -> None:
            bar.update(1)
            if j % 500 == 0:
                bar.set_postfix(loss=f"{smoothed_loss:.3f}")

        parameters, _, losses = train(
            names,
            ix_to_char,
            char_to_ix,
            num_iterations=arguments.iterations,
            n_a=arguments.hidden_size,
            vocab_size=len(char_to_ix),
            learning_rate=arguments.learning_rate,
            seed=arguments.seed,
            print_every=arguments.print_every,
            report=lambda line: tqdm.write(line.rstrip("\n")),
            on_iteration=on_iteration,
        )
    return parameters, char_to_ix, ix_to_char, losses


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    written = []
    if arguments.load is not None:
        parameters, char_to_ix, ix_to_char, iterations = load_model(arguments.load)
        output = ensure_output_dir(arguments.output)
        print(f"Loaded {arguments.load} (trained for {iterations} iterations, {len(char_to_ix)} characters).")
    else:
        parameters, char_to_ix, ix_to_char, losses = train_from_arguments(arguments)
        output = ensure_output_dir(arguments.output)
        final_loss = float(losses[-1]) if losses.size else float("nan")
        written.append(save_model(output / "model.npz", parameters, ix_to_char, arguments.iterations, final_loss))
        if losses.size:
            curve = {"smoothed loss": losses}
            written.append(
                save_curves(
                    output / "loss_curve.png",
                    curve,
                    title=f"Dinosaur Island: smoothed training loss (final {final_loss:.3f})",
                    xlabel="iteration",
                    ylabel="loss per name",
                    x=np.arange(losses.size),
                )
            )
        if arguments.iterations == 0:
            print("Note: --iterations 0 leaves the weights untrained, so the names below are random letters.")

    names = sample_names(parameters, char_to_ix, ix_to_char, arguments.samples, arguments.seed, arguments.temperature)
    print(f"\n{len(names)} sampled names (temperature {arguments.temperature:g}, seeds {arguments.seed}..{arguments.seed + len(names) - 1}):")
    for name in names:
        print(f"  {name or '(empty: the model ended the name at once)'}")
    written.append(write_text_atomic(output / "samples.txt", "\n".join(names) + "\n"))
    print("\nWrote: " + ", ".join(str(path) for path in written))
    return 0


if __name__ == "__main__":
    sys.exit(run_main(main))
