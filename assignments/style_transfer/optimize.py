"""The optimisation: a starting image, the course's `train_step`, and the compiled step the main script runs.

- `train_step(generated_image, vgg_model_outputs, a_S, a_C, optimizer, ...)` is the course's step with its
  globals passed in (what the graders call): cost, gradient, Adam update, clip, compiled with `tf.function`.
- `make_train_step(...)` returns the step the main script runs, beside it: it starts from targets computed
  once (`compute_targets`: a_C and every style layer's Gram matrix) instead of recomputing the style image's
  Gram matrices every step, blends several style images, and can add a total-variation term.
  tests/test_style_transfer_step.py proves its costs and image equal `train_step`'s, and
  benchmarks/bench_style_transfer.py times it against an eager step.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence

import keras
import tensorflow as tf

from assignments.common.fast_path import fast_path
from assignments.style_transfer.costs import (
    STYLE_LAYERS,
    compute_content_cost,
    compute_style_cost,
    gram_matrix,
    total_cost,
    total_variation_cost,
    unroll,
)
from assignments.style_transfer.pictures import PREPROCESS_MODES


def clip_0_1(image):
    """Clips pixel values into [0, 1] (the generated image stays a picture)."""
    return tf.clip_by_value(image, clip_value_min=0.0, clip_value_max=1.0)


def initial_generated_image(content_image, seed: int = 272, init: str = "content"):
    """The starting image as a `tf.Variable` of shape (1, height, width, 3).

    Args:
        content_image: (1, height, width, 3) float pixels in [0, 1].
        seed: `tf.random.set_seed` value (272 is the course's).
        init: "content": the course's start, the content image plus uniform noise in [-0.25, 0.25], clipped;
            "noise": uniform noise in [0, 1] (the original paper's start; needs more iterations).
    """
    if init not in ("content", "noise"):
        raise ValueError(f"init must be 'content' or 'noise', got {init!r}")
    content = tf.image.convert_image_dtype(tf.convert_to_tensor(content_image), tf.float32)
    # The course's RNG calls: a global seed, then one uniform draw of the image's shape.
    tf.random.set_seed(seed)
    if init == "content":
        start = content + tf.random.uniform(tf.shape(content), -0.25, 0.25)
    else:
        start = tf.random.uniform(tf.shape(content), 0.0, 1.0)
    return tf.Variable(clip_0_1(start))


def vgg_input(image, preprocess: str = "none"):
    """What VGG19 sees. "none": [0, 1] pixels as the course feeds them (its expected costs depend on it);
    "vgg": Keras' `vgg19.preprocess_input` (0..255, BGR, ImageNet mean removed), as VGG19 was trained."""
    if preprocess == "none":
        return image
    if preprocess == "vgg":
        return keras.applications.vgg19.preprocess_input(image * 255.0)
    raise ValueError(f"preprocess must be one of {PREPROCESS_MODES}, got {preprocess!r}")


def compiled_step(step):
    """Compiles a step with `tf.function`, as the course's `@tf.function()` does, building the optimizer first.

    Adam creates its slot variables on its first update, and a `tf.function` may create variables only on
    its first trace: building them here, outside the trace, lets a step be called with a new optimizer.
    """
    compiled = tf.function(step)

    @functools.wraps(step)
    def call(generated_image, vgg_model_outputs, a_S, a_C, optimizer, *args, **kwargs):
        if not optimizer.built:
            optimizer.build([generated_image])
        return compiled(generated_image, vgg_model_outputs, list(a_S), list(a_C), optimizer, *args, **kwargs)

    return call


@compiled_step
def train_step(generated_image, vgg_model_outputs, a_S, a_C, optimizer, alpha=10, beta=40, STYLE_LAYERS=STYLE_LAYERS):
    """One optimisation step of the course: cost, gradient, Adam update, clip to [0, 1].

    Args:
        generated_image: `tf.Variable` (1, height, width, 3), updated in place.
        vgg_model_outputs: the model from `get_layer_outputs(vgg, STYLE_LAYERS + content_layer)`.
        a_S: its outputs for the style image; a_C: its outputs for the content image.
        optimizer: a Keras optimizer (the course: `Adam(learning_rate=0.01)`).
        alpha, beta: content and style weights of `total_cost`.
        STYLE_LAYERS: (name, weight) pairs matching the first outputs.

    Returns:
        The total cost J at the image *before* the update (a scalar tensor).
    """
    with tf.GradientTape() as tape:
        # (1, h, w, 3) → the 5 style-layer activations and the content-layer activation.
        a_G = vgg_model_outputs(generated_image)
        J_style = compute_style_cost(a_S, a_G, STYLE_LAYERS=STYLE_LAYERS)
        J_content = compute_content_cost(a_C, a_G)
        J = total_cost(J_content, J_style, alpha=alpha, beta=beta)
    grad = tape.gradient(J, generated_image)
    optimizer.apply_gradients([(grad, generated_image)])
    generated_image.assign(clip_0_1(generated_image))
    return J


@dataclasses.dataclass
class StyleTargets:
    """What the generated image is pulled towards, computed once before the loop.

    Attributes:
        content: a_C at the content layer, (1, n_H, n_W, n_C).
        style_grams: per style image, per style layer, its Gram matrix (n_C, n_C).
        style_image_weights: one weight per style image (the blend; they sum to 1).
    """

    content: tf.Tensor
    style_grams: list[list[tf.Tensor]]
    style_image_weights: list[float]


def compute_targets(vgg_model_outputs, content_image, style_images: Sequence, style_image_weights=None, preprocess="none"):
    """Runs VGG once on the content image and once per style image.

    Args:
        vgg_model_outputs: model returning the style layers' outputs, then the content layer's.
        content_image: (1, h, w, 3) in [0, 1].
        style_images: one or more (1, h, w, 3) arrays in [0, 1].
        style_image_weights: blend weights (default equal); normalised to sum to 1.
        preprocess: see `vgg_input`.
    """
    if not style_images:
        raise ValueError("style_images must hold at least one image, got none")
    weights = [1.0] * len(style_images) if style_image_weights is None else [float(w) for w in style_image_weights]
    if len(weights) != len(style_images) or min(weights) < 0 or sum(weights) <= 0:
        raise ValueError(
            f"style_image_weights must be {len(style_images)} non-negative numbers with a positive sum, got {weights}"
        )
    content = vgg_model_outputs(vgg_input(tf.constant(content_image, tf.float32), preprocess))[-1]
    grams = []
    for style_image in style_images:
        outputs = vgg_model_outputs(vgg_input(tf.constant(style_image, tf.float32), preprocess))
        grams.append([gram_matrix(unroll(activations)) for activations in outputs[:-1]])
    total = sum(weights)
    return StyleTargets(content, grams, [weight / total for weight in weights])


def style_cost_from_grams(generated_style_outputs, style_grams, layer_weights):
    """Σ_layers weight · sum((G_S - G_G)^2) / (4 n_C^2 (n_H n_W)^2), with G_S precomputed: the course's style cost."""
    J_style = 0.0
    for a_G, GS, weight in zip(generated_style_outputs, style_grams, layer_weights):
        _, n_H, n_W, n_C = a_G.get_shape().as_list()
        GG = gram_matrix(unroll(a_G))
        J_style += weight * tf.reduce_sum(tf.square(GS - GG)) / (4.0 * n_C**2 * (n_H * n_W) ** 2)
    return J_style


@fast_path("train_step")
def make_train_step(
    vgg_model_outputs,
    targets: StyleTargets,
    optimizer,
    generated_image,
    *,
    style_layers=STYLE_LAYERS,
    alpha: float = 10.0,
    beta: float = 40.0,
    tv_weight: float = 0.0,
    preprocess: str = "none",
    jit_compile: bool | None = None,
):
    """The compiled optimisation step the main script runs: `train_step`'s cost, with the targets computed once.

    Args:
        vgg_model_outputs: model returning the style layers' outputs, then the content layer's.
        targets: from `compute_targets`.
        optimizer: a Keras optimizer; its slots are built here, outside the traced function.
        generated_image: the `tf.Variable` the step updates.
        style_layers: (name, weight) pairs matching the first outputs.
        alpha, beta: content and style weights; tv_weight: weight of `total_variation_cost`.
        preprocess: see `vgg_input`.
        jit_compile: XLA; None → only on a GPU (on a CPU it does not speed VGG19 up).

    Returns:
        step() → (J, J_content, J_style) at the image before the update, as scalar tensors.
    """
    if jit_compile is None:
        jit_compile = bool(tf.config.list_logical_devices("GPU"))
    layer_weights = [float(weight) for _, weight in style_layers]
    if not optimizer.built:
        optimizer.build([generated_image])
    content_target = targets.content
    style_grams, image_weights = targets.style_grams, targets.style_image_weights

    @tf.function(jit_compile=jit_compile)
    def step():
        with tf.GradientTape() as tape:
            outputs = vgg_model_outputs(vgg_input(generated_image, preprocess))
            J_content = compute_content_cost([content_target], outputs)
            # Several style images: the blend of their style costs, weight by weight.
            J_style = tf.add_n(
                [
                    weight * style_cost_from_grams(outputs[:-1], grams, layer_weights)
                    for grams, weight in zip(style_grams, image_weights)
                ]
            )
            J = alpha * J_content + beta * J_style
            if tv_weight:
                J += tv_weight * total_variation_cost(generated_image)
        grad = tape.gradient(J, generated_image)
        optimizer.apply_gradients([(grad, generated_image)])
        generated_image.assign(clip_0_1(generated_image))
        return J, J_content, J_style

    return step
