"""Graders for C2W2A1 Optimization methods: the course's test cases (drawn in its order) and the printed
costs and accuracies of its runs, computed by the implementation under test (ours, or a learner's file:
`python -m assignments grade optimization_methods --solution FILE`)."""

from __future__ import annotations

import contextlib
import io
import re

import numpy as np
import pytest
from grading import assert_close, assert_equal

pytestmark = pytest.mark.grader

WEEK = "optimization_methods"
# name -> (optimizer, learning rate, decay, printed costs at 0, 1000, ..., 4000, accuracy); the re-run values
# (with schedule_lr_decay floored, as the course defines it).
RUNS = {
    "gd": ("gd", 0.0007, None, [0.702405, 0.668101, 0.635288, 0.600491, 0.573367], 0.7166666666666667),
    "momentum": ("momentum", 0.0007, None, [0.702413, 0.668167, 0.635388, 0.600591, 0.573444], 0.7166666666666667),
    "adam": ("adam", 0.0007, None, [0.702166, 0.167845, 0.141316, 0.138788, 0.136066], 0.9433333333333334),
    "gd-update_lr": ("gd", 0.1, "update_lr", [0.701091, 0.661884, 0.658620, 0.656765, 0.655486], 0.6533333333333333),
    "gd-schedule": ("gd", 0.1, "schedule_lr_decay", [0.701091, 0.127161, 0.120304, 0.117033, 0.117512], 0.9433333333333334),
    "momentum-schedule": (
        "momentum",
        0.1,
        "schedule_lr_decay",
        [0.702226, 0.128974, 0.125965, 0.123375, 0.123218],
        0.9533333333333334,
    ),
    "adam-schedule": ("adam", 0.01, "schedule_lr_decay", [0.699346, 0.130074, 0.129826, 0.129282, 0.128361], 0.94),
}


@pytest.fixture
def opt(implementation):
    return implementation(WEEK)


def params_and_grads():
    np.random.seed(1)
    shapes = [("W1", (2, 3)), ("b1", (2, 1)), ("W2", (3, 3)), ("b2", (3, 1))]
    parameters = {name: np.random.randn(*shape) for name, shape in shapes}
    grads = {"d" + name: np.random.randn(*shape) for name, shape in shapes}
    return parameters, grads


def test_update_parameters_with_gd(opt):
    parameters, grads = params_and_grads()
    updated = opt.update_parameters_with_gd(parameters, grads, 0.01)
    assert_close("W1", updated["W1"], [[1.63535156, -0.62320365, -0.53718766], [-1.07799357, 0.85639907, -2.29470142]])
    assert_close("b1", updated["b1"], [[1.74604067], [-0.75184921]])
    assert_close(
        "W2",
        updated["W2"],
        [[0.32171798, -0.25467393, 1.46902454], [-2.05617317, -0.31554548, -0.3756023], [1.1404819, -1.09976462, -0.1612551]],
    )
    assert_close("b2", updated["b2"], [[-0.88020257], [0.02561572], [0.57539477]])


@pytest.mark.grades("random_mini_batches")
def test_random_mini_batches_notebook(opt):
    np.random.seed(1)
    m, n_x = 148, 12288
    X = np.arange(n_x * m).reshape(m, n_x).T
    Y = np.random.randn(1, m) < 0.5
    batches = opt.random_mini_batches(X, Y, 64)
    assert_equal("number of mini-batches", len(batches), 3)
    assert_equal(
        "shapes", [(x.shape, y.shape) for x, y in batches], [((n_x, 64), (1, 64)), ((n_x, 64), (1, 64)), ((n_x, 20), (1, 20))]
    )
    assert_equal("first batch, first values", batches[0][0][0][0:3].tolist(), [294912, 86016, 454656])
    assert_equal("last batch, last row", batches[-1][0][-1][0:3].tolist(), [1425407, 1769471, 897023])


@pytest.mark.grades("random_mini_batches")
def test_random_mini_batches_test_case(opt):
    np.random.seed(1)
    X, Y = np.random.randn(7, 3), np.random.randn(1, 3) < 0.5
    batches = opt.random_mini_batches(X, Y, 2)
    assert_close(
        "batch 0, column 0",
        batches[0][0][:, 0],
        [-0.52817175, -2.3015387, 0.3190391, -2.06014071, 1.13376944, -0.87785842, -1.10061918],
    )
    assert_close(
        "batch 0, column 1",
        batches[0][0][:, 1],
        [-0.61175641, 0.86540763, -0.7612069, 1.46210794, -0.38405435, -0.17242821, 0.58281521],
    )
    assert_equal("batch 0 labels", batches[0][1].tolist(), [[False, False]])
    assert_close(
        "batch 1", batches[1][0][:, 0], [1.62434536, -1.07296862, 1.74481176, -0.24937038, -0.3224172, -1.09989127, 0.04221375]
    )
    assert_equal("batch 1 labels", batches[1][1].tolist(), [[False]])


def zeros_like_parameters(state, parameters):
    assert_equal("keys", sorted(state), ["dW1", "dW2", "db1", "db2"])
    for name, value in parameters.items():
        assert_close("d" + name, state["d" + name], np.zeros_like(value), rtol=0, atol=0)


def test_initialize_velocity(opt):
    parameters, _ = params_and_grads()
    zeros_like_parameters(opt.initialize_velocity(parameters), parameters)


def test_initialize_adam(opt):
    parameters, _ = params_and_grads()
    v, s = opt.initialize_adam(parameters)
    zeros_like_parameters(v, parameters)
    zeros_like_parameters(s, parameters)


def test_update_parameters_with_momentum(opt):
    parameters, grads = params_and_grads()
    v = {name: np.zeros_like(value) for name, value in grads.items()}
    parameters, v = opt.update_parameters_with_momentum(parameters, grads, v, beta=0.9, learning_rate=0.01)
    assert_close("W1", parameters["W1"], [[1.62544598, -0.61290114, -0.52907334], [-1.07347112, 0.86450677, -2.30085497]])
    assert_close("b1", parameters["b1"], [[1.74493465], [-0.76027113]])
    assert_close(
        "W2",
        parameters["W2"],
        [[0.31930698, -0.24990073, 1.4627996], [-2.05974396, -0.32173003, -0.38320915], [1.13444069, -1.0998786, -0.1713109]],
    )
    assert_close("b2", parameters["b2"], [[-0.87809283], [0.04055394], [0.58207317]])
    assert_close("v dW1", v["dW1"], [[-0.11006192, 0.11447237, 0.09015907], [0.05024943, 0.09008559, -0.06837279]])
    assert_close("v db1", v["db1"], [[-0.01228902], [-0.09357694]])
    assert_close("v db2", v["db2"], [[0.02344157], [0.16598022], [0.07420442]])


def test_update_parameters_with_adam(opt):
    parameters, grads = params_and_grads()
    v = {name: np.zeros_like(value) for name, value in grads.items()}
    s = {name: np.zeros_like(value) for name, value in grads.items()}
    parameters, v, s, v_corrected, s_corrected = opt.update_parameters_with_adam(
        parameters, grads, v, s, t=2, learning_rate=0.02, beta1=0.8, beta2=0.888, epsilon=1e-2
    )
    assert_close("v dW1 row 0", v["dW1"][0], [-0.22012384, 0.22894474, 0.18031814])
    assert_close("v dW2 row 0", v["dW2"][0], [-0.05357762, 0.10607109, -0.13833215])
    assert_close("s dW1 row 0", s["dW1"][0], [0.13567261, 0.14676395, 0.09104097])
    assert_close("s dW2 row 0", s["dW2"][0], [8.03757060e-03, 3.15030152e-02, 5.35801947e-02])
    assert_close("v_corrected dW1", v_corrected["dW1"], v["dW1"] / (1 - 0.8**2))
    assert_close("s_corrected db2", s_corrected["db2"], s["db2"] / (1 - 0.888**2))
    assert_close("W1", parameters["W1"], [[1.63942428, -0.6268425, -0.54320974], [-1.08782943, 0.85036983, -2.2865723]])
    assert_close(
        "W2",
        parameters["W2"],
        [[0.33356139, -0.26425199, 1.47707772], [-2.04538458, -0.30744933, -0.36903141], [1.14873036, -1.09256871, -0.15734651]],
    )
    assert_close("b1", parameters["b1"], [[1.75854357], [-0.74616067]])
    assert_close("b2", parameters["b2"], [[-0.89228024], [0.02707193], [0.56782561]])


def test_update_lr(opt):
    assert_close("update_lr(0.5, 2, 1)", opt.update_lr(0.5, 2, 1), 0.16666666666666666)


@pytest.mark.parametrize(
    "arguments, expected",
    [
        ((0.5, 10, 0.3, 100), 0.5),
        ((0.5, 100, 0.3, 100), 0.3846153846153846),
        ((0.5, 100, 1, 100), 0.25),
        ((0.5, 10, 1, 100), 0.5),
        ((0.3, 1000, 0.25, 100), 0.085714285),
        ((0.3, 100, 0.25, 100), 0.24),
    ],
)
def test_schedule_lr_decay(opt, arguments, expected):
    assert_close(f"schedule_lr_decay{arguments}", opt.schedule_lr_decay(*arguments), expected)


def run(opt, name, epochs):
    """The notebook's model with the learner's graded functions; the printed costs and the accuracy."""
    from assignments.common.three_layer_net import predict
    from assignments.optimization_methods import optimization as ours
    from assignments.optimization_methods.synthetic import load_dataset
    from assignments.optimization_methods.training import model

    optimizer, learning_rate, decay, _, _ = RUNS[name]
    graded = [
        "update_parameters_with_gd",
        "random_mini_batches",
        "initialize_velocity",
        "update_parameters_with_momentum",
        "initialize_adam",
        "update_parameters_with_adam",
    ]
    originals = {function: getattr(ours, function) for function in graded}
    X, Y = load_dataset()
    output = io.StringIO()
    try:
        for function in graded:
            setattr(ours, function, getattr(opt, function))
        with contextlib.redirect_stdout(output):
            parameters = model(
                X,
                Y,
                [2, 5, 2, 1],
                optimizer,
                learning_rate=learning_rate,
                num_epochs=epochs,
                decay=getattr(opt, decay) if decay else None,
            )
    finally:
        for function, original in originals.items():
            setattr(ours, function, original)
    costs = [float(value) for value in re.findall(r"Cost after epoch \d+: (\S+)", output.getvalue())]
    return costs, float(np.mean(predict(X, Y, parameters, verbose=False) == Y))


@pytest.mark.grades("update_parameters_with_adam", "random_mini_batches")
def test_adam_run_first_epochs(opt):
    costs, _ = run(opt, "adam", 1001)
    assert_close("adam: printed costs at epochs 0 and 1000", costs, RUNS["adam"][3][:2], rtol=0, atol=1.5e-6)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(RUNS))
def test_full_runs(opt, name):
    costs, accuracy = run(opt, name, 5000)
    assert_close(f"{name}: printed costs", costs, RUNS[name][3], rtol=0, atol=1.5e-6)
    assert_close(f"{name}: accuracy", accuracy, RUNS[name][4])
