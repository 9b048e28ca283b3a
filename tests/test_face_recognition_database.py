"""The face database (.npz, no pickles), the people folder, and vectorised recognition against the course's loop."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from assignments.common.errors import UserError
from assignments.face_recognition import search
from assignments.face_recognition.data import people_in_folder
from assignments.face_recognition.database import FaceDatabase
from assignments.face_recognition.recognition import (
    loop_nearest_identity,
    nearest_identities,
    nearest_identities_batch,
    nearest_identity,
)
from assignments.face_recognition.search import Gallery


def unit_rows(count, seed=0, size=128):
    rows = np.random.default_rng(seed).normal(size=(count, size)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_vectorised_search_matches_the_course_loop():
    rows = unit_rows(1000)
    database = {f"person_{index}": rows[index : index + 1] for index in range(len(rows))}
    for query in unit_rows(20, seed=1):
        expected_distance, expected_name = loop_nearest_identity(query[None], database)
        distance, name = nearest_identity(query[None], database)
        assert name == expected_name
        assert distance == pytest.approx(float(expected_distance), rel=1e-5)
    # An enrolled photo itself is at distance exactly 0, as the course's who_is_it("images/younes.jpg").
    assert nearest_identity(rows[7:8], database) == (0.0, "person_7")


def test_ties_go_to_the_first_entry_like_the_loop():
    rows = unit_rows(3)
    database = {"first": rows[0:1], "second": rows[0:1].copy(), "third": rows[2:3]}
    assert nearest_identity(rows[0:1], database)[1] == loop_nearest_identity(rows[0:1], database)[1] == "first"


def test_ties_beyond_the_first_candidates_go_to_the_first_row():
    # 50 identical rows (more than the 32 extra candidates) and one query equal to them.
    rows = np.repeat(unit_rows(1), 50, axis=0)
    rows = np.concatenate([unit_rows(200, seed=4), rows])
    names = [f"p{index}" for index in range(len(rows))]
    database = FaceDatabase(names, rows, names, "fp")
    distance, name = nearest_identity(rows[-1], database)
    assert (
        distance == 0.0
        and name == loop_nearest_identity(rows[-1:], {n: rows[i : i + 1] for i, n in enumerate(names)})[1] == "p200"
    )


def test_near_ties_within_rounding_still_give_the_loops_answer():
    # 300 rows a few float32 ulps apart around the query: the approximate scores cannot order them, so
    # the one-query path must keep them all (its rounding margin) and let the exact re-rank decide.
    base = unit_rows(1, seed=6)[0]
    noise = np.random.default_rng(7).normal(scale=3e-7, size=(300, base.size)).astype(np.float32)
    rows = np.concatenate([unit_rows(5000, seed=8), base + noise]).astype(np.float32)
    database = {f"p{index}": rows[index : index + 1] for index in range(len(rows))}
    for query in (base, base + noise[17], base + noise[299]):
        expected_distance, expected_name = loop_nearest_identity(query[None], database)
        distance, name = nearest_identity(query[None], database)
        assert (name, float(distance)) == (expected_name, float(expected_distance))


def test_gallery_blocks_and_batches_agree_with_brute_force(monkeypatch):
    monkeypatch.setattr(search, "CHUNK_ROWS", 1000)  # several blocks, and a short last one
    rows, queries = unit_rows(4500), unit_rows(7, seed=3)
    expected = np.linalg.norm(rows[None] - queries[:, None], axis=2)  # (7, 4500)
    found_rows, distances = Gallery(rows).nearest(queries, 5)
    np.testing.assert_array_equal(found_rows, np.argsort(expected, axis=1, kind="stable")[:, :5])
    np.testing.assert_allclose(distances, np.sort(expected, axis=1)[:, :5], rtol=1e-6)
    names = [f"p{index}" for index in range(len(rows))]
    database = FaceDatabase(names, rows, names, "fp")
    batch = nearest_identities_batch(queries, database, k=3)
    assert batch == [nearest_identities(query, database, k=3) for query in queries]


def test_faiss_backend_gives_the_same_answers():
    pytest.importorskip("faiss")
    rows, queries = unit_rows(3000), unit_rows(10, seed=5)
    ours, theirs = Gallery(rows).nearest(queries, 4), Gallery(rows, backend="faiss").nearest(queries, 4)
    np.testing.assert_array_equal(ours[0], theirs[0])
    np.testing.assert_array_equal(ours[1], theirs[1])


def test_top_k_lists_people_not_photos(tmp_path):
    rows = unit_rows(4)
    database = FaceDatabase(["ann", "ann", "bob", "cy"], rows, ["a1", "a2", "b", "c"], "fp")
    nearest = nearest_identities(rows[1], database, k=3)
    assert [name for name, _ in nearest] == ["ann", *[name for name, _ in nearest[1:]]]
    assert sorted(name for name, _ in nearest) == ["ann", "bob", "cy"]
    assert nearest[0][1] == 0.0
    assert [distance for _, distance in nearest] == sorted(distance for _, distance in nearest)


def test_save_load_round_trip_and_replace(tmp_path):
    rows = unit_rows(3)
    database = FaceDatabase.empty("model-abc")
    database.replace_person("ann", rows[:2], ["ann/1.jpg", "ann/2.jpg"])
    database.replace_person("bob", rows[2:], ["bob.jpg"])
    path = database.save(tmp_path / "faces.npz")
    loaded = FaceDatabase.load(path)
    assert list(loaded) == ["ann", "bob"] and len(loaded) == 2 and "ann" in loaded and "zed" not in loaded
    np.testing.assert_array_equal(loaded["ann"], rows[:2])
    assert loaded.sources == ["ann/1.jpg", "ann/2.jpg", "bob.jpg"] and loaded.fingerprint == "model-abc"
    # Replacing ann keeps bob's row untouched.
    loaded.replace_person("ann", unit_rows(1, seed=9), ["ann/new.jpg"])
    np.testing.assert_array_equal(loaded["bob"], rows[2:])
    assert loaded.names == ["bob", "ann"]
    with np.load(path, allow_pickle=False) as stored:  # Plain arrays: no object dtype anywhere.
        assert all(stored[key].dtype != object for key in stored.files)


def test_fingerprint_mismatch_is_a_user_error():
    database = FaceDatabase(["ann"], unit_rows(1), ["a.jpg"], "model-one")
    with pytest.raises(UserError, match="different model"):
        database.check_fingerprint("model-two", "faces.npz")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "damaged or not an .npz"),
        (b"PK\x03\x04 truncated zip", "damaged or not an .npz"),
        (b"\x80\x04K\x01.", "damaged or not an .npz"),  # a pickle: refused, never unpickled
    ],
)
def test_damaged_database_files(tmp_path, content, message):
    path = tmp_path / "faces.npz"
    path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        FaceDatabase.load(path)


def test_foreign_empty_and_pickled_npz_are_refused(tmp_path):
    np.savez(tmp_path / "other.npz", weights=np.zeros(3))
    with pytest.raises(UserError, match="not a face database"):
        FaceDatabase.load(tmp_path / "other.npz")
    FaceDatabase.empty("fp").save(tmp_path / "empty.npz")
    with pytest.raises(UserError, match="is empty"):
        FaceDatabase.load(tmp_path / "empty.npz")
    np.savez(tmp_path / "pickled.npz", names=np.array([{"evil": 1}], dtype=object), format=np.array("dls-face-database-v1"))
    with pytest.raises(UserError, match="damaged or not an .npz"):
        FaceDatabase.load(tmp_path / "pickled.npz")
    with pytest.raises(UserError, match="does not exist"):
        FaceDatabase.load(tmp_path / "absent.npz")


def test_people_folder_layouts(tmp_path):
    for relative in ("ann/1.jpg", "ann/2.png", "bob.jpg", "empty_person/notes.txt"):
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.suffix == ".txt":
            target.write_text("no photo here")
        else:
            Image.new("RGB", (8, 8)).save(target)
    people = people_in_folder(tmp_path)
    assert list(people) == ["ann", "bob"]
    assert [path.name for path in people["ann"]] == ["1.jpg", "2.png"]
    with pytest.raises(UserError, match="has no images"):
        people_in_folder(tmp_path / "empty_person")
    with pytest.raises(UserError, match="does not exist"):
        people_in_folder(tmp_path / "nobody")
