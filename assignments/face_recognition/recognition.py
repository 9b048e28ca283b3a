"""Face verification (1:1) and face recognition (1:K), graded exercises 2 and 3.

`database` is what the course builds: a mapping from a person's name to their encoding of shape (1, 128).
A `FaceDatabase` (several photos per person) works too: a person's distance is then the distance to
their nearest photo. `verify` and `who_is_it` show the notebook's steps (who_is_it loops over the
database as the course does); `nearest_identity` and `nearest_identities_batch` are the same search
vectorised (`search.Gallery`: one matrix product, argpartition, exact re-ranking), which the command line
uses and which stays fast at 100,000 identities; ties go to the first entry, as in the course's loop.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from assignments.common.errors import UserError
from assignments.common.fast_path import fast_path
from assignments.face_recognition.encoding import img_to_encoding
from assignments.face_recognition.search import Gallery

THRESHOLD = 0.7  # The course's decision threshold on the L2 distance of unit encodings.


def verify(image_path, identity, database, model):
    """Is the person in `image_path` really `identity`? The course's door check.

    Args:
        image_path: the camera image.
        identity: the name the person claims.
        database: name → encoding(s), shape (1, 128) (or (k, 128) for k photos).
        model: the encoder.

    Returns:
        (dist, door_open): the L2 distance (float32) and whether it is below 0.7 (a Python bool).
    """
    if identity not in database:
        raise UserError(
            f"'{identity}' is not in the database ({_known_names(database)}): enroll them first or check the spelling."
        )
    # Step 1: the encoding of the image, shape (1, 128).
    encoding = img_to_encoding(image_path, model)
    # Step 2: the distance to the identity's stored encoding (the course's np.linalg.norm of the difference;
    # with several photos of the person, the distance to the nearest one).
    dist = distance_to_person(encoding, database[identity])
    # Step 3: open the door when the distance is below the threshold.
    if dist < THRESHOLD:
        print(f"It's {identity}, welcome in!")
        door_open = True
    else:
        print(f"It's not {identity}, please go away")
        door_open = False
    return dist, door_open


def who_is_it(image_path, database, model):
    """Who, in `database`, is the person in `image_path`? The course's recognition.

    Args:
        image_path: the camera image.
        database: name → encoding(s).
        model: the encoder.

    Returns:
        (min_dist, identity): the smallest distance (float32) and the nearest person's name, returned even
        when the distance is above 0.7 (the course then prints "Not in the database.").
    """
    # Step 1: the encoding of the image, shape (1, 128).
    encoding = img_to_encoding(image_path, model)

    # Step 2: the nearest encoding in the database. The course's loop, one person at a time; a person with
    # several photos counts with their nearest one. `nearest_identity` below is the same search vectorised
    # (one pass over a matrix, for databases of 100,000 people): tests/test_face_recognition_database.py and
    # benchmarks/bench_face_recognition.py check that it gives this loop's answer.
    min_dist = 100
    identity = None
    for name, db_enc in database.items():
        dist = distance_to_person(encoding, db_enc)
        if dist < min_dist:
            min_dist = dist
            identity = name

    if min_dist > THRESHOLD:
        print("Not in the database.")
    else:
        # str(), not format(): numpy 2 formats a float32 in an f-string with float64's 17 digits.
        print(f"it's {identity}, the distance is {min_dist!s}")
    return min_dist, identity


def distance_to_person(encoding: np.ndarray, person_encodings: np.ndarray) -> np.float32:
    """L2 distance from one encoding to a person: to their nearest photo when they have several.

    With one stored encoding this is exactly the course's `np.linalg.norm(encoding - database[identity])`.
    """
    rows = np.reshape(np.asarray(person_encodings), (-1, np.shape(encoding)[-1]))  # (k, 128)
    query = np.reshape(encoding, (1, -1))
    return min((np.linalg.norm(query - row) for row in rows), key=float)


def database_rows(database: Mapping[str, np.ndarray]) -> tuple[Sequence[str], np.ndarray]:
    """Every stored encoding as one matrix, with the name of each row.

    A `FaceDatabase` hands over its matrix as is; a course dictionary is stacked (one row per photo).

    Returns:
        (names, encodings): a sequence of N names and a float32 array of shape (N, d).
    """
    rows = getattr(database, "rows", None)
    if callable(rows):
        return rows()
    names, blocks = [], []
    for name, value in database.items():
        block = np.asarray(value, dtype=np.float32)
        block = block.reshape(-1, block.shape[-1])  # (k, d)
        names.extend([name] * block.shape[0])
        blocks.append(block)
    if not blocks:
        return [], np.zeros((0, 0), dtype=np.float32)
    return names, np.concatenate(blocks)


def gallery_of(database: Mapping[str, np.ndarray], backend: str = "numpy") -> tuple[Sequence[str], Gallery]:
    """(names of the rows, a searchable `Gallery`): a `FaceDatabase` keeps its gallery between queries."""
    cached = getattr(database, "gallery", None)
    if callable(cached):
        return database.names, cached(backend)
    names, encodings = database_rows(database)
    return names, Gallery(encodings, backend)


@fast_path("who_is_it")
def nearest_identity(encoding: np.ndarray, database: Mapping[str, np.ndarray], backend: str = "numpy") -> tuple[np.float32, str]:
    """(distance, name) of the stored encoding nearest to `encoding`; the first one on ties.

    `who_is_it`'s search, vectorised (see `search.py`): the same answer as its loop, which the tests and
    benchmarks/bench_face_recognition.py check, at a fraction of the time for large databases.

    Raises:
        UserError: the database is empty.
    """
    names, gallery = gallery_of(database, backend)
    rows, distances = gallery.nearest(encoding, 1)  # (1, 1) each
    return distances[0, 0], names[int(rows[0, 0])]


def loop_nearest_identity(encoding: np.ndarray, database: Mapping[str, np.ndarray]) -> tuple[np.float32, str | None]:
    """The course's search, one `np.linalg.norm` per entry, the strictly smaller kept (starts at 100).

    Kept as the reference that tests and benchmarks/bench_face_recognition.py compare the vectorised search with.
    """
    min_dist, identity = 100, None
    for name, stored in database.items():
        dist = np.linalg.norm(encoding - stored)
        if dist < min_dist:
            min_dist, identity = dist, name
    return min_dist, identity


def nearest_identities(
    encoding: np.ndarray, database: Mapping[str, np.ndarray], k: int = 1, backend: str = "numpy"
) -> list[tuple[str, float]]:
    """The k nearest people (not photos) as (name, distance), nearest first.

    Raises:
        UserError: the database is empty.
    """
    return nearest_identities_batch(np.reshape(encoding, (1, -1)), database, k, backend)[0]


def nearest_identities_batch(
    encodings: np.ndarray, database: Mapping[str, np.ndarray], k: int = 1, backend: str = "numpy"
) -> list[list[tuple[str, float]]]:
    """`nearest_identities` for a batch of encodings (B, d) at once: one matrix product for all of them."""
    names, gallery = gallery_of(database, backend)
    people = len(set(names))
    k = min(int(k), people) if people else int(k)
    rows_wanted, answers = k, [None] * len(encodings)
    pending = np.arange(len(encodings))
    while len(pending):
        rows, distances = gallery.nearest(encodings[pending], min(len(gallery), rows_wanted))  # (b, m) each
        still = []
        for query, query_rows, query_distances in zip(pending, rows, distances):
            # A person's distance is their nearest photo's: rows come nearest first, keep a name's first visit.
            chosen: dict[str, float] = {}
            for row, distance in zip(query_rows, query_distances):
                chosen.setdefault(names[int(row)], float(distance))
                if len(chosen) == k:
                    break
            if len(chosen) == k or rows_wanted >= len(gallery):
                answers[query] = list(chosen.items())
            else:
                still.append(query)  # several photos of the same people: look further
        pending, rows_wanted = np.asarray(still, dtype=int), rows_wanted * 4
    return answers


def _known_names(database, limit: int = 8) -> str:
    names = list(database)
    if not names:
        return "it is empty"
    shown = ", ".join(names[:limit])
    return f"it holds {shown}" + (f" and {len(names) - limit} more" if len(names) > limit else "")
