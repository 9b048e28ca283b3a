"""The main script's work, once its settings are checked: train (or load), sample names, write the results."""

from __future__ import annotations

import numpy as np
from tqdm import tqdm

from assignments.common.errors import UserError
from assignments.common.files import ensure_output_dir, rescue_dir, write_text_atomic
from assignments.common.plots import save_curves
from assignments.dinosaur_island.checkpoint import load_model, save_model
from assignments.dinosaur_island.data import build_vocabulary
from assignments.dinosaur_island.language_model import LossNotFinite, sample, train
from assignments.dinosaur_island.rnn_utils import get_sample

UNTRAINED_HEADER = "# UNTRAINED: the model had 0 training iterations, so these names are random letters."


def sample_names(parameters, char_to_ix, ix_to_char, count: int, first_seed: int, temperature: float) -> list[str]:
    """`count` names, one per seed from `first_seed` on, without their final newline."""
    return [
        get_sample(sample(parameters, char_to_ix, first_seed + offset, temperature), ix_to_char).rstrip("\n")
        for offset in range(count)
    ]


def train_from_settings(settings):
    """Trains on `settings.training_names` as the flags say; returns (parameters, char_to_ix, ix_to_char, losses).

    Raises:
        UserError: the loss became NaN or infinite; the last finite weights are saved first, under another name.
    """
    names = list(settings.training_names)
    char_to_ix, ix_to_char = build_vocabulary(names)
    print(f"Training on {settings.names_description}: {len(names)} names, {len(char_to_ix)} characters.")
    with tqdm(total=settings.iterations, desc="training", unit="it", dynamic_ncols=True, mininterval=0.5) as bar:

        def on_iteration(j: int, current_loss: float, smoothed_loss: float) -> None:
            bar.update(1)
            if j % 500 == 0:
                bar.set_postfix(loss=f"{smoothed_loss:.3f}")

        try:
            parameters, _, losses = train(
                names,
                ix_to_char,
                char_to_ix,
                num_iterations=settings.iterations,
                n_a=settings.hidden_size,
                vocab_size=len(char_to_ix),
                learning_rate=settings.learning_rate,
                seed=settings.seed,
                print_every=settings.print_every,
                report=lambda line: tqdm.write(line.rstrip("\n")),
                on_iteration=on_iteration,
            )
        except LossNotFinite as stop:
            bar.close()
            kept = save_model(
                ensure_output_dir(settings.output) / "model.last_finite.npz",
                stop.last_finite_parameters,
                ix_to_char,
                stop.last_finite_iteration,
                float(stop.losses[stop.last_finite_iteration - 1]) if stop.last_finite_iteration else float("nan"),
            )
            raise UserError(
                f"{stop} No model.npz was written; the last finite weights (after {stop.last_finite_iteration} iterations) "
                f"are in {kept}."
            ) from None
    return parameters, char_to_ix, ix_to_char, losses


def run(settings) -> int:
    """Trains on the word list (or loads --load), samples --samples names, writes the results to --output."""
    if settings.load is not None:
        parameters, char_to_ix, ix_to_char, iterations = load_model(settings.load)
        print(f"Loaded {settings.load} (trained for {iterations} iterations, {len(char_to_ix)} characters).")
        output, written = ensure_output_dir(settings.output), []
    else:
        parameters, char_to_ix, ix_to_char, losses = train_from_settings(settings)
        iterations = settings.iterations
        output, written = write_training_outputs(settings, parameters, ix_to_char, losses)
    if iterations == 0:
        print("UNTRAINED: 0 training iterations leave the weights random, so the names below are random letters.")
    sampled = sample_names(parameters, char_to_ix, ix_to_char, settings.samples, settings.seed, settings.temperature)
    written.append(write_samples(output / "samples.txt", sampled, iterations, settings))
    print("\nWrote: " + ", ".join(str(path) for path in written))
    return 0


def write_training_outputs(settings, parameters: dict, ix_to_char: dict, losses: np.ndarray):
    """model.npz and loss_curve.png in --output; returns (the output folder, the files written)."""
    final_loss = float(losses[-1]) if losses.size else float("nan")
    try:
        output = ensure_output_dir(settings.output)
        written = [save_model(output / "model.npz", parameters, ix_to_char, settings.iterations, final_loss)]
    except (OSError, UserError) as error:
        # --output was checked before training, but it can still fail now (disk full, folder removed):
        # the trained model is the finished work, so it goes somewhere else rather than being lost.
        kept = save_model(rescue_dir() / "model.npz", parameters, ix_to_char, settings.iterations, final_loss)
        reason = error.strerror if isinstance(error, OSError) else str(error).rstrip(".")
        raise UserError(
            f"Could not write the model to '{settings.output}' ({reason}); the trained model is kept at {kept}: "
            f"sample from it with --load {kept}."
        ) from None
    if losses.size:
        written.append(save_loss_curve(output / "loss_curve.png", losses))
    return output, written


def save_loss_curve(path, losses: np.ndarray):
    """loss_curve.png: the smoothed loss after every iteration."""
    return save_curves(
        path,
        {"smoothed loss": losses},
        title=f"Dinosaur Island: smoothed training loss (final {float(losses[-1]):.3f})",
        xlabel="iteration",
        ylabel="loss per name",
        x=np.arange(losses.size),
    )


def write_samples(path, sampled: list[str], iterations: int, settings):
    """Prints the sampled names and writes them to samples.txt (headed `# UNTRAINED` for an untrained model)."""
    last_seed = settings.seed + len(sampled) - 1
    print(f"\n{len(sampled)} sampled names (temperature {settings.temperature:g}, seeds {settings.seed}..{last_seed}):")
    for name in sampled:
        print(f"  {name or '(empty: the model ended the name at once)'}")
    lines = ([UNTRAINED_HEADER] if iterations == 0 else []) + sampled
    return write_text_atomic(path, "\n".join(lines) + "\n")
