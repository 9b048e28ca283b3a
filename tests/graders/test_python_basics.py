"""Graders for C1W2A1 Python basics with numpy: the course's test inputs, computed by the implementation
under test (ours, or a learner's file: `python -m assignments grade python_basics --solution FILE`)."""

from __future__ import annotations

import numpy as np
import pytest
from grading import assert_close, assert_equal

pytestmark = pytest.mark.grader

WEEK = "python_basics"
IMAGE = np.array(
    [
        [[0.67826139, 0.29380381], [0.90714982, 0.52835647], [0.4215251, 0.45017551]],
        [[0.92814219, 0.96677647], [0.85304703, 0.52351845], [0.19981397, 0.27417313]],
        [[0.60659855, 0.00533165], [0.10820313, 0.49978937], [0.34144279, 0.94630077]],
    ]
)


@pytest.fixture
def basics(implementation):
    return implementation(WEEK)


def test_basic_sigmoid(basics):
    value = basics.basic_sigmoid(1)
    assert_equal("type of basic_sigmoid(1)", type(value), float)
    assert_close("basic_sigmoid(1)", value, 0.7310585786300049)
    # The notebook's point: math.exp does not take a list.
    with pytest.raises(TypeError):
        basics.basic_sigmoid([1, 2, 3])


def test_sigmoid(basics):
    value = basics.sigmoid(np.array([1, 2, 3]))
    assert_equal("type of sigmoid(array)", type(value), np.ndarray)
    assert_close("sigmoid([1, 2, 3])", value, [0.73105858, 0.88079708, 0.95257413])


def test_sigmoid_derivative(basics):
    assert_close(
        "sigmoid_derivative([1, 2, 3])", basics.sigmoid_derivative(np.array([1, 2, 3])), [0.19661193, 0.10499359, 0.04517666]
    )


def test_image2vector(basics):
    vector = basics.image2vector(IMAGE)
    assert_close("image2vector(image)", vector, IMAGE.reshape(18, 1), rtol=0, atol=0)
    # A non-square image catches a learner who swaps the axes.
    other = np.arange(24.0).reshape(4, 3, 2)
    assert_close("image2vector of a (4, 3, 2) image", basics.image2vector(other), other.reshape(24, 1), rtol=0, atol=0)


@pytest.mark.grades("normalize_rows")
def test_normalize_rows(basics):
    got = basics.normalize_rows(np.array([[0.0, 3, 4], [1, 6, 4]]))
    assert_close("normalize_rows([[0,3,4],[1,6,4]])", got, [[0, 0.6, 0.8], [0.13736056, 0.82416338, 0.54944226]])


def test_softmax(basics):
    got = basics.softmax(np.array([[9.0, 2, 5, 0, 0], [7, 5, 0, 0, 0]]))
    expected = [
        [9.80897665e-01, 8.94462891e-04, 1.79657674e-02, 1.21052389e-04, 1.21052389e-04],
        [8.78679856e-01, 1.18916387e-01, 8.01252314e-04, 8.01252314e-04, 8.01252314e-04],
    ]
    assert_close("softmax", got, expected)


@pytest.mark.grades("L1")
def test_L1(basics):
    value = basics.L1(np.array([0.9, 0.2, 0.1, 0.4, 0.9]), np.array([1, 0, 0, 1, 1]))
    assert isinstance(value, float), f"L1 must return a float, got {type(value).__name__}"
    assert_close("L1", value, 1.1)


@pytest.mark.grades("L2")
def test_L2(basics):
    value = basics.L2(np.array([0.9, 0.2, 0.1, 0.4, 0.9]), np.array([1, 0, 0, 1, 1]))
    assert isinstance(value, float), f"L2 must return a float, got {type(value).__name__}"
    assert_close("L2", value, 0.43)
