"""Loading the course's pretrained `resnet50.h5` (a Keras 2 full-model HDF5) into our Keras 3 ResNet50.

Keras 3 cannot rebuild Keras 2 model configs reliably, so we rebuild the architecture in code and copy
the weights layer by layer. The file lists its layers in order (`layer_names`), each with its weight
arrays in order (`weight_names`: kernel, bias; gamma, beta, moving_mean, moving_variance). The course's
model has the same 177 layers in the same order as ours, so the layers that carry weights are matched by
position and every array's shape is checked; names are not used, because Keras numbers them per session.

Also accepted: a Keras 2 weights-only file (`save_weights`, layer groups at the top level), a Keras 3
`.weights.h5`, and a `.keras` model.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import h5py
import keras
import numpy as np

from assignments.common.errors import UserError
from assignments.common.files import atomic_path
from assignments.resnet50.resnet import ResNet50

# Layers that carry weights in the course's ResNet50: 53 Conv2D + 53 BatchNormalization + 1 Dense.
WEIGHTED_LAYERS = 107


def extract_course_zip(path: str | os.PathLike) -> Path:
    """Unzips the course's `ResNet50.h5.zip` next to itself (once) and returns the `.h5` inside it."""
    archive = Path(path)
    try:
        with zipfile.ZipFile(archive) as opened:
            members = [name for name in opened.namelist() if name.lower().endswith(".h5") and not name.startswith("__MACOSX")]
            if not members:
                raise UserError(f"'{path}' holds no .h5 file: pass the course's ResNet50.h5.zip or the resnet50.h5 inside it.")
            target = archive.with_name(Path(members[0]).name)
            if not target.is_file():
                with opened.open(members[0]) as source, atomic_path(target) as temporary:
                    temporary.write_bytes(source.read())
    except zipfile.BadZipFile:
        raise UserError(f"'{path}' is not a valid zip file: download it again or pass the unzipped resnet50.h5.") from None
    return target


def _decode(values) -> list[str]:
    return [
        value.decode("utf-8") if isinstance(value, bytes) else str(value) for value in np.asarray(values).reshape(-1).tolist()
    ]


def read_keras2_weights(path: str | os.PathLike) -> list[tuple[str, list[np.ndarray]]]:
    """The weight arrays of a Keras 2 HDF5 model or weights file: [(layer name, [arrays...]), ...] in file order,
    only layers that have weights.

    Raises:
        UserError: not HDF5, or no Keras layer list in it.
    """
    try:
        handle = h5py.File(Path(path).expanduser(), "r")
    except OSError:
        raise UserError(
            f"'{path}' is not a readable HDF5 file: pass the course's resnet50.h5 (unzip ResNet50.h5.zip first)."
        ) from None
    with handle:
        group = handle["model_weights"] if "model_weights" in handle else handle
        if "layer_names" not in group.attrs:
            raise UserError(
                f"'{path}' is HDF5 but not a Keras 2 model or weights file (no layer list): pass the course's resnet50.h5."
            )
        layers = []
        for name in _decode(group.attrs["layer_names"]):
            if name not in group:
                raise UserError(f"'{path}' lists layer '{name}' but does not contain it: the file is damaged; download it again.")
            weight_names = _decode(group[name].attrs.get("weight_names", []))
            if weight_names:
                try:
                    layers.append((name, [np.asarray(group[name][weight][()]) for weight in weight_names]))
                except KeyError as error:
                    raise UserError(
                        f"'{path}' misses a weight of layer '{name}' ({error}): the file is damaged; download it again."
                    ) from None
    return layers


def load_pretrained_resnet50(path, input_shape=(64, 64, 3)):
    """Our ResNet50 with the weights of the course's pretrained `resnet50.h5` (or another saved ResNet50).

    Args:
        path: the course's Keras 2 `resnet50.h5` (full model or weights only) or the zip holding it, a
            Keras 3 `.weights.h5` saved from our ResNet50, or a `.keras` model.
        input_shape: the image shape the model is built for.

    Returns:
        A `keras.Model` (uncompiled) with the file's weights; the number of classes is read from the file.

    Raises:
        UserError: the file is missing, unreadable, or holds a different architecture (which layer, which shapes).
    """
    file = Path(path).expanduser()
    if not file.is_file():
        raise UserError(f"The weights file '{path}' does not exist: pass the course's resnet50.h5 (see docs/resnet50.md).")
    if file.suffix == ".zip":
        file = extract_course_zip(file)  # `--weights course` downloads the zipped resnet50.h5
    if file.suffix == ".keras":
        try:
            loaded = keras.models.load_model(file, compile=False)
        except Exception as error:  # damaged zip or foreign config: many exception types
            raise UserError(f"'{path}' could not be loaded as a Keras model ({' '.join(str(error).split())[:160]}).") from None
        # Any Keras model loads; only a ResNet50's weights are accepted, copied into our own network.
        saved = [(layer.name, layer.get_weights()) for layer in loaded.layers if layer.weights]
        return _resnet50_with(saved, path, input_shape)
    if file.name.endswith(".weights.h5"):
        with h5py.File(file, "r") as handle:
            # Keras 3 stores variables under layers/<name>/vars/<index>; the Dense bias gives the class count.
            dense = [key for key in handle.get("layers", {}) if key.startswith("dense")]
            classes = int(handle["layers"][dense[-1]]["vars"]["1"].shape[0]) if dense else 6
        model = ResNet50(input_shape=input_shape, classes=classes)
        try:
            model.load_weights(file)
        except Exception as error:
            raise UserError(f"'{path}' does not fit our ResNet50 ({' '.join(str(error).split())[:160]}).") from None
        return model

    return _resnet50_with(read_keras2_weights(file), path, input_shape)


def _resnet50_with(saved: list[tuple[str, list[np.ndarray]]], path, input_shape) -> keras.Model:
    """Our ResNet50 holding `saved` weights (layers with weights, in model order), after checking every shape."""
    if not saved:
        raise UserError(f"'{path}' holds no weights: pass the course's resnet50.h5.")
    model = ResNet50(input_shape=input_shape, classes=_classes_of(saved))
    ours = [layer for layer in model.layers if layer.weights]
    if len(ours) != WEIGHTED_LAYERS:
        raise ValueError(f"ResNet50 has {len(ours)} layers with weights, expected {WEIGHTED_LAYERS}")
    difference = first_difference(saved, ours)
    if difference is not None:
        # Checked before any weight is set: the model is not half-loaded, and nothing is written.
        count = (
            ""
            if len(saved) == WEIGHTED_LAYERS
            else f"has {len(saved)} layers with weights, the course's ResNet50 has {WEIGHTED_LAYERS}, and "
        )
        raise UserError(f"'{path}' {count}is not the course's ResNet50: {difference}.")
    for layer, (_, arrays) in zip(ours, saved):
        layer.set_weights(arrays)
    return model


def _classes_of(saved: list[tuple[str, list[np.ndarray]]]) -> int:
    """The class count: the bias of the last layer when it is a Dense (kernel 2-D), else the course's 6."""
    arrays = saved[-1][1]
    return int(arrays[1].shape[0]) if len(arrays) == 2 and arrays[0].ndim == 2 else 6


def first_difference(saved: list[tuple[str, list[np.ndarray]]], ours: list) -> str | None:
    """Where a file's weight layers first differ from our ResNet50's, in words; None when every shape fits.

    Layers are compared by position (both lists hold only layers with weights, in model order), so a
    missing or extra layer shows as the first position whose shapes disagree.
    """
    for position in range(max(len(saved), len(ours))):
        where = f"weight layer {position + 1} of {len(ours)}"
        if position >= len(saved):
            layer = ours[position]
            return f"the file ends before {where}, where the course's network has a {type(layer).__name__} with weight shapes {[tuple(w.shape) for w in layer.weights]}"
        name, arrays = saved[position]
        found = [tuple(array.shape) for array in arrays]
        if position >= len(ours):
            return f"the file's layer '{name}' (weight shapes {found}) comes after the course's last layer"
        layer = ours[position]
        expected = [tuple(weight.shape) for weight in layer.weights]
        if found != expected:
            return (
                f"at {where} the file's layer '{name}' has weight shapes {found}, where the course's network has a "
                f"{type(layer).__name__} with {expected} (a layer is missing, extra, or of another shape)"
            )
    return None
