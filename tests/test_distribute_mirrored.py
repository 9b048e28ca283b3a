"""MirroredStrategy on a CPU split into two logical devices: the same training as one device, and the CLI path.

Each test starts a fresh interpreter, because the CPU can be split only before TensorFlow starts its runtime.

What is equal, and why the test does two things to get there:
- the SIGNS ConvNet and the U-Net, trained on one device with a global batch of 8 and under MirroredStrategy
  with 4 per replica on two devices, end with the same weights to float tolerance: Keras averages the loss
  over the global batch and the strategy adds the replicas' gradients, so every update is the same;
- under a strategy Keras peeks at one batch to build the model before training (`_maybe_symbolic_build`),
  which starts one extra pass over the pipeline; a pipeline that reshuffles every pass therefore gives the
  mirrored run the orders the one-device run sees one pass later. The one-device reference here starts one
  pass of its own first, so both runs see the same orders;
- the U-Net's Dropout (rate 0.3 in its two deepest blocks) draws one mask per replica for half the batch, not
  one for the whole batch, so no seed makes the two runs equal with it. The test sets the rate to 0 and shows
  that everything else is equal; with dropout the runs agree in distribution, not in value.
- BatchNormalization (happyModel, ResNet50) normalises with each replica's own half-batch statistics, so it
  differs for the same reason; worse, Keras 3.15 keeps one moving mean and variance per replica (they are not
  averaged), and saves the first replica's. The test shows that, and that the trained weights stay equal.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys

from cli_runner import REPO

EQUIVALENCE = """
import json, sys
import numpy as np
import tensorflow as tf

cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
import keras

from assignments.common.classification.training import compile_model as compile_classifier
from assignments.common.distribute import start_distribution
from assignments.happy_house import convolutional_model
from assignments.unet_segmentation import unet_model
from assignments.unet_segmentation.training import compile_model as compile_unet

rng = np.random.default_rng(0)
signs = (rng.random((16, 64, 64, 3), dtype=np.float32), rng.integers(0, 6, 16))
scenes = (rng.random((16, 32, 32, 3), dtype=np.float32), rng.integers(0, 5, (16, 32, 32, 1)).astype(np.uint8))

def build_signs():
    return compile_classifier(convolutional_model((64, 64, 3), 6), 6, 0.01)

def build_unet():
    model = unet_model((32, 32, 3), n_filters=4, n_classes=5)
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dropout):
            layer.rate = 0.0  # one mask per replica cannot equal one mask per batch (see the module docstring)
    return compile_unet(model, 5, 0.01)

# One strategy of each kind per process: a second MirroredStrategy would reuse the first one's collective keys.
DISTRIBUTIONS = {name: start_distribution(name) for name in ("none", "mirrored")}

def train(strategy_name, per_replica, build, data):
    distribution = DISTRIBUTIONS[strategy_name]
    keras.utils.set_random_seed(3)
    with distribution.scope():
        model = build()
    batches = tf.data.Dataset.from_tensor_slices(data).shuffle(16, seed=3, reshuffle_each_iteration=True)
    batches = distribution.shard(batches.batch(distribution.global_batch_size(per_replica)), "data")
    if distribution.replicas == 1:
        iter(batches)  # the pass Keras starts to build the model under a strategy (see the module docstring)
    history = model.fit(batches, epochs=2, verbose=0, shuffle=False)
    return distribution.replicas, model.get_weights(), history.history["loss"], np.asarray(model(data[0], training=False))

report = {}
for name, build, data in (("signs", build_signs, signs), ("unet", build_unet, scenes)):
    one_replicas, one_weights, one_losses, one_outputs = train("none", 8, build, data)
    two_replicas, two_weights, two_losses, two_outputs = train("mirrored", 4, build, data)
    differences = np.concatenate([np.abs(a - b).ravel() for a, b in zip(one_weights, two_weights)])
    report[name] = {
        "replicas": [one_replicas, two_replicas],
        "weight_difference_max": float(differences.max()),
        "weight_difference_99": float(np.quantile(differences, 0.99)),
        "output_difference": float(np.max(np.abs(one_outputs - two_outputs))),
        "losses": [one_losses, two_losses],
        "moved": max(float(np.max(np.abs(a - b))) for a, b in zip(one_weights, build().get_weights())),
    }
# BatchNormalization: each replica normalises with, and averages, its own half of the batch. Half the batch
# is zeros and half is twos, so the replicas' moving means become 0 and 2 (momentum 0 keeps the last batch's).
with DISTRIBUTIONS["mirrored"].scope():
    model = keras.Sequential([keras.Input((3,)), keras.layers.BatchNormalization(momentum=0.0), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
halves = np.concatenate([np.zeros((4, 3)), np.full((4, 3), 2.0)]).astype(np.float32)
model.fit(tf.data.Dataset.from_tensor_slices((halves, np.ones((8, 1), np.float32))).batch(8), epochs=1, verbose=0)
moving_mean = model.layers[0].moving_mean.value  # a MirroredVariable: one copy per replica
kernel = model.layers[1].kernel.value
report["batchnorm"] = {
    "moving_means": [float(np.mean(copy.numpy())) for copy in moving_mean.values],
    "saved_moving_mean": float(np.mean(model.layers[0].get_weights()[2])),
    "kernel_copies_differ_by": float(np.max(np.abs(kernel.values[0].numpy() - kernel.values[1].numpy()))),
}
print(json.dumps(report))
"""


def run_python(code: str, *arguments, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code, *arguments],
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "TF_CPP_MIN_LOG_LEVEL": "2", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_mirrored_on_two_devices_trains_like_one_device_with_the_same_global_batch():
    completed = run_python(EQUIVALENCE)
    assert completed.returncode == 0, completed.stderr[-3000:]
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    batchnorm = report.pop("batchnorm")
    # What holds with BatchNormalization: trained weights stay equal on every replica (their gradients are
    # added), the moving statistics do not (each replica's come from its own part of every batch), and what
    # is saved is the first replica's. `--refresh-batchnorm` re-estimates them from all the data.
    assert batchnorm["moving_means"] == [0.0, 2.0], batchnorm
    assert batchnorm["saved_moving_mean"] == 0.0 and batchnorm["kernel_copies_differ_by"] == 0.0, batchnorm
    for name, result in report.items():
        assert result["replicas"] == [1, 2], name
        assert result["moved"] > 1e-3, f"{name}: training did not change the weights, so the comparison proves nothing"
        # Adam divides each gradient by its running RMS, so a weight whose gradient is near round-off level
        # moves by a good part of the learning rate in a direction that round-off helps to set: a few single
        # U-Net weights differ by up to 2e-4 (99% by under 1e-5; the ConvNet's all by under 1e-7) while the
        # two models compute the same function to 1e-5.
        assert result["weight_difference_99"] < 1e-5 and result["weight_difference_max"] < 1e-3, (name, result)
        assert result["output_difference"] < 1e-4, (name, result)
        one_losses, two_losses = result["losses"]
        assert max(abs(a - b) for a, b in zip(one_losses, two_losses)) < 1e-5, (name, result["losses"])


def run_on_two_devices(module: str, arguments: list[str], cwd) -> subprocess.CompletedProcess:
    """`python -m module *arguments` with the CPU split into two logical devices (tests/logical_devices.py)."""
    return subprocess.run(
        [sys.executable, str(REPO / "tests" / "logical_devices.py"), "2", module, *arguments],
        cwd=cwd,
        env={"PYTHONPATH": str(REPO), "TF_CPP_MIN_LOG_LEVEL": "2", "PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg"},
        capture_output=True,
        text=True,
        timeout=300,
    )


SMALL = ["--n-filters", "4", "--image-size", "32", "32", "--scenes", "12", "--batch-size", "2", "--validation-split", "0.2"]


def test_unet_train_and_resume_under_mirrored_on_two_logical_devices(tmp_path):
    """The CLI path: summary line, outputs, --resume continuing under the strategy, and a refused split."""

    def train(*flags):
        return run_on_two_devices(
            "assignments.unet_segmentation", ["train", *SMALL, "--output", "run", "--distribute", "mirrored", *flags], tmp_path
        )

    first = train("--epochs", "1")
    assert first.returncode == 0, first.stderr[-3000:]
    assert (
        "Distribution: mirrored (MirroredStrategy), 2 replicas on 2 devices: CPU:0, CPU:1; batch 2 per replica, global batch 4"
        in first.stdout
    )
    resumed = train("--epochs", "2", "--resume")
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert "Resuming from" in resumed.stdout and "1 epoch(s) done" in resumed.stdout
    with open(tmp_path / "run" / "history.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["epoch"] for row in rows] == ["1", "2"] and all(float(row["loss"]) > 0 for row in rows)
    for name in ("best_model.keras", "predictions.png", "training_curves.png", "checkpoint/last.keras"):
        assert (tmp_path / "run" / name).is_file(), name

    # 11 scenes: 9 for training, whose last global batch of 4 holds 1 image for 2 replicas.
    refused = train("--epochs", "1", "--scenes", "11", "--output", "refused")
    assert refused.returncode == 2, refused.stderr[-3000:]
    assert refused.stderr.strip().splitlines()[-1] == (
        "error: The training split has 9 examples, so its last global batch (of 4) holds 1, fewer than the 2 replicas "
        "of --distribute mirrored: a replica would get an empty batch; use more data or fewer devices."
    )
    assert not (tmp_path / "refused" / "best_model.keras").exists()


def test_signs_train_under_mirrored_on_two_logical_devices(tmp_path):
    """The classification weeks' train path under the strategy: summary line, a model saved and reloadable."""
    arguments = [
        "train",
        "--model",
        "signs",
        "--epochs",
        "1",
        "--max-images",
        "48",
        "--batch-size",
        "4",
        "--distribute",
        "mirrored",
        "--output",
        "run",
    ]
    completed = run_on_two_devices("assignments.happy_house", arguments, tmp_path)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert (
        "Distribution: mirrored (MirroredStrategy), 2 replicas on 2 devices: CPU:0, CPU:1; batch 4 per replica, global batch 8"
        in completed.stdout
    )
    assert "Test loss" in completed.stdout and (tmp_path / "run" / "model.keras").is_file()
