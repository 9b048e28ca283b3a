"""The building blocks of the character-level RNN, in numpy, with the course's names and signatures.

Shapes (one example, processed one character at a time):
    x⟨t⟩  (vocab_size, 1)  one-hot character, or zeros for the first step
    a⟨t⟩  (n_a, 1)          hidden state
    ŷ⟨t⟩  (vocab_size, 1)  softmax over the next character

    a⟨t⟩ = tanh(Wax x⟨t⟩ + Waa a⟨t-1⟩ + b)
    ŷ⟨t⟩ = softmax(Wya a⟨t⟩ + by)

These are the straightforward step-by-step versions the course defines (learners read and reuse them);
`language_model.optimize` calls them; `language_model.optimize_fused` runs the same arithmetic through a
fused, faster path.
"""

from __future__ import annotations

import numpy as np


def softmax(x: np.ndarray) -> np.ndarray:
    """Softmax over axis 0, shifted by the maximum for numerical safety."""
    exponentials = np.exp(x - np.max(x))
    return exponentials / exponentials.sum(axis=0)


def smooth(loss: float, cur_loss: float) -> float:
    """Exponential moving average of the loss (the course's 0.999 / 0.001 smoothing)."""
    return loss * 0.999 + cur_loss * 0.001


def get_initial_loss(vocab_size: int, seq_length: int) -> float:
    """The loss of a uniform guess over `vocab_size` characters for `seq_length` steps: -log(1/V) * T."""
    return -np.log(1.0 / vocab_size) * seq_length


def initialize_parameters(n_a: int, n_x: int, n_y: int, seed: int = 1) -> dict[str, np.ndarray]:
    """Small random weights and zero biases.

    The legacy global seed and the draw order (Wax, Waa, Wya) are the course's: its expected losses
    depend on them.

    Returns:
        {"Wax": (n_a, n_x), "Waa": (n_a, n_a), "Wya": (n_y, n_a), "b": (n_a, 1), "by": (n_y, 1)}
    """
    np.random.seed(seed)
    Wax = np.random.randn(n_a, n_x) * 0.01  # input → hidden
    Waa = np.random.randn(n_a, n_a) * 0.01  # hidden → hidden
    Wya = np.random.randn(n_y, n_a) * 0.01  # hidden → output
    b = np.zeros((n_a, 1))
    by = np.zeros((n_y, 1))
    return {"Wax": Wax, "Waa": Waa, "Wya": Wya, "b": b, "by": by}


def rnn_step_forward(parameters: dict, a_prev: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One time step: returns (a_next (n_a, 1), p_t (vocab_size, 1))."""
    Waa, Wax, Wya, by, b = parameters["Waa"], parameters["Wax"], parameters["Wya"], parameters["by"], parameters["b"]
    a_next = np.tanh(np.dot(Wax, x) + np.dot(Waa, a_prev) + b)
    p_t = softmax(np.dot(Wya, a_next) + by)
    return a_next, p_t


def rnn_step_backward(dy, gradients, parameters, x, a, a_prev):
    """Adds one time step's contribution to `gradients` (in place) and returns it.

    Args:
        dy: (vocab_size, 1) gradient of the loss w.r.t. the logits at this step (ŷ - y).
        gradients: the running sums, including "da_next" from the step after this one.
        parameters: the weights.
        x, a, a_prev: this step's input, hidden state, and the previous hidden state.
    """
    gradients["dWya"] += np.dot(dy, a.T)
    gradients["dby"] += dy
    da = np.dot(parameters["Wya"].T, dy) + gradients["da_next"]  # from the output and from step t+1
    daraw = (1 - a * a) * da  # back through tanh
    gradients["db"] += daraw
    gradients["dWax"] += np.dot(daraw, x.T)
    gradients["dWaa"] += np.dot(daraw, a_prev.T)
    gradients["da_next"] = np.dot(parameters["Waa"].T, daraw)
    return gradients


def update_parameters(parameters: dict, gradients: dict, lr: float) -> dict:
    """One gradient-descent step, in place on `parameters` (which is also returned)."""
    parameters["Wax"] += -lr * gradients["dWax"]
    parameters["Waa"] += -lr * gradients["dWaa"]
    parameters["Wya"] += -lr * gradients["dWya"]
    parameters["b"] += -lr * gradients["db"]
    parameters["by"] += -lr * gradients["dby"]
    return parameters


def rnn_forward(X, Y, a0, parameters, vocab_size: int = 27):
    """Runs the RNN over one example and sums the cross-entropy of predicting Y.

    Args:
        X: input indices, `None` first (the zero vector), then the characters.
        Y: target indices: X shifted left by one, ending with the newline's index.
        a0: (n_a, 1) initial hidden state.
        parameters: the weights.
        vocab_size: number of characters.

    Returns:
        (loss, cache) with cache = (y_hat, a, x), three dicts keyed by time step; a[-1] = a0.
    """
    x, a, y_hat = {}, {}, {}
    a[-1] = np.copy(a0)
    loss = 0.0
    for t in range(len(X)):
        x[t] = np.zeros((vocab_size, 1))
        if X[t] is not None:
            x[t][X[t]] = 1
        a[t], y_hat[t] = rnn_step_forward(parameters, a[t - 1], x[t])
        loss -= np.log(y_hat[t][Y[t], 0])
    return loss, (y_hat, a, x)


def rnn_backward(X, Y, parameters, cache):
    """Backpropagation through time over one example.

    Returns:
        (gradients, a): gradients "dWax", "dWaa", "dWya", "db", "dby" (same shapes as the weights,
        unclipped) and "da_next" (gradient w.r.t. a0); `a` is the cache's hidden states.
    """
    y_hat, a, x = cache
    gradients = {
        "dWax": np.zeros_like(parameters["Wax"]),
        "dWaa": np.zeros_like(parameters["Waa"]),
        "dWya": np.zeros_like(parameters["Wya"]),
        "db": np.zeros_like(parameters["b"]),
        "dby": np.zeros_like(parameters["by"]),
        "da_next": np.zeros_like(a[0]),
    }
    for t in reversed(range(len(X))):
        dy = np.copy(y_hat[t])
        dy[Y[t]] -= 1  # softmax + cross-entropy: ŷ - y
        gradients = rnn_step_backward(dy, gradients, parameters, x[t], a[t], a[t - 1])
    return gradients, a


def get_sample(sample_ix, ix_to_char) -> str:
    """The characters of sampled indices as text, first letter capitalised (keeps the final newline)."""
    text = "".join(ix_to_char[int(ix)] for ix in sample_ix)
    return text[:1].upper() + text[1:]


def print_sample(sample_ix, ix_to_char) -> None:
    """Prints `get_sample(...)` without a trailing line break (as the course's helper does)."""
    print(get_sample(sample_ix, ix_to_char), end="")
