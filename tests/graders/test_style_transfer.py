"""Graders for C4W4 neural style transfer: the course's expected outputs, computed by the implementation under test.

The implementation is ours, or a learner's file (`python -m assignments grade style_transfer --solution FILE`).
Inputs are built with the course's TF RNG calls (`tf.random.set_seed(1)` then `tf.random.normal(...)`).

Two course numbers (the Gram matrix and the layer style cost) were computed on a GPU with TF32 matmuls: the
inputs' mantissas rounded to 10 bits before multiplying. `tf32` applies that rounding to the test inputs, after
which the course's numbers reproduce to their printed digits on any machine; the plain float32 inputs are also
checked, against the course with a 5e-4 relative tolerance (the TF32 effect) and against float64 arithmetic.
The two `train_step` costs need the ImageNet VGG19 weights (`needs_weights`); with seeded random weights the
step is checked against its definition instead.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest
import tensorflow as tf
from grading import assert_close, assert_equal

pytestmark = pytest.mark.grader

WEEK = "style_transfer"
COURSE_STYLE_LAYERS = [
    ("block1_conv1", 0.2),
    ("block2_conv1", 0.2),
    ("block3_conv1", 0.2),
    ("block4_conv1", 0.2),
    ("block5_conv1", 0.2),
]
CONTENT_LAYER = [("block5_conv4", 1)]
# TF32 keeps 10 mantissa bits (unit roundoff 2^-11 = 4.9e-4); measured on these inputs: up to 3.2e-4 on the Gram
# entries, 9.4e-5 on the layer style cost.
TF32_RTOL = 5e-4


@pytest.fixture
def nst(implementation):
    return implementation(WEEK)


def tf32(values) -> np.ndarray:
    """Rounds float32 values to TF32 (10 mantissa bits, round to nearest even), as an Ampere GPU's matmul reads them."""
    bits = np.asarray(values, dtype=np.float32).view(np.uint32).astype(np.uint64)
    bits = (bits + 0xFFF + ((bits >> 13) & 1)) & 0xFFFFE000
    return bits.astype(np.uint32).view(np.float32)


def test_compute_content_cost(nst):
    tf.random.set_seed(1)
    a_C = tf.random.normal([1, 1, 4, 4, 3], mean=1, stddev=4)
    a_G = tf.random.normal([1, 1, 4, 4, 3], mean=1, stddev=4)
    J_content = nst.compute_content_cost(a_C, a_G)
    J_content_0 = nst.compute_content_cost(a_C, a_C)

    if not tf.is_tensor(J_content):
        raise AssertionError(f"compute_content_cost must return a tensor, got {type(J_content).__name__}")
    assert_close("compute_content_cost(a_C, a_C)", J_content_0, 0.0, rtol=0, atol=0)
    assert_close("compute_content_cost(a_C, a_G)", J_content, 7.0568767, rtol=1e-5, atol=1e-8)


def test_compute_content_cost_traces_symbolically(nst):
    """The course also calls it on symbolic (graph) tensors: it must read the shape statically, not with numpy()."""
    signature = tf.TensorSpec([1, 1, 4, 4, 3], tf.float32)
    traced = tf.function(lambda content, generated: nst.compute_content_cost(content, generated))
    concrete = traced.get_concrete_function(signature, signature)
    assert_equal("shape of the symbolic content cost", tuple(concrete.structured_outputs.shape), ())
    tf.random.set_seed(1)
    a_C = tf.random.normal([1, 1, 4, 4, 3], mean=1, stddev=4)
    a_G = tf.random.normal([1, 1, 4, 4, 3], mean=1, stddev=4)
    assert_close("compute_content_cost inside tf.function", traced(a_C, a_G), 7.0568767, rtol=1e-5, atol=1e-8)


COURSE_GRAM = [[63.193256, -26.729713, -7.732155], [-26.729713, 12.775055, -2.5164719], [-7.732155, -2.5164719, 23.746586]]


def gram_test_input():
    tf.random.set_seed(1)
    return tf.random.normal([3, 2], mean=1, stddev=4)


def test_gram_matrix_course_numbers(nst):
    A = tf.constant(tf32(gram_test_input()))
    GA = nst.gram_matrix(A)
    assert_equal("gram_matrix(A).shape", tuple(GA.shape), (3, 3))
    assert_close("gram_matrix(A) on TF32-rounded A (the course's GPU arithmetic)", GA, COURSE_GRAM, rtol=1e-6, atol=1e-6)


def test_gram_matrix_float32(nst):
    A = gram_test_input()
    GA = nst.gram_matrix(A)
    assert_equal("gram_matrix(A).shape", tuple(GA.shape), (3, 3))
    assert_close("gram_matrix(A)[0, :] (course numbers, TF32 tolerance)", GA[0, :], COURSE_GRAM[0], rtol=TF32_RTOL)
    reference = A.numpy().astype(np.float64) @ A.numpy().astype(np.float64).T
    assert_close("gram_matrix(A) against A A^T in float64", GA, reference, rtol=1e-5, atol=1e-5)


def layer_style_inputs():
    tf.random.set_seed(1)
    a_S = tf.random.normal([1, 4, 4, 3], mean=1, stddev=4)
    a_G = tf.random.normal([1, 4, 4, 3], mean=1, stddev=4)
    return a_S, a_G


def test_compute_layer_style_cost(nst):
    a_S, a_G = layer_style_inputs()
    J_style_layer_GG = nst.compute_layer_style_cost(a_G, a_G)
    J_style_layer_SG = nst.compute_layer_style_cost(a_S, a_G)
    assert_close("compute_layer_style_cost(a_G, a_G)", J_style_layer_GG, 0.0, rtol=0, atol=1e-6)
    if not float(J_style_layer_SG) > 0:
        raise AssertionError(f"compute_layer_style_cost(a_S, a_G) must be > 0, got {float(J_style_layer_SG)}")
    assert_close("compute_layer_style_cost(a_S, a_G) (course number, TF32 tolerance)", J_style_layer_SG, 14.01649, rtol=TF32_RTOL)

    course_arithmetic = nst.compute_layer_style_cost(tf.constant(tf32(a_S)), tf.constant(tf32(a_G)))
    assert_close(
        "compute_layer_style_cost on TF32-rounded inputs (the course's GPU arithmetic)",
        course_arithmetic,
        14.01649,
        rtol=1e-5,
        atol=1e-8,
    )


def test_compute_style_cost_default_layers(nst):
    default = inspect.signature(nst.compute_style_cost).parameters["STYLE_LAYERS"].default
    assert_equal("compute_style_cost's default STYLE_LAYERS", [tuple(layer) for layer in default], COURSE_STYLE_LAYERS)


def test_compute_style_cost_weighted_sum(nst):
    tf.random.set_seed(1)
    shapes = [[1, 8, 8, 3], [1, 4, 4, 5], [1, 2, 2, 7]]
    style_output = [tf.random.normal(shape, mean=1, stddev=4) for shape in shapes]
    generated_output = [tf.random.normal(shape, mean=1, stddev=4) for shape in shapes]
    layers = [("first", 0.7), ("second", 0.3)]
    # The last output is the content layer: the style cost must ignore it.
    J_style = nst.compute_style_cost(style_output, generated_output, STYLE_LAYERS=layers)
    expected = 0.7 * nst.compute_layer_style_cost(style_output[0], generated_output[0]) + 0.3 * nst.compute_layer_style_cost(
        style_output[1], generated_output[1]
    )
    assert_close("compute_style_cost = 0.7 J_layer1 + 0.3 J_layer2 (the last output ignored)", J_style, expected, rtol=1e-6)
    changed_content = generated_output[:2] + [generated_output[2] * 3]
    assert_close(
        "compute_style_cost with a different content-layer output",
        nst.compute_style_cost(style_output, changed_content, STYLE_LAYERS=layers),
        J_style,
        rtol=0,
        atol=0,
    )


def test_total_cost(nst):
    J = nst.total_cost(0.2, 0.8)
    if not tf.is_tensor(J):
        raise AssertionError(f"total_cost must return a tensor, got {type(J).__name__}")
    assert_close("total_cost(0.2, 0.8)", J, 34.0, rtol=0, atol=1e-5)
    assert_close("total_cost(0.3, 0.5, 3, 8)", nst.total_cost(0.3, 0.5, 3, 8), 4.9, rtol=1e-6)
    np.random.seed(1)
    J_content = np.random.uniform(0, 1)
    J_style = np.random.uniform(0, 1)
    assert_close(
        "total_cost(J_content, J_style) after np.random.seed(1)", nst.total_cost(J_content, J_style), 32.9832, rtol=0, atol=5e-5
    )


def test_clip_0_1(nst):
    image = tf.constant([[-0.5, 0.0, 0.25], [1.0, 1.7, 0.999]], dtype=tf.float32)
    expected = np.array([[0.0, 0.0, 0.25], [1.0, 1.0, 0.999]], dtype=np.float32)
    assert_close("clip_0_1", nst.clip_0_1(image), expected, rtol=0, atol=0)


def run_train_step(nst, generated_image, vgg_model_outputs, a_S, a_C, optimizer):
    """One step: the course's `train_step(generated_image)` reads the notebook's globals; the project's takes them."""
    if nst.reads_globals("train_step"):
        provided = {"vgg_model_outputs": vgg_model_outputs, "a_S": a_S, "a_C": a_C, "optimizer": optimizer}
        step = nst.with_globals("train_step", **{name: provided[name] for name in nst.reads_globals("train_step")})
        return lambda: step(generated_image)
    return lambda: nst.train_step(generated_image, vgg_model_outputs, a_S, a_C, optimizer)


@pytest.fixture(scope="module")
def small_vgg():
    import keras

    keras.utils.set_random_seed(3)
    vgg = keras.applications.VGG19(include_top=False, weights=None, input_shape=(64, 64, 3))
    vgg.trainable = False
    return vgg


def test_get_layer_outputs(nst, small_vgg):
    import keras

    model = nst.get_layer_outputs(small_vgg, COURSE_STYLE_LAYERS + CONTENT_LAYER)
    image = np.random.default_rng(0).uniform(0, 1, (1, 64, 64, 3)).astype(np.float32)
    outputs = model(image)
    assert_equal("number of outputs", len(outputs), 6)
    assert_equal(
        "output shapes",
        [tuple(output.shape) for output in outputs],
        [(1, 64, 64, 64), (1, 32, 32, 128), (1, 16, 16, 256), (1, 8, 8, 512), (1, 4, 4, 512), (1, 4, 4, 512)],
    )
    content_only = keras.Model(small_vgg.input, small_vgg.get_layer("block5_conv4").output)
    assert_close("the last output is block5_conv4's activation", outputs[-1], content_only(image), rtol=1e-5, atol=1e-6)


def test_train_step_with_random_weights(nst, small_vgg):
    """Seeded random VGG19: the step returns the cost at the image before the update, moves it, keeps it in [0, 1]."""
    import keras

    vgg_model_outputs = nst.get_layer_outputs(small_vgg, COURSE_STYLE_LAYERS + CONTENT_LAYER)
    rng = np.random.default_rng(1)
    content = tf.constant(rng.uniform(0, 1, (1, 64, 64, 3)).astype(np.float32))
    style = tf.constant(rng.uniform(0, 1, (1, 64, 64, 3)).astype(np.float32))
    a_C, a_S = vgg_model_outputs(content), vgg_model_outputs(style)
    tf.random.set_seed(272)
    start = tf.clip_by_value(content + tf.random.uniform(content.shape, -0.25, 0.25), 0.0, 1.0)
    generated_image = tf.Variable(start)
    a_G = vgg_model_outputs(generated_image)
    expected_J1 = 10 * nst.compute_content_cost(a_C, a_G) + 40 * nst.compute_style_cost(a_S, a_G)

    optimizer = keras.optimizers.Adam(learning_rate=0.01)
    step = run_train_step(nst, generated_image, vgg_model_outputs, a_S, a_C, optimizer)
    J1 = step()
    J2 = step()
    assert_close("train_step's first J (the cost at the starting image)", J1, expected_J1, rtol=1e-4)
    if not float(J2) < float(J1):
        raise AssertionError(f"the second step's cost {float(J2)} should be below the first's {float(J1)}")
    image = generated_image.numpy()
    if image.min() < 0 or image.max() > 1:
        raise AssertionError(f"the generated image must stay in [0, 1] after clip_0_1, got [{image.min()}, {image.max()}]")
    moved = np.abs(image - start.numpy())
    # Two Adam steps of learning rate 0.01 move each pixel by at most about 0.02.
    if not 0 < moved.max() <= 0.0201:
        raise AssertionError(f"two Adam steps (lr 0.01) should move pixels by (0, 0.02], moved up to {moved.max()}")


@pytest.mark.needs_weights
def test_train_step_course_costs(nst, course_file):
    """The course's first two costs (rtol 5 %), from its images and the ImageNet VGG19 notop weights."""
    import keras
    from PIL import Image

    from assignments.style_transfer.vgg_weights import installed_weights
    from assignments.style_transfer.week import WEEK as DECLARED

    weights = installed_weights()
    if weights is None:
        pytest.skip(
            f"needs_weights: VGG19 notop weights not found ($DLS_DATA_DIR/{WEEK}/{DECLARED.default_inputs['weights']} or the Keras cache)"
        )
    content_path = course_file(WEEK, "images/louvre_small.jpg")
    style_path = course_file(WEEK, "images/monet.jpg")

    tf.random.set_seed(272)
    vgg = keras.applications.VGG19(include_top=False, input_shape=(400, 400, 3), weights=str(weights))
    vgg.trainable = False
    content_image = np.array(Image.open(content_path).resize((400, 400)))[np.newaxis]
    style_image = np.array(Image.open(style_path).resize((400, 400)))[np.newaxis]
    generated_image = tf.image.convert_image_dtype(content_image, tf.float32)
    generated_image = generated_image + tf.random.uniform(tf.shape(generated_image), -0.25, 0.25)
    generated_image = tf.Variable(tf.clip_by_value(generated_image, 0.0, 1.0))

    vgg_model_outputs = nst.get_layer_outputs(vgg, COURSE_STYLE_LAYERS + CONTENT_LAYER)
    a_C = vgg_model_outputs(tf.image.convert_image_dtype(content_image, tf.float32))
    a_S = vgg_model_outputs(tf.image.convert_image_dtype(style_image, tf.float32))
    optimizer = keras.optimizers.Adam(learning_rate=0.01)
    step = run_train_step(nst, generated_image, vgg_model_outputs, a_S, a_C, optimizer)
    J1 = step()
    J2 = step()
    assert_close("train_step: first J", J1, 25629.055, rtol=0.05)
    assert_close("train_step: second J", J2, 17812.627, rtol=0.05)
