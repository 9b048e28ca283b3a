"""FaceNet weights: loading a Keras 2 `model.h5` by layer name, Keras 3 `.weights.h5`, and bad files.

The course's weights are not available here, so the test writes a file in the Keras 2 layout
(`model_weights/<layer>/<layer>/<var>:0`, with `layer_names` / `weight_names` attributes) from a model
built with another seed, and checks that every value arrives. The 426-layer model is built twice per module.
"""

from __future__ import annotations

import json

import h5py
import numpy as np
import pytest

from assignments.common.errors import UserError
from assignments.face_recognition.encoders import model_fingerprint
from assignments.face_recognition.facenet import load_facenet_model, load_weights_by_name


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


def scale_sum(inputs, scale):
    """The course's `Lambda` of each Inception-ResNet block, as a named function: shortcut + scale * residual."""
    return inputs[0] + inputs[1] * scale


@pytest.mark.needs_data
@pytest.mark.filterwarnings("ignore:You are saving your model as an HDF5 file")
def test_keras2_model_h5_written_by_tf_keras_loads_with_the_same_embeddings(course_file, tmp_path):
    """The course's model.json rebuilt by tf-keras itself (a genuine Keras 2 writer), randomised,
    saved as a full-model `model.h5`, loaded by `load_facenet_model`: the embeddings must agree."""
    tf_keras = pytest.importorskip("tf_keras")
    config = json.loads(course_file("face_recognition", "keras-facenet-h5/model.json").read_text())
    for layer in config["config"]["layers"]:
        if layer["class_name"] == "Lambda":  # Python bytecode of another Python: replaced by the named function
            layer["config"].update(function="scale_sum", function_type="function", module=None)
    reference = tf_keras.models.model_from_json(json.dumps(config), custom_objects={"scale_sum": scale_sum})
    rng = np.random.default_rng(12)
    values = []
    for variable in reference.weights:
        shape, name = tuple(variable.shape), variable.name
        if "moving_variance" in name:
            values.append(rng.uniform(0.5, 2.0, shape))
        elif "moving_mean" in name or "beta" in name:
            values.append(rng.normal(0.0, 0.1, shape))
        elif "gamma" in name:
            values.append(rng.uniform(0.8, 1.2, shape))
        else:  # kernels (He scale, so that activations stay of order 1 through 426 layers) and biases
            fan_in = int(np.prod(shape[:-1])) if len(shape) > 1 else 1
            values.append(rng.normal(0.0, np.sqrt(2.0 / fan_in) * 0.5, shape) if len(shape) > 1 else rng.normal(0, 0.05, shape))
    reference.set_weights([value.astype(np.float32) for value in values])
    path = tmp_path / "model.h5"
    reference.save(path)  # Keras 2 full-model HDF5, as the course's file

    ours = load_facenet_model(str(path))
    images = rng.uniform(0, 1, size=(3, 160, 160, 3)).astype(np.float32)
    expected = reference.predict(images, verbose=0)
    received = ours.predict_on_batch(images)
    assert np.abs(expected).max() > 1e-2  # not a vanishing signal
    print(f"largest difference {np.abs(received - expected).max():.2e} of values up to {np.abs(expected).max():.2f}")
    np.testing.assert_allclose(received, expected, rtol=1e-4, atol=1e-5 * np.abs(expected).max())
