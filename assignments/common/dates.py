"""The date-translation task of Course 5 (C5W3 attention, C5W4 Transformer): human-readable dates and their
ISO forms, generated as the course generates them, and the held-out sets every model is measured on.

Each example is a random date (Faker's `date_object`, 1970 to today) written by babel in one of the course's
24 formats for the en_US locale ('full' ten times, so about 40 % read "tuesday october 9 1993"), lower-cased,
commas dropped; the target is `YYYY-MM-DD`. With the course's seed (12345 for both Faker and the format
choice) the sequence of formats is the course's; the dates themselves depend on Faker's version.

The validation and test sets come from seeds of their own and are the same for every model and every
training run; training sets never contain one of their human strings, so a held-out figure is measured on
strings the model never saw, and two models trained here are compared on the same dates.
"""

from __future__ import annotations

import functools
import os
import random
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from babel.dates import format_date
from faker import Faker
from tqdm import tqdm

from assignments.common.data import existing_file
from assignments.common.errors import UserError
from assignments.common.provenance import Provenance

# babel patterns, in the course's order ('full' repeated to weigh it, as the course does).
FORMATS = (
    ("short", "medium", "long")
    + ("full",) * 10
    + (
        "d MMM YYY",
        "d MMMM YYY",
        "dd MMM YYY",
        "d MMM, YYY",
        "d MMMM, YYY",
        "dd, MMM YYY",
        "d MM YY",
        "d MMMM YYY",
        "MMMM d YYY",
        "MMMM d, YYY",
        "dd.MM.YY",
    )
)
COURSE_SEED = 12345
VALIDATION_SEED = 20260
TEST_SEED = 20261
HELD_OUT_SIZE = 1000
# The characters of babel's en_US dates after lower-casing (the course's sorted set: no k, q, x, z), and
# of ISO dates.
HUMAN_CHARACTERS = " ./0123456789abcdefghijlmnoprstuvwy"
MACHINE_CHARACTERS = "-0123456789"


def normalize(text: str) -> str:
    """What the course does to a human date before indexing it: lower case, commas dropped."""
    return text.lower().replace(",", "")


class DateGenerator:
    """Draws (human, machine) date pairs from its own seeded Faker and format chooser.

    Args:
        seed: seeds both Faker and the format choice; the course's is 12345.
    """

    def __init__(self, seed: int = COURSE_SEED):
        self.fake = Faker()
        self.fake.seed_instance(seed)
        self.formats = random.Random(seed)

    def load_date(self) -> tuple[str, str, object]:
        """One example: (human-readable date, 'YYYY-MM-DD', the date)."""
        date = self.fake.date_object()
        human_readable = normalize(format_date(date, format=self.formats.choice(FORMATS), locale="en_US"))
        return human_readable, date.isoformat(), date


def generate(m: int, seed: int = COURSE_SEED, exclude: frozenset[str] = frozenset(), progress: bool = False):
    """`m` (human, machine) pairs from `seed`, skipping any whose human string is in `exclude`."""
    generator = DateGenerator(seed)
    pairs: list[tuple[str, str]] = []
    with tqdm(total=m, desc="generating dates", disable=not progress, mininterval=1) as bar:
        while len(pairs) < m:
            human, machine, _ = generator.load_date()
            if human not in exclude:
                pairs.append((human, machine))
                bar.update(1)
    return pairs


@functools.cache
def held_out(kind: str, count: int = HELD_OUT_SIZE) -> tuple[tuple[str, str], ...]:
    """The `count` validation or test dates (`kind` 'validation' or 'test'): the same for every model."""
    seeds = {"validation": VALIDATION_SEED, "test": TEST_SEED}
    if kind not in seeds:
        raise ValueError(f"kind must be 'validation' or 'test'. Received: {kind!r}")
    return tuple(generate(count, seeds[kind]))


def training_dates(m: int, seed: int, held_out_count: int = HELD_OUT_SIZE, progress: bool = False) -> list[tuple[str, str]]:
    """`m` training pairs from `seed`, none of whose human strings is in the validation or test set."""
    exclude = frozenset(human for kind in ("validation", "test") for human, _ in held_out(kind, held_out_count))
    return generate(m, seed, exclude, progress)


# The user's dates: a line is refused, with its number, when a model of this task cannot read it: longer than
# its Tx = 30 characters, or not a date at all (no digit, or mostly characters babel's en_US dates never use,
# which the models see only as '<unk>').
# A line where more than this share of characters is unknown to the model is not a date it can read.
MAX_UNKNOWN_SHARE = 0.25


def check_date(text: str, where: str, length: int = 30) -> str:
    """Returns `text` when the model can read it as a date; else raises UserError naming `where`."""
    characters = normalize(text)
    if len(characters) > length:
        raise UserError(
            f"The date '{text}' ({where}) has {len(characters)} characters, more than the model's Tx = {length}: shorten it "
            f"(for example '9 October 1993')."
        )
    unknown = [character for character in characters if character not in HUMAN_CHARACTERS]
    if not any(character.isdigit() for character in characters) or len(unknown) > MAX_UNKNOWN_SHARE * len(characters):
        raise UserError(
            f"The date '{text}' ({where}) does not read as a date (the model knows digits, ' ./' and the letters of English "
            f"month and day names): write it like '9 October 1993' or '10.11.19'."
        )
    return text


def read_dates(path: str | os.PathLike) -> list[str]:
    """The dates in a UTF-8 text file, one a line, blank lines skipped, each checked by `check_date`.

    Raises:
        UserError: missing, a folder, unreadable, not UTF-8, binary, empty, or a line that is not a date.
    """
    file = existing_file(path, what="dates file")
    try:
        raw = Path(file).read_bytes()
    except OSError as error:
        raise UserError(f"The dates file '{path}' cannot be read ({error.strerror}): check its permissions.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(
            f"The dates file '{path}' is not UTF-8 text (byte {error.start} cannot be decoded): save it as UTF-8, one date a line."
        ) from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    dates = []
    for number, line in enumerate(lines, start=1):
        if any(unicodedata.category(character) in ("Cc", "Cs") for character in line if character != "\t"):
            raise UserError(
                f"The dates file '{path}' has a control character on line {number}: it looks binary; pass a text file."
            )
        if line.strip():
            dates.append(check_date(line.strip(), f"line {number} of '{path}'"))
    if not dates:
        raise UserError(f"The dates file '{path}' has no dates: put one date a line, such as '9 October 1993'.")
    return dates


BASELINE = "most common character at each position"


def per_position_majority(dataset: Sequence[tuple[str, str]]) -> tuple[float, float]:
    """The baseline: always writing the most common character at each position (exact, character shares)."""
    targets = np.array([list(machine) for _, machine in dataset])
    majority = np.array([max(set(column), key=list(column).count) for column in targets.T])
    right = targets == majority
    return float(right.all(axis=1).mean()), float(right.mean())


def trained_provenance(
    train, test, epochs: int, best_epoch: int, seconds: float, exact: float, characters: float, interrupted: bool
) -> Provenance:
    """The record of a date translator trained on `train` and measured on `test`, against the per-position majority."""
    return Provenance(
        trained_on=f"{len(train):,} generated dates (Faker + babel, the course's 24 formats)",
        data="generated",
        examples=len(train),
        steps=f"{epochs} epochs in {seconds:.0f} s (weights of epoch {best_epoch})",
        figures={"test exact match": exact, "test character accuracy": characters},
        baselines=dict(zip(("test exact match", "test character accuracy"), per_position_majority(test))),
        baseline_name=BASELINE,
        interrupted=interrupted,
        notes=(f"test: {len(test):,} generated dates (seed {TEST_SEED}) not in the training set",),
    )
