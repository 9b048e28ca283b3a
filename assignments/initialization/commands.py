"""The week's main script: the same network from each initialisation; boundaries, costs and one table."""

from __future__ import annotations

from assignments.common import boundary_plots, numpy_nets
from assignments.common.files import ensure_output_dir
from assignments.common.three_layer_net import predict, predict_dec
from assignments.initialization import synthetic
from assignments.initialization.cli import Settings
from assignments.initialization.initialization import model

TITLES = {"zeros": "zeros", "random": "random * 10", "he": "He"}


def run(settings: Settings) -> int:
    train_X, train_Y, test_X, test_Y = synthetic.load_dataset()
    panels, curves, rows = [], [], []
    for method in settings.methods:
        print(f"\n{TITLES[method]} initialisation, {settings.iterations} iterations:")
        costs: list[tuple[int, float]] = []
        parameters = model(
            train_X, train_Y, settings.learning_rate, settings.iterations, print_cost=True, initialization=method, cost_log=costs
        )
        print("On the train set:", end=" ")
        train_accuracy = numpy_nets.accuracy(predict(train_X, train_Y, parameters), train_Y)
        print("On the test set:", end=" ")
        test_accuracy = numpy_nets.accuracy(predict(test_X, test_Y, parameters), test_Y)
        panels.append(
            (
                f"{TITLES[method]}: train {train_accuracy:.2f}, test {test_accuracy:.2f}",
                lambda points, p=parameters: predict_dec(p, points),
            )
        )
        curves.append((TITLES[method], *zip(*costs, strict=True)))
        rows.append((TITLES[method], settings.iterations, train_accuracy, test_accuracy))
    folder = ensure_output_dir(settings.output)
    limits = ((-1.5, 1.5), (-1.5, 1.5))
    written = [
        boundary_plots.save_boundaries(
            folder / "boundaries.png",
            panels,
            train_X,
            train_Y,
            suptitle="Decision boundaries by initialisation (training points)",
            limits=limits,
        ),
        boundary_plots.save_cost_curves(
            folder / "costs.png", curves, xlabel="iteration", suptitle="Cost every 100 iterations (inf and NaN are not drawn)"
        ),
        *boundary_plots.write_results_table(folder, ["initialisation", "iterations", "train accuracy", "test accuracy"], rows),
    ]
    print("\n" + (folder / "results.md").read_text() + "Wrote " + ", ".join(str(path) for path in written))
    return 0
