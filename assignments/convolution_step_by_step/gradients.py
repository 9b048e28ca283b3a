"""The gradient check: the backward passes against central differences of the forward passes.

The cost is J = sum(output * G) for a fixed random G, so that dJ/d(output) = G is what the backward pass
receives; each input, weight and bias is then nudged by +-epsilon and (J+ - J-) / (2 epsilon) compared
with the backward pass's gradient by the course's relative difference ||g - g_approx|| / (||g|| + ||g_approx||).
"""

from __future__ import annotations

import dataclasses

import numpy as np

EPSILON = 1e-6
# float64 central differences of a function that is linear in each entry leave rounding of about 1e-10.
THRESHOLD = 1e-7


@dataclasses.dataclass(frozen=True)
class GradientCheck:
    """One gradient compared with its numeric estimate."""

    name: str
    difference: float

    @property
    def passed(self) -> bool:
        return bool(self.difference < THRESHOLD)


def relative_difference(gradient, approximation) -> float:
    """||g - g_approx|| / (||g|| + ||g_approx||), 0 when both are 0."""
    denominator = np.linalg.norm(gradient) + np.linalg.norm(approximation)
    return float(np.linalg.norm(gradient - approximation) / denominator) if denominator else 0.0


def numeric_gradient(cost, array: np.ndarray) -> np.ndarray:
    """Central differences of `cost()` with respect to every entry of `array` (changed in place, then restored)."""
    gradient = np.zeros_like(array)
    for index in np.ndindex(array.shape):
        saved = array[index]
        array[index] = saved + EPSILON
        plus = cost()
        array[index] = saved - EPSILON
        minus = cost()
        array[index] = saved
        gradient[index] = (plus - minus) / (2 * EPSILON)
    return gradient


def check_convolution(conv_forward, conv_backward, A_prev, W, b, hparameters, seed: int) -> list[GradientCheck]:
    """dA_prev, dW and db of `conv_backward` against central differences of `conv_forward`."""
    Z, cache = conv_forward(A_prev, W, b, hparameters)
    G = np.random.default_rng(seed).normal(size=Z.shape)
    dA_prev, dW, db = conv_backward(G, cache)

    def cost():
        return float(np.sum(conv_forward(A_prev, W, b, hparameters)[0] * G))

    return [
        GradientCheck("conv dA_prev", relative_difference(dA_prev, numeric_gradient(cost, A_prev))),
        GradientCheck("conv dW", relative_difference(dW, numeric_gradient(cost, W))),
        GradientCheck("conv db", relative_difference(db, numeric_gradient(cost, b))),
    ]


def check_pooling(pool_forward, pool_backward, A_prev, hparameters, mode: str, seed: int) -> GradientCheck:
    """dA_prev of `pool_backward` against central differences of `pool_forward` (ties are improbable on random input)."""
    A, cache = pool_forward(A_prev, hparameters, mode)
    G = np.random.default_rng(seed).normal(size=A.shape)
    dA_prev = pool_backward(G, cache, mode)

    def cost():
        return float(np.sum(pool_forward(A_prev, hparameters, mode)[0] * G))

    return GradientCheck(f"{mode} pool dA_prev", relative_difference(dA_prev, numeric_gradient(cost, A_prev)))
