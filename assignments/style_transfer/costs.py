"""The graded costs of neural style transfer, in the notebook's order.

Activations are channels-last tensors of shape (m, n_H, n_W, n_C) with m = 1. The course's cost functions
take the *lists* of VGG19 outputs (style layers first, the content layer last): `compute_content_cost`
reads the last entry, `compute_style_cost` all entries but the last.
"""

from __future__ import annotations

import tensorflow as tf

# The course's layers and weights: five style layers of 0.2 each, and one content layer.
STYLE_LAYERS = [
    ("block1_conv1", 0.2),
    ("block2_conv1", 0.2),
    ("block3_conv1", 0.2),
    ("block4_conv1", 0.2),
    ("block5_conv1", 0.2),
]
CONTENT_LAYER = [("block5_conv4", 1)]


def compute_content_cost(content_output, generated_output):
    """Content cost J_content(C, G) = sum((a_C - a_G)^2) / (4 n_H n_W n_C).

    Args:
        content_output: the VGG outputs for the content image; its last entry, a_C, has shape
            (1, n_H, n_W, n_C) (the content layer).
        generated_output: the VGG outputs for the generated image; its last entry, a_G, has the same shape.

    Returns:
        A scalar tensor.
    """
    a_C = content_output[-1]
    a_G = generated_output[-1]
    # (1, n_H, n_W, n_C): the shape is static under tf.function too, so the normaliser is a Python number.
    _, n_H, n_W, n_C = a_G.get_shape().as_list()
    return tf.reduce_sum(tf.square(a_C - a_G)) / (4.0 * n_H * n_W * n_C)


def gram_matrix(A):
    """Gram matrix (style matrix) G_A = A A^T.

    Args:
        A: a matrix of shape (n_C, n_H * n_W): one row of unrolled activations per channel.

    Returns:
        A tensor of shape (n_C, n_C): how strongly each pair of channels fires together.
    """
    return tf.matmul(A, A, transpose_b=True)


def unroll(activations):
    """(1, n_H, n_W, n_C) activations → (n_C, n_H * n_W), the layout `gram_matrix` wants."""
    _, n_H, n_W, n_C = activations.get_shape().as_list()
    return tf.transpose(tf.reshape(activations, [n_H * n_W, n_C]))


def compute_layer_style_cost(a_S, a_G):
    """Style cost of one layer: sum((G_S - G_G)^2) / (4 n_C^2 (n_H n_W)^2).

    Args:
        a_S: style image activations, shape (1, n_H, n_W, n_C).
        a_G: generated image activations, same shape.

    Returns:
        A scalar tensor.
    """
    _, n_H, n_W, n_C = a_G.get_shape().as_list()
    GS = gram_matrix(unroll(a_S))
    GG = gram_matrix(unroll(a_G))
    return tf.reduce_sum(tf.square(GS - GG)) / (4.0 * n_C**2 * (n_H * n_W) ** 2)


def compute_style_cost(style_image_output, generated_image_output, STYLE_LAYERS=STYLE_LAYERS):
    """Weighted sum of the layer style costs over the style layers.

    Args:
        style_image_output: VGG outputs for the style image (style layers first, the content layer last).
        generated_image_output: VGG outputs for the generated image, same layout.
        STYLE_LAYERS: (layer name, weight) pairs, in the order of the outputs.

    Returns:
        A scalar tensor.
    """
    # The last output is the content layer: it takes no part in the style cost.
    a_S = style_image_output[:-1]
    a_G = generated_image_output[:-1]
    J_style = 0
    for style_activations, generated_activations, (_, weight) in zip(a_S, a_G, STYLE_LAYERS):
        J_style += weight * compute_layer_style_cost(style_activations, generated_activations)
    return J_style


@tf.function()
def total_cost(J_content, J_style, alpha=10, beta=40):
    """Total cost J(G) = alpha * J_content + beta * J_style, as a tensor (the course's `tf.function`)."""
    return alpha * J_content + beta * J_style


def total_variation_cost(image):
    """Total variation of a (1, n_H, n_W, 3) image divided by its pixel count: smooths away speckles.

    Not in the course; weighted by `--tv-weight` (0 by default, which leaves the course's cost unchanged).
    """
    _, n_H, n_W, _ = image.get_shape().as_list()
    return tf.reduce_sum(tf.image.total_variation(image)) / float(n_H * n_W)
