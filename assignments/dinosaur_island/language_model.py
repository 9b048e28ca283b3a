"""The graded part of Dinosaur Island: clip, sample, optimize, model (in the notebook's order).

`optimize` holds the course's step (rnn_forward, rnn_backward, clip, update_parameters); `optimize_fused`
beside it computes the same thing faster, and `train` / `model` / the main script run it.

The legacy numpy RNG calls (`np.random.seed(counter + seed)` in `sample`, `np.random.seed(0)` before the
shuffle in `model`, the seed inside `initialize_parameters`) are kept exactly where the course has them:
the course's printed losses and names depend on them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence

import numpy as np

from assignments.common.errors import UserError
from assignments.common.fast_path import fast_path
from assignments.dinosaur_island.rnn_utils import (
    get_initial_loss,
    get_sample,
    initialize_parameters,
    rnn_backward,
    rnn_forward,
    smooth,
    softmax,
    update_parameters,
)

GRADIENT_KEYS = ("dWax", "dWaa", "dWya", "db", "dby")
MAX_SAMPLE_LENGTH = 50  # characters before `sample` gives up and ends the name with a newline
# `train` copies the weights this often while they are finite: what a run whose loss blows up keeps.
SNAPSHOT_EVERY = 100


class LossNotFinite(UserError):
    """Training stopped because the loss became NaN or infinite (a learning rate too large, usually).

    Attributes:
        iteration: the iteration whose loss was not finite.
        last_finite_iteration: how many iterations the kept weights had (a multiple of SNAPSHOT_EVERY).
        last_finite_parameters: the last snapshot of the weights while all of them were finite.
        losses: the smoothed losses of the iterations before the stop.
    """

    def __init__(self, iteration, problem, learning_rate, last_finite_iteration, last_finite_parameters, losses):
        super().__init__(
            f"Training stopped at iteration {iteration}: {problem} (the learning rate {learning_rate:g} is too large); "
            "lower the learning rate."
        )
        self.iteration = iteration
        self.last_finite_iteration = last_finite_iteration
        self.last_finite_parameters = last_finite_parameters
        self.losses = losses


def all_finite(parameters: dict) -> bool:
    """True when every weight is a finite number (no NaN, no ±inf)."""
    return all(np.isfinite(value).all() for value in parameters.values())


# ---------------------------------------------------------------------------------------------------
# 1. Gradient clipping: keeps exploding gradients in [-maxValue, maxValue].
# ---------------------------------------------------------------------------------------------------
def clip(gradients: dict, maxValue: float) -> dict:  # noqa: N803 - the course's argument name
    """Clips the five weight gradients to [-maxValue, maxValue].

    The caller's arrays are left untouched: the clipping happens in place (`out=`) on a deep copy.

    Returns:
        A dict with "dWax", "dWaa", "dWya", "db", "dby".
    """
    if maxValue <= 0:
        raise ValueError(f"maxValue must be > 0, got {maxValue}")
    gradients = copy.deepcopy(gradients)
    dWaa, dWax, dWya, db, dby = gradients["dWaa"], gradients["dWax"], gradients["dWya"], gradients["db"], gradients["dby"]
    for gradient in (dWax, dWaa, dWya, db, dby):
        np.clip(gradient, -maxValue, maxValue, out=gradient)
    return {"dWaa": dWaa, "dWax": dWax, "dWya": dWya, "db": db, "dby": dby}


# ---------------------------------------------------------------------------------------------------
# 2. Sampling: one character at a time from the model's own predictions.
# ---------------------------------------------------------------------------------------------------
def sample(parameters: dict, char_to_ix: dict, seed: int, temperature: float = 1.0) -> list[int]:
    """Generates one name, character by character, until a newline or 50 characters.

    Args:
        parameters: "Waa", "Wax", "Wya", "by", "b".
        char_to_ix: character → index; must contain "\\n".
        seed: the first step reseeds numpy with `seed`, and each later step with the previous seed + 2
            (the course's `seed(counter + seed)` followed by `seed += 1`): same seed, same name.
        temperature: divides the logits before the softmax; below 1 the names get safer, above 1
            wilder. 1.0 is the course's sampling, computed exactly as the course does.

    Returns:
        The sampled indices, ending with the newline's index.
    """
    if temperature <= 0:
        raise ValueError(f"temperature must be > 0, got {temperature}")
    Waa, Wax, Wya, by, b = parameters["Waa"], parameters["Wax"], parameters["Wya"], parameters["by"], parameters["b"]
    vocab_size = by.shape[0]
    n_a = Waa.shape[1]
    newline = char_to_ix["\n"]

    x = np.zeros((vocab_size, 1))  # the first input is the zero vector
    a_prev = np.zeros((n_a, 1))
    indices: list[int] = []
    idx = -1
    counter = 0
    while idx != newline and counter != MAX_SAMPLE_LENGTH:
        a = np.tanh(np.dot(Wax, x) + np.dot(Waa, a_prev) + b)  # (n_a, 1)
        logits = np.dot(Wya, a) + by  # (vocab_size, 1)
        y = softmax(logits if temperature == 1.0 else logits / temperature)
        np.random.seed(counter + seed)
        idx = int(np.random.choice(range(vocab_size), p=y.ravel()))
        indices.append(idx)
        x = np.zeros((vocab_size, 1))
        x[idx] = 1
        a_prev = a
        seed += 1
        counter += 1
    if counter == MAX_SAMPLE_LENGTH:
        indices.append(newline)
    return indices


# ---------------------------------------------------------------------------------------------------
# 3. One optimisation step: forward, backward, clip, update.
# ---------------------------------------------------------------------------------------------------
def optimize(X, Y, a_prev, parameters, learning_rate: float = 0.01):
    """One step of gradient descent on one example, the course's way: forward, backward, clip, update.

    Args:
        X: input indices, starting with None.
        Y: target indices (X shifted left, ending with the newline's index).
        a_prev: (n_a, 1) hidden state to start from.
        parameters: the weights; updated in place.
        learning_rate: the step size.

    Returns:
        (loss, gradients, a_last): the example's cross-entropy, the clipped gradients (to [-5, 5]),
        and the last hidden state (n_a, 1).
    """
    vocab_size = parameters["by"].shape[0]
    # Forward propagate through time: the loss, and the cache (ŷ, a, x per time step).
    loss, cache = rnn_forward(X, Y, a_prev, parameters, vocab_size)
    # Backpropagate through time: the five weight gradients (and da_next), and the hidden states.
    gradients, a = rnn_backward(X, Y, parameters, cache)
    # Clip the gradients to [-5, 5] so one long name cannot make them explode.
    gradients = clip(gradients, 5)
    # Gradient descent, in place on `parameters`.
    parameters = update_parameters(parameters, gradients, learning_rate)
    return loss, gradients, a[len(X) - 1]


# Why a second step: `optimize` above makes one-hot vectors and one small numpy call per operation per
# character, which is what makes training slow (about half of `model()`'s time at the course's settings).
# `optimize_fused` does the same arithmetic with a fraction of the numpy calls; `train` (hence `model()` and
# the main script) uses it. tests/test_dinosaur_island_model.py proves the two return the same loss,
# gradients, last state and updated weights (to float rounding), and benchmarks/bench_dinosaur_island.py
# times them side by side and checks that their smoothed losses agree.
@fast_path("optimize")
def optimize_fused(X, Y, a_prev, parameters, learning_rate: float = 0.01):
    """`optimize` with the forward and backward passes fused; same arguments, same results.

    Only the recurrence is stepped in Python; the output layer, the softmax and every weight gradient
    are one matrix operation over all time steps. A one-hot input times Wax is a column of Wax, picked
    by index. The gradients are clipped in place (they were just made here, so no copy is needed).
    """
    Wax, Waa, Wya, b, by = parameters["Wax"], parameters["Waa"], parameters["Wya"], parameters["b"], parameters["by"]
    steps = len(X)
    n_a = Waa.shape[0]
    targets = np.asarray(Y, dtype=np.intp)
    time = np.arange(steps)

    # Forward: hidden[t + 1] is a⟨t⟩; hidden[0] is a_prev. Rows are time steps: (steps + 1, n_a).
    hidden = np.empty((steps + 1, n_a))
    hidden[0] = a_prev[:, 0]
    bias = b[:, 0]
    for t, ix in enumerate(X):
        pre_activation = Waa @ hidden[t]
        if ix is not None:
            pre_activation += Wax[:, ix]
        pre_activation += bias
        np.tanh(pre_activation, out=hidden[t + 1])
    states = hidden[1:]  # (steps, n_a)
    logits = states @ Wya.T + by[:, 0]  # (steps, vocab_size)
    exponentials = np.exp(logits - logits.max(axis=1, keepdims=True))
    probabilities = exponentials / exponentials.sum(axis=1, keepdims=True)
    loss = -np.sum(np.log(probabilities[time, targets]))

    # Backward: d loss / d logits = ŷ - y, then back through time for the recurrence only.
    d_logits = probabilities
    d_logits[time, targets] -= 1.0
    d_states = d_logits @ Wya  # (steps, n_a): what each a⟨t⟩ gets from its own output
    d_raw = np.empty_like(states)  # gradient at the tanh's input, per step
    da_next = np.zeros(n_a)
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
    }
    for key in GRADIENT_KEYS:
        np.clip(gradients[key], -5, 5, out=gradients[key])
    update_parameters(parameters, gradients, learning_rate)
    return loss, gradients, hidden[steps][:, None].copy()


# ---------------------------------------------------------------------------------------------------
# 4. Training: one name per iteration, samples printed as the model improves.
# ---------------------------------------------------------------------------------------------------
def train(
    data_x: Sequence[str],
    ix_to_char: dict,
    char_to_ix: dict,
    num_iterations: int = 35000,
    n_a: int = 50,
    dino_names: int = 7,
    vocab_size: int = 27,
    verbose: bool = False,
    *,
    learning_rate: float = 0.01,
    seed: int = 0,
    print_every: int = 2000,
    report: Callable[[str], None] = print,
    on_iteration: Callable[[int, float, float], None] | None = None,
    step: Callable = optimize_fused,
    should_stop: Callable[[], bool] | None = None,
):
    """`model` with its knobs exposed: seeds, learning rate, how often to report, and a callback.

    Args:
        seed: shuffles the names with `np.random.seed(seed)`, weights from `seed + 1`; 0 is the course's run.
        print_every: `report` the loss and `dino_names` samples every this many iterations (course 2000; 0 never).
        on_iteration: called as on_iteration(j, current_loss, smoothed_loss) after every step.
        step: `optimize_fused` (the default, fast) or the course's `optimize` (same signature and results).
        should_stop: asked before every step; True ends training there (Ctrl-C), with the weights reached.

    Returns:
        (parameters, last_dino_name, losses): losses is the smoothed loss after every iteration done.

    Raises:
        LossNotFinite: the loss or the final weights are not finite; it carries the last finite snapshot.
    """
    parameters, loss, examples = start_training(data_x, n_a, vocab_size, dino_names, seed)
    a_prev = np.zeros((n_a, 1))  # carried from one name to the next, as the course does
    last_dino_name, losses = "abc", np.empty(num_iterations)
    # A diverging run is detected below and reported once, not as numpy overflow warnings on every step.
    last_finite = (0, copy.deepcopy(parameters))
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        for j in range(num_iterations):
            if should_stop is not None and should_stop():
                losses = losses[:j]  # the iterations done; the weights are those after the last whole step
                break
            last_finite = snapshot_if_finite(j, parameters, last_finite)
            idx = j % len(examples)
            X, Y = example_indices(examples[idx], char_to_ix)
            if verbose:
                report_example(report, j, idx, len(examples), examples[idx], X, Y)

            curr_loss, _, a_prev = step(X, Y, a_prev, parameters, learning_rate=learning_rate)
            if not np.isfinite(curr_loss):
                raise LossNotFinite(j, f"the loss became {curr_loss}", learning_rate, *last_finite, losses[:j].copy())
            losses[j] = loss = smooth(loss, curr_loss)
            if on_iteration is not None:
                on_iteration(j, float(curr_loss), float(loss))
            if print_every and j % print_every == 0:
                last_dino_name = report_progress(report, j, loss, parameters, char_to_ix, ix_to_char, dino_names)
    if not all_finite(parameters):
        raise LossNotFinite(num_iterations - 1, "the weights became NaN or infinite", learning_rate, *last_finite, losses.copy())
    return parameters, last_dino_name, losses


def start_training(data_x: Sequence[str], n_a: int, vocab_size: int, dino_names: int, seed: int):
    """The course's start, in its RNG order: weights (seed + 1), the loss at chance level, the names shuffled (seed).

    Returns:
        (parameters, initial smoothed loss, the stripped names in their shuffled order)
    """
    parameters = initialize_parameters(n_a, vocab_size, vocab_size, seed=seed + 1)
    loss = get_initial_loss(vocab_size, dino_names)  # start the moving average at chance level
    examples = [x.strip() for x in data_x]
    np.random.seed(seed)
    np.random.shuffle(examples)
    return parameters, loss, examples


def snapshot_if_finite(j: int, parameters: dict, last_finite: tuple[int, dict]) -> tuple[int, dict]:
    """(j, a copy of the weights) every SNAPSHOT_EVERY iterations while they are finite, else `last_finite`."""
    if j % SNAPSHOT_EVERY == 0 and j and all_finite(parameters):
        return j, copy.deepcopy(parameters)
    return last_finite


def example_indices(example: str, char_to_ix: dict) -> tuple[list, list]:
    """(X, Y) of one name: X is None (the zero input) then its characters; Y is X shifted left, then "\\n"."""
    single_example_ix = [char_to_ix[ch] for ch in example]
    return [None] + single_example_ix, single_example_ix + [char_to_ix["\n"]]


def report_example(report: Callable[[str], None], j: int, idx: int, count: int, single_example: str, X, Y) -> None:
    """`model(verbose=True)`'s lines: where the loop is in the names, and the first example's encoding."""
    if j in (0, count - 1, count):
        report(f"j =  {j} idx =  {idx}")
    if j == 0:
        report(f"single_example = {single_example}")
        report(f"single_example_chars {list(single_example)}")
        report(f"single_example_ix {Y[:-1]}")
        report(f" X =  {X} \n Y =        {Y} \n")


def report_progress(
    report: Callable[[str], None], j: int, loss: float, parameters, char_to_ix, ix_to_char, dino_names: int
) -> str:
    """The course's block: the smoothed loss, then `dino_names` names sampled with seeds 0, 1, ...

    Returns:
        The last name sampled, with its "\n".
    """
    report(f"Iteration: {j:d}, Loss: {float(loss):f}" + "\n")
    last_dino_name = "abc"
    for name_seed in range(dino_names):
        last_dino_name = get_sample(sample(parameters, char_to_ix, name_seed), ix_to_char)
        report(last_dino_name.replace("\n", ""))
    report("\n")
    return last_dino_name


def model(data_x, ix_to_char, char_to_ix, num_iterations=35000, n_a=50, dino_names=7, vocab_size=27, verbose=False):
    """Trains the character-level RNN on a list of names, printing the course's progress lines.

    The loop is `train`'s, with the course's settings; its step is `optimize_fused` (the course's `optimize`
    with fused passes: the same numbers to float rounding, and the course's printed losses and names
    exactly through iteration 14000). Every 2000 iterations it prints `Iteration: j, Loss: x` and `dino_names` sampled names (seeds 0, 1, ...).

    Args:
        data_x: the names (one per entry; surrounding whitespace is stripped).
        ix_to_char, char_to_ix: the vocabulary maps ("\\n" ends a name).
        num_iterations: optimisation steps, one name each (names are visited in a shuffled order).
        n_a: hidden size.
        dino_names: names sampled at every report.
        vocab_size: number of characters.
        verbose: also print the first example's encoding.

    Returns:
        (parameters, last_dino_name): the trained weights and the last name printed, with its "\\n".
    """
    parameters, last_dino_name, _ = train(data_x, ix_to_char, char_to_ix, num_iterations, n_a, dino_names, vocab_size, verbose)
    return parameters, last_dino_name
