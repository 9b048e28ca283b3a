"""VGG19 without its classifier, and the sub-model that returns the layers the costs read.

Which weights it gets (ImageNet, a file, or seeded random ones) is decided in `vgg_weights`.
"""

from __future__ import annotations

import keras

from assignments.common.errors import UserError
from assignments.common.models import check_finite_weights
from assignments.style_transfer.pictures import MIN_SIDE
from assignments.style_transfer.vgg_weights import VGG19_NOTOP, WeightsChoice, check_vgg19_notop_file


def build_vgg19(image_shape: tuple[int, int], weights: WeightsChoice, seed: int = 0):
    """VGG19 without its top, frozen, for images of `image_shape` = (height, width).

    Args:
        image_shape: (height, width) of the images it will see; each side at least 32.
        weights: from `resolve_vgg19_weights`; None path → seeded random (Glorot) weights.
        seed: seeds the random weights.

    Raises:
        ValueError: a side is under 32 pixels.
        UserError: the weights file is not VGG19 notop.
    """
    height, width = image_shape
    if min(height, width) < MIN_SIDE:
        raise ValueError(f"VGG19 needs images of at least {MIN_SIDE}x{MIN_SIDE} pixels, got {height}x{width}")
    if weights.path is not None:
        check_vgg19_notop_file(weights.path)
    keras.utils.set_random_seed(seed)
    vgg = keras.applications.VGG19(include_top=False, weights=None, input_shape=(height, width, 3))
    if weights.path is not None:
        try:
            vgg.load_weights(str(weights.path))
        except (ValueError, KeyError) as error:
            reason = " ".join(str(error).split())[:200]
            raise UserError(
                f"The weights file '{weights.path}' does not fit VGG19 notop ({reason}): pass {VGG19_NOTOP.file_name}."
            ) from None
        check_finite_weights(vgg, str(weights.path), f"pass {VGG19_NOTOP.file_name}, or --weights imagenet")
    vgg.trainable = False
    return vgg


def get_layer_outputs(vgg, layer_names):
    """A model from VGG's input to the outputs of the named layers (only the layers they need run).

    Args:
        vgg: a VGG19 model.
        layer_names: (name, weight) pairs as in `STYLE_LAYERS + content_layer`, or plain names.

    Returns:
        A `keras.Model` returning one activation tensor per name, in order.
    """
    names = [entry[0] if isinstance(entry, (tuple, list)) else entry for entry in layer_names]
    outputs = [vgg.get_layer(name).output for name in names]
    return keras.Model(vgg.input, outputs)
