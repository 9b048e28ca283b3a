"""How good a trained model is: its loss per name against a uniform model's, the figures its provenance records.

The smoothed loss printed during training starts at `get_initial_loss` (a uniform guess over 7 characters)
and moves by 0.1 % per name, so after a short run it says little about the model. Here the model is run
afresh (from a zero hidden state, as `sample` starts) over the names it learned from, and its mean
cross-entropy per name is compared with that of a model that gives every character of the vocabulary the
same probability: `(len(name) + 1) * log(vocab_size)` per name. A model no better than that is said to be so.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# Enough names for a figure to two decimals; a word list of a million lines is evaluated on a spread of them.
MAX_EVALUATED_NAMES = 5_000
FIGURE = "loss per name"


def name_loss(parameters: dict, name: str, char_to_ix: dict) -> float:
    """The cross-entropy of one name and its final newline, starting from a zero hidden state."""
    Wax, Waa, Wya, b, by = parameters["Wax"], parameters["Waa"], parameters["Wya"], parameters["b"], parameters["by"]
    targets = [char_to_ix[character] for character in name] + [char_to_ix["\n"]]
    hidden = np.zeros(Waa.shape[0])
    states = np.empty((len(targets), Waa.shape[0]))
    for t in range(len(targets)):
        pre_activation = Waa @ hidden + b[:, 0]
        if t:
            pre_activation += Wax[:, targets[t - 1]]  # the input is the previous character (none at first)
        hidden = np.tanh(pre_activation)
        states[t] = hidden
    logits = states @ Wya.T + by[:, 0]  # (steps, vocab_size)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probabilities = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probabilities[np.arange(len(targets)), targets].sum())


def evaluated_names(names: Sequence[str]) -> list[str]:
    """The names the figures are computed on: all of them, or an even spread of MAX_EVALUATED_NAMES."""
    step = max(1, -(-len(names) // MAX_EVALUATED_NAMES))
    return [name.strip() for name in names[::step] if name.strip()]


def loss_figures(parameters: dict, names: Sequence[str], char_to_ix: dict) -> tuple[float, float]:
    """(the model's mean loss per name, a uniform model's) over `evaluated_names(names)`."""
    chosen = evaluated_names(names)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        model = float(np.mean([name_loss(parameters, name, char_to_ix) for name in chosen]))
    uniform = float(np.mean([(len(name) + 1) * np.log(len(char_to_ix)) for name in chosen]))
    return model, uniform
