"""Darknet's files: the `.cfg` network description and the `.weights` binary, read into the Keras model.

A `.cfg` is INI-like: `[net]`, then one section per layer in order. This reader supports what YOLOv2
uses: `[convolutional]` (stride 1, leaky or linear, with or without batch_normalize), `[maxpool]`
(size == stride), `[route]` (one or two earlier layers), `[reorg]` (stride 2) and `[region]` (the anchors
and class count, no layer).

A `.weights` file is a header (major, minor, revision as int32, then the count of images seen: int64
when major * 10 + minor >= 2, else int32) and then, for every convolutional layer in cfg order, float32
values: with batch_normalize the BN beta, gamma, moving mean and moving variance (filters each), else the
bias (filters); then the kernel in (out, in, height, width) order.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import keras
import numpy as np
from keras import layers

from assignments.car_detection.model import COURSE, Arithmetic, LayerNamer, check_input_size, conv_block
from assignments.common.errors import UserError

SUPPORTED_SECTIONS = ("net", "convolutional", "maxpool", "route", "reorg", "region")


@dataclasses.dataclass
class Section:
    """One `[name]` block of a cfg: its options and the line it starts on (for messages)."""

    name: str
    options: dict[str, str]
    line: int


@dataclasses.dataclass
class DarknetConfig:
    """A parsed cfg: the input size, the layer sections in order, and the [region] settings."""

    path: Path
    input_size: tuple[int, int]  # (height, width)
    channels: int
    layers: list[Section]
    anchors: np.ndarray | None  # (num_anchors, 2) from [region], or None
    num_classes: int | None


def parse_cfg(path: str | os.PathLike) -> DarknetConfig:
    """Reads a Darknet cfg; UserError for a missing file or a section this reader does not support."""
    file = Path(path).expanduser()
    if not file.is_file():
        raise UserError(f"The Darknet cfg '{path}' does not exist: pass the .cfg that matches your .weights (e.g. yolov2.cfg).")
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UserError(f"The Darknet cfg '{path}' is not a text file: pass the network's .cfg file.") from None
    sections: list[Section] = []
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = re.split(r"[#;]", raw_line, maxsplit=1)[0].strip()
        if not line:
            continue
        header = re.fullmatch(r"\[(\w+)\]", line)
        if header:
            sections.append(Section(header.group(1).lower(), {}, number))
        elif "=" in line and sections:
            key, value = (part.strip() for part in line.split("=", 1))
            sections[-1].options[key] = value
        else:
            raise UserError(
                f"The Darknet cfg '{path}' has an unreadable line {number} ('{raw_line.strip()}'): expected [section] or key=value."
            )
    if not sections or sections[0].name != "net":
        raise UserError(f"The Darknet cfg '{path}' does not start with a [net] section: pass a Darknet network .cfg file.")
    for section in sections:
        if section.name not in SUPPORTED_SECTIONS:
            raise UserError(
                f"The Darknet cfg '{path}' uses [{section.name}] (line {section.line}), which this YOLOv2 reader does not "
                f"support (supported: {', '.join(SUPPORTED_SECTIONS)}): use a YOLOv2-style cfg."
            )
    net = sections[0].options
    anchors, num_classes = None, None
    region = [section for section in sections if section.name == "region"]
    if region:
        options = region[-1].options
        try:
            anchors = np.array([float(value) for value in options.get("anchors", "").split(",")], np.float32).reshape(-1, 2)
            num_classes = int(options.get("classes", "80"))
        except ValueError:
            raise UserError(
                f"The Darknet cfg '{path}' has unreadable [region] anchors or classes (line {region[-1].line}): fix the cfg."
            ) from None
    try:
        input_size = (int(net.get("height", 416)), int(net.get("width", 416)))
        channels = int(net.get("channels", 3))
    except ValueError:
        raise UserError(f"The Darknet cfg '{path}' has a non-numeric width, height or channels in [net]: fix the cfg.") from None
    layers = [section for section in sections[1:] if section.name != "region"]
    return DarknetConfig(file, input_size, channels, layers, anchors, num_classes)


def _integer(section: Section, key: str, default: int, config: DarknetConfig) -> int:
    try:
        return int(section.options.get(key, default))
    except ValueError:
        raise UserError(
            f"The Darknet cfg '{config.path}' has a non-integer {key}= in [{section.name}] (line {section.line}): fix the cfg."
        ) from None


def _unsupported(config: DarknetConfig, section: Section, what: str):
    return UserError(
        f"The Darknet cfg '{config.path}' has a [{section.name}] with {what} (line {section.line}), which this YOLOv2 reader "
        "does not support: use a YOLOv2-style cfg."
    )


def model_from_cfg(config: DarknetConfig, input_size=None, seed: int | None = 0, arithmetic: Arithmetic = COURSE):
    """Builds the Keras model a cfg describes, with the same layer names and order as `model.yolo_v2`.

    Args:
        config: from `parse_cfg`.
        input_size: (height, width) to override the cfg's [net] size (multiples of 32 for YOLOv2).
        seed: seed of the untrained kernels.
        arithmetic: `model.COURSE` or `model.DARKNET` (reorg order and BatchNorm normalisation).
    """
    height, width = config.input_size if input_size is None else input_size
    try:
        check_input_size((height, width))
    except ValueError as error:
        raise UserError(f"Cannot build the network from '{config.path}': {error}.") from None
    namer = LayerNamer()
    inputs = keras.Input((height, width, config.channels), name="input_1")
    outputs: list = []  # one tensor per cfg layer, for [route]
    x = inputs
    for index, section in enumerate(config.layers):
        if section.name == "convolutional":
            x = _convolutional(x, section, config, namer, seed, arithmetic)
        elif section.name == "maxpool":
            size, stride = _integer(section, "size", 2, config), _integer(section, "stride", 2, config)
            if size != stride:
                raise _unsupported(config, section, f"size={size} != stride={stride}")
            x = layers.MaxPooling2D(pool_size=size, strides=stride, padding="same", name=namer("max_pooling2d"))(x)
        elif section.name == "route":
            x = _route(outputs, index, section, config, namer)
        elif section.name == "reorg":
            x = _reorg(x, section, config, arithmetic)
        outputs.append(x)
    return keras.Model(inputs, x, name="yolov2")


def _convolutional(x, section: Section, config: DarknetConfig, namer: LayerNamer, seed: int | None, arithmetic: Arithmetic):
    """A [convolutional] section: a stride-1 conv, optional BatchNorm, leaky or linear."""
    size, stride = _integer(section, "size", 1, config), _integer(section, "stride", 1, config)
    activation = section.options.get("activation", "linear")
    if stride != 1:
        raise _unsupported(config, section, f"stride={stride}")
    if activation not in ("leaky", "linear"):
        raise _unsupported(config, section, f"activation={activation}")
    batch_normalize = bool(_integer(section, "batch_normalize", 0, config))
    conv_seed = None if seed is None else seed + namer.counts["conv2d"]
    return conv_block(
        x,
        _integer(section, "filters", 1, config),
        size,
        namer,
        batch_normalize=batch_normalize,
        leaky=activation == "leaky",
        seed=conv_seed,
        batch_norm_layer=arithmetic.batch_norm_layer,
    )


def _route(outputs: list, index: int, section: Section, config: DarknetConfig, namer: LayerNamer):
    """A [route] section: one earlier layer's output, or two concatenated."""
    try:
        sources = [int(value) for value in section.options.get("layers", "").split(",")]
    except ValueError:
        raise _unsupported(config, section, f"layers={section.options.get('layers')}") from None
    indices = [index + source if source < 0 else source for source in sources]
    if not sources or len(sources) > 2 or any(not 0 <= source < index for source in indices):
        raise _unsupported(config, section, f"layers={section.options.get('layers')}")
    routed = [outputs[source] for source in indices]
    return routed[0] if len(routed) == 1 else layers.Concatenate(name=namer("concatenate"))(routed)


def _reorg(x, section: Section, config: DarknetConfig, arithmetic: Arithmetic):
    """A [reorg] section (stride 2): the passthrough, in the order the arithmetic asks for."""
    stride = _integer(section, "stride", 2, config)
    if stride != 2:
        raise _unsupported(config, section, f"stride={stride}")
    try:
        return arithmetic.reorg_layer(name="space_to_depth_x2")(x)
    except ValueError:
        raise _unsupported(
            config, section, f"an input of shape {tuple(x.shape[1:])} (needs even sizes, channels divisible by 4)"
        ) from None


def header_size(major: int, minor: int) -> int:
    """Bytes of a .weights header: 3 int32 and a 'seen' counter that is int64 from version 0.2 on."""
    return 12 + (8 if major * 10 + minor >= 2 and major < 1000 and minor < 1000 else 4)


def darknet_value_count(model) -> int:
    """How many float32 values a .weights file holds for this model (= its Keras parameter count)."""
    return int(sum(int(np.prod(weight.shape)) for weight in model.weights))


def load_darknet_weights(model, weights_path: str | os.PathLike) -> None:
    """Reads a Darknet .weights file into a model from `yolo_v2` / `model_from_cfg` (conv layers in cfg order).

    Raises:
        UserError: the file is shorter or longer than the model needs (says how many bytes were expected).
    """
    path = Path(weights_path)
    data = path.read_bytes()
    if len(data) < 16:
        raise UserError(f"The Darknet weights '{path}' has only {len(data)} bytes: it is no .weights file; download it again.")
    major, minor, _ = np.frombuffer(data[:12], dtype="<i4")
    offset = header_size(int(major), int(minor))
    expected = offset + 4 * darknet_value_count(model)
    if len(data) != expected:
        raise UserError(
            f"The Darknet weights '{path}' has {len(data):,} bytes but this network needs {expected:,} "
            f"({offset}-byte header + {darknet_value_count(model):,} float32 values): pass the .weights that matches the cfg "
            "(and --classes / --anchors), or download it again if it was cut short."
        )
    values = np.frombuffer(data, dtype="<f4", offset=offset)
    position = 0

    def take(count: int) -> np.ndarray:
        nonlocal position
        chunk = values[position : position + count]
        position += count
        return chunk

    # Layers were named in cfg order (conv2d, conv2d_1, ...), which is the file's order; the k-th conv
    # with batch_normalize owns batch_normalization_k.
    convolutions = layers_in_creation_order(model, layers.Conv2D, "conv2d")
    batch_norms = iter(layers_in_creation_order(model, layers.BatchNormalization, "batch_normalization"))
    for conv in convolutions:
        kernel_height, kernel_width, in_channels, filters = conv.kernel.shape
        if conv.use_bias:
            bias = take(filters)
            batch_norm_values = None
        else:
            beta, gamma, mean, variance = (take(filters) for _ in range(4))
            batch_norm_values = [gamma, beta, mean, variance]  # Keras' order
        kernel = take(filters * in_channels * kernel_height * kernel_width)
        # Darknet stores (out, in, h, w); Keras wants (h, w, in, out).
        kernel = kernel.reshape(filters, in_channels, kernel_height, kernel_width).transpose(2, 3, 1, 0)
        conv.set_weights([kernel, bias] if conv.use_bias else [kernel])
        if batch_norm_values is not None:
            next(batch_norms).set_weights(batch_norm_values)


def creation_index(name: str, kind: str) -> int:
    """`conv2d` → 0, `conv2d_7` → 7: the order Keras-style auto names were handed out in."""
    if name == kind:
        return 0
    suffix = name[len(kind) + 1 :]
    if name.startswith(kind + "_") and suffix.isdigit():
        return int(suffix)
    raise ValueError(f"layer name {name!r} is not of the form {kind} or {kind}_<n>")


def layers_in_creation_order(model, layer_class, kind: str) -> list:
    """The model's layers of one class, sorted by the index in their names (`model.layers` is topological)."""
    chosen = [layer for layer in model.layers if isinstance(layer, layer_class)]
    return sorted(chosen, key=lambda layer: creation_index(layer.name, kind))
