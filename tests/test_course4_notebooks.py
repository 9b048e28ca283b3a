"""`grade --solution` on learners' notebooks of every known revision of the two Course 4 numpy / Keras weeks
added last: Convolution model step by step (v1 with public_tests, the earlier v2a without) and Transfer
learning with MobileNet (v1 with ImageNet weights, the later edition with the lab's local weights file).

The notebooks are written here with nbformat, in the course's shape: imports, markdown, the graded cells
(with a first wrong attempt where a learner would make one), test-helper cells that must not run, and cells
that need files absent here. Their code is a learner's, written for these tests.
"""

from __future__ import annotations

import pytest
from cli_runner import run_module
from learner_notebooks import code, write_notebook
from nbformat.v4 import new_markdown_cell

from assignments import WEEKS
from assignments.grading.solution import load_solution_module

CONVOLUTION_IMPORTS = """\
import numpy as np
import h5py
import matplotlib.pyplot as plt
from public_tests import *
%matplotlib inline
np.random.seed(1)
"""

# A learner's forward functions: np.pad, sums over each window, the course's loop order.
CONVOLUTION_FORWARD = """\
# GRADED FUNCTION: zero_pad
def zero_pad(X, pad):
    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="constant")

# GRADED FUNCTION: conv_single_step
def conv_single_step(a_slice_prev, W, b):
    return np.sum(a_slice_prev * W) + b.item()

# GRADED FUNCTION: conv_forward
def conv_forward(A_prev, W, b, hparameters):
    m, h_prev, w_prev, _ = A_prev.shape
    f, _, _, n_c = W.shape
    s, p = hparameters["stride"], hparameters["pad"]
    n_h, n_w = (h_prev + 2 * p - f) // s + 1, (w_prev + 2 * p - f) // s + 1
    Z = np.zeros((m, n_h, n_w, n_c))
    padded = zero_pad(A_prev, p)
    for i in range(m):
        for h in range(n_h):
            for w in range(n_w):
                window = padded[i, h * s:h * s + f, w * s:w * s + f, :]
                for c in range(n_c):
                    Z[i, h, w, c] = conv_single_step(window, W[..., c], b[..., c])
    return Z, (A_prev, W, b, hparameters)
"""

POOL_FORWARD_WRONG = """\
# GRADED FUNCTION: pool_forward
def pool_forward(A_prev, hparameters, mode = "max"):
    f = hparameters["f"]
    return np.zeros((A_prev.shape[0], 1, 1, A_prev.shape[3])), (A_prev, hparameters)
"""

POOL_FORWARD = """\
# GRADED FUNCTION: pool_forward
def pool_forward(A_prev, hparameters, mode = "max"):
    m, h_prev, w_prev, n_c = A_prev.shape
    f, s = hparameters["f"], hparameters["stride"]
    n_h, n_w = (h_prev - f) // s + 1, (w_prev - f) // s + 1
    A = np.zeros((m, n_h, n_w, n_c))
    reduce = np.max if mode == "max" else np.mean
    for i in range(m):
        for h in range(n_h):
            for w in range(n_w):
                for c in range(n_c):
                    A[i, h, w, c] = reduce(A_prev[i, h * s:h * s + f, w * s:w * s + f, c])
    return A, (A_prev, hparameters)
"""

CONVOLUTION_BACKWARD = """\
def conv_backward(dZ, cache):
    A_prev, W, b, hparameters = cache
    s, p = hparameters["stride"], hparameters["pad"]
    f = W.shape[0]
    padded, d_padded = zero_pad(A_prev, p), np.zeros_like(zero_pad(A_prev, p))
    dW, db = np.zeros_like(W), np.zeros((1, 1, 1, W.shape[3]))
    m, n_h, n_w, n_c = dZ.shape
    for i in range(m):
        for h in range(n_h):
            for w in range(n_w):
                for c in range(n_c):
                    rows, columns = slice(h * s, h * s + f), slice(w * s, w * s + f)
                    d_padded[i, rows, columns, :] += W[..., c] * dZ[i, h, w, c]
                    dW[..., c] += padded[i, rows, columns, :] * dZ[i, h, w, c]
                    db[..., c] += dZ[i, h, w, c]
    return d_padded[:, p:p + A_prev.shape[1], p:p + A_prev.shape[2], :], dW, db

def create_mask_from_window(x):
    return x == x.max()

def distribute_value(dz, shape):
    return np.full(shape, dz / (shape[0] * shape[1]))

def pool_backward(dA, cache, mode = "max"):
    A_prev, hparameters = cache
    f, s = hparameters["f"], hparameters["stride"]
    dA_prev = np.zeros(A_prev.shape)
    m, n_h, n_w, n_c = dA.shape
    for i in range(m):
        for h in range(n_h):
            for w in range(n_w):
                for c in range(n_c):
                    rows, columns = slice(h * s, h * s + f), slice(w * s, w * s + f)
                    if mode == "max":
                        dA_prev[i, rows, columns, c] += create_mask_from_window(A_prev[i, rows, columns, c]) * dA[i, h, w, c]
                    else:
                        dA_prev[i, rows, columns, c] += distribute_value(dA[i, h, w, c], (f, f))
    return dA_prev
"""


def convolution_notebook(path, revision: str):
    imports = CONVOLUTION_IMPORTS if revision == "v1" else CONVOLUTION_IMPORTS.replace("from public_tests import *\n", "")
    cells = [
        new_markdown_cell("# Convolutional Neural Networks: Step by Step"),
        code(imports, 1),
        code(CONVOLUTION_FORWARD, 2),
        code("x = np.random.randn(4, 3, 3, 2)\nx_pad = zero_pad(x, 3)\nzero_pad_test(zero_pad)\n", 3, "x.shape = (4, 3, 3, 2)\n"),
        code(POOL_FORWARD_WRONG, 4),
        code(POOL_FORWARD, 5),
        code("pool_forward_test(pool_forward)\nraise RuntimeError('a test cell must not run')\n", 6),
        new_markdown_cell("## 5 - Backpropagation in convolutional neural networks (OPTIONAL / UNGRADED)"),
        code(CONVOLUTION_BACKWARD, 7),
        code("np.random.seed(1)\nA_prev = np.random.randn(10, 4, 4, 3)\ndA, dW, db = conv_backward(Z, cache_conv)\n", 8),
    ]
    return write_notebook(path, cells)


# v2a, the earlier notebook, has no public_tests import; it is graded by v1's contract (the same functions).
@pytest.mark.parametrize("revision", ["v1", "v2a"])
def test_convolution_notebooks_of_every_revision_are_graded_from_the_learners_code(tmp_path, revision):
    path = convolution_notebook(tmp_path / f"Convolution_model_Step_by_Step_{revision}.ipynb", revision)
    module = load_solution_module(path, "convolution_step_by_step")
    assert module.conv_forward.__globals__ is vars(module)  # the learner's, not ours
    result = run_module("assignments", ["grade", "convolution_step_by_step", "--solution", path], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "graded from" in result.stdout and result.stdout.count("passed") >= 8, result.stdout


ALPACA_IMPORTS = """\
import matplotlib.pyplot as plt
import numpy as np
import os
import tensorflow as tf
import tensorflow.keras.layers as tfl
from tensorflow.keras.preprocessing import image_dataset_from_directory
from tensorflow.keras.layers.experimental.preprocessing import RandomFlip, RandomRotation
"""

ALPACA_CELLS = """\
IMG_SIZE = (160, 160)
preprocess_input = tf.keras.applications.mobilenet_v2.preprocess_input

# UNQ_C1
# GRADED FUNCTION: data_augmenter
def data_augmenter():
    data_augmentation = tf.keras.Sequential()
    data_augmentation.add(RandomFlip("horizontal"))
    data_augmentation.add(RandomRotation(0.2))
    return data_augmentation

# UNQ_C2
# GRADED FUNCTION
def alpaca_model(image_shape=IMG_SIZE, data_augmentation=data_augmenter()):
    input_shape = image_shape + (3,)
    base_model = tf.keras.applications.MobileNetV2(input_shape=input_shape, include_top=False, weights=WEIGHTS)
    base_model.trainable = False
    inputs = tf.keras.Input(shape=input_shape)
    x = preprocess_input(data_augmentation(inputs))
    x = base_model(x, training=False)
    x = tfl.Dropout(0.2)(tfl.GlobalAveragePooling2D()(x))
    outputs = tfl.Dense(1)(x)
    return tf.keras.Model(inputs, outputs)
"""


@pytest.mark.parametrize(
    "revision, weights",
    [
        ("v1", "'imagenet'"),
        (
            "v1-local-weights",
            "'imagenet_base_model/without_top_mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_160_no_top.h5'",
        ),
    ],
)
def test_transfer_learning_notebooks_of_every_revision_load_the_learners_functions(tmp_path, revision, weights):
    assert revision in [known.name for known in WEEKS["transfer_learning_mobilenet"].revisions]
    cells = [
        new_markdown_cell("# Transfer Learning with MobileNetV2"),
        code(ALPACA_IMPORTS, 1),
        code("train_dataset = image_dataset_from_directory('dataset/', shuffle=True, batch_size=32, image_size=IMG_SIZE)\n", 2),
        code(ALPACA_CELLS.replace("WEIGHTS", weights), 3),
        code("model2 = alpaca_model(IMG_SIZE, data_augmentation)\nhistory = model2.fit(train_dataset, epochs=5)\n", 4),
    ]
    path = write_notebook(tmp_path / "Transfer_learning_with_MobileNet_v1.ipynb", cells)
    module = load_solution_module(path, "transfer_learning_mobilenet")
    assert module.alpaca_model.__globals__ is vars(module) and module.data_augmenter.__globals__ is vars(module)
    augmenter = module.data_augmenter()
    assert [layer.name.split("_")[1] for layer in augmenter.layers] == ["flip", "rotation"]


@pytest.mark.slow
@pytest.mark.parametrize("weights", ["'imagenet'", "'imagenet_base_model/missing.h5'"])
def test_transfer_learning_notebooks_pass_the_graders_without_imagenet_weights(tmp_path, weights):
    cells = [code(ALPACA_IMPORTS, 1), code(ALPACA_CELLS.replace("WEIGHTS", weights), 2)]
    path = write_notebook(tmp_path / "Transfer_learning_with_MobileNet_v1.ipynb", cells)
    result = run_module("assignments", ["grade", "transfer_learning_mobilenet", "--solution", path], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
