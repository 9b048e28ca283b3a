"""`python -m assignments.face_recognition`: enroll / verify / identify, bad input, and a real-model smoke test.

Most cases run in-process with `--encoder stand-in` (a tiny deterministic encoder, documented in --help)
so they take milliseconds; one subprocess run encodes with the real 426-layer FaceNet at batch size 2.
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import numpy as np
import pytest
from cli_runner import run_module
from PIL import Image

from assignments.common.cli import run_main
from assignments.face_recognition.__main__ import main
from assignments.face_recognition.database import FaceDatabase
from assignments.face_recognition.detection import find_faces
from assignments.face_recognition.encoders import build_encoder, encode_faces
from assignments.face_recognition.encoding import img_to_encoding, load_face_image
from assignments.face_recognition.synthetic import write_sample_people


@pytest.fixture
def faces(tmp_path):
    """Generated people (6 x 2 photos) and camera shots."""
    return write_sample_people(tmp_path / "faces", seed=0)


def run(arguments, capsys):
    code = run_main(main, [str(argument) for argument in arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_user_error(code, err, words):
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    assert words in lines[0], lines[0]


def enroll(people, db, capsys, *extra):
    code, out, err = run(
        ["enroll", "--people", people, "--db", db, "--encoder", "stand-in", "--output", db.parent, *extra], capsys
    )
    assert code == 0, err
    return out


def test_enroll_identify_verify(faces, tmp_path, capsys):
    people, camera = faces
    db = tmp_path / "out" / "faces.npz"
    out = enroll(people, db, capsys)
    assert "STAND-IN ENCODER" in out and "6 people (12 photos)" in out
    database = FaceDatabase.load(db)
    assert list(database) == ["ada", "bo", "chidi", "dana", "emeka", "fei"]
    assert (database.encoder, database.alignment, database.weights) == ("stand-in", "none", "UNTRAINED")

    code, out, err = run(
        ["identify", "--image", camera, "--db", db, "--encoder", "stand-in", "--top-k", "2", "--output", tmp_path / "out"], capsys
    )
    assert code == 0, err
    with open(tmp_path / "out" / "identify.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [Path(row["image"]).name for row in rows] == [f"camera_{index}.png" for index in range(6)]
    assert all(len(row["top_2"].split(";")) == 2 for row in rows)
    assert all(row["weights"] == "UNTRAINED" and row["face"] == "1" for row in rows)  # the label in the CSV
    assert (rows[0]["left"], rows[0]["top"], rows[0]["right"], rows[0]["bottom"]) == ("0.0", "0.0", "96.0", "96.0")
    assert sorted(path.name for path in (tmp_path / "out" / "identified").iterdir()) == [
        f"camera_{index}.png" for index in range(6)
    ]
    if importlib.util.find_spec("faiss") is not None:  # the optional engine gives the same CSV
        numpy_csv = (tmp_path / "out" / "identify.csv").read_text()
        code, _, err = run(
            [
                "identify",
                "--image",
                camera,
                "--db",
                db,
                "--encoder",
                "stand-in",
                "--top-k",
                "2",
                "--search",
                "faiss",
                "--output",
                tmp_path / "out",
            ],
            capsys,
        )
        assert code == 0 and (tmp_path / "out" / "identify.csv").read_text() == numpy_csv, err

    code, out, err = run(
        [
            "verify",
            "--image",
            camera / "camera_0.png",
            "--identity",
            "ada",
            "--db",
            db,
            "--encoder",
            "stand-in",
            "--output",
            tmp_path / "out",
        ],
        capsys,
    )
    assert code == 0, err
    assert ("It's ada, welcome in!" in out) or ("It's not ada, please go away" in out)
    assert "distance to ada:" in out and (tmp_path / "out" / "verify.png").exists()


def test_re_enroll_keeps_the_others(faces, tmp_path, capsys):
    people, _ = faces
    db = tmp_path / "faces.npz"
    enroll(people, db, capsys)
    before = FaceDatabase.load(db)
    newcomer = tmp_path / "new"
    (newcomer / "zoe").mkdir(parents=True)
    Image.new("RGB", (96, 96), (200, 150, 120)).save(newcomer / "zoe" / "1.png")
    (newcomer / "ada").mkdir()
    Image.new("RGB", (96, 96), (10, 150, 120)).save(newcomer / "ada" / "new.png")
    out = enroll(newcomer, db, capsys)
    assert "Enrolling 2 people (2 photos)" in out  # only the new photos were encoded
    after = FaceDatabase.load(db)
    assert sorted(after) == sorted([*before, "zoe"])
    assert [Path(source).name for source in after.sources if "ada" in source] == ["new.png"]
    np.testing.assert_array_equal(after["bo"], before["bo"])


def test_bad_input(faces, tmp_path, capsys):
    people, camera = faces
    db = tmp_path / "faces.npz"
    enroll(people, db, capsys)
    common = ["--encoder", "stand-in", "--output", tmp_path / "out"]

    code, _, err = run(["verify", "--image", camera / "camera_0.png", "--identity", "nobody", "--db", db, *common], capsys)
    assert_user_error(code, err, "'nobody' is not in")

    code, _, err = run(["identify", "--image", camera, "--db", db, "--seed", "1", *common], capsys)
    assert_user_error(code, err, "different model")

    empty = tmp_path / "empty.npz"
    FaceDatabase.empty("x").save(empty)
    code, _, err = run(["identify", "--image", camera, "--db", empty, *common], capsys)
    assert_user_error(code, err, "is empty")

    corrupt = tmp_path / "corrupt.npz"
    corrupt.write_bytes(db.read_bytes()[:200])
    code, _, err = run(["identify", "--image", camera, "--db", corrupt, *common], capsys)
    assert_user_error(code, err, "damaged")

    code, _, err = run(["identify", "--image", tmp_path / "absent.jpg", "--db", db, *common], capsys)
    assert_user_error(code, err, "does not exist")

    not_image = tmp_path / "not_an_image.jpg"
    not_image.write_text("hello")
    code, _, err = run(["identify", "--image", not_image, "--db", db, *common], capsys)
    assert_user_error(code, err, "not an image")

    # A corrupt photo while enrolling: nothing is written, the old database is untouched.
    bad_people = tmp_path / "bad_people"
    (bad_people / "eve").mkdir(parents=True)
    (bad_people / "eve" / "1.jpg").write_bytes(b"\xff\xd8\xff not really a jpeg")
    before = db.read_bytes()
    code, _, err = run(["enroll", "--people", bad_people, "--db", db, *common], capsys)
    assert_user_error(code, err, "1.jpg")
    assert db.read_bytes() == before
    # No temporary left behind (the empty lock file of the earlier enroll stays, by design: common/locking.py).
    assert not any(path.name.startswith(".faces") and path.name != ".faces.npz.lock" for path in db.parent.iterdir())

    no_images = tmp_path / "no_images"
    no_images.mkdir()
    fresh = tmp_path / "fresh.npz"
    code, _, err = run(["enroll", "--people", no_images, "--db", fresh, *common], capsys)
    assert_user_error(code, err, "has no images")
    assert not fresh.exists()

    with pytest.raises(SystemExit) as exit_info:
        main(["identify", "--image", str(camera), "--db", str(db), "--top-k", "0"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "--top-k" in err and len(err.strip().splitlines()) == 1


def test_real_facenet_smoke(tmp_path, capsys):
    """The real network: enroll in a subprocess, identify in this process; the seeded fingerprints must agree."""
    people = tmp_path / "people"
    for name, colour in (("ann", (200, 160, 140)), ("bob", (90, 60, 40))):
        (people / name).mkdir(parents=True)
        Image.new("RGBA", (96, 96), (*colour, 255)).save(people / name / "1.png")
    enrolled = run_module(
        "assignments.face_recognition", ["enroll", "--people", people, "--db", "faces.npz", "--batch-size", "2"], cwd=tmp_path
    )
    assert enrolled.returncode == 0, enrolled.stderr
    assert "UNTRAINED WEIGHTS" in enrolled.stdout and "Wrote: faces.npz" in enrolled.stdout
    assert "Traceback" not in enrolled.stderr

    code, out, err = run(
        [
            "identify",
            "--image",
            people / "bob" / "1.png",
            "--db",
            tmp_path / "faces.npz",
            "--top-k",
            "2",
            "--output",
            tmp_path / "out",
        ],
        capsys,
    )
    assert code == 0, err
    assert "1.png: it's bob, the distance is " in out and "nearest: bob 0.0000, ann" in out
    assert "UNTRAINED WEIGHTS" in out and (tmp_path / "out" / "identified" / "1.png").exists()


def test_the_pipeline_with_whole_photos_is_img_to_encoding(faces):
    """--align none feeds the encoder exactly what the course's img_to_encoding does."""
    people, camera = faces
    encoder = build_encoder("stand-in", "none", None, seed=0)
    photos = find_faces(sorted(camera.glob("*.png")), encoder)
    encode_faces(photos, encoder, batch_size=4)
    for item in photos:
        chip = encoder.chip(item.photo, item.faces[0])  # uint8 (160, 160, 3)
        network_input = np.around(chip.astype(np.float64) / 255.0, decimals=12).astype(np.float32)
        np.testing.assert_array_equal(network_input, load_face_image(item.path))  # the very same input
        # The same encoding, up to float rounding of a batch of 4 against a batch of 1.
        np.testing.assert_allclose(item.descriptors, img_to_encoding(item.path, encoder.model), atol=1e-6)


def test_docs_flag_tables_are_the_parsers():
    from assignments.common import flag_tables

    document = Path(__file__).resolve().parent.parent / "docs" / "face_recognition.md"
    text = document.read_text(encoding="utf-8")
    assert text.count("<!-- flags: python -m assignments.face_recognition ") == 4
    assert flag_tables.render(text) == text, "run python -m assignments.common.flag_tables --write docs/face_recognition.md"
    assert flag_tables.stray_flag_rows(text) == []


def test_the_light_defaults_are_the_encoders_own():
    from assignments.face_recognition import cli, dlib_resnet, recognition

    assert cli.THRESHOLDS == {"facenet": recognition.THRESHOLD, "dlib": dlib_resnet.THRESHOLD, "stand-in": recognition.THRESHOLD}
    assert recognition.nearest_identity.__fast_path_of__ == "who_is_it"


def test_settings_are_decided_once_and_frozen(faces, tmp_path, capsys):
    """An existing database's encoder and alignment fill in what the flags leave open; the value is frozen."""
    import dataclasses

    from assignments.face_recognition.__main__ import checked
    from assignments.face_recognition.cli import parse_arguments

    people, camera = faces
    db = tmp_path / "out" / "faces.npz"
    enroll(people, db, capsys)
    argv = [str(value) for value in ("identify", "--image", camera, "--db", db, "--output", tmp_path / "out")]
    settings, database = checked(parse_arguments(argv))
    assert (settings.encoder, settings.align, settings.threshold) == ("stand-in", "none", 0.7)
    assert len(database) == 6
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.encoder = "dlib"
