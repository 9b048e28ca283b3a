"""Fully connected networks in numpy, as Courses 1 and 2 build them: the plumbing those weeks share.

The course hands learners these pieces as helper files (`dnn_utils`, `init_utils`, `reg_utils`, `opt_utils`,
`gc_utils`); here they live once. Each week's *graded* functions stay in the week, written out step by step;
this module is what the weeks' models and main scripts are built from.

Conventions, the course's: examples are columns (X is (n_x, m), Y is (1, m)); parameters are a dict
`{"W1": (n_1, n_0), "b1": (n_1, 1), ...}`; gradients use the same names with a `d` in front.

- activations and their backward passes: `sigmoid`, `relu`, `tanh` and `*_backward(dA, Z)`;
- `check_layer_dims`: layer sizes that chain, refused in one sentence otherwise;
- `initialize_deep`: one weight draw per layer in the course's order (W then zeros b), at a chosen scale;
- `layer_forward` / `layer_backward`: one LINEAR -> activation layer and its gradients;
- `deep_forward` / `deep_backward`: every layer of a network, with the caches;
- `cross_entropy_cost`, `gradient_descent_update`, `predict_binary`, `accuracy`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from assignments.common.errors import UserError

# --- Activations: value, and the gradient of the loss with respect to Z given dA ---------------------------


def sigmoid(Z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-Z)), elementwise."""
    return 1.0 / (1.0 + np.exp(-Z))


def relu(Z: np.ndarray) -> np.ndarray:
    """max(0, Z), elementwise."""
    return np.maximum(0, Z)


def tanh(Z: np.ndarray) -> np.ndarray:
    return np.tanh(Z)


def sigmoid_backward(dA: np.ndarray, Z: np.ndarray) -> np.ndarray:
    """dZ = dA * s * (1 - s), s = sigmoid(Z)."""
    s = sigmoid(Z)
    return dA * s * (1 - s)


def relu_backward(dA: np.ndarray, Z: np.ndarray) -> np.ndarray:
    """dZ = dA where Z > 0, else 0 (the course's convention at Z == 0)."""
    return np.where(Z > 0, dA, 0.0)


def tanh_backward(dA: np.ndarray, Z: np.ndarray) -> np.ndarray:
    return dA * (1 - np.tanh(Z) ** 2)


ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_backward),
    "relu": (relu, relu_backward),
    "tanh": (tanh, tanh_backward),
}


def hidden_then_sigmoid(layer_count: int, hidden: str = "relu") -> tuple[str, ...]:
    """The course's deep binary classifier: `hidden` on every layer but the last, sigmoid on the last."""
    return (hidden,) * (layer_count - 1) + ("sigmoid",)


# --- Layer sizes and initialisation ------------------------------------------------------------------------


def check_layer_dims(layer_dims: Sequence[int], n_x: int | None = None, what: str = "layer sizes") -> tuple[int, ...]:
    """Layer sizes as a tuple of positive ints; refuses a list that does not chain with the data.

    Args:
        layer_dims: [n_x, n_1, ..., n_L].
        n_x: the number of input features the data has, when known: layer_dims[0] must equal it.
        what: how the message names them ("--layers").

    Raises:
        UserError: fewer than two sizes, a size that is not a whole number > 0, or a first size that is not n_x.
    """
    sizes = tuple(layer_dims)
    if len(sizes) < 2:
        raise UserError(f"{what} {list(sizes)} needs at least an input and an output size: give e.g. [12288, 7, 1].")
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size <= 0:
            raise UserError(f"{what} {list(sizes)} holds {size!r}: every size must be a whole number > 0.")
    if n_x is not None and sizes[0] != n_x:
        raise UserError(
            f"{what} {list(sizes)} start with {sizes[0]} inputs but the data has {n_x} features per example: "
            f"make the first size {n_x}."
        )
    return tuple(int(size) for size in sizes)


def initialize_deep(layer_dims: Sequence[int], scale: str | float = 0.01, seed: int | None = None) -> dict[str, np.ndarray]:
    """W{l} = randn(n_l, n_{l-1}) * factor, b{l} = zeros: one draw per layer, W1 first, as the course draws.

    Args:
        layer_dims: [n_x, n_1, ..., n_L].
        scale: a number (the course's 0.01 or 10), "xavier" (1 / sqrt(n_{l-1}), the cat application's
            helper) or "he" (sqrt(2 / n_{l-1})).
        seed: `np.random.seed(seed)` first, when given (the course's helpers seed inside).
    """
    if seed is not None:
        np.random.seed(seed)
    parameters = {}
    for layer in range(1, len(layer_dims)):
        fan_in = layer_dims[layer - 1]
        draw = np.random.randn(layer_dims[layer], fan_in)
        if scale == "he":
            parameters[f"W{layer}"] = draw * math.sqrt(2.0 / fan_in)
        elif scale == "xavier":
            parameters[f"W{layer}"] = draw / math.sqrt(fan_in)  # divided, as the course's helper rounds it
        else:
            parameters[f"W{layer}"] = draw * float(scale)
        parameters[f"b{layer}"] = np.zeros((layer_dims[layer], 1))
    return parameters


def layer_count(parameters: dict[str, np.ndarray]) -> int:
    return len(parameters) // 2


# --- Forward and backward passes ---------------------------------------------------------------------------


def layer_forward(A_prev: np.ndarray, W: np.ndarray, b: np.ndarray, activation: str) -> tuple[np.ndarray, np.ndarray]:
    """One layer, LINEAR -> activation: (A, Z), with Z = W A_prev + b of shape (n_l, m)."""
    Z = np.dot(W, A_prev) + b
    return ACTIVATIONS[activation][0](Z), Z


def layer_backward(dA: np.ndarray, A_prev: np.ndarray, W: np.ndarray, Z: np.ndarray, activation: str):
    """One layer backward: (dA_prev, dW, db), averaged over the m examples as the course writes it."""
    m = A_prev.shape[1]
    dZ = ACTIVATIONS[activation][1](dA, Z)
    dW = (1 / m) * np.dot(dZ, A_prev.T)
    db = (1 / m) * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


def deep_forward(
    X: np.ndarray, parameters: dict[str, np.ndarray], activations: Sequence[str] | None = None
) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]]:
    """LINEAR -> activation for every layer.

    Args:
        X: (n_x, m).
        activations: one name per layer; default relu ... relu, sigmoid.

    Returns:
        AL (n_L, m) and one cache (A_prev, W, b, Z) per layer.
    """
    count = layer_count(parameters)
    activations = activations or hidden_then_sigmoid(count)
    A, caches = X, []
    for layer, name in enumerate(activations, start=1):
        W, b = parameters[f"W{layer}"], parameters[f"b{layer}"]
        A_prev = A
        A, Z = layer_forward(A_prev, W, b, name)
        caches.append((A_prev, W, b, Z))
    return A, caches


def cross_entropy_gradient(AL: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """dL/dAL of the binary cross-entropy (per example; the 1/m is applied to dW and db)."""
    return -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))


def deep_backward(
    AL: np.ndarray,
    Y: np.ndarray,
    caches: Sequence[tuple[np.ndarray, ...]],
    activations: Sequence[str] | None = None,
    dAL: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Gradients of the mean cross-entropy (or of a given dAL) for every layer: dA{l-1}, dW{l}, db{l}."""
    count = len(caches)
    activations = activations or hidden_then_sigmoid(count)
    grads = {}
    dA = cross_entropy_gradient(AL, Y) if dAL is None else dAL
    for layer in range(count, 0, -1):
        A_prev, W, _, Z = caches[layer - 1]
        dA, grads[f"dW{layer}"], grads[f"db{layer}"] = layer_backward(dA, A_prev, W, Z, activations[layer - 1])
        grads[f"dA{layer - 1}"] = dA
    return grads


def cross_entropy_cost(AL: np.ndarray, Y: np.ndarray, nan_safe: bool = False) -> float:
    """-(1/m) * sum(Y log AL + (1 - Y) log(1 - AL)), a Python float.

    Args:
        nan_safe: sum with `np.nansum`, as the initialization and regularization helpers do (0 * log 0
            counts as 0 there instead of poisoning the cost).
    """
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        losses = np.multiply(Y, np.log(AL)) + np.multiply(1 - Y, np.log(1 - AL))
    total = np.nansum(losses) if nan_safe else np.sum(losses)
    return float(-total / m)


def gradient_descent_update(
    parameters: dict[str, np.ndarray], grads: dict[str, np.ndarray], learning_rate: float
) -> dict[str, np.ndarray]:
    """theta <- theta - learning_rate * dtheta for every parameter; returns a new dict."""
    return {name: value - learning_rate * grads["d" + name] for name, value in parameters.items()}


def predict_binary(X: np.ndarray, parameters: dict[str, np.ndarray], activations: Sequence[str] | None = None) -> np.ndarray:
    """(1, m) predictions in {0., 1.}: the network's output thresholded at 0.5."""
    AL, _ = deep_forward(X, parameters, activations)
    return (AL > 0.5).astype(float)


def accuracy(predictions: np.ndarray, Y: np.ndarray) -> float:
    """The fraction of predictions equal to the labels."""
    return float(np.mean(predictions == Y))


def check_learning_rate(learning_rate: float, what: str = "the learning rate") -> float:
    """A finite learning rate > 0, or one sentence."""
    value = float(learning_rate)
    if not math.isfinite(value) or value <= 0:
        raise UserError(f"{what} is {learning_rate}: it must be a finite number > 0, such as 0.0075.")
    return value
