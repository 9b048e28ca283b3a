"""The main script's work: train the numpy LSTM, optionally its Keras twin, sample, write the results."""

from __future__ import annotations

import copy

import numpy as np

from assignments.common.errors import UserError
from assignments.common.files import atomic_save, ensure_output_dir, write_text_atomic
from assignments.common.plots import save_curves
from assignments.common.progress import progress
from assignments.common.provenance import Provenance, npz_entry
from assignments.dinosaur_island.data import build_vocabulary
from assignments.rnn_step_by_step.cli import Settings
from assignments.rnn_step_by_step.language_model import initialize_parameters, sample, train_keras, train_numpy

LOSS = "loss per character (last 10 % of steps)"


def smooth(losses: np.ndarray, window: int) -> np.ndarray:
    """The running mean over `window` steps (the curve a person can read)."""
    window = max(1, min(window, len(losses)))
    return np.convolve(losses, np.ones(window) / window, mode="valid")


def train(settings: Settings, names: list[str], char_to_ix) -> tuple[dict, np.ndarray]:
    parameters = initialize_parameters(settings.hidden_size, len(char_to_ix), settings.seed)
    with progress(total=settings.steps, desc="numpy LSTM", unit="name") as bar:
        try:
            losses = train_numpy(
                names, char_to_ix, parameters, settings.steps, settings.learning_rate, on_step=lambda *_: bar.update(1)
            )
        except FloatingPointError as error:
            raise UserError(f"Training stopped: {error}; nothing was saved: lower --learning-rate and run again.") from None
    return parameters, losses


def run(settings: Settings, names: list[str], description: str) -> int:
    names = list(names)
    np.random.default_rng(settings.seed).shuffle(names)
    char_to_ix, ix_to_char = build_vocabulary(names)
    print(f"Training on {description} ({settings.names}): {len(names)} names, {len(char_to_ix)} characters.")
    initial = initialize_parameters(settings.hidden_size, len(char_to_ix), settings.seed)
    parameters, losses = train(settings, names, char_to_ix)
    tail = max(1, settings.steps // 10)
    provenance = Provenance(
        trained_on=f"{len(names):,} names from {description}",
        data="course" if description.startswith("the course") else "user" if description.startswith("your") else "substitute",
        examples=len(names),
        steps=f"{settings.steps:,} steps",
        figures={LOSS: float(losses[-tail:].mean())},
        baselines={LOSS: float(np.log(len(char_to_ix)))},
        baseline_name="uniform model",
        lower_is_better=(LOSS,),
    )
    series = {"numpy LSTM (this week's backward pass)": smooth(losses, 100)}
    if settings.keras:
        keras_losses = train_keras(names, char_to_ix, copy.deepcopy(initial), settings.steps, settings.learning_rate)
        series["Keras LSTM, same weights and steps"] = smooth(keras_losses, 100)
        print(
            f"Keras, same start and steps: {LOSS} {keras_losses[-tail:].mean():.4f} against numpy's "
            f"{losses[-tail:].mean():.4f}; largest difference of a step's loss {np.abs(keras_losses - losses).max():.2e}"
        )
    rng = np.random.default_rng(settings.seed)
    sampled = [sample(parameters, ix_to_char, rng) for _ in range(settings.samples)]
    print(f"\nModel: [{provenance.label()}] {provenance.summary()}")
    for name in sampled:
        print(f"  {name.capitalize() or '(empty)'}")
    output = ensure_output_dir(settings.output)
    arrays = {**parameters, "characters": np.array([ix_to_char[i] for i in range(len(ix_to_char))]), **npz_entry(provenance)}
    written = [atomic_save(output / "model.npz", lambda temporary: np.savez(temporary, **arrays))]
    written.append(
        save_curves(
            output / "loss_curve.png",
            series,
            title=f"[{provenance.label()}] loss per character, running mean of 100 steps",
            xlabel="step",
            ylabel="cross-entropy",
            x=np.arange(100, settings.steps + 1),
        )  # fmt: skip
    )
    text = "\n".join([f"# {provenance.summary()}", *sampled]) + "\n"
    written.append(write_text_atomic(output / "samples.txt", text))
    print("Wrote: " + ", ".join(str(path) for path in written))
    return 0
