"""Generated offline data: human-readable dates and their ISO forms, made as the course makes them.

Each example is a random date (Faker's `date_object`, 1970 to today) written by babel in one of the
course's 24 formats for the en_US locale ('full' ten times, so about 40 % read "tuesday october 9 1993"),
lower-cased, commas dropped; the target is `YYYY-MM-DD`. With the course's seeds (Faker.seed(12345) and
random.seed(12345)) the sequence of formats is the course's; the dates themselves depend on Faker's version.
"""

from __future__ import annotations

import random

from babel.dates import format_date
from faker import Faker
from tqdm import tqdm

from assignments.neural_machine_translation.nmt_utils import human_vocab, inv_machine_vocab, machine_vocab, normalize

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


def load_dataset(m: int, seed: int = COURSE_SEED, progress: bool = False):
    """`m` generated examples and the course's vocabularies.

    Returns:
        (dataset, human_vocab, machine_vocab, inv_machine_vocab), dataset a list of (human, machine) pairs.
    """
    generator = DateGenerator(seed)
    dataset = [generator.load_date()[:2] for _ in tqdm(range(m), desc="generating dates", disable=not progress)]
    return dataset, dict(human_vocab), dict(machine_vocab), dict(inv_machine_vocab)


def held_out_dataset(m: int, seed: int, exclude=()) -> list[tuple[str, str]]:
    """`m` examples drawn from another seed than training's, leaving out any human string in `exclude`
    (the training set's), so that held-out accuracy is measured on strings the model never saw."""
    seen = {human for human, _ in exclude}
    generator = DateGenerator(seed)
    dataset: list[tuple[str, str]] = []
    while len(dataset) < m:
        human, machine, _ = generator.load_date()
        if human not in seen:
            dataset.append((human, machine))
    return dataset
