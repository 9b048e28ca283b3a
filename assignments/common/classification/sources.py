"""Which data a command reads, in the order the `train` help gives, and the course's loader functions.

Training data: `--data` (an h5 file, a folder holding the course's files, or a folder of class
sub-folders); else the course's training file under the week's data folder; else the dataset's real
substitute, where the week declares one; else our generated pictures. Test data follows the same order,
with a seeded 15% hold-out of `--data` when `--data` has no test file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from assignments.common.classification.folders import is_class_folder_dataset, read_image_folder
from assignments.common.classification.h5files import read_h5_split
from assignments.common.classification.imageset import ImageSet, check_same_classes, course_arrays, holdout_split
from assignments.common.classification.specs import DatasetSpec
from assignments.common.errors import UserError
from assignments.common.week import Week

HOLDOUT_FRACTION = 0.15  # share of --data kept for testing when no test set is given


def read_source(path: Path, split: str, course_file: str) -> ImageSet:
    """Reads `--data` / `--test-data`: an h5 file, a folder holding `course_file`, or a folder-per-class dataset."""
    path = path.expanduser()
    if not path.exists():
        raise UserError(f"The data path '{path}' does not exist: pass a course .h5 file or a folder (see --help).")
    if path.is_file():
        return read_h5_split(path, None).described("user", f"images of {path.name}")
    if (path / course_file).is_file():
        return read_h5_split(path / course_file, split).described("user", f"images of {path / course_file}")
    if is_class_folder_dataset(path):
        return read_image_folder(path).described("user", f"images of the folder {path}")
    raise UserError(
        f"The folder '{path}' has neither the course's {course_file} nor class sub-folders of images: "
        "pass the folder with the course's h5 files or one sub-folder per class."
    )


def load_train_test(
    week: Week, dataset: DatasetSpec, data: Path | None, test_data: Path | None, seed: int
) -> tuple[ImageSet, ImageSet]:
    """Picks and reads the training and test sets (see the module docstring for the order)."""
    train_file, test_file = dataset.files
    substitute = week.default_input(dataset.substitute_role) if dataset.substitute_role else None
    if data is not None:
        train = read_source(data, "train", train_file)
    elif (found := week.course_file(train_file)) is not None:
        train = read_h5_split(found, "train").described(
            "course", f"images of the course's {train_file}", f"the course's {train_file} ({found})"
        )
    elif substitute is not None:
        train = read_image_folder(substitute).described(
            "substitute",
            dataset.substitute_name,
            f"the {dataset.name} substitute ({substitute}; {train_file} is not in $DLS_DATA_DIR/{week.name}/)",
        )
    else:
        train = dataset.generate("train", seed)
        train = train.described(
            "generated",
            train.source,
            train.source + " (the embedded default; put the course's files in $DLS_DATA_DIR or pass --data)",
        )
    if test_data is not None:
        test = read_source(test_data, "test", test_file)
    elif data is not None and data.is_dir() and (data / test_file).is_file():
        test = read_h5_split(data / test_file, "test").described("user", f"images of {data / test_file}")
    elif data is not None:
        train, test = holdout_split(train, HOLDOUT_FRACTION, seed)
    elif (found := week.course_file(test_file)) is not None:
        test = read_h5_split(found, "test").described(
            "course", f"images of the course's {test_file}", f"the course's {test_file} ({found})"
        )
    else:
        test = dataset.generate("test", seed + 1)
        test = test.described("generated", test.source, test.source + " (the embedded default)")
    check_same_classes(train, test)
    return train, test


def load_course_split(week: Week, dataset: DatasetSpec, split: str, data_dir: str | os.PathLike | None, seed: int) -> ImageSet:
    """One split for the course's loader functions: `data_dir/<file>`, else the week's data folder, else
    generated pictures (with a note on stderr, since the numbers then are not the course's)."""
    file_name = dataset.files[0 if split == "train" else 1]
    if data_dir is not None:
        candidate = Path(data_dir).expanduser() / file_name
        path = candidate if candidate.is_file() else None
    else:
        path = week.course_file(file_name)
    if path is not None:
        return read_h5_split(path, split)
    print(f"note: {file_name} not found; using generated data in its place.", file=sys.stderr)
    return dataset.generate(split, seed)


def load_course_dataset(week: Week, dataset: DatasetSpec, data_dir: str | os.PathLike | None = None, seed: int = 0):
    """The course's `load_<name>_dataset()`: X_train_orig, Y_train_orig (1, m), X_test_orig, Y_test_orig (1, m), classes.

    A missing split is generated in the course's size (the test split with `seed + 1`).
    """
    train = load_course_split(week, dataset, "train", data_dir, seed)
    test = load_course_split(week, dataset, "test", data_dir, seed + 1)
    return course_arrays(train, test)
