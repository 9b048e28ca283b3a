"""The encoder: FaceNet with the course's weights when you have them, seeded random weights otherwise.

The course's `keras-facenet-h5/model.h5` (Keras 2 HDF5, layout `model_weights/<layer>/<layer>/<var>:0`)
loads by layer name into the network of `facenet.py`; a Keras 3 `.weights.h5` saved from this model loads
too. Nothing is downloaded: the 128-d weights are not published at a stable, hash-checkable address (see
docs/face_recognition.md for where to get them).

Every database remembers the `model_fingerprint` of the encoder that made it, because encodings from
different weights cannot be compared.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import h5py
import keras
import numpy as np
from keras import layers

from assignments.common.errors import UserError
from assignments.common.weights import UNTRAINED_NOTICE, resolve_weights
from assignments.face_recognition.facenet import inception_resnet_v1

WEIGHTS_NOTICE = UNTRAINED_NOTICE + " Every distance below is meaningless: pass --weights model.h5 for real face recognition."


def load_facenet_model(path=None, seed: int = 0):
    """The course's FaceNet (Inception-ResNet-v1, 160x160x3 → 128), ready for inference.

    Args:
        path: the course's `model.h5` (or another Keras 2 HDF5 file with the same layer names), or a
            Keras 3 `.weights.h5` saved from this model; None keeps seeded random weights (untrained).
        seed: seeds the random weights, so that two runs build the same untrained model.

    Returns:
        The Keras model. Its attribute `weights_source` is the weights file, or None when untrained.
    """
    weights_path = resolve_weights(path)
    keras.utils.set_random_seed(seed)
    model = inception_resnet_v1()
    if weights_path is not None:
        load_weights_by_name(model, weights_path)
    model.weights_source = None if weights_path is None else str(weights_path)
    return model


def load_weights_by_name(model, path: str | os.PathLike) -> None:
    """Loads weights into `model`, matching layers by name; every layer with weights must be in the file.

    Keras' own by-name loader silently skips layers the file lacks, which would leave a random model
    labelled pretrained; so coverage is checked here first, then Keras loads the values.

    Raises:
        UserError: the file is not HDF5, lacks some of the model's layers, or has other shapes.
    """
    file = Path(path)
    if file.name.endswith(".weights.h5"):
        try:
            model.load_weights(file)
        except Exception as error:  # Keras raises ValueError/KeyError variants for foreign files.
            raise UserError(
                f"The weights file '{path}' does not fit FaceNet ({_short(error)}): pass the course's model.h5."
            ) from None
        return
    if not h5py.is_hdf5(file):
        raise UserError(f"The weights file '{path}' is not an HDF5 (.h5) file: pass the course's keras-facenet-h5/model.h5.")
    with h5py.File(file, "r") as handle:
        group = handle["model_weights"] if "layer_names" not in handle.attrs and "model_weights" in handle else handle
        stored = {name.decode() if isinstance(name, bytes) else str(name) for name in group.attrs.get("layer_names", [])}
    missing = [layer.name for layer in model.layers if layer.weights and layer.name not in stored]
    if missing:
        raise UserError(
            f"The weights file '{path}' lacks {len(missing)} of FaceNet's layers (first: {missing[0]}): "
            "pass the course's keras-facenet-h5/model.h5 (Keras 2 layout model_weights/<layer>/<layer>/<var>)."
        )
    if file.suffix.lower() not in (".h5", ".hdf5"):
        raise UserError(f"The weights file '{path}' must end in .h5 or .hdf5 for Keras to read it: rename it.")
    try:
        model.load_weights(file, by_name=True)
    except ValueError as error:
        raise UserError(f"The weights in '{path}' do not fit FaceNet ({_short(error)}): pass the course's model.h5.") from None


def model_fingerprint(model) -> str:
    """A short hash of the model's architecture name, input size and every weight value.

    Two models with the same fingerprint give the same encodings; a database made with one model is
    only searched with a model of the same fingerprint.
    """
    digest = hashlib.sha256()
    digest.update(f"{model.name}|{tuple(model.input.shape)}|{tuple(model.output.shape)}".encode())
    for variable in model.weights:
        value = np.ascontiguousarray(variable.numpy())
        digest.update(f"{variable.path}|{value.shape}|{value.dtype}".encode())
        digest.update(value.tobytes())
    return f"{model.name}-{digest.hexdigest()[:20]}"


def stand_in_encoder(seed: int = 0, input_size: int = 160, embedding_size: int = 128):
    """A tiny deterministic encoder with FaceNet's interface, for testing the pipeline without weights.

    It averages the image down to 8x8 and projects the 192 values with fixed seeded weights:
    identical images get identical encodings, different images different ones. It is no face model.
    """
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=(input_size, input_size, 3), name="image")
    x = layers.AveragePooling2D(pool_size=input_size // 8, name="downsample")(inputs)  # (8, 8, 3)
    x = layers.Flatten(name="flatten")(x)  # (192,)
    outputs = layers.Dense(embedding_size, use_bias=False, name="projection")(x)  # (128,)
    model = keras.Model(inputs, outputs, name="stand_in_encoder")
    model.weights_source = None
    return model


def _short(error: Exception, limit: int = 160) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
