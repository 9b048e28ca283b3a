"""The week's work, once the settings are checked: `train` and `translate`, each a short loop plus writers."""

from __future__ import annotations

import dataclasses
import time

import keras
import numpy as np

from assignments.common.callbacks import HeldOutExactMatch, StopOnNonFiniteLoss, TimeEstimate
from assignments.common.dates import (
    BASELINE,
    TEST_SEED,
    held_out,
    per_position_majority,
    trained_provenance,
    training_dates,
)
from assignments.common.errors import UserError
from assignments.common.files import ensure_output_dir
from assignments.common.interrupt import StopOnInterrupt, interrupt_requests
from assignments.common.models import check_finite_weights, load_keras_model_file, save_keras_model
from assignments.common.progress import keras_verbose
from assignments.common.provenance import Provenance, read_keras_file
from assignments.neural_machine_translation.cli import TrainSettings, TranslateSettings
from assignments.neural_machine_translation.data import EXAMPLES
from assignments.neural_machine_translation.nmt_utils import Tx, Ty, human_vocab, machine_vocab, preprocess_data
from assignments.neural_machine_translation.outputs import save_attention_map, save_training_curves, write_translations
from assignments.neural_machine_translation.translation import (
    attention_maps,
    check_attention_model,
    course_sized_model,
    exact_match,
    load_course_model,
    translate,
)

# The held-out sets (assignments.common.dates) are the same for every model: the validation dates decide when
# training stops (and which epoch's weights are kept), the test dates give the figure the model carries.


def fit(model, settings: TrainSettings, train, validation) -> tuple[list[float], HeldOutExactMatch, bool]:
    """Trains with the course's loss and optimizer; returns (losses per epoch, the held-out record, interrupted)."""
    _, _, Xoh, Yoh = preprocess_data(train, human_vocab, machine_vocab, Tx, Ty)
    zeros = np.zeros((len(train), model.inputs[1].shape[-1]), dtype=np.float32)
    model.compile(optimizer=keras.optimizers.Adam(settings.learning_rate), loss="categorical_crossentropy")
    measured = HeldOutExactMatch(validation, settings.target, exact_match)
    steps = -(-len(train) // settings.batch_size)
    stop_on_nan, interrupted = StopOnNonFiniteLoss(), False
    try:
        with interrupt_requests() as requests:
            model.fit(
                [Xoh, zeros, zeros],
                list(Yoh.swapaxes(0, 1)),  # Ty targets of (m, 11)
                batch_size=settings.batch_size,
                epochs=settings.epochs,
                verbose=keras_verbose(),
                callbacks=[
                    measured,
                    stop_on_nan,
                    StopOnInterrupt(requests),
                    TimeEstimate(steps * settings.epochs, f"at most {settings.epochs} epochs", "--epochs or --examples"),
                ],
            )
    except KeyboardInterrupt:
        interrupted = True
    stop_on_nan.raise_if_stopped()
    measured.restore_best()
    return measured.losses, measured, interrupted


def run_train(settings: TrainSettings) -> int:
    """Generates the dates, trains until the held-out target, saves the model, translates the examples."""
    keras.utils.set_random_seed(settings.seed)
    train = training_dates(settings.examples, settings.seed, settings.held_out, progress=True)
    validation, test = held_out("validation", settings.held_out), held_out("test", settings.held_out)
    print(
        f"Training on {len(train):,} generated dates; validation and test: {len(test):,} other generated dates each, "
        "none of them in the training set."
    )
    model = course_sized_model()
    started = time.monotonic()
    losses, measured, interrupted = fit(model, settings, train, validation)
    seconds = time.monotonic() - started
    if not measured.history:
        raise UserError("Training was interrupted before its first epoch ended: nothing was saved; run again.")
    check_finite_weights(model, "the trained model", fix="lower --learning-rate and run again")
    exact, characters = exact_match(model, test)
    provenance = trained_provenance(
        train, test, len(measured.history), measured.best_epoch, seconds, exact, characters, interrupted
    )
    output = ensure_output_dir(settings.output)
    written = [save_keras_model(model, output / "model.keras", provenance)]
    written.append(save_training_curves(output / "training.png", losses, measured.history, provenance))
    written += report_translations(model, list(EXAMPLES), provenance, output, "examples.csv", maps=0)
    print("Wrote: " + ", ".join(str(path) for path in written))
    return 130 if interrupted else 0


def load_model_for_translation(settings: TranslateSettings):
    """(model, provenance): the model file chosen once in __main__, or an untrained model when there is none."""
    if settings.model is None:
        keras.utils.set_random_seed(0)
        return course_sized_model(), Provenance.untrained(
            "seeded random weights: run 'train', or give the course's models/model.h5 with --model"
        )
    if settings.model.suffix == ".keras":
        model = load_keras_model_file(settings.model, fix="pass a model.keras written by 'train', or the course's model.h5")
        check_attention_model(model, settings.model)
        provenance = read_keras_file(settings.model)
        if provenance is not None:
            return model, provenance
        described = f"'{settings.model.name}' (no record of how it was trained)"
    else:
        model = load_course_model(settings.model)
        described = "the course's models/model.h5 (C5W3 A1, Keras 2.1.3)"
    check_finite_weights(model, str(settings.model), fix="pass another model file")
    return model, Provenance.pretrained(described)


def measured_provenance(model, provenance: Provenance, settings: TranslateSettings) -> Provenance:
    """A model without figures of its own is measured now, on the held-out generated dates, beside the baseline."""
    if provenance.figures:
        return provenance
    test = held_out("test", settings.held_out)
    exact, characters = exact_match(model, test)
    exact_baseline, characters_baseline = per_position_majority(test)
    note = f"measured now on {len(test):,} generated test dates (seed {TEST_SEED})"
    return dataclasses.replace(provenance, baseline_name=BASELINE, notes=(*provenance.notes, note)).with_figures(
        {"test exact match": exact, "test character accuracy": characters},
        {"test exact match": exact_baseline, "test character accuracy": characters_baseline},
    )


def report_translations(model, dates, provenance: Provenance, output, table: str, maps: int) -> list:
    """Prints each translation, writes the table and the first `maps` attention maps; returns the paths."""
    translations = translate(model, dates)
    width = max(len(date) for date in dates)
    print(f"\nModel: [{provenance.label()}] {provenance.summary()}")
    for date, translation in zip(dates, translations):
        print(f"  {date:<{width}}  ->  {translation}")
    written = [write_translations(output / table, dates, translations, provenance)]
    if maps:
        weights = attention_maps(model, dates[:maps])
        for index, (date, translation) in enumerate(zip(dates[:maps], translations)):
            path = output / f"attention_{index + 1:02d}.png"
            written.append(save_attention_map(path, date, translation, weights[index], provenance))
    return written


def run_translate(settings: TranslateSettings, dates: list[str]) -> int:
    """Translates `dates` with the chosen model and writes translations.csv and the attention maps."""
    model, provenance = load_model_for_translation(settings)
    provenance = measured_provenance(model, provenance, settings)
    output = ensure_output_dir(settings.output)
    written = report_translations(model, dates, provenance, output, "translations.csv", settings.maps)
    print("Wrote: " + ", ".join(str(path) for path in written))
    return 0
