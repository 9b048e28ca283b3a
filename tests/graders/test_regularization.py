"""Graders for C2W1A2 Regularization: the course's test cases (its fixed caches) and the three runs'
printed costs and accuracies on data.mat, computed by the implementation under test (ours, or a learner's
file: `python -m assignments grade regularization --solution FILE`)."""

from __future__ import annotations

import contextlib
import io
import re

import numpy as np
import pytest
from grading import assert_close, assert_equal

pytestmark = pytest.mark.grader

WEEK = "regularization"
A3 = np.array([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]])
Y = np.array([[1, 1, 0, 1, 0]])
W1 = np.array([[-1.09989127, -0.17242821, -0.87785842], [0.04221375, 0.58281521, -1.10061918]])
b1 = np.array([[1.14472371], [0.90159072]])
W2 = np.array([[0.50249434, 0.90085595], [-0.68372786, -0.12289023], [-0.93576943, -0.26788808]])
b2 = np.array([[0.53035547], [-0.69166075], [-0.39675353]])
W3 = np.array([[-0.6871727, -0.84520564, -0.67124613]])
b3 = np.array([[-0.0126646]])
Z1 = np.array(
    [
        [-1.52855314, 3.32524635, 2.13994541, 2.60700654, -0.75942115],
        [-1.98043538, 4.1600994, 0.79051021, 1.46493512, -0.45506242],
    ]
)
RUNS = {
    "none": ({}, [0.6557412523481002, 0.16329987525724204, 0.13851642423234922], (0.9478672985781991, 0.915)),
    "L2": ({"lambd": 0.7}, [0.6974484493131264, 0.2684918873282238, 0.26809163371273004], (0.9383886255924171, 0.93)),
    "dropout": ({"keep_prob": 0.86}, [0.6543912405149825, 0.0610169865749056, 0.060582435798513114], (0.9289099526066351, 0.95)),
}


@pytest.fixture
def reg(implementation):
    return implementation(WEEK)


def random_parameters():
    np.random.seed(1)
    shapes = [("W1", (2, 3)), ("b1", (2, 1)), ("W2", (3, 2)), ("b2", (3, 1)), ("W3", (1, 3)), ("b3", (1, 1))]
    return {name: np.random.randn(*shape) for name, shape in shapes}


def test_compute_cost_with_regularization(reg):
    assert_close("cost", reg.compute_cost_with_regularization(A3, Y, random_parameters(), 0.1), 1.7864859451590758)


def test_backward_propagation_with_regularization(reg):
    np.random.seed(1)
    X = np.random.randn(3, 5)
    A1 = np.maximum(Z1, 0)
    Z2 = np.array([[0.53035547, 5.94892323, 2.31780174, 3.16005701, 0.53035547],
                   [-0.69166075, -3.47645987, -2.25194702, -2.65416996, -0.69166075],
                   [-0.39675353, -4.62285846, -2.61101729, -3.22874921, -0.39675353]])  # fmt: skip
    A2 = np.maximum(Z2, 0)
    Z3 = np.array([[-0.3771104, -4.10060224, -1.60539468, -2.18416951, -0.3771104]])
    grads = reg.backward_propagation_with_regularization(X, Y, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3), 0.7)
    assert_close("dW1", grads["dW1"], [[-0.25604646, 0.12298827, -0.28297129], [-0.17706303, 0.34536094, -0.4410571]])
    assert_close("dW2", grads["dW2"], [[0.79276486, 0.85133918], [-0.0957219, -0.01720463], [-0.13100772, -0.03750433]])
    assert_close("dW3", grads["dW3"], [[-1.77691347, -0.11832879, -0.09397446]])
    assert_close("db3", grads["db3"], [[-0.38032981]])
    assert_close("db2", grads["db2"], [[0.26135226], [0], [0]])
    assert_close("db1", grads["db1"], [[0.11845855], [0.21236874]])


def test_forward_propagation_with_dropout(reg):
    np.random.seed(1)
    X = np.random.randn(3, 5)
    names = [("W1", (2, 3)), ("b1", (2, 1)), ("W2", (3, 2)), ("b2", (3, 1)), ("W3", (1, 3)), ("b3", (1, 1))]
    parameters = {name: np.random.randn(*shape) for name, shape in names}
    A3_got, cache = reg.forward_propagation_with_dropout(X, parameters, keep_prob=0.7)
    assert_close("A3", A3_got, [[0.36974721, 0.00305176, 0.04565099, 0.49683389, 0.36974721]])
    assert_equal(
        "D1", np.asarray(cache[1], dtype=bool).tolist(), [[True, False, True, True, True], [True, True, True, True, True]]
    )
    assert_equal(
        "D2",
        np.asarray(cache[6], dtype=bool).tolist(),
        [[True, True, True, False, True], [True, True, True, True, True], [False, False, True, True, False]],
    )


def test_backward_propagation_with_dropout(reg):
    np.random.seed(1)
    X = np.random.randn(3, 5)
    D1 = np.array([[True, False, True, True, True], [True, True, True, True, False]])
    A1 = np.array([[0.0, 0.0, 4.27989081, 5.21401307, 0.0], [0.0, 8.32019881, 1.58102041, 2.92987024, 0.0]])
    Z2 = np.array([[0.53035547, 8.02565606, 4.10524802, 5.78975856, 0.53035547],
                   [-0.69166075, -1.71413186, -3.81223329, -4.61667916, -0.69166075],
                   [-0.39675353, -2.62563561, -4.82528105, -6.0607449, -0.39675353]])  # fmt: skip
    D2 = np.array([[True, False, True, False, True], [False, True, False, True, True], [False, False, True, False, False]])
    A2 = np.array([[1.06071093, 0.0, 8.21049603, 0.0, 1.06071093], [0.0] * 5, [0.0] * 5])
    Z3 = np.array([[-0.7415562, -0.0126646, -5.65469333, -0.0126646, -0.7415562]])
    A3_cache = np.array([[0.32266394, 0.49683389, 0.00348883, 0.49683389, 0.32266394]])
    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3_cache, W3, b3)
    grads = reg.backward_propagation_with_dropout(X, Y, cache, 0.8)
    assert_close("dA1", grads["dA1"], [[0.36544439, 0, -0.00188233, 0, -0.17408748], [0.65515713, 0, -0.00337459, 0, -0]])
    assert_close(
        "dA2",
        grads["dA2"],
        [[0.58180856, 0, -0.00299679, 0, -0.27715731], [0, 0.53159854, -0, 0.53159854, -0.34089673], [0, 0, -0.00292733, 0, -0]],
    )
    assert_close("dW3", grads["dW3"], [[-0.06951191, 0, 0]])
    assert_close("db3", grads["db3"], [[-0.2715031]])
    assert_close("dW1", grads["dW1"], [[0.00019884, 0.00028657, 0.00012138], [0.00035647, 0.00051375, 0.00021761]])
    assert_close("db1", grads["db1"], [[-0.00037647], [-0.00067492]])


def run_model(reg, data, options, iterations):
    """The notebook's model with the learner's graded functions in it; printed costs and accuracies."""
    from assignments.common.three_layer_net import predict
    from assignments.regularization import regularization as ours

    train_X, train_Y, test_X, test_Y = data
    graded = [
        "compute_cost_with_regularization",
        "backward_propagation_with_regularization",
        "forward_propagation_with_dropout",
        "backward_propagation_with_dropout",
    ]
    originals = {name: getattr(ours, name) for name in graded}
    output = io.StringIO()
    try:
        for name in graded:
            setattr(ours, name, getattr(reg, name))
        with contextlib.redirect_stdout(output):
            parameters = ours.model(train_X, train_Y, num_iterations=iterations, **options)
    finally:
        for name, function in originals.items():
            setattr(ours, name, function)
    costs = [float(value) for value in re.findall(r"Cost after iteration \d+: (\S+)", output.getvalue())]
    accuracies = [
        float(np.mean(predict(X, Y, parameters, verbose=False) == Y)) for X, Y in ((train_X, train_Y), (test_X, test_Y))
    ]
    return costs, accuracies


@pytest.fixture(scope="module")
def football_field():
    from assignments.common.data import find_course_file
    from assignments.regularization.data import read_data_mat

    path = find_course_file("course1_2", "datasets/data.mat")
    if path is None:
        pytest.skip("needs_data: course1_2/datasets/data.mat not found under $DLS_DATA_DIR (point it at the course data)")
    return read_data_mat(path)


@pytest.mark.needs_data
@pytest.mark.grades("compute_cost_with_regularization", "forward_propagation_with_dropout")
@pytest.mark.parametrize("variant", ["L2", "dropout"])
def test_first_iteration_costs(reg, football_field, variant):
    options, costs, _ = RUNS[variant]
    got, _ = run_model(reg, football_field, options, 1)
    assert_close(f"{variant}: cost at iteration 0", got, costs[:1], rtol=1e-12)


@pytest.mark.slow
@pytest.mark.needs_data
@pytest.mark.parametrize("variant", list(RUNS))
def test_full_runs(reg, football_field, variant):
    options, costs, accuracies = RUNS[variant]
    got_costs, got_accuracies = run_model(reg, football_field, options, 30000)
    assert_close(f"{variant}: printed costs", got_costs, costs, rtol=1e-9)
    assert_close(f"{variant}: train and test accuracy", got_accuracies, accuracies)
