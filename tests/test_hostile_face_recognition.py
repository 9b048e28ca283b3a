"""Hostile inputs and faults against `python -m assignments.face_recognition`, each a real subprocess.

The classes of docs/bad_input.md's face section: two enrolls at once on one --db, a --db that cannot be
written, a damaged / non-finite / object-array database (refused before TensorFlow loads), file names that
a spreadsheet would run as formulas, and weights files holding NaN. Every case ends with exit 0 and a
correct result, or exit 2 and one sentence, no traceback, nothing lost. Each case loads TensorFlow in a
fresh interpreter, so the file is marked `slow`: `python -m pytest -m slow tests/test_hostile_face_recognition.py`.
The fast in-process versions are in test_face_recognition_faults.py.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np
import pytest
from cli_runner import REPO, run_module, run_probe

from assignments.face_recognition.database import FORMAT, FaceDatabase
from assignments.face_recognition.synthetic import write_sample_people

pytestmark = pytest.mark.slow
MODULE = "assignments.face_recognition"


@pytest.fixture
def people(tmp_path):
    people_folder, _ = write_sample_people(tmp_path / "faces", seed=0)
    return people_folder


def one_sentence(completed, words):
    lines = [line for line in completed.stderr.splitlines() if line.strip()]
    assert completed.returncode == 2, completed.stderr[-2000:]
    assert "Traceback" not in completed.stderr, completed.stderr[-2000:]
    assert lines[-1].startswith("error: ") and words in lines[-1], lines[-1]
    assert not any(line.startswith("error: ") for line in lines[:-1]), completed.stderr


def subset(people, names, folder):
    for name in names:
        shutil.copytree(people / name, folder / name)
    return folder


def test_two_enrolls_at_once_lose_nobody(people, tmp_path):
    db = tmp_path / "out" / "faces.npz"
    first = run_module(
        MODULE, ["enroll", "--encoder", "stand-in", "--people", subset(people, ["ada"], tmp_path / "a"), "--db", db], cwd=tmp_path
    )
    assert first.returncode == 0, first.stderr
    env = {key: value for key, value in os.environ.items() if key != "DLS_DATA_DIR"}
    env.update(PYTHONPATH=str(REPO), TF_CPP_MIN_LOG_LEVEL="2")
    runs = []
    for index, names in enumerate((["bo", "chidi"], ["dana", "emeka", "fei"])):
        folder = subset(people, names, tmp_path / f"p{index}")
        command = [sys.executable, "-m", MODULE, "enroll", "--encoder", "stand-in", "--people", str(folder), "--db", str(db)]
        runs.append(subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    results = [(process.wait(timeout=300), *process.communicate()) for process in runs]
    assert all(code == 0 for code, _, _ in results), [err[-1500:] for _, _, err in results]
    assert sorted(FaceDatabase.load(db)) == ["ada", "bo", "chidi", "dana", "emeka", "fei"]


def test_database_problems_are_refused_before_tensorflow(tmp_path):
    photo = tmp_path / "shot.png"
    write_sample_people(tmp_path / "faces", seed=0)
    shutil.copy(tmp_path / "faces" / "camera" / "camera_0.png", photo)
    garbage = tmp_path / "garbage.npz"
    garbage.write_bytes(os.urandom(600))
    names = np.array(["ann", "bob"])
    non_finite = tmp_path / "nan.npz"
    embeddings = np.ones((2, 128), np.float32)
    embeddings[0, 0] = np.nan
    np.savez(non_finite, names=names, embeddings=embeddings, sources=names, fingerprint=np.array("fp"), format=np.array(FORMAT))
    objects = tmp_path / "objects.npz"
    np.savez(objects, names=np.array([{"ann": 1}], dtype=object), format=np.array(FORMAT))
    for db, words in ((garbage, "damaged"), (non_finite, "non-finite"), (objects, "damaged")):
        for command in (["identify", "--image", str(photo)], ["verify", "--image", str(photo), "--identity", "ann"]):
            started = time.perf_counter()
            result = run_probe(MODULE, [*command, "--db", str(db), "--output", str(tmp_path / "out")])
            assert result["code"] == 2 and words in result["stderr"], result
            assert result["heavy"] == [], result  # one sentence, before TensorFlow and the encoder load
            assert time.perf_counter() - started < 60
    result = run_probe(
        MODULE, ["enroll", "--encoder", "stand-in", "--people", str(tmp_path / "faces" / "people"), "--db", "/proc/dls/faces.npz"]
    )
    assert result["code"] == 2 and "cannot be written" in result["stderr"] and result["heavy"] == [], result


def test_formula_file_names_reach_the_csv_as_text(people, tmp_path):
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    name = '=HYPERLINK("http:x";"y")'
    shutil.copy(people / "ada" / "ada_0.png", hostile / f"{name}.png")
    db = tmp_path / "out" / "faces.npz"
    enrolled = run_module(MODULE, ["enroll", "--encoder", "stand-in", "--people", hostile, "--db", db], cwd=tmp_path)
    assert enrolled.returncode == 0, enrolled.stderr
    shutil.copy(people / "ada" / "ada_1.png", tmp_path / "@shot.png")
    identified = run_module(MODULE, ["identify", "--image", "@shot.png", "--db", db, "--threshold", "9"], cwd=tmp_path)
    assert identified.returncode == 0, identified.stderr
    with open(tmp_path / "out" / "face_recognition" / "identify.csv", newline="", encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    assert row["image"] == "'@shot.png" and row["identity"] == "'" + name, row
    assert "UNTRAINED" in row["provenance"]


def test_facenet_weights_with_nan_are_one_sentence(people, tmp_path):
    import keras

    from assignments.face_recognition.facenet import inception_resnet_v1

    keras.utils.set_random_seed(0)
    model = inception_resnet_v1()
    layer = model.get_layer("Bottleneck")
    kernel = layer.get_weights()[0]
    kernel[0, 0] = np.nan
    layer.set_weights([kernel])
    weights = tmp_path / "nan.weights.h5"
    model.save_weights(weights)
    completed = run_module(
        MODULE, ["enroll", "--weights", weights, "--people", people, "--db", tmp_path / "out" / "f.npz"], cwd=tmp_path
    )
    one_sentence(completed, "not all finite")
    assert not (tmp_path / "out" / "f.npz").exists()


def test_dlib_weights_with_nan_are_one_sentence(people, tmp_path, course_file):
    source = course_file("face_recognition", "face-api-1.7.15/face_recognition_model-weights_manifest.json")
    folder = tmp_path / "dlib"
    folder.mkdir()
    shutil.copy(source.with_name("face_recognition_model.bin"), folder / "face_recognition_model.bin")
    manifest = json.loads(source.read_text())
    manifest[0]["weights"][0]["quantization"]["scale"] = float("nan")
    (folder / source.name).write_text(json.dumps(manifest))
    completed = run_module(
        MODULE,
        ["enroll", "--encoder", "dlib", "--weights", folder, "--people", people, "--db", tmp_path / "out" / "f.npz"],
        cwd=tmp_path,
    )
    lines = [line for line in completed.stderr.splitlines() if line.strip()]
    assert completed.returncode == 2 and "Traceback" not in completed.stderr, completed.stderr[-2000:]
    assert lines[-1].startswith("error: ") and ("finite" in lines[-1] or "NaN" in lines[-1]), lines[-1]
