"""The week's main script: the same network without regularisation, with L2 and with dropout; one table."""

from __future__ import annotations

from assignments.common import boundary_plots, numpy_nets
from assignments.common.files import ensure_output_dir
from assignments.common.three_layer_net import predict, predict_dec
from assignments.regularization.cli import Settings
from assignments.regularization.data import load_2D_dataset
from assignments.regularization.regularization import model

LIMITS = ((-0.75, 0.40), (-0.75, 0.65))


def run(settings: Settings) -> int:
    train_X, train_Y, test_X, test_Y, kind = load_2D_dataset(settings.data)
    print(f"{kind} data: {train_X.shape[1]} training and {test_X.shape[1]} test points.")
    variants = [
        ("no regularisation", {}),
        (f"L2, lambda {settings.lambd}", {"lambd": settings.lambd}),
        (f"dropout, keep_prob {settings.keep_prob}", {"keep_prob": settings.keep_prob}),
    ]
    panels, curves, rows = [], [], []
    for title, options in variants:
        print(f"\n{title}, {settings.iterations} iterations:")
        costs: list[tuple[int, float]] = []
        parameters = model(train_X, train_Y, settings.learning_rate, settings.iterations, cost_log=costs, **options)
        print("On the train set:", end=" ")
        train_accuracy = numpy_nets.accuracy(predict(train_X, train_Y, parameters), train_Y)
        print("On the test set:", end=" ")
        test_accuracy = numpy_nets.accuracy(predict(test_X, test_Y, parameters), test_Y)
        panels.append(
            (
                f"{title}: train {train_accuracy:.3f}, test {test_accuracy:.3f}",
                lambda points, p=parameters: predict_dec(p, points),
            )
        )
        curves.append((title, *zip(*costs, strict=True)))
        rows.append((title, kind, settings.iterations, train_accuracy, test_accuracy))
    folder = ensure_output_dir(settings.output)
    written = [
        boundary_plots.save_boundaries(
            folder / "boundaries.png",
            panels,
            train_X,
            train_Y,
            suptitle=f"Decision boundaries ({kind} data, training points)",
            limits=LIMITS if kind == "course" else None,
        ),
        boundary_plots.save_cost_curves(folder / "costs.png", curves, xlabel="iteration", suptitle="Cost every 1000 iterations"),
        *boundary_plots.write_results_table(folder, ["model", "data", "iterations", "train accuracy", "test accuracy"], rows),
    ]
    print("\n" + (folder / "results.md").read_text() + "Wrote " + ", ".join(str(path) for path in written))
    return 0
