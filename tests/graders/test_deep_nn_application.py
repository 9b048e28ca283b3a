"""Graders for C1W4A2 Deep neural network application: the course's test cases and the two cat models'
printed costs and accuracies, computed by the implementation under test (ours, or a learner's file:
`python -m assignments grade deep_nn_application --solution FILE`)."""

from __future__ import annotations

import contextlib
import io
import re

import numpy as np
import pytest
from grading import assert_close, assert_equal
from threadpoolctl import threadpool_limits

pytestmark = pytest.mark.grader

WEEK = "deep_nn_application"
TWO_LAYER_COSTS = [
    0.693049735659989, 0.6464320953428849, 0.6325140647912678, 0.6015024920354665, 0.5601966311605748,
    0.5158304772764731, 0.47549013139433266, 0.43391631512257495, 0.40079775362038833, 0.3580705011323798,
    0.33942815383664127, 0.30527536361962665, 0.2749137728213017, 0.24681768210614843, 0.1985073503746611,
    0.17448318112556652, 0.17080762978097747, 0.11306524562164694, 0.09629426845937154, 0.08342617959726872,
    0.07439078704319087, 0.06630748132267937, 0.059193295010381765, 0.05336140348560562, 0.04855478562877021,
    0.0442149821586896,
]  # fmt: skip
# The L-layer run: the course's markdown and the re-run (a public notebook's saved run is not reproducible
# from the course's own helpers); iterations 1100-1900 were not recorded.
L_LAYER_COSTS = {
    0: 0.7717493284237686, 100: 0.6720534400822913, 200: 0.6482632048575212, 300: 0.6115068816101354,
    400: 0.567047326836611, 500: 0.5401376634547801, 600: 0.5279299569455267, 700: 0.46547737717668514,
    800: 0.369125852495928, 900: 0.3917469743480535, 1000: 0.3151869888600616, 2000: 0.1138206066863371,
    2499: 0.088439943441702,
}  # fmt: skip


@pytest.fixture
def app(implementation):
    return implementation(WEEK)


@pytest.fixture(scope="module")
def cat_arrays():
    from assignments.common import cat_data
    from assignments.common.data import find_course_file

    found = find_course_file("course1_2", cat_data.TRAIN_FILE)
    if found is None:
        pytest.skip(
            "needs_data: course1_2/datasets/train_catvnoncat.h5 not found under $DLS_DATA_DIR (point it at the course data)"
        )
    train, test = cat_data.load_dataset(found.parent.parent)
    return cat_data.flatten(train.images), train.labels, cat_data.flatten(test.images), test.labels


def run_printing(function, *args, **kwargs):
    output = io.StringIO()
    # One BLAS thread: on a busy machine threaded BLAS ran these thin products 15 times slower.
    with contextlib.redirect_stdout(output), threadpool_limits(limits=1, user_api="blas"):
        result = function(*args, **kwargs)
    printed = {int(i): float(cost) for i, cost in re.findall(r"Cost after iteration (\d+): ([-\d.e]+)", output.getvalue())}
    return result, printed


def accuracy(app, X, Y, parameters) -> float:
    AL, _ = app.L_model_forward(X, parameters)
    return float(np.sum(((AL > 0.5) == Y) / X.shape[1]))


@pytest.mark.grades("two_layer_model")
def test_two_layer_model_test_case(app):
    np.random.seed(1)
    X, Y = np.random.randn(10, 10), np.random.randn(1, 10)
    (parameters, costs), printed = run_printing(app.two_layer_model, X, Y, (10, 4, 1), learning_rate=0.0075, num_iterations=2)
    assert_close("costs", np.array(costs, dtype=float), [0.69315968])
    assert_close("b2", parameters["b2"], [[-0.00689018]])
    assert_close("b1", parameters["b1"], [[1.10437111e-05], [1.78437869e-05], [3.74879549e-05], [-4.42988824e-05]])
    assert_close("W2", parameters["W2"], [[-0.00200283, -0.00888593, -0.00751122, 0.01688162]])
    assert_equal("printed without print_cost: the last iteration only", sorted(printed), [1])
    assert_close("printed cost", printed[1], 0.6915746967050506, rtol=1e-12)
    (parameters, _), printed = run_printing(app.two_layer_model, X, Y, (10, 4, 1), learning_rate=0.1, num_iterations=3)
    assert_close("b2 (lr 0.1, 3 iterations)", parameters["b2"], [[-0.13451354]])
    assert_close("W2 (lr 0.1, 3 iterations)", parameters["W2"], [[-0.00358725, -0.00911995, -0.00831979, 0.01615845]])
    assert_close("printed cost", printed[2], 0.6524135179683452, rtol=1e-12)


@pytest.mark.grades("L_layer_model")
def test_L_layer_model_test_case(app):
    np.random.seed(1)
    X, Y = np.random.randn(10, 10), np.array([[1, 1, 1, 1, 0, 0, 0, 1, 1, 0]])
    parameters, costs = app.L_layer_model(X, Y, (10, 5, 6, 1), learning_rate=0.0075, num_iterations=2)
    assert_close("costs", np.array(costs, dtype=float), [0.70723944])
    assert_close("b3", parameters["b3"], [[0.0013201]])
    assert_close("W1[0, :3]", parameters["W1"][0, :3], [0.51384638, -0.19333098, -0.16705238])
    assert_close("W3", parameters["W3"], [[-0.09079199, -0.08117381, 0.07667568, 0.16665535, 0.08029575, 0.04805811]])
    parameters, _ = app.L_layer_model(X, Y, (10, 5, 6, 1), learning_rate=0.02, num_iterations=3)
    assert_close("b3 (lr 0.02, 3 iterations)", parameters["b3"], [[0.00525865]])
    assert_close(
        "W3 (lr 0.02, 3 iterations)",
        parameters["W3"],
        [[-0.09087434, -0.07882982, 0.07821609, 0.16442826, 0.0783229, 0.04648216]],
    )


@pytest.mark.needs_data
@pytest.mark.grades("two_layer_model", "L_layer_model")
def test_cat_models_first_iteration(app, cat_arrays):
    """The course's "Cost after first iteration" check, and the L-layer run's first cost (full runs: `slow`)."""
    X_train, Y_train, _, _ = cat_arrays
    (_, costs), _ = run_printing(app.two_layer_model, X_train, Y_train, (12288, 7, 1), num_iterations=2)
    (_, l_costs), _ = run_printing(app.L_layer_model, X_train, Y_train, (12288, 20, 7, 5, 1), num_iterations=1)
    assert_close("two-layer cost after the first iteration", costs[0], TWO_LAYER_COSTS[0], rtol=1e-12)
    assert_close("L-layer cost after the first iteration", l_costs[0], L_LAYER_COSTS[0], rtol=1e-12)


@pytest.mark.slow
@pytest.mark.needs_data
@pytest.mark.grades("two_layer_model")
def test_two_layer_cat_model(app, cat_arrays):
    X_train, Y_train, X_test, Y_test = cat_arrays
    (parameters, _), printed = run_printing(
        app.two_layer_model, X_train, Y_train, (12288, 7, 1), num_iterations=2500, print_cost=True
    )
    assert_equal("printed iterations", sorted(printed), [*range(0, 2500, 100), 2499])
    assert_close("printed costs", [printed[i] for i in sorted(printed)], TWO_LAYER_COSTS, rtol=1e-9)
    assert_close("train accuracy", accuracy(app, X_train, Y_train, parameters), 0.9999999999999998)
    assert_close("test accuracy", accuracy(app, X_test, Y_test, parameters), 0.72)


@pytest.mark.slow
@pytest.mark.needs_data
@pytest.mark.grades("L_layer_model")
def test_L_layer_cat_model(app, cat_arrays):
    X_train, Y_train, X_test, Y_test = cat_arrays
    (parameters, _), printed = run_printing(
        app.L_layer_model, X_train, Y_train, (12288, 20, 7, 5, 1), num_iterations=2500, print_cost=True
    )
    assert_close("printed costs", [printed[i] for i in L_LAYER_COSTS], list(L_LAYER_COSTS.values()), rtol=1e-9)
    assert_close("train accuracy", accuracy(app, X_train, Y_train, parameters), 0.9856459330143539)
    assert_close("test accuracy", accuracy(app, X_test, Y_test, parameters), 0.8)
