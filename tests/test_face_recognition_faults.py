"""Faults and trust in `python -m assignments.face_recognition`: concurrent enrolls, the --db checks, the rescue
copy, spreadsheet-safe CSV cells, non-finite files, and the provenance every answer shows.

In-process with `--encoder stand-in` (a tiny deterministic encoder): each case takes well under a second
once TensorFlow is loaded. The subprocess probes of the same classes are in test_hostile_face_recognition.py.
"""

from __future__ import annotations

import csv
import errno
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from assignments.common.cli import run_main
from assignments.common.errors import UserError
from assignments.common.images import BANNER_RED
from assignments.common.locking import exclusive
from assignments.face_recognition import commands
from assignments.face_recognition.__main__ import main
from assignments.face_recognition.database import FORMAT, FaceDatabase
from assignments.face_recognition.outputs import KNOWN, annotate_photo
from assignments.face_recognition.synthetic import write_sample_people


@pytest.fixture
def faces(tmp_path):
    """Generated people (6 x 2 photos) and camera shots."""
    return write_sample_people(tmp_path / "faces", seed=0)


def run(arguments, capsys):
    code = run_main(main, [str(argument) for argument in arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line_error(code, err, words):
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and lines[0].startswith("error: "), err
    assert words in lines[0], lines[0]


def people_subset(people: Path, names, folder: Path) -> Path:
    """A people folder holding only `names` (links to the generated photos)."""
    for name in names:
        (folder / name).mkdir(parents=True)
        for photo in (people / name).iterdir():
            (folder / name / photo.name).symlink_to(photo)
    return folder


def enroll_arguments(people, db, output=None):
    return ["enroll", "--people", people, "--db", db, "--encoder", "stand-in", "--output", output or db.parent]


def test_an_enroll_that_saves_meanwhile_keeps_its_people(faces, tmp_path, capsys):
    """Two enrolls on one --db: the one that saves second re-reads the file under the lock, so nobody is lost."""
    people, _ = faces
    db = tmp_path / "out" / "faces.npz"
    assert run(enroll_arguments(people_subset(people, ["ada"], tmp_path / "first"), db), capsys)[0] == 0
    second = people_subset(people, ["bo"], tmp_path / "second")
    third = people_subset(people, ["chidi"], tmp_path / "third")
    real_find_faces = commands.find_faces
    state = {"nested": False}

    def find_faces_while_another_enroll_runs(*arguments, **keywords):
        # The second enroll has read the database ({ada}) and is encoding: the third one starts and saves now.
        if not state["nested"]:
            state["nested"] = True
            assert run_main(main, [str(value) for value in enroll_arguments(third, db)]) == 0
        return real_find_faces(*arguments, **keywords)

    commands.find_faces = find_faces_while_another_enroll_runs
    try:
        code, out, err = run(enroll_arguments(second, db), capsys)
    finally:
        commands.find_faces = real_find_faces
    assert code == 0, err
    assert sorted(FaceDatabase.load(db)) == ["ada", "bo", "chidi"]
    assert "The database holds 3 people (6 photos); 2 kept from before." in out


def test_a_database_locked_by_another_run_is_one_sentence(faces, tmp_path, capsys, monkeypatch):
    people, _ = faces
    db = tmp_path / "out" / "faces.npz"
    monkeypatch.setenv("DLS_LOCK_WAIT_S", "0.2")
    db.parent.mkdir()
    with exclusive(db, "the face database"):
        code, _, err = run(enroll_arguments(people, db), capsys)
    # The lock is taken only to save (the photos were encoded meanwhile: their progress bar is above).
    one_line_error(code, err.strip().splitlines()[-1], "Another run is writing the face database")
    assert "Traceback" not in err
    assert not db.exists()


def test_db_is_checked_before_any_work(faces, tmp_path, capsys, monkeypatch):
    people, _ = faces
    code, out, err = run(enroll_arguments(people, Path("/proc/dls-no-such/faces.npz"), tmp_path / "out"), capsys)
    one_line_error(code, err, "cannot be written")
    assert "Enrolling" not in out  # refused before a photo was read
    folder = tmp_path / "a-folder"
    folder.mkdir()
    code, _, err = run(enroll_arguments(people, folder, tmp_path / "out"), capsys)
    one_line_error(code, err, "is a folder")

    class Full:
        free = 1000

    monkeypatch.setattr("assignments.face_recognition.__main__.shutil.disk_usage", lambda path: Full)
    code, out, err = run(enroll_arguments(people, tmp_path / "out" / "faces.npz"), capsys)
    one_line_error(code, err, "bytes free")
    assert "Enrolling" not in out


def test_a_failed_final_write_keeps_a_rescue_copy(tmp_path, monkeypatch):
    """A full disk at the final write: the finished database is kept in the rescue folder, the old file intact."""
    monkeypatch.setenv("DLS_RESCUE_DIR", str(tmp_path / "rescue"))
    database = FaceDatabase(["ann"], np.ones((1, 128), np.float32) / np.sqrt(128), ["ann.jpg"], "fp")
    target = tmp_path / "faces.npz"
    target.write_bytes(b"the old database")
    real_savez, calls = np.savez, []

    def savez_on_a_full_disk(handle, **arrays):
        calls.append(handle)
        if len(calls) == 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_savez(handle, **arrays)

    monkeypatch.setattr("assignments.face_recognition.database.np.savez", savez_on_a_full_disk)
    with pytest.raises(UserError, match="No space left on device.*kept at") as caught:
        database.save(target)
    assert target.read_bytes() == b"the old database"
    monkeypatch.setattr("assignments.face_recognition.database.np.savez", real_savez)
    rescued = Path(str(caught.value).split("kept at '")[1].split("'")[0])
    assert list(FaceDatabase.load(rescued)) == ["ann"]


def test_csv_cells_from_file_names_are_not_formulas(faces, tmp_path, capsys):
    people, camera = faces
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    name = '=HYPERLINK("http:x";"y")'
    (hostile / f"{name}.png").symlink_to(people / "ada" / "ada_0.png")
    db = tmp_path / "out" / "faces.npz"
    assert run(enroll_arguments(hostile, db), capsys)[0] == 0
    shot = tmp_path / "+camera.png"
    shot.symlink_to(camera / "camera_0.png")
    code, _, err = run(["identify", "--image", shot, "--db", db, "--output", tmp_path / "out", "--threshold", "9"], capsys)
    assert code == 0, err
    with open(tmp_path / "out" / "identify.csv", newline="", encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    assert row["identity"] == row["nearest"] == "'" + name  # shown as text, the bytes kept
    assert row["top_1"].startswith("'=HYPERLINK")
    assert row["distance"][0].isdigit()


def write_database(path, embeddings, **extra):
    names = np.array([f"p{index}" for index in range(len(embeddings))])
    fields = dict(names=names, embeddings=embeddings, sources=names, fingerprint=np.array("fp"), format=np.array(FORMAT))
    np.savez(path, **{**fields, **extra})
    return path


def test_non_finite_and_object_databases_are_refused_in_one_sentence(tmp_path, capsys):
    photo = tmp_path / "shot.png"
    Image.new("RGB", (32, 32), (90, 120, 150)).save(photo)
    for values, words in ((np.nan, "non-finite"), (np.inf, "non-finite")):
        embeddings = np.ones((2, 128), np.float32)
        embeddings[1, 3] = values
        db = write_database(tmp_path / "bad.npz", embeddings)
        code, _, err = run(["identify", "--image", photo, "--db", db, "--output", tmp_path / "out"], capsys)
        one_line_error(code, err, words)
    db = tmp_path / "object.npz"
    np.savez(db, names=np.array([{"a": 1}], dtype=object), format=np.array(FORMAT))
    code, _, err = run(["identify", "--image", photo, "--db", db, "--output", tmp_path / "out"], capsys)
    one_line_error(code, err, "damaged")


def test_every_answer_shows_the_databases_provenance(faces, tmp_path, capsys):
    people, camera = faces
    db = tmp_path / "out" / "faces.npz"
    code, out, _ = run(enroll_arguments(people, db), capsys)
    database = FaceDatabase.load(db)
    assert database.provenance.is_untrained and database.provenance.version != "unknown"
    summary = database.summary()
    assert "6 people (12 photos)" in summary and "stand-in" in summary and "UNTRAINED" in summary
    assert f"Face database: {summary}" in out

    output = tmp_path / "out"
    code, out, err = run(["identify", "--image", camera, "--db", db, "--output", output], capsys)
    assert code == 0 and f"Face database: {summary}" in out, err
    with open(output / "identify.csv", newline="") as handle:
        assert {row["provenance"] for row in csv.DictReader(handle)} == {summary}
    code, out, err = run(
        ["verify", "--image", camera / "camera_0.png", "--identity", "ada", "--db", db, "--output", output], capsys
    )
    assert code == 0 and f"Face database: {summary}" in out, err
    for figure in (output / "verify.png", output / "identified" / "camera_0.png"):
        height = Image.open(figure).height
        assert height > 384 + 30, figure  # the 96-pixel photo enlarged to 384, a banner above, a caption below


def test_a_whole_photo_label_is_not_under_the_banner(tmp_path):
    """The face fills the frame (the course's crops): its label sits just below the banner, not under it."""
    photo = np.full((96, 96, 3), 200, np.uint8)
    path = annotate_photo(photo, [((0, 0, 96, 96), "ada 0.08", True)], tmp_path / "a.png", "UNTRAINED", "caption")
    image = np.asarray(Image.open(path).convert("RGB"))
    banner_rows = np.flatnonzero((image[:, 300] == BANNER_RED).all(axis=-1))
    assert banner_rows[0] == 0
    band_end = (
        banner_rows[np.flatnonzero(np.diff(banner_rows) > 1)[0]] + 1 if np.any(np.diff(banner_rows) > 1) else banner_rows[-1] + 1
    )
    tag = image[band_end : band_end + 24, 4:40]
    assert (tag == KNOWN).all(axis=-1).sum() > 100  # the green label tag, below the band
    assert image.shape[0] > 384 + band_end  # the photo (enlarged to 384) is whole, the caption below it


def test_the_dlib_download_error_names_the_offline_ways(monkeypatch):
    import keras

    from assignments.face_recognition.dlib_resnet import find_dlib_manifest

    def offline(*arguments, **keywords):
        raise Exception("URL fetch failure: [Errno -2] Name or service not known")

    monkeypatch.setattr(keras.utils, "get_file", offline)
    with pytest.raises(UserError) as caught:
        find_dlib_manifest(None, None)
    message = str(caught.value)
    assert "Could not download" in message and "$DLS_DATA_DIR" in message and "--weights" in message
    assert "Name or service not known" in message and message.count(". ") == 0
