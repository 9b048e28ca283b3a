"""Graders for C2W1A1 Initialization: the course's test cases and the three runs' printed costs and
accuracies, computed by the implementation under test (ours, or a learner's file:
`python -m assignments grade initialization --solution FILE`)."""

from __future__ import annotations

import contextlib
import io
import re

import numpy as np
import pytest
from grading import assert_close, assert_equal

pytestmark = pytest.mark.grader

WEEK = "initialization"
HE_COSTS = [
    0.8830537463419761, 0.6879825919728063, 0.6751286264523371, 0.6526117768893807, 0.6082958970572938,
    0.5304944491717495, 0.4138645817071794, 0.3117803464844441, 0.23696215330322562, 0.18597287209206836,
    0.15015556280371817, 0.12325079292273552, 0.09917746546525932, 0.08457055954024274, 0.07357895962677362,
]  # fmt: skip
# The large-random run: its first cost is inf; numpy builds differ from the course's by up to 1e-3 after
# (the saturated sigmoid makes it sensitive to the last digits of exp).
RANDOM_COSTS = [
    np.inf, 0.6247924745506072, 0.5980258056061102, 0.5637539062842213, 0.5501256393526495, 0.5443826306793814,
    0.5373895855049121, 0.47157999220550006, 0.39770475516243037, 0.3934560146692851, 0.3920227137490125,
    0.38913700035966736, 0.3861358766546214, 0.38497629552893475, 0.38276694641706693,
]  # fmt: skip


@pytest.fixture
def init(implementation):
    return implementation(WEEK)


@pytest.fixture(scope="module")
def circles():
    from assignments.initialization.synthetic import load_dataset

    return load_dataset()


def test_load_dataset(circles):
    train_X, train_Y, test_X, test_Y = circles
    assert_equal("shapes", (train_X.shape, train_Y.shape, test_X.shape, test_Y.shape), ((2, 300), (1, 300), (2, 100), (1, 100)))
    assert_close("train_X[:, 0]", train_X[:, 0], [-0.07741354, 0.85260226])
    assert_equal("train_Y[:5]", train_Y[0, :5].tolist(), [1, 0, 1, 1, 0])
    assert_close("test_X[:, 0]", test_X[:, 0], [-0.52423739, -0.60910361])


def test_initialize_parameters_zeros(init):
    parameters = init.initialize_parameters_zeros([3, 2, 1])
    for name, shape in (("W1", (2, 3)), ("b1", (2, 1)), ("W2", (1, 2)), ("b2", (1, 1))):
        assert_close(name, parameters[name], np.zeros(shape), rtol=0, atol=0)


def test_initialize_parameters_random(init):
    parameters = init.initialize_parameters_random([3, 2, 1])
    assert_close("W1", parameters["W1"], [[17.88628473, 4.36509851, 0.96497468], [-18.63492703, -2.77388203, -3.54758979]])
    assert_close("W2", parameters["W2"], [[-0.82741481, -6.27000677]])
    assert_close("b1", parameters["b1"], np.zeros((2, 1)), rtol=0, atol=0)


def test_initialize_parameters_he(init):
    parameters = init.initialize_parameters_he([2, 4, 1])
    assert_close(
        "W1",
        parameters["W1"],
        [[1.78862847, 0.43650985], [0.09649747, -1.8634927], [-0.2773882, -0.35475898], [-0.08274148, -0.62700068]],
    )
    assert_close("W2", parameters["W2"], [[-0.03098412, -0.33744411, -0.92904268, 0.62552248]])
    parameters = init.initialize_parameters_he([3, 1, 2])
    assert_close("W1 ([3, 1, 2])", parameters["W1"], [[1.46040903, 0.3564088, 0.07878985]])
    assert_close("W2 ([3, 1, 2])", parameters["W2"], [[-2.63537665], [-0.39228616]])


def trained(init, circles, initialization, iterations):
    """The notebook's model run with the learner's initialiser; the printed costs; train and test accuracy."""
    from assignments.common.three_layer_net import predict
    from assignments.initialization import initialization as ours

    train_X, train_Y, test_X, test_Y = circles
    output = io.StringIO()
    initializer = getattr(init, f"initialize_parameters_{initialization}")
    original = ours.INITIALIZERS[initialization]
    ours.INITIALIZERS[initialization] = initializer
    try:
        with contextlib.redirect_stdout(output), np.errstate(all="ignore"):
            parameters = ours.model(train_X, train_Y, num_iterations=iterations, initialization=initialization)
    finally:
        ours.INITIALIZERS[initialization] = original
    costs = [float(value) for value in re.findall(r"Cost after iteration \d+: (\S+)", output.getvalue())]
    accuracies = [
        float(np.mean(predict(X, Y, parameters, verbose=False) == Y)) for X, Y in ((train_X, train_Y), (test_X, test_Y))
    ]
    return costs, accuracies


@pytest.mark.grades("initialize_parameters_he")
def test_he_run_first_costs(init, circles):
    costs, _ = trained(init, circles, "he", 2001)
    assert_close("He: printed costs at 0, 1000, 2000", costs, HE_COSTS[:3], rtol=1e-10)


@pytest.mark.slow
@pytest.mark.parametrize("initialization", ["zeros", "random", "he"])
def test_full_runs(init, circles, initialization):
    costs, (train_accuracy, test_accuracy) = trained(init, circles, initialization, 15000)
    if initialization == "zeros":
        assert_close("zeros: every printed cost", costs, [0.6931471805599453] * 15, rtol=1e-12)
        expected = (0.5, 0.5)
    elif initialization == "random":
        assert_equal("random: the first cost", costs[0], np.inf)
        assert_close("random: printed costs", costs[1:], RANDOM_COSTS[1:], rtol=0, atol=2e-3)
        expected = (0.83, 0.86)
    else:
        assert_close("He: printed costs", costs, HE_COSTS, rtol=1e-10)
        expected = (0.9933333333333333, 0.96)
    assert_close(f"{initialization}: train and test accuracy", [train_accuracy, test_accuracy], expected)
