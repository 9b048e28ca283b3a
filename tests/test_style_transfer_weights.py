"""VGG19 weights files: a Keras 2 notop .h5 (the course's / Keras' layout) and a Keras 3 .weights.h5 load; other files
are refused with one sentence. The files are written here from a seeded random VGG19: nothing is downloaded."""

from __future__ import annotations

import h5py
import numpy as np
import pytest
from style_transfer_helpers import write_keras2_h5

from assignments.common.errors import UserError
from assignments.style_transfer.network import build_vgg19
from assignments.style_transfer.vgg_weights import (
    VGG19_CONV_LAYERS,
    WeightsChoice,
    check_vgg19_notop_file,
    resolve_vgg19_weights,
)

SHAPE = (32, 32)


@pytest.fixture(scope="module")
def source_vgg():
    return build_vgg19(SHAPE, WeightsChoice(None, "random"), seed=11)


def kernels(model):
    return [model.get_layer(name).get_weights()[0] for name in VGG19_CONV_LAYERS]


def test_random_weights_are_seeded(source_vgg):
    again = build_vgg19(SHAPE, WeightsChoice(None, "random"), seed=11)
    other = build_vgg19(SHAPE, WeightsChoice(None, "random"), seed=12)
    np.testing.assert_array_equal(kernels(again)[0], kernels(source_vgg)[0])
    assert not np.array_equal(kernels(other)[0], kernels(source_vgg)[0])


def test_keras2_notop_h5_loads(source_vgg, tmp_path):
    path = write_keras2_h5(source_vgg, tmp_path / "vgg19_notop.h5")
    assert check_vgg19_notop_file(path) == path
    # A different image size: the weights do not depend on it.
    loaded = build_vgg19((48, 64), resolve_vgg19_weights(path), seed=99)
    for got, expected in zip(kernels(loaded), kernels(source_vgg)):
        np.testing.assert_array_equal(got, expected)
    assert not loaded.trainable


def test_keras3_weights_h5_loads(source_vgg, tmp_path):
    path = tmp_path / "vgg19_notop.weights.h5"
    source_vgg.save_weights(path)
    loaded = build_vgg19(SHAPE, resolve_vgg19_weights(path), seed=99)
    np.testing.assert_array_equal(kernels(loaded)[-1], kernels(source_vgg)[-1])


def test_full_vgg19_with_top_is_refused(source_vgg, tmp_path):
    top = [(name, [(f"{name}/kernel:0", np.zeros((2, 2), np.float32))]) for name in ("fc1", "fc2", "predictions")]
    path = write_keras2_h5(source_vgg, tmp_path / "vgg19_full.h5", extra_layers=top)
    with pytest.raises(UserError, match="classifier"):
        check_vgg19_notop_file(path)


def test_other_model_is_refused(tmp_path):
    import keras

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, name="dense")])
    path = write_keras2_h5(model, tmp_path / "other.h5")
    with pytest.raises(UserError, match="not VGG19 notop .*holds dense"):
        build_vgg19(SHAPE, resolve_vgg19_weights(path))


def test_text_file_is_refused(tmp_path):
    path = tmp_path / "weights.h5"
    path.write_text("not weights")
    with pytest.raises(UserError, match="not an HDF5 file"):
        check_vgg19_notop_file(path)


def test_missing_file_and_untrained_choice(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        resolve_vgg19_weights(tmp_path / "absent.h5")
    assert not resolve_vgg19_weights("untrained").pretrained


def test_default_uses_the_course_file_when_present(source_vgg, tmp_path, monkeypatch):
    course = tmp_path / "style_transfer" / "pretrained-model"
    course.mkdir(parents=True)
    path = write_keras2_h5(source_vgg, course / "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5")
    monkeypatch.setenv("DLS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    choice = resolve_vgg19_weights(None)
    assert choice.pretrained and choice.path == path
    monkeypatch.setenv("DLS_DATA_DIR", str(tmp_path / "elsewhere"))
    assert not resolve_vgg19_weights(None).pretrained


def test_layout_and_name_must_agree(source_vgg, tmp_path):
    keras3 = tmp_path / "vgg19_notop.weights.h5"
    source_vgg.save_weights(keras3)
    renamed = tmp_path / "vgg19_notop.h5"
    keras3.rename(renamed)
    with pytest.raises(UserError, match="rename it to end in .weights.h5"):
        check_vgg19_notop_file(renamed)


def test_failed_download_is_one_sentence(tmp_path, monkeypatch):
    """`--weights imagenet` offline: an unreachable address stands in for the real one, so nothing is downloaded."""
    import dataclasses

    from assignments.style_transfer import vgg_weights

    unreachable = dataclasses.replace(vgg_weights.VGG19_NOTOP, url="http://127.0.0.1:9/vgg19_notop.h5")
    monkeypatch.setattr(vgg_weights, "VGG19_NOTOP", unreachable)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    with pytest.raises(UserError, match="Could not download the ImageNet VGG19 notop weights .* pass its path with --weights"):
        resolve_vgg19_weights("imagenet")


def test_a_notop_file_with_nan_weights_is_refused_in_one_sentence(source_vgg, tmp_path):
    path = write_keras2_h5(source_vgg, tmp_path / "vgg19_notop.h5")
    with h5py.File(path, "r+") as handle:
        kernel = handle["block3_conv2"]["block3_conv2/kernel:0"]
        values = kernel[...]
        values[0, 0, 0, :3] = np.nan
        kernel[...] = values
    with pytest.raises(UserError, match=r"not all finite numbers \(3 NaN or infinite values in .*block3_conv2.*\): pass vgg19"):
        build_vgg19(SHAPE, resolve_vgg19_weights(path), seed=0)
