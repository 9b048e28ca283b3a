"""What the week writes: attention heat maps, the training curve, and translation tables."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assignments.common.csvfiles import write_csv
from assignments.common.plots import pyplot, save_figure
from assignments.common.provenance import Provenance
from assignments.neural_machine_translation.nmt_utils import normalize


def save_attention_map(path: Path, text: str, translation: str, weights: np.ndarray, provenance: Provenance) -> Path:
    """The notebook's picture: output characters (rows) against input characters (columns), darker = more attention.

    Args:
        weights: (Ty, Tx) attention weights of this date; only the columns of its characters are drawn
            (the rest are '<pad>').
    """
    characters = list(normalize(text))[: weights.shape[1]]
    shown = weights[:, : len(characters)]
    figure, axes = pyplot().subplots(figsize=(max(4.0, 0.32 * len(characters) + 2), 4.4))
    image = axes.imshow(shown, cmap="Blues", vmin=0, vmax=max(float(shown.max()), 1e-6), aspect="auto")
    axes.set_xticks(range(len(characters)), labels=[repr(c)[1:-1] if c != " " else "␣" for c in characters])
    axes.set_yticks(range(len(translation)), labels=list(translation))
    axes.set_xlabel("input characters")
    axes.set_ylabel("output characters")
    axes.set_title(f"Attention map: '{text}' -> {translation}")
    figure.colorbar(image, ax=axes, fraction=0.04, label="attention weight")
    figure.text(0.01, -0.02, f"[{provenance.label()}] {provenance.summary()}", fontsize=7, wrap=True, va="top")
    return save_figure(figure, path)


def save_training_curves(path: Path, losses: Sequence[float], exact: Sequence[float], provenance: Provenance) -> Path:
    """Loss (sum over the 10 outputs) and held-out exact-match accuracy, per epoch."""
    figure, (left, right) = pyplot().subplots(1, 2, figsize=(10, 4))
    epochs = np.arange(1, len(losses) + 1)
    left.plot(epochs, losses, marker="o")
    left.set_title("training loss (sum of 10 outputs)")
    left.set_xlabel("epoch")
    right.plot(epochs[: len(exact)], exact, marker="o", color="tab:green")
    right.set_ylim(0, 1)
    right.set_title("held-out exact-match accuracy")
    right.set_xlabel("epoch")
    for axes in (left, right):
        axes.grid(alpha=0.3)
    figure.text(0.01, -0.02, f"[{provenance.label()}] {provenance.summary()}", fontsize=8, wrap=True, va="top")
    return save_figure(figure, path)


def write_translations(path: Path, dates: Sequence[str], translations: Sequence[str], provenance: Provenance) -> Path:
    """input, translation and the model's label, one row a date; the model's record as the first comment."""
    rows = [(date, translation, provenance.label()) for date, translation in zip(dates, translations)]
    return write_csv(path, ("input", "translation", "model"), rows, comments=[provenance.summary()])
