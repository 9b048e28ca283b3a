"""What the week writes: the positional encoding as the notebook plots it, each head's attention, the
training curves and the translation table."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assignments.common.csvfiles import write_csv
from assignments.common.dates import normalize
from assignments.common.plots import pyplot, save_figure
from assignments.common.provenance import Provenance


def caption(figure, provenance: Provenance) -> None:
    figure.text(0.01, -0.02, f"[{provenance.label()}] {provenance.summary()}", fontsize=7, wrap=True, va="top")


def save_positional_encoding(path: Path, encoding: np.ndarray) -> Path:
    """(positions, d) encoding as the notebook draws `positional_encoding(50, 512)`: position against depth."""
    figure, axes = pyplot().subplots(figsize=(8, 4))
    mesh = axes.pcolormesh(encoding, cmap="RdBu")
    axes.set_xlabel("d")
    axes.set_xlim((0, encoding.shape[1]))
    axes.set_ylabel("Position")
    axes.set_title(f"Positional encoding ({encoding.shape[0]} positions, d = {encoding.shape[1]})")
    figure.colorbar(mesh, ax=axes)
    return save_figure(figure, path)


def save_attention_heads(
    path: Path, text: str, translation: str, weights: np.ndarray, provenance: Provenance, title: str
) -> Path:
    """One heat map per head: output characters (rows) against input characters (columns).

    Args:
        weights: (heads, Ty, Tx) attention weights of one date; padding columns are left out.
    """
    characters = list(normalize(text))[: weights.shape[-1]]
    heads = weights.shape[0]
    figure, axes_row = pyplot().subplots(1, heads, figsize=(3.2 * heads + 1, 3.6), squeeze=False)
    for head, axes in enumerate(axes_row[0]):
        axes.imshow(weights[head][:, : len(characters)], cmap="Blues", vmin=0, vmax=1, aspect="auto")
        axes.set_xticks(range(len(characters)), labels=["␣" if c == " " else c for c in characters], fontsize=7)
        axes.set_yticks(range(len(translation)), labels=list(translation), fontsize=7)
        axes.set_title(f"head {head + 1}", fontsize=9)
    figure.suptitle(f"{title}: '{text}' -> {translation}", fontsize=10)
    caption(figure, provenance)
    return save_figure(figure, path)


def save_training_curves(path: Path, losses: Sequence[float], exact: Sequence[float], provenance: Provenance) -> Path:
    figure, (left, right) = pyplot().subplots(1, 2, figsize=(10, 4))
    epochs = np.arange(1, len(losses) + 1)
    left.plot(epochs, losses, marker="o")
    left.set_title("training loss (cross-entropy per character)")
    right.plot(epochs[: len(exact)], exact, marker="o", color="tab:green")
    right.set_ylim(0, 1)
    right.set_title("validation exact match (greedy decoding)")
    for axes in (left, right):
        axes.set_xlabel("epoch")
        axes.grid(alpha=0.3)
    caption(figure, provenance)
    return save_figure(figure, path)


def write_translations(path: Path, dates: Sequence[str], translations: Sequence[str], provenance: Provenance) -> Path:
    rows = [(date, translation, provenance.label()) for date, translation in zip(dates, translations)]
    return write_csv(path, ("input", "translation", "model"), rows, comments=[provenance.summary()])
