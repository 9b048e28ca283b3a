"""The week's work, once the settings are checked: `train` and `translate`, each a short loop plus writers."""

from __future__ import annotations

import time

import keras
import numpy as np

from assignments.common.callbacks import HeldOutExactMatch, StopOnNonFiniteLoss, TimeEstimate
from assignments.common.dates import TEST_SEED, held_out, trained_provenance, training_dates
from assignments.common.errors import UserError
from assignments.common.files import ensure_output_dir
from assignments.common.interrupt import StopOnInterrupt, interrupt_requests
from assignments.common.models import check_finite_weights
from assignments.common.progress import keras_verbose
from assignments.common.provenance import Provenance, read_keras_file
from assignments.transformer.cli import TrainSettings, TranslateSettings
from assignments.transformer.model import DateTranslator, Sizes, build, greedy_decode, load_model, save_model
from assignments.transformer.outputs import (
    save_attention_heads,
    save_positional_encoding,
    save_training_curves,
    write_translations,
)
from assignments.transformer.synthetic import Ty, decode, encode_inputs, encode_targets
from assignments.transformer.transformer import positional_encoding

EXAMPLES = ("3 May 1979", "5 April 09", "Tue 10 Jul 2007", "Saturday May 9 2018", "March 3 2001", "1 March 2001")


def exact_match(model, dataset) -> tuple[float, float]:
    """(exact-match share, character share) of greedy translations of (human, machine) pairs."""
    _, targets = encode_targets([machine for _, machine in dataset])
    predicted = greedy_decode(model, encode_inputs([human for human, _ in dataset]))
    return float((predicted == targets).all(axis=1).mean()), float((predicted == targets).mean())


def fit(model: DateTranslator, settings: TrainSettings, train, validation) -> tuple[HeldOutExactMatch, bool]:
    encoder_ids = encode_inputs([human for human, _ in train])
    decoder_ids, targets = encode_targets([machine for _, machine in train])
    model.compile(optimizer=keras.optimizers.Adam(settings.learning_rate), loss="sparse_categorical_crossentropy")
    measured, stop_on_nan, interrupted = HeldOutExactMatch(validation, settings.target, exact_match), StopOnNonFiniteLoss(), False
    steps = -(-len(train) // settings.batch_size) * settings.epochs
    try:
        with interrupt_requests() as requests:
            model.fit(
                (encoder_ids, decoder_ids),
                targets,
                batch_size=settings.batch_size,
                epochs=settings.epochs,
                verbose=keras_verbose(),
                callbacks=[
                    measured,
                    stop_on_nan,
                    StopOnInterrupt(requests),
                    TimeEstimate(steps, f"at most {settings.epochs} epochs", "--epochs or --examples"),
                ],
            )
    except KeyboardInterrupt:
        interrupted = True
    stop_on_nan.raise_if_stopped()
    measured.restore_best()
    return measured, interrupted


def run_train(settings: TrainSettings) -> int:
    """Generates the dates, trains to the validation target, measures the test set, compares, writes."""
    keras.utils.set_random_seed(settings.seed)
    train = training_dates(settings.examples, settings.seed, progress=True)
    validation, test = held_out("validation"), held_out("test")
    print(f"Training on {len(train):,} generated dates; validation and test: {len(test):,} other generated dates each.")
    model = build(Sizes())
    started = time.monotonic()
    measured, interrupted = fit(model, settings, train, validation)
    seconds = time.monotonic() - started
    if not measured.history:
        raise UserError("Training was interrupted before its first epoch ended: nothing was saved; run again.")
    check_finite_weights(model, "the trained model", fix="lower --learning-rate and run again")
    exact, characters = exact_match(model, test)
    provenance = trained_provenance(
        train, test, len(measured.history), measured.best_epoch, seconds, exact, characters, interrupted
    )
    output = ensure_output_dir(settings.output)
    written = [save_model(model, output / "model.npz", provenance)]
    written.append(save_training_curves(output / "training.png", measured.losses, measured.history, provenance))
    written.append(save_positional_encoding(output / "positional_encoding.png", positional_encoding(50, 512).numpy()[0]))
    written += report(model, list(EXAMPLES), provenance, output, "examples.csv", maps=1)
    print_comparison(settings, provenance)
    print("Wrote: " + ", ".join(str(path) for path in written))
    return 130 if interrupted else 0


def print_comparison(settings: TrainSettings, provenance: Provenance) -> None:
    """The Transformer's test figures beside the attention model's, read from that model's own record."""
    print(f"\nOn the same {len(held_out('test')):,} generated test dates (seed {TEST_SEED}):")
    print(f"  Transformer (C5W4):     {provenance.figures_text()}")
    if settings.compare is None:
        print("  attention model (C5W3): not given; train it and pass its model.keras with --compare")
        return
    record = read_keras_file(settings.compare)
    if record is None or "test exact match" not in record.figures:
        print(f"  attention model (C5W3): '{settings.compare}' has no test figures on these dates (train it with this version)")
        return
    print(f"  attention model (C5W3): {record.figures_text()}")


def translations_and_weights(model: DateTranslator, dates: list[str]):
    """(translations, the last decoder layer's cross-attention (m, heads, Ty, Tx)) of greedy decoding."""
    encoder_ids = encode_inputs(dates)
    predicted = greedy_decode(model, encoder_ids)
    decoder_ids = np.concatenate([np.ones((len(dates), 1), np.int32), predicted[:, : Ty - 1]], axis=1)
    _, attention = model.with_attention((encoder_ids, decoder_ids), training=False)
    last = f"decoder_layer{model.sizes.num_layers}_block2_decenc_att"
    return [decode(row) for row in predicted], np.asarray(attention[last])


def report(model, dates: list[str], provenance: Provenance, output, table: str, maps: int) -> list:
    """Prints the translations, writes the table and the first `maps` dates' attention heads."""
    translations, weights = translations_and_weights(model, dates)
    width = max(len(date) for date in dates)
    print(f"\nModel: [{provenance.label()}] {provenance.summary()}")
    for date, translation in zip(dates, translations):
        print(f"  {date:<{width}}  ->  {translation}")
    written = [write_translations(output / table, dates, translations, provenance)]
    title = f"decoder layer {model.sizes.num_layers}, attention over the input"
    for index in range(min(maps, len(dates))):
        path = output / f"attention_heads_{index + 1:02d}.png"
        written.append(save_attention_heads(path, dates[index], translations[index], weights[index], provenance, title))
    return written


def run_translate(settings: TranslateSettings, dates: list[str]) -> int:
    if settings.model is None:
        keras.utils.set_random_seed(0)
        model, provenance = build(Sizes()), Provenance.untrained("seeded random weights: run 'train' first")
    else:
        model, provenance = load_model(settings.model)
        check_finite_weights(model, str(settings.model), fix="pass another model file")
        provenance = provenance or Provenance.pretrained(f"'{settings.model.name}' (no record of how it was trained)")
    output = ensure_output_dir(settings.output)
    written = report(model, dates, provenance, output, "translations.csv", settings.maps)
    print("Wrote: " + ", ".join(str(path) for path in written))
    return 0
