"""The week's main script: a numeric check of the graded backward pass, then the graded steps trained."""

from __future__ import annotations

import time

import numpy as np

from assignments.common import boundary_plots, numpy_nets
from assignments.common.files import ensure_output_dir
from assignments.deep_nn_step_by_step import synthetic
from assignments.deep_nn_step_by_step.cli import Settings
from assignments.deep_nn_step_by_step.dnn_step_by_step import (
    L_model_backward,
    L_model_forward,
    compute_cost,
    initialize_parameters_deep,
    update_parameters,
)


def numeric_gradient_difference(X, Y, parameters, epsilon: float = 1e-7) -> float:
    """||grad - approx|| / (||grad|| + ||approx||) over every weight: L_model_backward against centred differences."""
    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward(AL, Y, caches)
    analytic, numeric = [], []
    for name, value in parameters.items():
        for index in np.ndindex(value.shape):
            plus, minus = dict(parameters), dict(parameters)
            plus[name], minus[name] = value.copy(), value.copy()
            plus[name][index] += epsilon
            minus[name][index] -= epsilon
            cost_plus = compute_cost(L_model_forward(X, plus)[0], Y)
            cost_minus = compute_cost(L_model_forward(X, minus)[0], Y)
            numeric.append((cost_plus - cost_minus) / (2 * epsilon))
            analytic.append(grads["d" + name][index])
    analytic, numeric = np.array(analytic), np.array(numeric)
    return float(np.linalg.norm(analytic - numeric) / (np.linalg.norm(analytic) + np.linalg.norm(numeric)))


def initial_parameters(settings: Settings) -> dict:
    if settings.init == "course":
        return initialize_parameters_deep(list(settings.layers))
    return numpy_nets.initialize_deep(settings.layers, scale=settings.init, seed=settings.seed)


def train(X, Y, parameters, settings: Settings):
    """The graded steps in a loop: forward, cost, backward, update; the cost kept every 100 iterations."""
    costs = []
    start = time.perf_counter()
    for i in range(settings.iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, settings.learning_rate)
        if i % 100 == 0 or i == settings.iterations - 1:
            costs.append((i, float(cost)))
            print(f"Cost after iteration {i}: {float(cost):f}")
            if not np.isfinite(cost):
                break
    return parameters, costs, settings.iterations / (time.perf_counter() - start)


def run(settings: Settings) -> int:
    X_train, Y_train, X_test, Y_test = synthetic.two_moons(seed=settings.seed)
    parameters = initial_parameters(settings)
    difference = numeric_gradient_difference(X_train[:, :20], Y_train[:, :20], parameters)
    verdict = "agrees" if difference < 1e-6 else "DISAGREES"
    print(f"L_model_backward against a numeric gradient: relative difference {difference:.2e} ({verdict})")
    parameters, costs, speed = train(X_train, Y_train, parameters, settings)

    def predict(points):
        return L_model_forward(points, parameters)[0] > 0.5

    train_accuracy = numpy_nets.accuracy(predict(X_train), Y_train)
    test_accuracy = numpy_nets.accuracy(predict(X_test), Y_test)
    chance = max(Y_test.mean(), 1 - Y_test.mean())
    print(
        f"Train accuracy {train_accuracy:.4f}, test accuracy {test_accuracy:.4f} (one class always: {chance:.2f}); {speed:,.0f} iterations/s"
    )
    figures = {
        "gradient check": difference,
        "train": train_accuracy,
        "test": test_accuracy,
        "chance": float(chance),
        "speed": speed,
    }
    write_outputs(settings, X_test, Y_test, predict, costs, figures)
    return 0


def write_outputs(settings: Settings, X_test, Y_test, predict, costs, figures: dict) -> None:
    """boundary.png, costs.png and results.csv / results.md."""
    difference, train_accuracy, test_accuracy, chance, speed = figures.values()
    folder = ensure_output_dir(settings.output)
    layers = " ".join(map(str, settings.layers))
    written = [
        boundary_plots.save_boundaries(
            folder / "boundary.png",
            [(f"layers {layers}: test {test_accuracy:.2f}", predict)],
            X_test,
            Y_test,
            suptitle="Test points and the decision regions",
        ),
        boundary_plots.save_cost_curves(
            folder / "costs.png",
            [(f"layers {layers}, lr {settings.learning_rate}", *zip(*costs, strict=True))],
            xlabel="iteration",
            suptitle=f"init: {settings.init}",
        ),
        *boundary_plots.write_results_table(
            folder,
            [
                "layers",
                "init",
                "iterations",
                "gradient check",
                "train accuracy",
                "test accuracy",
                "always one class",
                "iterations/s",
            ],
            [
                (
                    layers,
                    settings.init,
                    settings.iterations,
                    f"{difference:.2e}",
                    train_accuracy,
                    test_accuracy,
                    float(chance),
                    f"{speed:.0f}",
                )
            ],
        ),
    ]
    print("Wrote " + ", ".join(str(path) for path in written))
