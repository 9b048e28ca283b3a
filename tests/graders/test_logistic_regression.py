"""Graders for C1W2A2 Logistic regression with a neural-network mindset: the course's test inputs and the
cat model's printed costs and accuracies, computed by the implementation under test (ours, or a learner's
file: `python -m assignments grade logistic_regression --solution FILE`)."""

from __future__ import annotations

import contextlib
import io
import re

import numpy as np
import pytest
from grading import assert_close, assert_equal
from threadpoolctl import threadpool_limits

pytestmark = pytest.mark.grader

WEEK = "logistic_regression"
# The cat model's cost every 100 iterations (2000 iterations, learning rate 0.005; the re-run values: the
# public notebook's saved run flattened the images wrongly).
CAT_COSTS = [
    0.693147, 0.584508, 0.466949, 0.376007, 0.331463, 0.303273, 0.279880, 0.260042, 0.242941, 0.228004,
    0.214820, 0.203078, 0.192544, 0.183033, 0.174399, 0.166521, 0.159305, 0.152667, 0.146542, 0.140872,
]  # fmt: skip


@pytest.fixture
def lr(implementation):
    return implementation(WEEK)


@pytest.fixture
def cat_data(course_file):
    from assignments.common import cat_data

    folder = course_file("course1_2", cat_data.TRAIN_FILE).parent.parent
    train, test = cat_data.load_dataset(folder)
    return cat_data.flatten(train.images), train.labels, cat_data.flatten(test.images), test.labels


def test_sigmoid(lr):
    assert_close("sigmoid([0, 2])", lr.sigmoid(np.array([0, 2])), [0.5, 0.88079708])
    assert_close("sigmoid(1)", lr.sigmoid(1), 0.7310585)
    assert_close("sigmoid([0.5, 0, 2.0])", lr.sigmoid(np.array([0.5, 0, 2.0])), [0.62245933, 0.5, 0.88079708])


@pytest.mark.parametrize("dim", [2, 3, 4])
def test_initialize_with_zeros(lr, dim):
    w, b = lr.initialize_with_zeros(dim)
    assert_equal("type of b", type(b), float)
    assert_equal("b", b, 0.0)
    assert_close(f"w for dim {dim}", w, np.zeros((dim, 1)), rtol=0, atol=0)


@pytest.mark.parametrize(
    "w, b, X, Y, dw, db, cost",
    [
        (
            [[1.0], [2]], 1.5, [[1.0, -2.0, -1.0], [3.0, 0.5, -3.2]], [[1, 1, 0]],
            [[0.25071532], [-0.06604096]], -0.12500404500439652, 0.15900537707692405,
        ),
        (
            [[1.0], [2.0], [-1]], 2.5, [[1.0, 2.0, -1.0, 0], [3.0, 4.0, -3.2, 1], [3.0, 4.0, -3.2, -3.5]], [[1, 1, 0, 0]],
            [[-0.03909333], [0.12501464], [-0.99960809]], 0.288106326429569, 2.0424567983978403,
        ),
    ],
)  # fmt: skip
def test_propagate(lr, w, b, X, Y, dw, db, cost):
    grads, got_cost = lr.propagate(np.array(w), b, np.array(X), np.array(Y))
    assert_equal("type of db", type(grads["db"]), np.float64)
    assert_close("dw", grads["dw"], dw)
    assert_close("db", grads["db"], db)
    assert_close("cost", got_cost, cost)


def test_optimize_notebook_case(lr):
    w, b = np.array([[1.0], [2]]), 1.5
    X, Y = np.array([[1.0, -2.0, -1.0], [3.0, 0.5, -3.2]]), np.array([[1, 1, 0]])
    params, grads, costs = lr.optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False)
    assert_close("w", params["w"], [[0.80956046], [2.0508202]])
    assert_close("b", params["b"], 1.5948713189708588)
    assert_close("dw", grads["dw"], [[0.17860505], [-0.04840656]])
    assert_close("db", grads["db"], -0.08888460336847771)
    assert_close("costs", np.array(costs, dtype=float), [0.15900538])
    assert_close("the caller's w must be left alone", w, [[1.0], [2]], rtol=0, atol=0)


@pytest.mark.grades("optimize")
def test_optimize_test_case(lr):
    w, b = np.array([[1.0], [2.0]]), 2.0
    X, Y = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]), np.array([[1, 0, 1]])
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        params, grads, costs = lr.optimize(w, b, X, Y, num_iterations=101, learning_rate=0.1, print_cost=True)
    assert_equal("type of costs", type(costs), list)
    assert_close("costs", np.array(costs, dtype=float), [5.80154532, 0.31057104])
    assert_close("w", params["w"], [[-0.70916784], [-0.42390859]])
    assert_close("b", params["b"], 2.26891346)
    assert_close("dw", grads["dw"], [[0.06188603], [-0.01407361]])
    assert_close("db", grads["db"], -0.04709353)
    assert_equal(
        "printed costs",
        output.getvalue().splitlines(),
        ["Cost after iteration 0: 5.801545", "Cost after iteration 100: 0.310571"],
    )


@pytest.mark.parametrize(
    "w, b, X, expected",
    [
        ([[0.1124579], [0.23106775]], -0.3, [[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]], [[1.0, 1.0, 0.0]]),
        ([[0.3], [0.5], [-0.2]], -0.33333, [[1.0, -0.3, 1.5], [2, 0, 1], [0, -1.5, 2]], [[1.0, 0.0, 1.0]]),
    ],
)
def test_predict(lr, w, b, X, expected):
    got = lr.predict(np.array(w), b, np.array(X))
    assert_close("predict", got, expected, rtol=0, atol=0)


@pytest.mark.grades("model")
def test_model_test_case(lr):
    np.random.seed(0)
    Y = np.array([[1, 0, 0, 1, 0, 0, 1]])
    X = np.random.randn(4, 7)
    x_test = np.random.randn(4, 3)
    y_test = np.array([[0, 1, 0]])
    d = lr.model(X, Y, x_test, y_test, num_iterations=50, learning_rate=0.01)
    assert_equal(
        "model's keys",
        sorted(d),
        sorted(["costs", "Y_prediction_test", "Y_prediction_train", "w", "b", "learning_rate", "num_iterations"]),
    )
    assert_close("costs", np.array(d["costs"], dtype=float), [0.69314718])
    assert_close("w", d["w"], [[0.08639757], [-0.08231268], [-0.11798927], [0.12866053]])
    assert_close("b", d["b"], -0.03983236094816321)
    assert_close("Y_prediction_test", d["Y_prediction_test"], [[1.0, 1.0, 0.0]], rtol=0, atol=0)
    assert_close("Y_prediction_train", d["Y_prediction_train"], [[1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0]], rtol=0, atol=0)


def printed(lines: str, pattern: str) -> list[float]:
    return [float(value) for value in re.findall(pattern, lines)]


@pytest.mark.needs_data
@pytest.mark.grades("model")
def test_cat_model_first_costs(lr, cat_data):
    """The first 101 iterations of the cat run: its first two printed costs (the full run is `slow`)."""
    X_train, Y_train, X_test, Y_test = cat_data
    output = io.StringIO()
    # One BLAS thread: on a busy 2-core machine threaded matrix-vector products run 3x slower.
    with contextlib.redirect_stdout(output), threadpool_limits(limits=1, user_api="blas"):
        d = lr.model(X_train, Y_train, X_test, Y_test, num_iterations=101, learning_rate=0.005, print_cost=True)
    costs = printed(output.getvalue(), r"Cost after iteration \d+: ([-\d.]+)")
    assert_close("printed costs at 0 and 100", costs, CAT_COSTS[:2], rtol=0, atol=1.5e-6)
    assert_close("returned costs", np.array(d["costs"], dtype=float), CAT_COSTS[:2], rtol=0, atol=1e-6)


@pytest.mark.slow
@pytest.mark.needs_data
@pytest.mark.grades("model")
def test_cat_model_full_run(lr, cat_data):
    X_train, Y_train, X_test, Y_test = cat_data
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        lr.model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.005, print_cost=True)
    text = output.getvalue()
    assert_close("printed costs", printed(text, r"Cost after iteration \d+: ([-\d.]+)"), CAT_COSTS, rtol=0, atol=1.5e-6)
    assert_close("train accuracy", printed(text, r"train accuracy: ([\d.]+) %"), [99.04306220095694])
    assert_close("test accuracy", printed(text, r"test accuracy: ([\d.]+) %"), [70.0])
