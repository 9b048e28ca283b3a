"""The course's `data.mat` (the goalkeeper's kicks: X (211, 2), y (211, 1), Xval (200, 2), yval (200, 1)),
read with scipy and checked before anything trains on it; generated points when it cannot be found."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from assignments.common.errors import UserError
from assignments.regularization import synthetic
from assignments.regularization.week import WEEK

DATA_FILE = "datasets/data.mat"
LARGEST_BYTES = 256 * 1024**2


def read_data_mat(path: str | os.PathLike):
    """train_X (2, m), train_Y (1, m), test_X (2, k), test_Y (1, k) from a data.mat, or one sentence."""
    import scipy.io

    file = Path(path).expanduser()
    if not file.is_file():
        raise UserError(f"The data file '{path}' does not exist: pass the course's datasets/data.mat.")
    if file.stat().st_size > LARGEST_BYTES:
        raise UserError(f"'{path}' is {file.stat().st_size:,} bytes: the course's data.mat is 6 KB; pass that file.")
    try:
        data = scipy.io.loadmat(file)
    # scipy reports a damaged file in many ways (MatReadError, IndexError, struct errors...): all mean the same.
    except Exception as error:  # noqa: BLE001
        raise UserError(f"'{path}' is not a MATLAB .mat file scipy can read ({error}): pass the course's data.mat.") from None
    arrays = []
    for points_key, labels_key in (("X", "y"), ("Xval", "yval")):
        if points_key not in data or labels_key not in data:
            raise UserError(
                f"'{path}' has no '{points_key}' / '{labels_key}' (it has {', '.join(k for k in data if not k.startswith('__'))}): pass the course's data.mat."
            )
        points, labels = np.asarray(data[points_key], dtype=float), np.asarray(data[labels_key])
        if points.ndim != 2 or points.shape[1] != 2 or points.shape[0] == 0 or labels.size != points.shape[0]:
            raise UserError(
                f"'{path}' holds '{points_key}' of shape {points.shape} and '{labels_key}' of {labels.shape}: expected (m, 2) points with m labels."
            )
        if not np.isfinite(points).all():
            raise UserError(
                f"'{path}' has NaN or infinite coordinates in '{points_key}': the file is damaged; use the course's data.mat."
            )
        if not np.isin(labels, (0, 1)).all():
            raise UserError(f"'{path}' has labels other than 0 and 1 in '{labels_key}': pass the course's data.mat.")
        arrays += [points.T, labels.reshape(1, -1)]
    return tuple(arrays)


def load_2D_dataset(path: str | os.PathLike | None = None):
    """(train_X, train_Y, test_X, test_Y, kind): --data, else the course's file, else generated ("generated")."""
    if path is None:
        path = WEEK.course_file(DATA_FILE)
        if path is None:
            return (*synthetic.generated_field(), "generated")
    return (*read_data_mat(path), "course")
