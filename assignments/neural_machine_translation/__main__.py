"""Translate human-readable dates into YYYY-MM-DD with attention, or train the model that does.

    python -m assignments.neural_machine_translation                      # translate the notebook's 8 examples
    python -m assignments.neural_machine_translation translate "Tuesday 09 Oct 1993" --model out/.../model.keras
    python -m assignments.neural_machine_translation translate --dates my_dates.txt
    python -m assignments.neural_machine_translation train                # near-perfect on held-out dates

translate writes translations.csv and attention_NN.png; train writes model.keras, training.png and examples.csv.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence

from assignments.common.cli import parse_settings, run_main
from assignments.common.errors import UserError
from assignments.common.quiet import import_tensorflow_quietly
from assignments.neural_machine_translation.cli import TrainSettings, TranslateSettings, build_parser
from assignments.neural_machine_translation.data import EXAMPLES, check_date, read_dates
from assignments.neural_machine_translation.week import WEEK


def checked_translate_settings(settings: TranslateSettings) -> tuple[TranslateSettings, list[str]]:
    """The dates to translate, and the model file decided once (--model, else the course's, else none)."""
    dates = [check_date(text, "on the command line") for text in settings.text]
    if settings.dates is not None:
        dates += read_dates(settings.dates)
    if not dates:
        dates = list(EXAMPLES)
    model = settings.model if settings.model is not None else WEEK.default_input("model")
    if model is not None and model.suffix != ".keras":
        # h5py only now: --help and a bad flag answer without it
        from assignments.neural_machine_translation.course_model import check_course_model_file

        check_course_model_file(model)
    elif model is not None and not model.is_file():
        raise UserError(
            f"The model file '{model}' does not exist: pass a model.keras written by 'train', or the course's model.h5."
        )
    return dataclasses.replace(settings, model=model), dates


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # No sub-command: translate, the week's everyday use.
    settings = parse_settings(
        parser, argv if argv and argv[0] in ("train", "translate", "-h", "--help") else ["translate", *argv]
    )
    if isinstance(settings, TranslateSettings):
        settings, dates = checked_translate_settings(settings)
    import_tensorflow_quietly()
    from assignments.neural_machine_translation.commands import run_train, run_translate

    if isinstance(settings, TrainSettings):
        return run_train(settings)
    return run_translate(settings, dates)


if __name__ == "__main__":
    sys.exit(run_main(main))
