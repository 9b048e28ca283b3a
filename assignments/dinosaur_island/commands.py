"""The main script's work, once its settings are checked: train (or load), sample names, write the results.

Every output says how far to trust the model: its provenance (`common/provenance.py`: the names it learned
from, the iterations, its loss per name against a uniform model's) is saved inside model.npz, printed, put at
the head of samples.txt and under loss_curve.png. Ctrl-C stops training between two steps; the weights
reached are saved, labelled interrupted. One run at a time writes an output folder (`common/locking.py`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import signal
import sys
import threading

import numpy as np
from PIL import Image

from assignments.common.errors import UserError
from assignments.common.files import ensure_output_dir, remove_stale_temporaries_in, write_text_atomic
from assignments.common.images import draw_caption, save_image
from assignments.common.locking import exclusive
from assignments.common.plots import save_curves
from assignments.common.progress import progress
from assignments.common.provenance import Provenance
from assignments.dinosaur_island.checkpoint import load_model, save_model
from assignments.dinosaur_island.data import build_vocabulary
from assignments.dinosaur_island.evaluation import FIGURE, loss_figures
from assignments.dinosaur_island.language_model import LossNotFinite, sample, train
from assignments.dinosaur_island.rnn_utils import get_sample


def sample_names(parameters, char_to_ix, ix_to_char, count: int, first_seed: int, temperature: float) -> list[str]:
    """`count` names, one per seed from `first_seed` on, without their final newline."""
    return [
        get_sample(sample(parameters, char_to_ix, first_seed + offset, temperature), ix_to_char).rstrip("\n")
        for offset in range(count)
    ]


def run(settings) -> int:
    """Trains on the word list (or loads --load), samples --samples names, writes the results to --output."""
    # A model to load is read and checked before the output folder is touched.
    loaded = load_model(settings.load) if settings.load is not None else None
    with exclusive(settings.output, "the output folder"):
        remove_stale_temporaries_in(settings.output)  # what a killed run left half-written
        if loaded is not None:
            parameters, char_to_ix, ix_to_char, _, provenance = loaded
            print(f"Loaded {settings.load} ({len(char_to_ix)} characters). Model: {provenance.summary()}")
            output, written, interrupted = ensure_output_dir(settings.output), [], False
        else:
            parameters, char_to_ix, ix_to_char, losses, interrupted = train_from_settings(settings)
            provenance = training_provenance(settings, parameters, char_to_ix, losses.size, interrupted)
            print(f"Model: {provenance.summary()}")
            output, written = write_training_outputs(settings, parameters, ix_to_char, losses, provenance)
        sampled = sample_names(parameters, char_to_ix, ix_to_char, settings.samples, settings.seed, settings.temperature)
        written.append(write_samples(output / "samples.txt", sampled, provenance, settings))
    print("\nWrote: " + ", ".join(str(path) for path in written))
    if interrupted:
        print(
            f"Stopped by Ctrl-C after {losses.size:,} of {settings.iterations:,} iterations: model.npz keeps the weights reached."
        )
        return 130
    return 0


@contextlib.contextmanager
def stop_requests():
    """Yields a function that says whether Ctrl-C was pressed; the first press only asks training to stop.

    Python's default handler would raise KeyboardInterrupt in the middle of a step, with the weights half
    updated and every iteration lost; a second Ctrl-C still does, for a step that hangs.
    """
    pressed = []

    def handle(signum, frame):
        if pressed:
            raise KeyboardInterrupt
        pressed.append(True)
        sys.stderr.write("\nCtrl-C: stopping after this iteration; the weights reached are saved (Ctrl-C again: at once).\n")

    if threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return
    previous = signal.signal(signal.SIGINT, handle)
    try:
        yield lambda: bool(pressed)
    finally:
        signal.signal(signal.SIGINT, previous)


def train_from_settings(settings):
    """Trains on `settings.training_names`; returns (parameters, char_to_ix, ix_to_char, losses, interrupted).

    Raises:
        UserError: the loss became NaN or infinite; the last finite weights are saved first, under another name.
    """
    names = list(settings.training_names)
    char_to_ix, ix_to_char = build_vocabulary(names)
    print(f"Training on {settings.names_description}: {len(names)} names, {len(char_to_ix)} characters.")
    # A bar on a terminal; plain lines in a log (`> log 2>&1`), where a bar's redraws would mix into the text.
    with progress(total=settings.iterations, desc="training", unit="it") as bar, stop_requests() as stopped:

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
                report=lambda line: bar.write(line.rstrip("\n")),
                on_iteration=on_iteration,
                should_stop=stopped,
            )
        except LossNotFinite as stop:
            bar.close()
            raise keep_last_finite(settings, stop, char_to_ix, ix_to_char) from None
    return parameters, char_to_ix, ix_to_char, losses, losses.size < settings.iterations


def keep_last_finite(settings, stop: LossNotFinite, char_to_ix: dict, ix_to_char: dict) -> UserError:
    """Saves the last finite weights of a diverged run as model.last_finite.npz; returns the error to raise."""
    done = stop.last_finite_iteration
    provenance = training_provenance(settings, stop.last_finite_parameters, char_to_ix, done, interrupted=False)
    provenance = dataclasses.replace(provenance, notes=("the last finite weights of a run whose loss diverged",))
    final_loss = float(stop.losses[done - 1]) if done else float("nan")
    kept = save_model(
        ensure_output_dir(settings.output) / "model.last_finite.npz",
        stop.last_finite_parameters,
        ix_to_char,
        done,
        final_loss,
        provenance,
    )
    return UserError(f"{stop} No model.npz was written; the last finite weights (after {done} iterations) are in {kept}.")


def training_provenance(settings, parameters: dict, char_to_ix: dict, iterations: int, interrupted: bool) -> Provenance:
    """Where the weights came from and how good they are: loss per name on the training names vs a uniform model."""
    model_loss, uniform_loss = loss_figures(parameters, settings.training_names, char_to_ix)
    fields = dict(
        figures={FIGURE: model_loss},
        baselines={FIGURE: uniform_loss},
        baseline_name="uniform model",
        lower_is_better=(FIGURE,),
        examples=len(settings.training_names),
        interrupted=interrupted,
    )
    if iterations == 0:
        return Provenance.untrained("0 training iterations: seeded random weights", **fields)
    steps = f"{iterations:,} of {settings.iterations:,} iterations" if interrupted else f"{iterations:,} iterations"
    trained_on = f"{len(settings.training_names):,} names from {settings.names_description}"
    return Provenance(trained_on=trained_on, data=settings.names_kind, steps=steps, **fields)


def write_training_outputs(settings, parameters: dict, ix_to_char: dict, losses: np.ndarray, provenance: Provenance):
    """model.npz first (the finished work: kept in the rescue folder if it cannot be written), then loss_curve.png.

    Returns:
        (the output folder, the files written)
    """
    final_loss = float(losses[-1]) if losses.size else float("nan")
    model = save_model(settings.output / "model.npz", parameters, ix_to_char, losses.size, final_loss, provenance)
    written = [model]
    if losses.size:
        written.append(save_loss_curve(settings.output / "loss_curve.png", losses, provenance))
    return settings.output, written


def save_loss_curve(path, losses: np.ndarray, provenance: Provenance):
    """loss_curve.png: the smoothed loss after every iteration, the model's provenance in a caption below it."""
    save_curves(
        path,
        {"smoothed loss": losses},
        title=f"Dinosaur Island: smoothed training loss (final {float(losses[-1]):.3f})",
        xlabel="iteration",
        ylabel="loss per name",
        x=np.arange(losses.size),
    )
    with Image.open(path) as curve:
        captioned = draw_caption(curve, provenance.summary(), warn=provenance.needs_warning)
    return save_image(captioned, path)


def write_samples(path, sampled: list[str], provenance: Provenance, settings):
    """Prints the sampled names and writes them to samples.txt, headed by `# <the model's provenance>`."""
    last_seed = settings.seed + len(sampled) - 1
    print(f"\n{len(sampled)} sampled names (temperature {settings.temperature:g}, seeds {settings.seed}..{last_seed}):")
    for name in sampled:
        print(f"  {name or '(empty: the model ended the name at once)'}")
    return write_text_atomic(path, "\n".join([f"# {provenance.summary()}", *sampled]) + "\n")
