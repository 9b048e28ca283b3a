"""The course's Transformer on dates: train it, compare it with the attention model, translate.

    python -m assignments.transformer train --compare out/neural_machine_translation/model.keras
    python -m assignments.transformer translate --model out/transformer/model.npz "Tuesday 09 Oct 1993"

train writes model.npz, training.png, positional_encoding.png, attention_heads_01.png and examples.csv;
translate writes translations.csv and attention_heads_NN.png.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from assignments.common.cli import parse_settings, run_main
from assignments.common.data import existing_file
from assignments.common.dates import check_date, read_dates
from assignments.common.quiet import import_tensorflow_quietly
from assignments.transformer.cli import TrainSettings, build_parser

# The C5W3 notebook's examples, the default dates to translate.
EXAMPLES = ("3 May 1979", "5 April 09", "Tue 10 Jul 2007", "Saturday May 9 2018", "March 3 2001", "1 March 2001")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = ("train", "translate", "-h", "--help")
    settings = parse_settings(build_parser(), argv if argv and argv[0] in commands else ["translate", *argv])
    dates: list[str] = []
    if isinstance(settings, TrainSettings):
        if settings.compare is not None:
            existing_file(settings.compare, what="attention model")
    else:
        dates = [check_date(text, "on the command line") for text in settings.text]
        if settings.dates is not None:
            dates += read_dates(settings.dates)
        dates = dates or list(EXAMPLES)
        if settings.model is not None:
            existing_file(settings.model, what="model file")
    import_tensorflow_quietly()
    from assignments.transformer.commands import run_train, run_translate

    if isinstance(settings, TrainSettings):
        return run_train(settings)
    return run_translate(settings, dates)


if __name__ == "__main__":
    sys.exit(run_main(main))
