"""Graders for C2W1A3 Gradient checking: the course's 1-D and N-dimensional checks, with the hand-out's
planted bugs and without, computed by the implementation under test (ours, or a learner's file:
`python -m assignments grade gradient_checking --solution FILE`)."""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pytest
from grading import assert_close, assert_equal

pytestmark = pytest.mark.grader

WEEK = "gradient_checking"


@pytest.fixture
def gc(implementation):
    return implementation(WEEK)


def test_forward_propagation(gc):
    assert_equal("J at x = 2, theta = 4", gc.forward_propagation(2, 4), 8)


def test_backward_propagation(gc):
    assert_equal("dtheta at x = 2, theta = 4", gc.backward_propagation(2, 4), 2)


def test_gradient_check(gc):
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        difference = gc.gradient_check(2, 4, 1e-7, True)
    # The course's test value; forming theta +- epsilon another way gives 2.63e-10, which it also accepts.
    if not (np.isclose(difference, 2.919335883291695e-10) or np.isclose(difference, 2.6317792396744613e-10)):
        raise AssertionError(f"gradient_check(2, 4): expected 2.919335883291695e-10 (or 2.63e-10), got {difference!r}.")
    assert "works perfectly fine" in output.getvalue()


@pytest.fixture
def network():
    from assignments.gradient_checking import forward_propagation_n, gradient_check_n_test_case

    X, Y, parameters = gradient_check_n_test_case()
    _, cache = forward_propagation_n(X, Y, parameters)
    return X, Y, parameters, cache


def test_gradient_check_n_finds_the_planted_bugs(gc, network):
    from assignments.gradient_checking import backward_propagation_n_with_planted_bugs

    X, Y, parameters, cache = network
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        difference = gc.gradient_check_n(parameters, backward_propagation_n_with_planted_bugs(X, Y, cache), X, Y, 1e-7, True)
    assert_close("difference with the hand-out's bugs", difference, 0.2850931567761623)
    assert "There is a mistake in the backward propagation" in output.getvalue()


@pytest.mark.grades("gradient_check_n")
def test_gradient_check_n_passes_the_fixed_backward_pass(gc, network):
    from assignments.gradient_checking import backward_propagation_n

    X, Y, parameters, cache = network
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        difference = gc.gradient_check_n(parameters, backward_propagation_n(X, Y, cache), X, Y, 1e-7, True)
    assert_close("difference with the bugs fixed", difference, 1.1890913024229996e-07)
    assert "works perfectly fine" in output.getvalue()


def test_the_vectors_keep_the_courses_order(network):
    from assignments.gradient_checking import dictionary_to_vector, vector_to_dictionary

    _, _, parameters, _ = network
    theta, keys = dictionary_to_vector(parameters)
    assert_equal("theta's shape", theta.shape, (47, 1))
    assert_equal(
        "where each block starts", [keys.index(name) for name in ("W1", "b1", "W2", "b2", "W3", "b3")], [0, 20, 25, 40, 43, 46]
    )
    back = vector_to_dictionary(theta)
    for name, value in parameters.items():
        assert_close(f"{name} round trip", back[name], value, rtol=0, atol=0)
