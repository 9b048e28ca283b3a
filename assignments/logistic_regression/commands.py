"""The week's main script: the course's cat model, its figures against the baselines, then the user's photos."""

from __future__ import annotations

import numpy as np

from assignments.common import cat_classifier, cat_data
from assignments.common.cat_classifier import CatModel
from assignments.common.errors import UserError
from assignments.common.files import ensure_output_dir, write_text_atomic
from assignments.common.images import list_images, load_rgb_image
from assignments.common.sample_images import project_image
from assignments.logistic_regression.cli import Settings
from assignments.logistic_regression.data import load_cat_data
from assignments.logistic_regression.logistic_regression import model


def photos_to_classify(settings: Settings) -> list:
    """The photos, each opened once now, so that a bad one is refused before any training or writing."""
    paths = list_images(settings.input) if settings.input is not None else []
    if settings.input is None:
        paths = [path for path in map(project_image, cat_classifier.DEFAULT_PHOTOS) if path is not None]
    for path in paths:
        load_rgb_image(path)
    return paths


def train(settings: Settings) -> tuple[CatModel, dict]:
    """The course's `model` on the cat data; returns the model with its trust line, and the figures."""
    train_split, test_split, kind = load_cat_data(settings.data, settings.seed)
    X_train, X_test = cat_data.flatten(train_split.images), cat_data.flatten(test_split.images)
    print(f"Training on {train_split.count} {kind} images ({train_split.source}), testing on {test_split.count}.")
    result = model(
        X_train, train_split.labels, X_test, test_split.labels, settings.iterations, settings.learning_rate, print_cost=True
    )
    if not np.all(np.isfinite(result["w"])) or not np.isfinite(result["b"]):
        raise_diverged(settings)
    test_accuracy = float(np.mean(result["Y_prediction_test"] == test_split.labels))
    train_accuracy = float(np.mean(result["Y_prediction_train"] == train_split.labels))
    baselines = cat_data.majority_baselines(test_split.labels)
    data = "of the course's cat / non-cat" if kind == "course" else "GENERATED (not real photos)"
    trust, at_baseline = cat_classifier.describe_training(data, train_split.count, settings.iterations, test_accuracy, baselines)
    parameters = {"W1": result["w"].T, "b1": np.array([[result["b"]]])}
    figures = {"train_accuracy": train_accuracy, "test_accuracy": test_accuracy, "costs": result["costs"], **baselines}
    return CatModel(parameters, ("sigmoid",), trust, at_baseline), figures


def raise_diverged(settings: Settings):
    raise UserError(
        f"Training diverged at --learning-rate {settings.learning_rate} (the weights became NaN or infinite): use a smaller one, such as 0.005."
    )


def write_training(folder, cat_model: CatModel, figures: dict, settings: Settings) -> None:
    cat_classifier.save_model(folder / "model.npz", cat_model)
    cat_classifier.save_cost_curve(
        folder / "costs.png", figures["costs"], 100, f"Logistic regression, learning rate {settings.learning_rate}"
    )
    lines = [f"{name}: {value:.4f}" for name, value in figures.items() if name != "costs"]
    write_text_atomic(folder / "metrics.txt", "\n".join(["model: " + cat_model.trust, *lines]) + "\n")


def run(settings: Settings) -> int:
    photos = photos_to_classify(settings)
    if settings.model_file is not None:
        cat_model = cat_classifier.load_model(settings.model_file)
        folder = ensure_output_dir(settings.output)
    else:
        cat_model, figures = train(settings)
        folder = ensure_output_dir(settings.output)
        write_training(folder, cat_model, figures, settings)
        print(f"Wrote {folder / 'model.npz'}, costs.png and metrics.txt")
    print("Model: " + cat_model.trust)
    if photos:
        rows = cat_classifier.classify_photos(cat_model, None, photos)
        for row in rows:
            print(f"  {row['file']}: {row['label']} (P(cat) {row['p_cat']:.2f})")
        written = cat_classifier.write_predictions(folder, rows, cat_model)
        print("Wrote " + " and ".join(str(path) for path in written))
    return 0
