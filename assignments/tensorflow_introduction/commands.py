"""The week's main script: the notebook's model on SIGNS, its curves, and how far to trust it."""

from __future__ import annotations

import numpy as np

from assignments.common.csvfiles import write_csv
from assignments.common.files import ensure_output_dir
from assignments.common.plots import pyplot, save_figure
from assignments.common.provenance import Provenance
from assignments.tensorflow_introduction.cli import Settings
from assignments.tensorflow_introduction.data import as_datasets, load_splits
from assignments.tensorflow_introduction.tf_intro import model


def provenance(settings: Settings, train_set, train_kind, test_set, test_kind, test_accuracy: float) -> Provenance:
    majority = float(np.bincount(test_set.labels).max() / len(test_set.labels))
    trained_on = f"{len(train_set.labels)} {'of the course' + chr(39) + 's SIGNS photos' if train_kind == 'course' else 'GENERATED hand pictures'}"
    test_name = "the course's real test photos" if test_kind == "course" else "generated test pictures"
    return Provenance(
        trained_on=trained_on,
        data=train_kind,
        examples=len(train_set.labels),
        steps=f"{settings.epochs} epochs",
        figures={f"accuracy on {test_name}": test_accuracy},
        baselines={f"accuracy on {test_name}": majority},
    )


def write_curves(folder, history, record: Provenance):
    epochs, costs, train, test = (np.array(column) for column in zip(*history, strict=True))
    figure, (left, right) = pyplot().subplots(1, 2, figsize=(11, 4))
    left.plot(epochs, costs)
    left.set(title="cost per epoch", xlabel="epoch", ylabel="cost")
    right.plot(epochs, train, label="train")
    right.plot(epochs, test, label="test")
    right.set(title="accuracy", xlabel="epoch", ylim=(0, 1))
    right.legend()
    figure.suptitle(f"{record.label()}: {record.summary()}", fontsize=8, wrap=True)
    png = save_figure(figure, folder / "curves.png")
    csv = write_csv(
        folder / "results.csv", ["epoch", "cost", "train_accuracy", "test_accuracy"], history, comments=[record.summary()]
    )
    return [png, csv]


def run(settings: Settings) -> int:
    train_set, train_kind, test_set, test_kind = load_splits(settings.train, settings.test, settings.train_count, settings.seed)
    print(f"Training on {train_set.source} ({train_kind}), testing on {test_set.source} ({test_kind}).")
    (x_train, y_train), (x_test, y_test) = as_datasets(train_set), as_datasets(test_set)
    history: list[tuple[int, float, float, float]] = []
    model(
        x_train,
        y_train,
        x_test,
        y_test,
        settings.learning_rate,
        settings.epochs,
        settings.minibatch_size,
        print_cost=True,
        history=history,
    )
    record = provenance(settings, train_set, train_kind, test_set, test_kind, history[-1][3])
    folder = ensure_output_dir(settings.output)
    written = write_curves(folder, history, record)
    print("Model: " + record.summary())
    print("Wrote " + ", ".join(str(path) for path in written))
    return 0
