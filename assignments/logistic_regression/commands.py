"""The week's main script: the course's cat model, its figures against the baselines, then the user's photos."""

from __future__ import annotations

import numpy as np

from assignments.common import cat_classifier, cat_data
from assignments.common.blas_threads import blas_threads
from assignments.common.files import ensure_output_dir
from assignments.logistic_regression.cli import Settings
from assignments.logistic_regression.logistic_regression import model
from assignments.logistic_regression.week import WEEK


def train(settings: Settings):
    """The course's `model` on the cat data: the model with its trust line, its figures and its costs."""
    train_split, test_split, kind = cat_classifier.load_cat_data(settings.data, WEEK, settings.seed)
    X_train, X_test = cat_data.flatten(train_split.images), cat_data.flatten(test_split.images)
    print(f"Training on {train_split.count} {kind} images ({train_split.source}), testing on {test_split.count}.")
    result = model(
        X_train, train_split.labels, X_test, test_split.labels, settings.iterations, settings.learning_rate, print_cost=True
    )
    # One sigmoid unit is a one-layer network: W1 = w^T (1, n_x), b1 = b.
    parameters = {"W1": result["w"].T, "b1": np.array([[result["b"]]])}
    cat_model, figures = cat_classifier.trained_model(
        parameters, ("sigmoid",), train_split, test_split, kind, settings.iterations
    )
    return cat_model, figures, result["costs"]


def run(settings: Settings) -> int:
    photos = cat_classifier.photos_to_classify(settings.input)
    if settings.model_file is not None:
        cat_model = cat_classifier.load_model(settings.model_file)
        folder = ensure_output_dir(settings.output)
    else:
        with blas_threads(settings.blas_threads):
            cat_model, figures, costs = train(settings)
        folder = ensure_output_dir(settings.output)
        cat_classifier.write_training(
            folder, cat_model, figures, costs, f"Logistic regression, learning rate {settings.learning_rate}"
        )
    cat_classifier.report_photos(folder, cat_model, photos)
    return 0
