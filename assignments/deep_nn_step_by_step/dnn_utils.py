"""The course's `dnn_utils` helpers in its calling convention: activations return (A, cache = Z), and
their backward passes take (dA, cache). The arithmetic is the shared one in `assignments.common.numpy_nets`."""

from __future__ import annotations

from assignments.common import numpy_nets


def sigmoid(Z):
    """(A, cache): A = 1 / (1 + e^-Z), cache = Z."""
    return numpy_nets.sigmoid(Z), Z


def relu(Z):
    """(A, cache): A = max(0, Z), cache = Z."""
    return numpy_nets.relu(Z), Z


def sigmoid_backward(dA, cache):
    """dZ for a sigmoid unit, from dA and the cached Z."""
    return numpy_nets.sigmoid_backward(dA, cache)


def relu_backward(dA, cache):
    """dZ for a ReLU unit, from dA and the cached Z."""
    return numpy_nets.relu_backward(dA, cache)
