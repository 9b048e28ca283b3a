"""The week's data: the course's cat files, or generated pictures when they cannot be found."""

from __future__ import annotations

from pathlib import Path

from assignments.common import cat_data
from assignments.common.cat_data import CatSplit
from assignments.logistic_regression import synthetic
from assignments.logistic_regression.week import WEEK


def load_cat_data(folder: Path | None, seed: int) -> tuple[CatSplit, CatSplit, str]:
    """(train, test, kind): from --data, else `$DLS_DATA_DIR/course1_2`, else generated pictures.

    `kind` is "course" or "generated", for the trust line of every result.
    """
    if folder is None:
        found = WEEK.course_file(cat_data.TRAIN_FILE)
        folder = found.parent.parent if found is not None else None
    if folder is None:
        train, test = synthetic.generated_dataset(seed)
        return train, test, "generated"
    train, test = cat_data.load_dataset(folder)
    return train, test, "course"
