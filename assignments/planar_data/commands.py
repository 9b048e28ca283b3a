"""The week's main script: logistic regression, the 4-hidden-unit network, the hidden-size sweep; one table."""

from __future__ import annotations

import warnings

from assignments.common import boundary_plots
from assignments.common.files import ensure_output_dir
from assignments.planar_data import synthetic
from assignments.planar_data.cli import Settings
from assignments.planar_data.planar_classification import accuracy, nn_model, predict


def load(settings: Settings):
    if settings.dataset == "flower":
        return synthetic.load_planar_dataset()
    return synthetic.load_extra_dataset(settings.dataset, settings.seed)


def logistic_regression_baseline(X, Y):
    """scikit-learn's cross-validated logistic regression, as the notebook fits it first."""
    from sklearn.linear_model import LogisticRegressionCV

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its deprecation notices are about future defaults, not this fit
        classifier = LogisticRegressionCV().fit(X.T, Y.ravel())
    predictions = classifier.predict(X.T).reshape(1, -1)
    return (lambda points: classifier.predict(points.T)), accuracy(predictions, Y)


def train_network(X, Y, n_h: int, iterations: int, print_cost: bool):
    costs: list[tuple[int, float]] = []
    parameters = nn_model(X, Y, n_h, num_iterations=iterations, print_cost=print_cost, cost_log=costs)
    return parameters, accuracy(predict(parameters, X), Y), costs


def run(settings: Settings) -> int:
    X, Y = load(settings)
    print(f"The shape of X is: {X.shape}, of Y: {Y.shape}; m = {X.shape[1]} training examples ({settings.dataset}).")
    baseline_predictor, baseline = logistic_regression_baseline(X, Y)
    print(f"Accuracy of logistic regression: {baseline:.2f} % (chance: {max(Y.mean(), 1 - Y.mean()) * 100:.0f} %)")
    print(f"\nOne hidden layer of 4 tanh units, {settings.iterations} iterations:")
    parameters, network_accuracy, costs = train_network(X, Y, 4, settings.iterations, print_cost=True)
    print(f"Accuracy: {network_accuracy:.2f} %")
    panels = [(f"logistic regression: {baseline:.1f} %", baseline_predictor)]
    panels.append(
        (f"4 hidden units, {settings.iterations} it.: {network_accuracy:.1f} %", lambda points: predict(parameters, points))
    )
    rows = [("logistic regression", "-", "-", baseline), ("network", 4, settings.iterations, network_accuracy)]
    curves = [(f"4 hidden units ({settings.iterations} it.)", *zip(*costs, strict=True))]
    for n_h in settings.hidden_sizes:
        sweep_parameters, sweep_accuracy, sweep_costs = train_network(X, Y, n_h, settings.sweep_iterations, print_cost=False)
        print(f"Accuracy for {n_h} hidden units: {sweep_accuracy} %")
        panels.append((f"{n_h} hidden units: {sweep_accuracy:.2f} %", lambda points, p=sweep_parameters: predict(p, points)))
        rows.append(("network", n_h, settings.sweep_iterations, sweep_accuracy))
        curves.append((f"{n_h} hidden units", *zip(*sweep_costs, strict=True)))
    write_outputs(settings, X, Y, panels, curves, rows)
    return 0


def write_outputs(settings: Settings, X, Y, panels, curves, rows) -> None:
    folder = ensure_output_dir(settings.output)
    written = [
        boundary_plots.save_boundaries(
            folder / "boundaries.png", panels, X, Y, suptitle=f"Decision boundaries on {settings.dataset} (training accuracy)"
        ),
        boundary_plots.save_cost_curves(folder / "costs.png", curves, xlabel="iteration", suptitle="Cost every 100 iterations"),
        *boundary_plots.write_results_table(folder, ["model", "hidden units", "iterations", "training accuracy %"], rows),
    ]
    print("Wrote " + ", ".join(str(path) for path in written))
