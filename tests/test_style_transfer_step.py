"""The compiled step the main script uses computes the course's costs: the same numbers and image as the graded
`train_step` over three updates from the same seed; several style images blend; the starts are seeded."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from assignments.style_transfer import CONTENT_LAYER, STYLE_LAYERS, get_layer_outputs, train_step
from assignments.style_transfer.network import build_vgg19
from assignments.style_transfer.optimize import compute_targets, initial_generated_image, make_train_step
from assignments.style_transfer.vgg_weights import WeightsChoice

SIZE = 48


@pytest.fixture(scope="module")
def setup():
    vgg = build_vgg19((SIZE, SIZE), WeightsChoice(None, "random"), seed=5)
    model = get_layer_outputs(vgg, STYLE_LAYERS + CONTENT_LAYER)
    rng = np.random.default_rng(2)
    content = rng.uniform(0, 1, (1, SIZE, SIZE, 3)).astype(np.float32)
    styles = [rng.uniform(0, 1, (1, SIZE, SIZE, 3)).astype(np.float32) for _ in range(2)]
    return model, content, styles


def three_steps(step):
    return [float(step()[0]) for _ in range(3)]


def test_compiled_step_matches_the_course_train_step(setup):
    model, content, styles = setup
    a_C, a_S = model(content), model(styles[0])

    course_image = initial_generated_image(content, seed=272)
    course_optimizer = keras.optimizers.Adam(learning_rate=0.01)
    course = [float(train_step(course_image, model, a_S, a_C, course_optimizer)) for _ in range(3)]

    fast_image = initial_generated_image(content, seed=272)
    targets = compute_targets(model, content, styles[:1])
    fast = three_steps(make_train_step(model, targets, keras.optimizers.Adam(learning_rate=0.01), fast_image, jit_compile=False))

    np.testing.assert_allclose(fast, course, rtol=1e-4)
    np.testing.assert_allclose(fast_image.numpy(), course_image.numpy(), atol=1e-4)
    assert fast[2] < fast[0]


def test_train_step_takes_a_new_optimizer_and_other_weights(setup):
    """The graded step is compiled once per kind of call: a fresh Adam, or other alpha / beta, still works."""
    model, content, styles = setup
    a_C, a_S = model(content), model(styles[0])
    image = initial_generated_image(content, seed=272)
    first = float(train_step(image, model, a_S, a_C, keras.optimizers.Adam(learning_rate=0.0)))
    again = float(train_step(image, model, a_S, a_C, keras.optimizers.Adam(learning_rate=0.0)))
    doubled = float(train_step(image, model, a_S, a_C, keras.optimizers.Adam(learning_rate=0.0), alpha=20, beta=80))
    np.testing.assert_allclose(again, first, rtol=1e-6)
    np.testing.assert_allclose(doubled, 2 * first, rtol=1e-5)


def test_style_blend_is_the_weighted_sum(setup):
    model, content, styles = setup
    image = initial_generated_image(content, seed=1)
    start = tf.identity(image)
    per_style = []
    for style in styles:
        targets = compute_targets(model, content, [style])
        per_style.append(float(make_train_step(model, targets, keras.optimizers.Adam(0.0), tf.Variable(start))()[2]))
    targets = compute_targets(model, content, styles, style_image_weights=[3, 1])
    assert targets.style_image_weights == [0.75, 0.25]
    blended = float(make_train_step(model, targets, keras.optimizers.Adam(0.0), tf.Variable(start))()[2])
    np.testing.assert_allclose(blended, 0.75 * per_style[0] + 0.25 * per_style[1], rtol=1e-5)


def test_total_variation_term_adds_to_the_cost(setup):
    model, content, styles = setup
    targets = compute_targets(model, content, styles[:1])
    start = initial_generated_image(content, seed=1)
    plain = make_train_step(model, targets, keras.optimizers.Adam(0.0), tf.Variable(start))()
    smoothed = make_train_step(model, targets, keras.optimizers.Adam(0.0), tf.Variable(start), tv_weight=2.0)()
    variation = float(tf.reduce_sum(tf.image.total_variation(start))) / (SIZE * SIZE)
    np.testing.assert_allclose(float(smoothed[0]), float(plain[0]) + 2.0 * variation, rtol=1e-5)


def test_starting_images(setup):
    _, content, _ = setup
    first, again = initial_generated_image(content, seed=272), initial_generated_image(content, seed=272)
    np.testing.assert_array_equal(first.numpy(), again.numpy())
    assert np.abs(first.numpy() - content).max() <= 0.25 + 1e-6
    noise = initial_generated_image(content, seed=272, init="noise").numpy()
    assert 0 <= noise.min() and noise.max() <= 1 and abs(noise.mean() - 0.5) < 0.05
    with pytest.raises(ValueError, match="init must be"):
        initial_generated_image(content, init="zeros")
    with pytest.raises(ValueError, match="style_image_weights"):
        compute_targets(setup[0], content, [content], style_image_weights=[1, 2])


def test_the_fast_path_is_marked_beside_the_graded_function():
    from assignments.style_transfer.optimize import make_train_step

    assert make_train_step.__fast_path_of__ == "train_step"
