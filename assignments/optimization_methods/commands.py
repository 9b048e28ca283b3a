"""The week's main script: the notebook's optimizer runs side by side, with the final accuracies in one table."""

from __future__ import annotations

from assignments.common import boundary_plots, numpy_nets
from assignments.common.files import ensure_output_dir
from assignments.common.three_layer_net import predict, predict_dec
from assignments.optimization_methods import synthetic
from assignments.optimization_methods.cli import RUNS, Settings
from assignments.optimization_methods.optimization import schedule_lr_decay
from assignments.optimization_methods.training import model

LAYERS = [2, 5, 2, 1]
LIMITS = ((-1.5, 2.5), (-1.0, 1.5))


def run(settings: Settings) -> int:
    X, Y = synthetic.load_dataset()
    panels, curves, rows = [], [], []
    for name in settings.runs:
        optimizer, learning_rate, decayed = RUNS[name]
        print(
            f"\n{name}: {optimizer}, learning rate {learning_rate}{', schedule_lr_decay' if decayed else ''}, {settings.epochs} epochs"
        )
        costs: list[tuple[int, float]] = []
        parameters = model(
            X, Y, LAYERS, optimizer, learning_rate=learning_rate, mini_batch_size=settings.mini_batch_size,
            num_epochs=settings.epochs, decay=schedule_lr_decay if decayed else None, cost_log=costs,
        )  # fmt: skip
        accuracy = numpy_nets.accuracy(predict(X, Y, parameters), Y)
        panels.append((f"{name}: accuracy {accuracy:.3f}", lambda points, p=parameters: predict_dec(p, points)))
        curves.append((name, *zip(*costs, strict=True)))
        rows.append((name, optimizer, learning_rate, "schedule_lr_decay" if decayed else "none", settings.epochs, accuracy))
    folder = ensure_output_dir(settings.output)
    written = [
        boundary_plots.save_boundaries(
            folder / "boundaries.png", panels, X, Y, suptitle="Decision boundaries by optimizer (training points)", limits=LIMITS
        ),
        boundary_plots.save_cost_curves(folder / "costs.png", curves, xlabel="epoch", suptitle="Cost every 100 epochs"),
        *boundary_plots.write_results_table(
            folder, ["run", "optimizer", "learning rate", "decay", "epochs", "training accuracy"], rows
        ),
    ]
    print("\n" + (folder / "results.md").read_text() + "Wrote " + ", ".join(str(path) for path in written))
    return 0
