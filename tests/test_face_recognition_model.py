"""FaceNet weights: loading a Keras 2 `model.h5` by layer name, Keras 3 `.weights.h5`, and bad files.

The course's weights are not available here, so the test writes a file in the Keras 2 layout
(`model_weights/<layer>/<layer>/<var>:0`, with `layer_names` / `weight_names` attributes) from a model
built with another seed, and checks that every value arrives. The 426-layer model is built twice per module.
"""

from __future__ import annotations

import h5py
import numpy as np
import pytest

from assignments.common.errors import UserError
from assignments.face_recognition.model import load_facenet_model, load_weights_by_name, model_fingerprint


def write_keras2_weights(model, path, skip=(), reshape=()):
    """Writes `model`'s weights as Keras 2's `model.save("model.h5")` lays them out."""
    with h5py.File(path, "w") as handle:
        root = handle.create_group("model_weights")
        names = [layer.name for layer in model.layers if layer.name not in skip]
        root.attrs["layer_names"] = [name.encode() for name in names]
        root.attrs["keras_version"] = b"2.4.0"
        root.attrs["backend"] = b"tensorflow"
        for layer in model.layers:
            if layer.name in skip:
                continue
            group = root.create_group(layer.name)
            weight_names = [f"{layer.name}/{variable.name}:0" for variable in layer.weights]
            group.attrs["weight_names"] = [name.encode() for name in weight_names]
            for name, variable in zip(weight_names, layer.weights):
                value = variable.numpy()
                if layer.name in reshape:
                    value = value[..., :-1]
                group.create_dataset(name, data=value)
    return path


@pytest.fixture(scope="module")
def source_model():
    return load_facenet_model(seed=1)


@pytest.fixture(scope="module")
def keras2_file(source_model, tmp_path_factory):
    return write_keras2_weights(source_model, tmp_path_factory.mktemp("weights") / "model.h5")


@pytest.fixture(scope="module")
def loaded_model(keras2_file):
    return load_facenet_model(str(keras2_file))


def test_keras2_h5_loads_by_layer_name(source_model, loaded_model, keras2_file):
    assert source_model.weights_source is None  # untrained, seeded
    assert loaded_model.weights_source == str(keras2_file)
    assert len(loaded_model.weights) == len(source_model.weights)
    for ours, theirs in zip(loaded_model.weights, source_model.weights):
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy(), err_msg=ours.path)
    # Same values → same fingerprint, so a database enrolled with the source model is usable with this one.
    assert model_fingerprint(loaded_model) == model_fingerprint(source_model)


def test_file_missing_layers_is_refused(loaded_model, source_model, tmp_path):
    partial = write_keras2_weights(source_model, tmp_path / "partial.h5", skip={"Bottleneck", "Bottleneck_BatchNorm"})
    with pytest.raises(UserError, match="lacks 2 of FaceNet's layers"):
        load_weights_by_name(loaded_model, partial)


def test_file_with_other_shapes_is_refused(loaded_model, source_model, tmp_path):
    other = write_keras2_weights(source_model, tmp_path / "other.h5", reshape={"Bottleneck"})
    with pytest.raises(UserError, match="do not fit FaceNet"):
        load_weights_by_name(loaded_model, other)


def test_not_hdf5_is_refused(loaded_model, tmp_path):
    fake = tmp_path / "model.h5"
    fake.write_bytes(b"this is not an HDF5 file")
    with pytest.raises(UserError, match="not an HDF5"):
        load_weights_by_name(loaded_model, fake)
    with pytest.raises(UserError, match="does not exist"):
        load_facenet_model(str(tmp_path / "absent.h5"))


def test_keras3_weights_file_round_trip(loaded_model, source_model, tmp_path):
    path = tmp_path / "facenet.weights.h5"
    source_model.save_weights(path)
    load_weights_by_name(loaded_model, path)
    assert model_fingerprint(loaded_model) == model_fingerprint(source_model)
