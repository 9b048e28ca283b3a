"""`load_pretrained_resnet50`: the course's Keras 2 `resnet50.h5` layout (full model or weights only), a
Keras 3 `.weights.h5`, and files that are not the course's ResNet50. The course's real file cannot be had
here, so the tests write files in its layout from a seeded model of ours (HDF5 written with h5py, the
way Keras 2 laid it out: `model_weights/<layer>/<layer>/<weight>:0` with `layer_names` / `weight_names`)."""

from __future__ import annotations

import zipfile

import h5py
import numpy as np
import pytest

from assignments.common.errors import UserError
from assignments.resnet50 import ResNet50, load_pretrained_resnet50
from assignments.resnet50.pretrained import extract_course_zip


def write_keras2_file(model, path, *, full_model: bool = True) -> None:
    """Writes `model`'s weights the way Keras 2's `model.save(...h5)` (or `save_weights`) laid them out."""
    with h5py.File(path, "w") as handle:
        handle.attrs["keras_version"] = b"2.4.0"
        handle.attrs["backend"] = b"tensorflow"
        group = handle.create_group("model_weights") if full_model else handle
        names = [f"k2_{index}_{type(layer).__name__.lower()}" for index, layer in enumerate(model.layers)]
        group.attrs["layer_names"] = np.array([name.encode() for name in names])
        for name, layer in zip(names, model.layers):
            layer_group = group.create_group(name)
            weight_names = [f"{name}/{weight.name}:0" for weight in layer.weights]
            layer_group.attrs["weight_names"] = np.array([weight.encode() for weight in weight_names])
            for weight_name, weight in zip(weight_names, layer.weights):
                layer_group.create_dataset(weight_name, data=np.asarray(weight))


@pytest.fixture(scope="module")
def source_model():
    import keras

    keras.utils.set_random_seed(7)
    model = ResNet50(input_shape=(64, 64, 3), classes=6)
    # Make the BatchNorm statistics non-trivial so that loading them is really checked.
    for layer in model.layers:
        if type(layer).__name__ == "BatchNormalization":
            layer.moving_mean.assign(np.random.default_rng(0).normal(0, 0.1, layer.moving_mean.shape))
            layer.moving_variance.assign(np.random.default_rng(1).uniform(0.5, 1.5, layer.moving_variance.shape))
    return model


@pytest.mark.parametrize("full_model", [True, False], ids=["full-model", "weights-only"])
def test_loads_the_course_layout_layer_by_layer(source_model, tmp_path, full_model):
    write_keras2_file(source_model, tmp_path / "resnet50.h5", full_model=full_model)
    model = load_pretrained_resnet50(tmp_path / "resnet50.h5")
    assert len(model.weights) == len(source_model.weights) == 320
    for ours, theirs in zip(model.weights, source_model.weights):
        np.testing.assert_array_equal(np.asarray(ours), np.asarray(theirs), err_msg=theirs.path)


def test_other_files_are_refused_in_one_sentence(tmp_path):
    from assignments.happy_house import happyModel

    write_keras2_file(happyModel(), tmp_path / "happy.h5")
    with pytest.raises(UserError, match="has 3 layers with weights, the course's ResNet50 has 107"):
        load_pretrained_resnet50(tmp_path / "happy.h5")
    (tmp_path / "text.h5").write_text("hello")
    with pytest.raises(UserError, match="not a readable HDF5 file"):
        load_pretrained_resnet50(tmp_path / "text.h5")
    with h5py.File(tmp_path / "plain.h5", "w") as handle:
        handle.create_dataset("x", data=np.zeros(3))
    with pytest.raises(UserError, match="not a Keras 2 model or weights file"):
        load_pretrained_resnet50(tmp_path / "plain.h5")
    with pytest.raises(UserError, match="does not exist"):
        load_pretrained_resnet50(tmp_path / "missing.h5")


def test_course_zip_is_extracted_once(tmp_path):
    with zipfile.ZipFile(tmp_path / "ResNet50.h5.zip", "w") as archive:
        archive.writestr("resnet50.h5", b"pretend weights")
        archive.writestr("__MACOSX/._resnet50.h5", b"junk")
    extracted = extract_course_zip(tmp_path / "ResNet50.h5.zip")
    assert extracted == tmp_path / "resnet50.h5" and extracted.read_bytes() == b"pretend weights"
    (tmp_path / "bad.zip").write_bytes(b"no zip")
    with pytest.raises(UserError, match="not a valid zip file"):
        extract_course_zip(tmp_path / "bad.zip")
