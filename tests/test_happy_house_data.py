"""Data handling shared by C4W1 and C4W2: course-schema h5 files, folder-per-class datasets, generators,
the tf.data pipeline, and every kind of bad data file (one sentence, no traceback)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from assignments.common.classification.folders import read_image_folder
from assignments.common.classification.h5files import read_h5_split, write_h5_split
from assignments.common.classification.imageset import ImageSet, holdout_split
from assignments.common.classification.pipeline import make_dataset
from assignments.common.classification.sources import read_source
from assignments.common.classification.synthetic_hands import draw_hand_signs
from assignments.common.errors import UserError
from assignments.happy_house import load_happy_dataset
from assignments.happy_house.synthetic import draw_happy_faces


def write_class_folders(root, classes=("0", "1"), per_class=3, sizes=((100, 100), (80, 120))):
    """A folder-per-class dataset with awkward files: JPEG, grayscale, RGBA and 16-bit PNGs of any size."""
    random = np.random.default_rng(0)
    for name in classes:
        folder = root / name
        folder.mkdir(parents=True)
        for index in range(per_class):
            height, width = sizes[index % len(sizes)]
            pixels = random.integers(0, 256, (height, width, 3), dtype=np.uint8)
            kind = index % 4
            if kind == 0:
                Image.fromarray(pixels).save(folder / f"photo{index}.JPG")
            elif kind == 1:
                Image.fromarray(pixels[..., 0]).save(folder / f"gray{index}.png")
            elif kind == 2:
                Image.fromarray(np.dstack([pixels, np.full((height, width), 128, np.uint8)])).save(folder / f"rgba{index}.png")
            else:
                Image.fromarray(pixels[..., 0].astype(np.uint16) * 257).save(folder / f"deep{index}.png")
    return root


def test_h5_round_trip_keeps_the_course_schema(tmp_path):
    import h5py

    data = draw_hand_signs(12, seed=3)
    path = write_h5_split(tmp_path / "train_signs.h5", "train", data)
    with h5py.File(path, "r") as handle:
        assert sorted(handle) == ["list_classes", "train_set_x", "train_set_y"]
        assert handle["train_set_x"].dtype == np.uint8 and handle["train_set_x"].shape == (12, 64, 64, 3)
        assert handle["list_classes"][()].tolist() == [0, 1, 2, 3, 4, 5]
    again = read_h5_split(path, "train")
    assert np.array_equal(again.images, data.images) and np.array_equal(again.labels, data.labels)
    assert again.class_names == [str(label) for label in range(6)]


def test_generators_are_seeded_balanced_and_varied():
    first, second = draw_hand_signs(24, seed=5), draw_hand_signs(24, seed=5)
    assert np.array_equal(first.images, second.images) and np.array_equal(first.labels, second.labels)
    assert np.bincount(first.labels).tolist() == [4] * 6
    assert not np.array_equal(draw_hand_signs(24, seed=6).images, first.images)
    faces = draw_happy_faces(10, seed=1)
    assert faces.images.shape == (10, 64, 64, 3) and faces.images.dtype == np.uint8
    assert np.bincount(faces.labels).tolist() == [5, 5] and faces.class_names == ["0", "1"]


def test_loaders_read_a_data_dir_and_fill_missing_files_with_generated_data(tmp_path, capsys):
    write_h5_split(tmp_path / "test_happy.h5", "test", draw_happy_faces(8, seed=2))
    X_train, Y_train, X_test, Y_test, classes = load_happy_dataset(tmp_path)
    assert X_train.shape == (600, 64, 64, 3) and Y_train.shape == (1, 600)  # generated in the course's size
    assert X_test.shape == (8, 64, 64, 3) and Y_test.shape == (1, 8)  # read from the file
    assert classes.tolist() == [0, 1]
    assert "train_happy.h5 not found; using generated data" in capsys.readouterr().err


def test_folder_per_class_dataset_any_format_is_64x64_rgb(tmp_path):
    root = write_class_folders(tmp_path / "data", classes=("10", "2", "cat"), per_class=4)
    data = read_image_folder(root)
    assert data.images.shape == (12, 64, 64, 3) and data.images.dtype == np.uint8
    assert data.class_names == ["2", "10", "cat"]  # numbers sort as numbers
    assert np.bincount(data.labels).tolist() == [4, 4, 4]
    gray = data.images[1]  # the grayscale PNG became three equal channels
    assert np.array_equal(gray[..., 0], gray[..., 1])


def test_holdout_split_is_per_class_and_disjoint(tmp_path):
    data = ImageSet(np.zeros((40, 64, 64, 3), np.uint8), np.repeat([0, 1], 20), ["a", "b"], "x")
    data.images[:, 0, 0, 0] = np.arange(40)
    train, test = holdout_split(data, 0.15, seed=0)
    assert np.bincount(test.labels).tolist() == [3, 3] and len(train) == 34
    assert not set(train.images[:, 0, 0, 0].tolist()) & set(test.images[:, 0, 0, 0].tolist())


def test_pipeline_scales_batches_and_types_labels():
    data = draw_hand_signs(10, seed=0)
    images, labels = next(iter(make_dataset(data, 4, shuffle=True, seed=0)))
    assert images.shape == (4, 64, 64, 3) and images.dtype.name == "float32"
    assert float(images.numpy().max()) <= 1.0 and labels.dtype.name == "int64"
    one_hot = next(iter(make_dataset(data, 4, shuffle=False, seed=0, one_hot=True)))[1]
    assert one_hot.shape == (4, 6)
    binary = draw_happy_faces(4, seed=0)
    assert next(iter(make_dataset(binary, 4, shuffle=False, seed=0)))[1].dtype.name == "float32"


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda path: None, "does not exist"),
        (lambda path: path.write_bytes(b"this is not hdf5 at all"), "not a readable HDF5 file"),
        (lambda path: _h5(path, {"images": np.zeros((2, 64, 64, 3), np.uint8)}), "none of the course's keys"),
        (
            lambda path: _h5(path, {"train_set_x": np.zeros((2, 64, 64), np.uint8), "train_set_y": np.zeros(2, np.int64)}),
            "expected (m, height, width, 3)",
        ),
        (
            lambda path: _h5(path, {"train_set_x": np.zeros((2, 64, 64, 3), np.uint8), "train_set_y": np.zeros(3, np.int64)}),
            "2 images but 3 labels",
        ),
        (lambda path: _h5(path, {"train_set_x": np.zeros((2, 64, 64, 3), np.uint8)}), "no 'train_set_y'"),
        (
            lambda path: _h5(
                path,
                {
                    "train_set_x": np.zeros((2, 64, 64, 3), np.uint8),
                    "train_set_y": np.array([0, 7]),
                    "list_classes": np.arange(2),
                },
            ),
            "labels from 0 to 7 but 2 classes",
        ),
        (
            lambda path: _h5(path, {"train_set_x": np.zeros((2, 64, 64, 3), np.uint8), "train_set_y": np.array([0.5, 1.0])}),
            "whole-number class labels",
        ),
        # Images of another size must be refused here, not fail deep inside Keras.
        (
            lambda path: _h5(path, {"train_set_x": np.zeros((2, 32, 48, 3), np.uint8), "train_set_y": np.zeros(2, np.int64)}),
            "holds 32x48 images in 'train_set_x', but the course's models take 64x64",
        ),
    ],
    ids=[
        "missing",
        "not-hdf5",
        "wrong-keys",
        "wrong-shape",
        "count-mismatch",
        "no-labels",
        "labels-out-of-range",
        "float-labels",
        "not-64x64",
    ],
)
def test_bad_h5_files_give_one_sentence(tmp_path, make, message):
    path = tmp_path / "train_signs.h5"
    make(path)
    with pytest.raises(UserError, match=None) as error:
        read_h5_split(path, None)
    assert message in str(error.value) and "\n" not in str(error.value)


def _h5(path, datasets):
    import h5py

    with h5py.File(path, "w") as handle:
        for key, value in datasets.items():
            handle.create_dataset(key, data=value)


def test_bad_folders_give_one_sentence(tmp_path):
    (tmp_path / "flat").mkdir()
    Image.new("RGB", (10, 10)).save(tmp_path / "flat" / "a.png")
    with pytest.raises(UserError, match="has neither the course's train_signs.h5 nor class sub-folders"):
        read_source(tmp_path / "flat", "train", "train_signs.h5")
    write_class_folders(tmp_path / "empty_class", classes=("a",), per_class=2)
    (tmp_path / "empty_class" / "b").mkdir()
    with pytest.raises(UserError, match="class folder .* has no images"):
        read_image_folder(tmp_path / "empty_class")
    write_class_folders(tmp_path / "one", classes=("a",), per_class=2)
    with pytest.raises(UserError, match="only one class"):
        read_image_folder(tmp_path / "one")
    write_class_folders(tmp_path / "corrupt", classes=("a", "b"), per_class=1)
    (tmp_path / "corrupt" / "b" / "broken.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    with pytest.raises(UserError, match="not an image|damaged"):
        read_image_folder(tmp_path / "corrupt")


@pytest.mark.needs_data
def test_sign_language_digits_substitute_reads_as_six_classes(course_file):
    folder = course_file("happy_house", "sign_language_digits/Dataset")
    data = read_image_folder(folder)
    assert data.class_names == ["0", "1", "2", "3", "4", "5"]
    assert data.images.shape[1:] == (64, 64, 3) and len(data) > 1200
