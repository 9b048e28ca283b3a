"""`train --refresh-batchnorm N`: BatchNorm moving statistics re-estimated after training, nothing else changed.

The helper (`refresh_batchnorm_statistics` in assignments/common/classification/batchnorm.py) is shared by
happy_house and resnet50; these tests check its arithmetic on a tiny model with known inputs, that it
leaves every other weight bit-identical on the course's happyModel, and the `train` flag's behaviour.
"""

from __future__ import annotations

import numpy as np
import pytest

from assignments.common.classification.batchnorm import batchnorm_layers, refresh_batchnorm_statistics
from assignments.common.classification.h5files import write_h5_split
from assignments.common.classification.synthetic_hands import draw_hand_signs
from assignments.common.cli import run_main
from assignments.happy_house.__main__ import main as happy_house_main
from assignments.happy_house.synthetic import draw_happy_faces

# The refreshed values are float32 averages of float32 batch statistics; the expectation is computed in
# float64 numpy, so they agree to float32 rounding of values of order 1-10.
TOLERANCE = dict(rtol=1e-5, atol=1e-5)
EPSILON = 1e-3  # Keras's BatchNormalization default


def known_inputs() -> np.ndarray:
    """10 rows x 3 features with different scales per feature, so a mix-up between features would show."""
    rows = np.arange(10, dtype=np.float64)[:, None]
    return np.concatenate([rows, 3.0 * rows**2 - 5.0, np.sin(rows) * 7.0], axis=1).astype(np.float32)


def batched(images: np.ndarray, batch_size: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(images, labels) batches in order: for 10 rows and batch 4, batches of 4, 4 and 2 rows."""
    return [
        (images[start : start + batch_size], np.zeros(len(images[start : start + batch_size])))
        for start in range(0, len(images), batch_size)
    ]


@pytest.fixture()
def tiny_model():
    """Input (3,) → BatchNorm → Dense(2) → BatchNorm, with non-trivial moving statistics to overwrite."""
    import keras

    keras.utils.set_random_seed(3)
    inputs = keras.Input(shape=(3,))
    hidden = keras.layers.BatchNormalization(name="bn_in")(inputs)
    hidden = keras.layers.Dense(2, name="dense")(hidden)
    outputs = keras.layers.BatchNormalization(name="bn_out")(hidden)
    model = keras.Model(inputs, outputs)
    for layer in batchnorm_layers(model):
        layer.moving_mean.assign(np.full(layer.moving_mean.shape, 42.0, dtype=np.float32))
        layer.moving_variance.assign(np.full(layer.moving_variance.shape, 9.0, dtype=np.float32))
    return model


def test_refreshed_statistics_are_the_average_of_the_batch_statistics(tiny_model):
    x = known_inputs()
    batches = batched(x, 4)  # 4, 4 and 2 rows: each batch counts once, whatever its size
    kernel, bias = (np.asarray(weight, dtype=np.float64) for weight in tiny_model.get_layer("dense").get_weights())
    expected_in_mean = np.mean([rows.mean(axis=0) for rows, _ in batches], axis=0)
    expected_in_variance = np.mean([rows.var(axis=0) for rows, _ in batches], axis=0)  # biased, as Keras's moments
    # In training mode bn_in normalises each batch with that batch's own statistics (gamma 1, beta 0).
    dense_outputs = [((rows - rows.mean(axis=0)) / np.sqrt(rows.var(axis=0) + EPSILON)) @ kernel + bias for rows, _ in batches]
    expected_out_mean = np.mean([out.mean(axis=0) for out in dense_outputs], axis=0)
    expected_out_variance = np.mean([out.var(axis=0) for out in dense_outputs], axis=0)
    momenta = [layer.momentum for layer in batchnorm_layers(tiny_model)]

    refreshed = refresh_batchnorm_statistics(tiny_model, batches, passes=2)  # the same batches twice: same average

    assert refreshed == 2
    bn_in, bn_out = tiny_model.get_layer("bn_in"), tiny_model.get_layer("bn_out")
    np.testing.assert_allclose(bn_in.moving_mean.numpy(), expected_in_mean, **TOLERANCE)
    np.testing.assert_allclose(bn_in.moving_variance.numpy(), expected_in_variance, **TOLERANCE)
    np.testing.assert_allclose(bn_out.moving_mean.numpy(), expected_out_mean, **TOLERANCE)
    np.testing.assert_allclose(bn_out.moving_variance.numpy(), expected_out_variance, **TOLERANCE)
    # The average of batch means is not the mean over all rows when the last batch is smaller: make
    # sure the test would tell the two apart.
    assert not np.allclose(expected_in_mean, x.mean(axis=0), **TOLERANCE)
    assert [layer.momentum for layer in batchnorm_layers(tiny_model)] == momenta


def test_only_batchnorm_statistics_change_on_happy_model():
    import keras

    from assignments.happy_house.models import happyModel

    keras.utils.set_random_seed(0)
    model = happyModel()
    statistics = {id(variable) for layer in batchnorm_layers(model) for variable in (layer.moving_mean, layer.moving_variance)}
    others_before = [(variable.path, variable.numpy().copy()) for variable in model.weights if id(variable) not in statistics]
    statistics_before = [variable.numpy().copy() for variable in model.weights if id(variable) in statistics]
    assert others_before and len(statistics_before) == 2  # happyModel has one BatchNorm layer
    images = draw_happy_faces(24, seed=5).images.astype(np.float32) / 255.0  # (24, 64, 64, 3)

    refresh_batchnorm_statistics(model, batched(images, 8), passes=1)

    for (path, before), variable in zip(others_before, [v for v in model.weights if id(v) not in statistics]):
        assert variable.path == path
        assert np.array_equal(variable.numpy(), before), f"{path} changed"
    statistics_after = [variable.numpy() for variable in model.weights if id(variable) in statistics]
    assert all(not np.array_equal(after, before) for after, before in zip(statistics_after, statistics_before))


def test_frozen_layers_are_left_alone_and_bad_arguments_are_refused(tiny_model):
    tiny_model.get_layer("bn_out").trainable = False  # frozen BN runs in inference mode even when training
    assert refresh_batchnorm_statistics(tiny_model, batched(known_inputs(), 5), passes=1) == 1
    np.testing.assert_array_equal(tiny_model.get_layer("bn_out").moving_mean.numpy(), np.full(2, 42.0, dtype=np.float32))
    with pytest.raises(ValueError, match="passes must be at least 1, got 0"):
        refresh_batchnorm_statistics(tiny_model, batched(known_inputs(), 5), passes=0)
    with pytest.raises(ValueError, match="no batch"):
        refresh_batchnorm_statistics(tiny_model, [], passes=1)
    assert tiny_model.get_layer("bn_in").momentum == 0.99  # restored after the error too


def test_train_flag_refreshes_and_reports(tmp_path, capsys):
    data = tmp_path / "faces"
    data.mkdir()
    write_h5_split(data / "train_happy.h5", "train", draw_happy_faces(24, seed=0))
    write_h5_split(data / "test_happy.h5", "test", draw_happy_faces(8, seed=1))
    code = run_main(
        happy_house_main,
        [
            "train",
            "--model",
            "happy",
            "--data",
            str(data),
            "--epochs",
            "1",
            "--batch-size",
            "8",
            "--refresh-batchnorm",
            "2",
            "--output",
            str(tmp_path / "out"),
        ],
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert "BatchNorm statistics re-estimated from 2 passes over 24 training images (1 layer," in printed
    assert (tmp_path / "out" / "model.keras").is_file()


def test_train_flag_on_a_model_without_batchnorm_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "signs"
    data.mkdir()
    write_h5_split(data / "train_signs.h5", "train", draw_hand_signs(12, seed=0))
    write_h5_split(data / "test_signs.h5", "test", draw_hand_signs(6, seed=1))
    out = tmp_path / "never"
    for argv, expected in [
        (["--refresh-batchnorm", "1"], "the signs model has none: leave it at 0"),
        (["--refresh-batchnorm", "-1"], "--refresh-batchnorm: expected a whole number >= 0"),
    ]:
        try:
            code = run_main(happy_house_main, ["train", "--model", "signs", "--data", str(data), "--output", str(out), *argv])
        except SystemExit as stop:  # argparse's own errors exit from parse_args
            code = stop.code
        error = capsys.readouterr().err.strip()
        assert code == 2 and len(error.splitlines()) == 1 and expected in error, error
    assert not out.exists()  # refused before training and before creating the output folder
