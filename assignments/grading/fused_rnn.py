"""Dinosaur Island's course helpers `rnn_forward` / `rnn_backward` (its `utils.py`), fused, for grading.

A learner's `optimize` calls the course's helpers, which make one-hot vectors and one small numpy call per
operation per character; over the 22001 iterations of the course's `model(...)` check that is most of the
grading time. These return what the course's return (the loss; the cache `(y_hat, a, x)` keyed by time
step; the gradients with `da_next`; the hidden states) with the recurrence stepped in Python and everything
else one matrix operation, as `assignments.dinosaur_island.language_model.optimize_fused` does.
tests/test_grade_revisions.py proves they agree with the project's course-shaped helpers.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from assignments.common.fast_path import fast_path
from assignments.dinosaur_island import rnn_utils

# The whole of the course's utils.py as a notebook star-imports it: the project's course-shaped helpers, and
# the two fused ones (helpers={"utils": ("*=assignments.grading.fused_rnn",)} in Dinosaur Island's week.py).
softmax, smooth, get_initial_loss = rnn_utils.softmax, rnn_utils.smooth, rnn_utils.get_initial_loss
initialize_parameters, update_parameters = rnn_utils.initialize_parameters, rnn_utils.update_parameters
rnn_step_forward, rnn_step_backward = rnn_utils.rnn_step_forward, rnn_utils.rnn_step_backward
get_sample, print_sample = rnn_utils.get_sample, rnn_utils.print_sample
__all__ = [
    "softmax",
    "smooth",
    "get_initial_loss",
    "initialize_parameters",
    "update_parameters",
    "rnn_step_forward",
    "rnn_step_backward",
    "get_sample",
    "print_sample",
    "rnn_forward",
    "rnn_backward",
]


class OneHotInputs(Mapping):
    """The cache's `x`: time step -> the (vocab_size, 1) one-hot input, made only when read."""

    def __init__(self, X, vocab_size: int):
        self.X, self.vocab_size = list(X), vocab_size

    def __getitem__(self, t):
        vector = np.zeros((self.vocab_size, 1))
        if self.X[t] is not None:
            vector[self.X[t]] = 1
        return vector

    def __iter__(self):
        return iter(range(len(self.X)))

    def __len__(self):
        return len(self.X)


class FusedCache(tuple):
    """`(y_hat, a, x)` as the course's `rnn_forward` returns it, with the arrays the fused backward pass reads."""

    def __new__(cls, y_hat, a, x, hidden, probabilities):
        cache = super().__new__(cls, (y_hat, a, x))
        cache.hidden, cache.probabilities = hidden, probabilities
        return cache


@fast_path("rnn_forward")
def rnn_forward(X, Y, a0, parameters, vocab_size: int = 27):
    """The course's `rnn_forward(X, Y, a0, parameters, vocab_size=27)` -> `(loss, (y_hat, a, x))`."""
    Wax, Waa, Wya, b, by = parameters["Wax"], parameters["Waa"], parameters["Wya"], parameters["b"], parameters["by"]
    steps, n_a = len(X), Waa.shape[0]
    hidden = np.empty((steps + 1, n_a))  # hidden[t + 1] is a<t>; hidden[0] is a0
    hidden[0] = a0[:, 0]
    for t, ix in enumerate(X):
        pre_activation = Waa @ hidden[t]
        if ix is not None:
            pre_activation += Wax[:, ix]  # Wax times a one-hot vector: one column
        pre_activation += b[:, 0]
        np.tanh(pre_activation, out=hidden[t + 1])
    logits = hidden[1:] @ Wya.T + by[:, 0]  # (steps, vocab_size)
    exponentials = np.exp(logits - logits.max(axis=1, keepdims=True))
    probabilities = exponentials / exponentials.sum(axis=1, keepdims=True)
    loss = -np.sum(np.log(probabilities[np.arange(steps), np.asarray(Y, dtype=np.intp)]))
    a = {-1: np.copy(a0), **{t: hidden[t + 1][:, None] for t in range(steps)}}
    y_hat = {t: probabilities[t][:, None] for t in range(steps)}
    return loss, FusedCache(y_hat, a, OneHotInputs(X, vocab_size), hidden, probabilities)


@fast_path("rnn_backward")
def rnn_backward(X, Y, parameters, cache):
    """The course's `rnn_backward(X, Y, parameters, cache)` -> `(gradients, a)`, gradients unclipped with `da_next`."""
    if not isinstance(cache, FusedCache):  # a cache the learner's own rnn_forward made
        return rnn_utils.rnn_backward(X, Y, parameters, cache)
    Wax, Waa, Wya = parameters["Wax"], parameters["Waa"], parameters["Wya"]
    hidden, steps = cache.hidden, len(X)
    states = hidden[1:]
    d_logits = cache.probabilities.copy()  # softmax + cross-entropy: y_hat - y
    d_logits[np.arange(steps), np.asarray(Y, dtype=np.intp)] -= 1.0
    d_states = d_logits @ Wya  # (steps, n_a): what each a<t> gets from its own output
    d_raw = np.empty_like(states)  # the gradient at each step's tanh input
    da_next = np.zeros(Waa.shape[0])
    for t in range(steps - 1, -1, -1):
        np.multiply(1.0 - states[t] * states[t], d_states[t] + da_next, out=d_raw[t])
        da_next = Waa.T @ d_raw[t]
    d_Wax = np.zeros_like(Wax)
    inputs = [t for t, ix in enumerate(X) if ix is not None]
    np.add.at(d_Wax.T, np.asarray([X[t] for t in inputs], dtype=np.intp), d_raw[inputs])
    gradients = {
        "dWax": d_Wax,
        "dWaa": d_raw.T @ hidden[:-1],
        "dWya": d_logits.T @ states,
        "db": d_raw.sum(axis=0)[:, None],
        "dby": d_logits.sum(axis=0)[:, None],
        "da_next": da_next[:, None],
    }
    return gradients, cache[1]
