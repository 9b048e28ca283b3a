"""dlib's pretrained encoder and MTCNN on real photos: the proof that the week recognises real faces.

- the tfjs tensors arrive with the manifest's shapes, and the Keras network has the parameter count the
  docs state (5,607,488);
- on the course's photos: camera_0 → younes (about 0.31) and camera_1 → bertrand (about 0.42), under dlib's
  0.6; a person enrolled from one photo is found again from another (the command line, end to end);
- a course face pasted at a random place and scale into a large unrelated photo is found, boxed and named;
- a landscape has no face: enroll says so, exits 2 and writes nothing;
- photos in grayscale, CMYK, 16-bit and RGBA are read; a database of another encoder, a truncated `.bin`
  and a manifest of other shapes are one clear line each.
"""

from __future__ import annotations

import csv
import json
import shutil

import keras
import numpy as np
import pytest
from PIL import Image

from assignments.common.cli import run_main
from assignments.common.data import find_course_file
from assignments.common.errors import UserError
from assignments.common.tfjs import read_tfjs_weights
from assignments.common.weights import file_digest
from assignments.face_recognition.__main__ import main
from assignments.face_recognition.alignment import align_to_template, chip_template, similarity_transform
from assignments.face_recognition.database import FaceDatabase
from assignments.face_recognition.detection import Face, FaceFinder, find_faces
from assignments.face_recognition.dlib_resnet import DLIB_FILES, MANIFEST_NAME, dlib_face_encoder, load_dlib_encoder
from assignments.face_recognition.encoders import build_encoder, encode_faces

pytestmark = pytest.mark.needs_data

MANIFEST = f"face-api-1.7.15/{MANIFEST_NAME}"
PARAMETERS = 5_607_488  # stated in docs/face_recognition.md


def shared(week, relative):
    path = find_course_file(week, relative)
    if path is None:
        pytest.skip(f"needs_data: {week}/{relative} not found under $DLS_DATA_DIR")
    return path


@pytest.fixture(scope="module")
def encoder():
    shared("face_recognition", MANIFEST)
    return build_encoder("dlib", None, None, seed=0)


@pytest.fixture(scope="module")
def finder():
    return FaceFinder()


def course_photo(name):
    return shared("face_recognition", f"images/{name}")


def descriptor(path, encoder, finder):
    item = find_faces([path], encoder, finder)[0]
    encode_faces([item], encoder, largest_only=True)
    return item.descriptors[0], item


def run(arguments, capsys):
    code = run_main(main, [str(argument) for argument in arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line_error(code, err, words):
    assert code == 2 and "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0], err


def test_tensors_have_the_manifest_shapes_and_the_network_its_parameter_count():
    manifest_path = shared("face_recognition", MANIFEST)
    tensors = read_tfjs_weights(manifest_path)
    specs = [spec for group in json.loads(manifest_path.read_text()) for spec in group["weights"]]
    assert len(tensors) == len(specs) == 117
    assert sum("quantization" in spec for spec in specs) == 109
    for spec in specs:
        assert tensors[spec["name"]].shape == tuple(spec["shape"]), spec["name"]
        assert np.isfinite(tensors[spec["name"]]).all()
    model = dlib_face_encoder()
    assert model.count_params() == PARAMETERS
    # conv + scale folded into one conv: the same count as the manifest's tensors, less the scales' 2 x channels.
    scales = sum(np.prod(spec["shape"]) for spec in specs if "/scale/" in spec["name"])
    assert PARAMETERS == sum(np.prod(spec["shape"]) for spec in specs) - scales


def test_course_camera_shots_are_the_right_people(encoder, finder):
    people = {
        name: descriptor(course_photo(f"{name}.jpg"), encoder, finder)[0]
        for name in ("younes", "bertrand", "andrew", "kian", "dan", "arnaud")
    }
    for camera, expected, about in (("camera_0.jpg", "younes", 0.31), ("camera_1.jpg", "bertrand", 0.42)):
        query, _ = descriptor(course_photo(camera), encoder, finder)
        distances = {name: float(np.linalg.norm(query - stored)) for name, stored in people.items()}
        nearest = min(distances, key=distances.get)
        assert nearest == expected, distances
        assert distances[nearest] < 0.6 and abs(distances[nearest] - about) < 0.05, distances
        assert sorted(distances.values())[1] > distances[nearest] + 0.08  # a clear margin to the next person


def test_chip_is_the_face_upright_on_dlibs_template(encoder, finder):
    _, item = descriptor(course_photo("younes.jpg"), encoder, finder)  # younes' head is tilted in this photo
    face = item.faces[0]
    chip = align_to_template(item.photo, face, 150)
    assert chip.shape == (150, 150, 3) and chip.dtype == np.uint8
    # The fitted similarity recovers a known rotation, scale and shift exactly...
    angle, scale, shift = 0.3, 1.7, np.array([12.0, -4.0])
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    matrix = similarity_transform(face.landmarks, face.landmarks @ (scale * rotation).T + shift)
    np.testing.assert_allclose(matrix, np.hstack([scale * rotation, shift[:, None]]), atol=1e-9)
    # ...and takes this tilted face's eyes onto the template's level eyes, 150 px chip.
    to_chip = similarity_transform(face.landmarks, chip_template(150))
    eyes = face.landmarks[:2] @ to_chip[:, :2].T + to_chip[:, 2]
    assert abs(eyes[0, 1] - eyes[1, 1]) < 3 and np.all(np.abs(eyes - chip_template(150)[:2]) < 6), eyes
    too_small = Face(face.box, 1.0, face.landmarks * 0.1)
    with pytest.raises(UserError, match="too small to align"):
        align_to_template(item.photo, too_small, 150)


def test_a_face_filling_the_frame_is_a_face(encoder, finder):
    # camera_0 cropped inside its own face box: no margin left around the face for MTCNN's windows.
    crop = Image.open(course_photo("camera_0.jpg")).convert("RGB").crop((30, 35, 66, 80))
    faces = finder.find(np.asarray(crop))
    assert faces, "the tight crop was not found"
    query = encoder.encode(encoder.chip(np.asarray(crop), faces[0])[None])[0]
    younes, _ = descriptor(course_photo("younes.jpg"), encoder, finder)
    assert np.linalg.norm(query - younes) < 0.6


def test_enroll_from_one_photo_identify_from_another(tmp_path, capsys):
    people = tmp_path / "people"
    for name in ("younes", "bertrand", "andrew", "kian"):
        (people / name).mkdir(parents=True)
        shutil.copy(course_photo(f"{name}.jpg"), people / name / "enrolled.jpg")
    camera = tmp_path / "camera"
    camera.mkdir()
    for shot in ("camera_0.jpg", "camera_1.jpg"):
        shutil.copy(course_photo(shot), camera / shot)
    db, output = tmp_path / "faces.npz", tmp_path / "out"
    code, out, err = run(["enroll", "--people", people, "--db", db, "--encoder", "dlib", "--output", output], capsys)
    assert code == 0, err
    assert "dlib's pretrained face encoder" in out and "UNTRAINED" not in out
    assert (FaceDatabase.load(db).encoder, FaceDatabase.load(db).weights) == ("dlib", "pretrained")
    # The database remembers its encoder: identify needs no --encoder, and refuses another one.
    code, out, err = run(["identify", "--image", camera, "--db", db, "--output", output], capsys)
    assert code == 0, err
    assert "camera_0.jpg: it's younes" in out and "camera_1.jpg: it's bertrand" in out
    with open(output / "identify.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["identity"], row["encoder"], row["weights"]) for row in rows] == [
        ("younes", "dlib", "pretrained"),
        ("bertrand", "dlib", "pretrained"),
    ]
    assert all(float(row["distance"]) < 0.6 for row in rows)
    code, out, err = run(
        ["verify", "--image", camera / "camera_1.jpg", "--identity", "bertrand", "--db", db, "--output", output], capsys
    )
    assert code == 0 and "It's bertrand, welcome in!" in out and "threshold 0.6" in out, err
    code, _, err = run(["identify", "--image", camera, "--db", db, "--encoder", "stand-in", "--output", output], capsys)
    one_line_error(code, err, "--encoder dlib --align mtcnn")
    # verify takes the largest face; a photo without one is one line and exit 2.
    landscape = shared("style_transfer", "images/monet_800600.jpg")
    before = (output / "verify.png").read_bytes()
    code, _, err = run(["verify", "--image", landscape, "--identity", "younes", "--db", db, "--output", output], capsys)
    one_line_error(code, err, "No face found in")
    assert (output / "verify.png").read_bytes() == before  # the last answer's picture is not overwritten
    before = (output / "identify.csv").read_bytes()
    code, _, err = run(["identify", "--image", landscape, "--db", db, "--output", output], capsys)
    one_line_error(code, err, "No face found in")
    assert (output / "identify.csv").read_bytes() == before


def test_the_notebook_run_offers_the_real_encoder_and_says_which_ran(tmp_path, capsys):
    shared("face_recognition", MANIFEST)
    code, out, err = run(["--output", tmp_path], capsys)  # no FaceNet weights here: dlib runs
    assert code == 0, err
    assert "running dlib's pretrained encoder instead" in out and "Encoder used: dlib (pretrained)" in out
    assert "The database holds 12 people (12 photos)" in out  # every course crop is a face
    assert "camera_0.jpg: it's younes" in out and "camera_1.jpg: it's bertrand" in out
    assert len(list((tmp_path / "identified").glob("camera_*.png"))) == 6


def test_download_constants_name_the_shared_files():
    source = shared("face_recognition", MANIFEST).parent
    for weights in DLIB_FILES:
        assert weights.url.startswith("https://cdn.jsdelivr.net/npm/@vladmandic/face-api@1.7.15/model/")
        assert weights.url.endswith("/" + weights.file_name)
        assert file_digest(source / weights.file_name) == weights.file_hash


def test_face_pasted_into_a_large_photo_is_found_and_named(encoder, finder):
    rng = np.random.default_rng(11)
    scene = Image.open(shared("style_transfer", "images/louvre.jpg")).convert("RGB").resize((1200, 900))
    face = Image.open(course_photo("camera_1.jpg")).convert("RGB")
    size = int(rng.integers(110, 260))
    left, top = int(rng.integers(0, scene.width - size)), int(rng.integers(0, scene.height - size))
    scene.paste(face.resize((size, size), Image.Resampling.BICUBIC), (left, top))
    photo = np.asarray(scene)

    faces = finder.find(photo)
    assert faces, "no face found in the pasted scene"
    box = faces[0].box
    centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    assert left < centre[0] < left + size and top < centre[1] < top + size, (box, (left, top, size))
    assert box[0] >= left - 5 and box[1] >= top - 5 and box[2] <= left + size + 5 and box[3] <= top + size + 5
    query = encoder.encode(encoder.chip(photo, faces[0])[None])[0]
    bertrand, _ = descriptor(course_photo("bertrand.jpg"), encoder, finder)
    younes, _ = descriptor(course_photo("younes.jpg"), encoder, finder)
    assert np.linalg.norm(query - bertrand) < 0.6 < np.linalg.norm(query - younes)


def test_a_landscape_has_no_face_and_nothing_is_enrolled(tmp_path, capsys):
    people = tmp_path / "people" / "monet"
    people.mkdir(parents=True)
    shutil.copy(shared("style_transfer", "images/monet_800600.jpg"), people / "landscape.jpg")
    db = tmp_path / "faces.npz"
    code, out, err = run(["enroll", "--people", people.parent, "--db", db, "--encoder", "dlib", "--output", tmp_path], capsys)
    one_line_error(code, err, "No face found")
    assert "landscape.jpg: no face found" in out
    assert not db.exists() and not any(path.name.startswith(".faces") for path in tmp_path.iterdir())
    code, out, err = run(
        ["enroll", "--people", tmp_path / "people", "--db", db, "--encoder", "stand-in", "--output", tmp_path], capsys
    )
    assert code == 0, err  # the stand-in keeps whole photos (--align none): the landscape is "a face"
    code, out, err = run(
        [
            "verify",
            "--image",
            people / "landscape.jpg",
            "--identity",
            "monet",
            "--db",
            db,
            "--align",
            "mtcnn",
            "--encoder",
            "stand-in",
            "--output",
            tmp_path,
        ],
        capsys,
    )
    one_line_error(code, err, "--align none")  # a database of whole photos is not queried with aligned faces


def test_photo_modes_are_read(tmp_path, encoder, finder):
    rgb = Image.open(course_photo("younes.jpg")).convert("RGB")
    reference, _ = descriptor(course_photo("younes.jpg"), encoder, finder)
    sixteen = (np.asarray(rgb.convert("L"), dtype=np.uint16) * 257).astype(np.uint16)
    variants = {
        "gray.png": rgb.convert("L"),
        "cmyk.jpg": rgb.convert("CMYK"),
        "rgba.png": rgb.convert("RGBA"),
        "sixteen.png": Image.fromarray(sixteen),
    }
    for name, image in variants.items():
        image.save(tmp_path / name)
        query, item = descriptor(tmp_path / name, encoder, finder)
        assert item.photo.dtype == np.uint8 and item.photo.shape[2] == 3, name
        assert np.linalg.norm(query - reference) < 0.6, name  # still younes


def test_damaged_weights_are_one_clear_error(tmp_path, capsys):
    source = shared("face_recognition", MANIFEST).parent
    truncated = tmp_path / "truncated"
    truncated.mkdir()
    shutil.copy(source / MANIFEST_NAME, truncated / MANIFEST_NAME)
    (truncated / "face_recognition_model.bin").write_bytes((source / "face_recognition_model.bin").read_bytes()[:100_000])
    with pytest.raises(UserError, match="truncated"):
        load_dlib_encoder(truncated / MANIFEST_NAME)

    reshaped = tmp_path / "reshaped"
    reshaped.mkdir()
    manifest = json.loads((source / MANIFEST_NAME).read_text())
    fc = next(spec for spec in manifest[0]["weights"] if spec["name"] == "fc")
    fc["shape"] = [128, 256]  # same bytes, other shape
    (reshaped / MANIFEST_NAME).write_text(json.dumps(manifest))
    shutil.copy(source / "face_recognition_model.bin", reshaped / "face_recognition_model.bin")
    people = tmp_path / "people"
    people.mkdir()
    shutil.copy(course_photo("andrew.jpg"), people / "andrew.jpg")
    code, _, err = run(
        [
            "enroll",
            "--people",
            people,
            "--encoder",
            "dlib",
            "--weights",
            reshaped,
            "--db",
            tmp_path / "f.npz",
            "--output",
            tmp_path,
        ],
        capsys,
    )
    one_line_error(code, err, "'fc'")
    assert not (tmp_path / "f.npz").exists()


def test_facenet_style_encoders_take_a_centred_crop_of_the_found_face(tmp_path, capsys, finder):
    photo = np.asarray(Image.open(course_photo("camera_0.jpg")).convert("RGB"))
    face = finder.find(photo)[0]
    stand_in = build_encoder("stand-in", "mtcnn", None, seed=0)
    chip = stand_in.chip(photo, face)
    assert chip.shape == (160, 160, 3) and chip.dtype == np.uint8
    whole = build_encoder("stand-in", "none", None, seed=0).chip(photo, Face((0, 0, 96, 96), 1.0, None))
    assert not np.array_equal(chip, whole)  # the crop, not the whole photo

    people = tmp_path / "people"
    people.mkdir()
    shutil.copy(course_photo("younes.jpg"), people / "younes.jpg")
    db, output = tmp_path / "faces.npz", tmp_path / "out"
    code, out, err = run(
        ["enroll", "--people", people, "--db", db, "--encoder", "stand-in", "--align", "mtcnn", "--output", output], capsys
    )
    assert code == 0, err
    code, out, err = run(["identify", "--image", course_photo("camera_0.jpg"), "--db", db, "--output", output], capsys)
    assert code == 0, err
    with open(output / "identify.csv", newline="") as handle:
        row = next(csv.DictReader(handle))
    box = [float(row[side]) for side in ("left", "top", "right", "bottom")]
    assert box != [0.0, 0.0, 96.0, 96.0] and 10 < box[0] < box[2] < 96 and row["weights"] == "UNTRAINED"


def test_the_keras_model_saves_and_loads_without_lambda(tmp_path, encoder):
    assert not any(isinstance(layer, keras.layers.Lambda) for layer in encoder.model.layers)
    path = tmp_path / "dlib.keras"
    encoder.model.save(path)
    loaded = keras.models.load_model(path)
    chips = np.random.default_rng(3).integers(0, 256, size=(2, 150, 150, 3)).astype(np.float32)
    np.testing.assert_array_equal(loaded.predict_on_batch(chips), encoder.model.predict_on_batch(chips))


def test_two_people_in_one_photo(tmp_path, capsys):
    """Two friends at a table: enroll takes the larger face (and says so); identify names both, with boxes."""
    scene = Image.open(shared("style_transfer", "images/louvre.jpg")).convert("RGB").resize((900, 600))
    scene.paste(Image.open(course_photo("younes.jpg")).convert("RGB").resize((220, 220)), (80, 120))  # the larger face
    scene.paste(Image.open(course_photo("bertrand.jpg")).convert("RGB").resize((170, 170)), (560, 260))
    people = tmp_path / "people" / "younes"
    people.mkdir(parents=True)
    scene.save(people / "table.jpg", quality=95)
    db, output = tmp_path / "faces.npz", tmp_path / "out"
    code, out, err = run(["enroll", "--people", people.parent, "--db", db, "--encoder", "dlib", "--output", output], capsys)
    assert code == 0, err
    assert "table.jpg: 2 faces, enrolled the largest" in out
    (tmp_path / "more" / "bertrand").mkdir(parents=True)
    shutil.copy(course_photo("bertrand.jpg"), tmp_path / "more" / "bertrand" / "1.jpg")
    code, out, err = run(["enroll", "--people", tmp_path / "more", "--db", db, "--output", output], capsys)
    assert code == 0, err

    code, out, err = run(["identify", "--image", people / "table.jpg", "--db", db, "--output", output], capsys)
    assert code == 0, err
    with open(output / "identify.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["face"], row["identity"]) for row in rows] == [("1", "younes"), ("2", "bertrand")]
    first, second = ([float(row[side]) for side in ("left", "top", "right", "bottom")] for row in rows)
    assert 80 <= first[0] < first[2] <= 300 and 560 <= second[0] < second[2] <= 730
    assert "face 1 at (" in out and "face 2 at (" in out
    assert (output / "identified" / "table.png").exists()
