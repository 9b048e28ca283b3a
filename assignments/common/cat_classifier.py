"""What the two cat / non-cat weeks (logistic regression, the deep network) do with a trained numpy model.

A `CatModel` is the parameters of a numpy network plus its `Provenance` (what it was trained on, for how
long, its test accuracy against the best constant answer). It is saved as `.npz` with the record inside,
and the record's one-line summary is printed beside every prediction, written in every CSV row and under
the PNG.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assignments.common import numpy_nets
from assignments.common.cat_data import CLASSES, IMAGE_SHAPE
from assignments.common.csvfiles import write_csv
from assignments.common.errors import UserError
from assignments.common.files import atomic_save, write_text_atomic
from assignments.common.images import image_to_array, list_images, load_rgb_image
from assignments.common.plots import pyplot, save_figure
from assignments.common.provenance import NPZ_KEY, Provenance, from_npz, npz_entry
from assignments.common.sample_images import project_image

# The three of the project's sample photos a cat model is shown when the user names none.
DEFAULT_PHOTOS = ("chelsea.jpg", "coffee.jpg", "astronaut.jpg")


@dataclasses.dataclass(frozen=True)
class CatModel:
    """A trained numpy cat classifier.

    Attributes:
        parameters: {"W1": ..., "b1": ...} of a network whose last layer is one sigmoid unit.
        activations: one activation name per layer.
        provenance: where it came from and what it reached (`assignments.common.provenance`).
    """

    parameters: dict
    activations: tuple[str, ...]
    provenance: Provenance

    @property
    def trust(self) -> str:
        """The one line every output shows."""
        return self.provenance.summary()

    def probabilities(self, X: np.ndarray) -> np.ndarray:
        """P(cat) for each column of X (12288, m): shape (m,)."""
        AL, _ = numpy_nets.deep_forward(X, self.parameters, self.activations)
        return AL.reshape(-1)


def describe_training(kind: str, examples: int, iterations: int, test_accuracy: float, baselines: dict[str, float]) -> Provenance:
    """The model's record: its data, its iterations, its test accuracy against the best constant answer."""
    best_name, best = max(baselines.items(), key=lambda item: item[1])
    trained_on = (
        f"{examples} of the course's cat / non-cat images"
        if kind == "course"
        else f"{examples} GENERATED pictures (not real photos)"
    )
    return Provenance(
        trained_on=trained_on,
        data="course" if kind == "course" else "generated",
        examples=examples,
        steps=f"{iterations:,} iteration{'s' if iterations != 1 else ''}",
        figures={"test accuracy": test_accuracy},
        baselines={"test accuracy": best},
        baseline_name=f"answering {best_name.removeprefix('always ')!r} always",
    )


def save_model(path: str | os.PathLike, model: CatModel) -> Path:
    """Writes the parameters and the trust line as one .npz, atomically."""
    meta = json.dumps({"activations": list(model.activations)})

    def write(temporary: Path) -> None:
        with open(temporary, "wb") as handle:
            np.savez(handle, __meta__=np.array(meta), **npz_entry(model.provenance), **model.parameters)

    return atomic_save(path, write)


def load_model(path: str | os.PathLike) -> CatModel:
    """Reads a model written by `save_model`, refusing anything else in one sentence."""
    file = Path(path).expanduser()
    fix = "pass a model.npz written by this week's main script"
    if not file.is_file():
        raise UserError(f"The model file '{path}' does not exist: {fix}.")
    try:
        with np.load(file, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
        meta = json.loads(str(arrays.pop("__meta__")))
    except (OSError, ValueError, KeyError, EOFError) as error:
        raise UserError(f"'{path}' is not a cat model ({type(error).__name__}): {fix}.") from None
    provenance = from_npz(arrays, source=f"'{file.name}'")
    arrays.pop(NPZ_KEY, None)
    if provenance is None:
        raise UserError(f"'{path}' has no provenance record, so nothing says how far to trust it: {fix}.")
    if not all(np.isfinite(value).all() for value in arrays.values()):
        raise UserError(f"'{path}' holds NaN or infinite weights: a model with them answers nonsense; retrain, or {fix}.")
    return CatModel(arrays, tuple(meta["activations"]), provenance)


def photo_columns(paths: Sequence[Path]) -> np.ndarray:
    """Each photo resized to 64x64 and flattened to one column in [0, 1], as the training images: (12288, k)."""
    columns = [image_to_array(load_rgb_image(path), size=IMAGE_SHAPE[:2]).reshape(-1) for path in paths]
    return np.stack(columns, axis=1).astype(np.float64)


def photos_to_classify(source: str | os.PathLike | None) -> list[Path]:
    """The photos of `source` (a file or folder), else the project's sample photos; each opened once now,
    so that a bad one is refused before any training or writing."""
    if source is not None:
        paths = list_images(source)
    else:
        paths = [path for path in map(project_image, DEFAULT_PHOTOS) if path is not None]
    for path in paths:
        load_rgb_image(path)
    return paths


def classify_photos(model: CatModel, paths: Sequence[Path]) -> list[dict]:
    """cat / non-cat with P(cat) for each photo."""
    probabilities = model.probabilities(photo_columns(paths))
    return [
        {"file": str(path), "label": CLASSES[int(p > 0.5)], "p_cat": float(p), "path": path}
        for path, p in zip(paths, probabilities, strict=True)
    ]


def write_predictions(folder: Path, rows: list[dict], model: CatModel) -> list[Path]:
    """predictions.csv (one row per photo, the trust line in every row) and predictions.png (captions + trust)."""
    csv = write_csv(
        folder / "predictions.csv",
        ["file", "label", "p_cat", "model"],
        [(row["file"], row["label"], f"{row['p_cat']:.4f}", model.trust) for row in rows],
    )
    plt = pyplot()
    figure, axes = plt.subplots(1, len(rows), figsize=(3.2 * len(rows), 3.8), squeeze=False)
    for axis, row in zip(axes[0], rows, strict=True):
        axis.imshow(load_rgb_image(row["path"]))
        axis.set_title(f"{row['label']} (P(cat) {row['p_cat']:.2f})\n{Path(row['file']).name}", fontsize=9)
        axis.axis("off")
    figure.suptitle(f"Model ({model.provenance.label()}): {model.trust}", fontsize=8, wrap=True)
    png = save_figure(figure, folder / "predictions.png")
    return [csv, png]


def save_cost_curve(path: Path, costs: Sequence[float], every: int, title: str) -> Path:
    """The cost recorded every `every` iterations, as a PNG."""
    plt = pyplot()
    figure, axis = plt.subplots(figsize=(6, 4))
    axis.plot(np.arange(len(costs)) * every, costs)
    axis.set_xlabel("iteration")
    axis.set_ylabel("cost")
    axis.set_title(title)
    axis.grid(alpha=0.3)
    return save_figure(figure, path)


def load_cat_data(folder: Path | None, week, seed: int):
    """(train, test, kind): the cat files in `folder`, else in `$DLS_DATA_DIR/<week's data folder>`, else
    generated pictures; `kind` is "course" or "generated", for the trust line of every result."""
    from assignments.common import cat_data, cat_synthetic

    if folder is None:
        found = week.course_file(cat_data.TRAIN_FILE)
        folder = found.parent.parent if found is not None else None
    if folder is None:
        train, test = cat_synthetic.generated_dataset(seed)
        return train, test, "generated"
    train, test = cat_data.load_dataset(folder)
    return train, test, "course"


def trained_model(parameters: dict, activations: Sequence[str], train, test, kind: str, iterations: int) -> tuple[CatModel, dict]:
    """The trained parameters as a `CatModel` with its trust line, and the figures behind it.

    Raises:
        UserError: training diverged (NaN or infinite weights).
    """
    from assignments.common.cat_data import flatten, majority_baselines

    if not all(np.isfinite(value).all() for value in parameters.values()):
        raise UserError("Training diverged (the weights became NaN or infinite): use a smaller --learning-rate.")
    model = CatModel(dict(parameters), tuple(activations), Provenance.untrained())
    accuracy = {
        name: float(np.mean((model.probabilities(flatten(split.images)) > 0.5) == split.labels.reshape(-1)))
        for name, split in (("train_accuracy", train), ("test_accuracy", test))
    }
    baselines = majority_baselines(test.labels)
    provenance = describe_training(kind, train.count, iterations, accuracy["test_accuracy"], baselines)
    return dataclasses.replace(model, provenance=provenance), {**accuracy, **baselines}


def report_photos(folder: Path, model: CatModel, photos: Sequence[Path]) -> None:
    """Prints and writes cat / non-cat for each photo, with the model's trust line."""
    print("Model: " + model.trust)
    if not photos:
        return
    rows = classify_photos(model, photos)
    for row in rows:
        print(f"  {row['file']}: {row['label']} (P(cat) {row['p_cat']:.2f})")
    written = write_predictions(folder, rows, model)
    print("Wrote " + " and ".join(str(path) for path in written))


def write_training(folder: Path, model: CatModel, figures: dict, costs: Sequence[float], title: str) -> None:
    """model.npz, costs.png (the cost every 100 iterations) and metrics.txt."""
    save_model(folder / "model.npz", model)
    save_cost_curve(folder / "costs.png", costs, 100, title)
    lines = [f"{name}: {value:.4f}" for name, value in figures.items()]
    write_text_atomic(folder / "metrics.txt", "\n".join(["model: " + model.trust, *lines]) + "\n")
    print(f"Wrote {folder / 'model.npz'}, costs.png and metrics.txt")
