"""The week's main script: the course's cat network, its figures against the baselines, then the user's photos."""

from __future__ import annotations

from assignments.common import cat_classifier, cat_data, numpy_nets
from assignments.common.blas_threads import blas_threads
from assignments.common.files import ensure_output_dir
from assignments.deep_nn_application.cli import Settings
from assignments.deep_nn_application.dnn_application import L_layer_model, two_layer_model
from assignments.deep_nn_application.week import WEEK


def train(settings: Settings):
    """The course's model on the cat data: the model with its trust line, its figures and its costs."""
    train_split, test_split, kind = cat_classifier.load_cat_data(settings.data, WEEK, settings.seed)
    X_train = cat_data.flatten(train_split.images)
    print(f"Training {settings.model} {settings.layers} on {train_split.count} {kind} images ({train_split.source}).")
    fit = L_layer_model if settings.model == "L-layer" else two_layer_model
    parameters, costs = fit(
        X_train, train_split.labels, settings.layers, settings.learning_rate, settings.iterations, print_cost=True
    )
    activations = numpy_nets.hidden_then_sigmoid(len(settings.layers) - 1)
    cat_model, figures = cat_classifier.trained_model(parameters, activations, train_split, test_split, kind, settings.iterations)
    print(f"Train accuracy {figures['train_accuracy']:.4f}, test accuracy {figures['test_accuracy']:.4f}")
    return cat_model, figures, costs


def run(settings: Settings) -> int:
    photos = cat_classifier.photos_to_classify(settings.input)
    if settings.model_file is not None:
        cat_model = cat_classifier.load_model(settings.model_file)
        folder = ensure_output_dir(settings.output)
    else:
        with blas_threads(settings.blas_threads):
            cat_model, figures, costs = train(settings)
        folder = ensure_output_dir(settings.output)
        title = f"{settings.model} {' '.join(map(str, settings.layers))}, learning rate {settings.learning_rate}"
        cat_classifier.write_training(folder, cat_model, figures, costs, title)
    cat_classifier.report_photos(folder, cat_model, photos)
    return 0
