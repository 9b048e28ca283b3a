"""Getting YOLOv2 weights into the Keras 3 model, three ways.

(a) Darknet `yolov2.weights` (optionally with its `.cfg`): converted once and cached as `.weights.h5` in the
    Keras cache; `--weights darknet` downloads the official file with `keras.utils.get_file`.
(b) The course's Keras 2 `yolo.h5` (or any Keras 2 HDF5 of the same network): read with h5py and copied
    layer by layer; Keras 3 cannot `load_model` it because of its `Lambda` layer.
(c) Nothing: seeded random weights; every output then says the detections are untrained.
Our own Keras 3 `.weights.h5` files (the conversion cache, `model.save_weights`) load directly.

The network's arithmetic follows the source (see docs/car_detection.md): Darknet `.weights` run with
Darknet's reorg order and BatchNorm (sqrt(variance) + 1e-6), so they give Darknet's own detections; the
course's `yolo.h5`, Keras 3 files and random weights run with `tf.nn.space_to_depth` and Keras'
BatchNorm (epsilon 1e-3), as the course's converted model does. `reorg=` overrides the reorg order.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import h5py
import numpy as np
from keras import layers

from assignments.car_detection import darknet
from assignments.car_detection.model import (
    ARITHMETICS,
    COURSE,
    DARKNET,
    MODEL_IMAGE_SIZE,
    NUM_ANCHORS,
    NUM_CLASSES,
    Arithmetic,
    check_input_size,
    yolo_v2,
)
from assignments.common.errors import UserError
from assignments.common.files import atomic_path
from assignments.common.models import check_finite_weights
from assignments.common.provenance import Provenance
from assignments.common.weights import WeightsFile, converted_cache_path, resolve_weights

DARKNET_YOLOV2 = WeightsFile(
    key="darknet",
    url="https://pjreddie.com/media/files/yolov2.weights",
    file_name="yolov2.weights",
    file_hash=None,  # not published by the author; the reader checks the exact byte count instead
    description="YOLOv2 608x608 COCO Darknet weights (yolov2.weights, 203,934,260 bytes)",
)
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
NOT_FINITE_FIX = "download the weights again, or pass another file"


@dataclasses.dataclass
class Detector:
    """A YOLOv2 model and where its weights came from.

    Attributes:
        model: the Keras model (images in [0, 1] → raw head).
        pretrained: False for seeded random weights.
        source: a phrase for the output ("Darknet weights yolov2.weights (cached conversion)").
        weights: which weights and where from, in short, for the provenance line (default: `source`).
    """

    model: object
    pretrained: bool
    source: str
    weights: str = ""

    @property
    def provenance(self) -> Provenance:
        """How far to trust the detections: UNTRAINED, or the pretrained weights they come from."""
        if not self.pretrained:
            return Provenance.untrained(self.weights or self.source)
        return Provenance.pretrained(self.weights or self.source)


def is_hdf5(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(8) == HDF5_SIGNATURE


def weights_kind(path: Path | None) -> str:
    """'random' (no file), 'keras3' (.weights.h5), 'keras2' (another HDF5, e.g. yolo.h5) or 'darknet'."""
    if path is None:
        return "random"
    if path.name.endswith(".weights.h5"):
        return "keras3"
    if is_hdf5(path):
        return "keras2"
    if path.suffix.lower() in (".h5", ".hdf5", ".keras"):
        # Named like a Keras file but not HDF5: say that, rather than measuring it as Darknet weights.
        raise UserError(
            f"The weights file '{path}' is named like a Keras file but is not HDF5 (damaged, or another format): pass the course's yolo.h5 or a Darknet .weights file."
        )
    return "darknet"


def choose_arithmetic(kind: str, reorg: str | None) -> Arithmetic:
    """Darknet's arithmetic for Darknet files, the course's for the rest; `reorg` overrides the reorg order."""
    arithmetic = DARKNET if kind == "darknet" else COURSE
    if reorg is None:
        return arithmetic
    if reorg not in ARITHMETICS:
        raise ValueError(f"reorg must be one of {sorted(ARITHMETICS)}. Received: {reorg!r}")
    return dataclasses.replace(arithmetic, reorg_layer=ARITHMETICS[reorg].reorg_layer)


def build_detector(
    weights=None,
    *,
    cfg=None,
    num_classes: int = NUM_CLASSES,
    num_anchors: int = NUM_ANCHORS,
    input_size=MODEL_IMAGE_SIZE,
    seed: int = 0,
    use_cache: bool = True,
    reorg: str | None = None,
) -> Detector:
    """Builds YOLOv2 and fills in its weights from `weights` (see the module docstring for the forms).

    Args:
        weights: None (untrained), "darknet" (download), or a path to .weights / Keras 2 .h5 / .weights.h5.
        cfg: a Darknet .cfg to build the network from (default: the code-built YOLOv2).
        num_classes, num_anchors: the head's size; must match the weights.
        input_size: (height, width), multiples of 32.
        seed: seed of the random weights (form (c)).
        use_cache: reuse / write the converted Darknet weights in the Keras cache.
        reorg: "course" (tf.nn.space_to_depth) or "darknet" (Darknet's reorg); None: by the weights' source.

    Raises:
        UserError: a missing or mismatched file, with what was expected.
    """
    try:
        input_size = check_input_size(input_size)
    except ValueError as error:
        raise UserError(f"Bad input size: {error}.") from None
    path = resolve_weights(weights, DARKNET_YOLOV2)
    if path is not None and path.stat().st_size == 0:
        raise UserError(f"The weights file '{path}' is empty: download it again.")
    kind = weights_kind(path)
    arithmetic = choose_arithmetic(kind, reorg)
    if cfg is not None:
        model = model_from_checked_cfg(cfg, num_classes, num_anchors, input_size, seed, arithmetic)
    else:
        model = yolo_v2(input_size, num_anchors, num_classes, seed=seed, arithmetic=arithmetic)
    if kind == "random":
        return Detector(model, False, f"seeded random weights (seed {seed})", f"seeded random weights, seed {seed}")
    if kind == "keras3":
        load_keras3_weights(model, path)
        check_finite_weights(model, str(path), NOT_FINITE_FIX)
        return Detector(model, True, f"Keras 3 weights {path}", f"YOLOv2 Keras 3 weights file {path}")
    if kind == "keras2":
        load_keras2_h5(model, path)
        return Detector(model, True, f"Keras 2 weights {path} (copied layer by layer)", f"YOLOv2 Keras 2 file {path}")
    cache = converted_cache_path(path, f"yolov2-darknet-{num_anchors}a{num_classes}c") if use_cache else None
    note = load_darknet_converted(model, path, cache)
    return Detector(model, True, f"Darknet weights {path} ({note})", f"YOLOv2 Darknet weights {path}")


def model_from_checked_cfg(cfg, num_classes: int, num_anchors: int, input_size, seed: int, arithmetic: Arithmetic):
    """The network a Darknet .cfg describes, once its classes, anchors and head agree with the files given.

    Raises:
        UserError: the cfg's classes, anchors or last layer's channels disagree with --classes / --anchors.
    """
    config = darknet.parse_cfg(cfg)
    if config.num_classes is not None and config.num_classes != num_classes:
        raise UserError(
            f"The cfg '{cfg}' has {config.num_classes} classes but the classes file has {num_classes} names: "
            "pass the matching --classes file."
        )
    if config.anchors is not None and len(config.anchors) != num_anchors:
        raise UserError(
            f"The cfg '{cfg}' has {len(config.anchors)} anchors but the anchors file has {num_anchors}: pass the matching --anchors file."
        )
    model = darknet.model_from_cfg(config, input_size, seed=seed, arithmetic=arithmetic)
    head = model.output.shape[-1]
    if head != num_anchors * (5 + num_classes):
        raise UserError(
            f"The cfg '{cfg}' ends in {head} channels, not {num_anchors} anchors x (5 + {num_classes} classes) = "
            f"{num_anchors * (5 + num_classes)}: pass matching --classes / --anchors files."
        )
    return model


def load_darknet_converted(model, path: Path, cache: Path | None) -> str:
    """Fills the model from Darknet weights: the cached conversion when it loads, else converts (and caches).

    Returns:
        A note for the output: "cached conversion ...", "converted, cached as ..." or why it was not cached.
    """
    if cache is not None and cache.exists():
        try:
            model.load_weights(cache)
            return f"cached conversion {cache}"
        except Exception:  # a stale or damaged cache: convert again
            pass
    darknet.load_darknet_weights(model, path)
    check_finite_weights(model, str(path), NOT_FINITE_FIX)  # before caching: NaN weights are never cached
    return "converted" + (save_cache(model, cache) if cache is not None else "")


def save_cache(model, cache: Path) -> str:
    """Saves converted weights atomically; returns a note for the output ('' when it could not)."""
    try:
        with atomic_path(cache) as temporary:  # keeps the `.weights.h5` suffix Keras insists on
            model.save_weights(temporary)
    except OSError:
        return ", not cached: the Keras cache is not writable"
    return f", cached as {cache}"


def load_yolo_model(
    path=None,
    *,
    cfg=None,
    num_classes: int = NUM_CLASSES,
    num_anchors: int = NUM_ANCHORS,
    input_size=MODEL_IMAGE_SIZE,
    seed: int = 0,
    reorg: str | None = None,
):
    """YOLOv2 with weights from `path`: Darknet `.weights`, the course's Keras 2 `yolo.h5`, a Keras 3
    `.weights.h5`, "darknet" (download), or None for seeded random (untrained) weights.

    `reorg` ("course" or "darknet") overrides the passthrough's channel order chosen by the source.

    Returns:
        A `keras.Model`: (m, 608, 608, 3) images in [0, 1] → (m, 19, 19, 425) raw head.
    """
    return build_detector(
        path, cfg=cfg, num_classes=num_classes, num_anchors=num_anchors, input_size=input_size, seed=seed, reorg=reorg
    ).model


def load_keras3_weights(model, path: Path) -> None:
    try:
        model.load_weights(path)
    except Exception as error:
        reason = " ".join(str(error).split())[:160]
        raise UserError(
            f"The weights '{path}' do not fit this YOLOv2 ({reason}): check --classes / --anchors, or pass the matching file."
        ) from None


def _layer_number(name: str) -> int:
    match = re.search(r"_(\d+)$", name)
    return int(match.group(1)) if match else 0


def _keras2_layers(path: Path) -> tuple[list[tuple[str, list[np.ndarray]]], list[tuple[str, list[np.ndarray]]]]:
    """(name, weights) of the conv and of the BatchNormalization layers of a Keras 2 HDF5 file, in creation order."""
    convolutions, batch_norms = [], []
    try:
        with h5py.File(path, "r") as file:
            root = file["model_weights"] if "model_weights" in file else file
            layer_names = [name.decode() if isinstance(name, bytes) else str(name) for name in root.attrs.get("layer_names", [])]
            if not layer_names:
                raise UserError(
                    f"The HDF5 file '{path}' holds no Keras 2 layer weights: pass yolo.h5, a Darknet .weights or a .weights.h5 file."
                )
            for layer_name in layer_names:
                group = root[layer_name]
                weight_names = [
                    name.decode() if isinstance(name, bytes) else str(name) for name in group.attrs.get("weight_names", [])
                ]
                arrays = [np.asarray(group[name]) for name in weight_names]
                if any("kernel" in name for name in weight_names) and arrays and arrays[0].ndim == 4:
                    convolutions.append((layer_name, arrays))
                elif any("moving_mean" in name for name in weight_names):
                    batch_norms.append((layer_name, arrays))
    except OSError as error:
        raise UserError(f"The HDF5 file '{path}' cannot be read ({error}): download it again.") from None
    # Keras 2 numbers auto-named layers in creation order (conv2d_1 or conv2d, conv2d_1, ...); the file
    # lists them topologically, which for YOLOv2 puts the passthrough conv elsewhere.
    convolutions.sort(key=lambda item: _layer_number(item[0]))
    batch_norms.sort(key=lambda item: _layer_number(item[0]))
    return convolutions, batch_norms


def first_difference(path: Path, kind: str, targets: list, sources: list[tuple[str, list[np.ndarray]]]) -> str | None:
    """A sentence naming the first layer of one kind where the file and the model differ, or None.

    Layers are paired in creation order, so a missing or an extra layer shows up where it sits.
    """
    for position in range(max(len(targets), len(sources))):
        if position >= len(targets):
            return (
                f"The Keras 2 file '{path}' has an extra {kind} layer '{sources[position][0]}' after YOLOv2's last one "
                f"('{targets[-1].name}'): pass the course's yolo.h5, or --classes / --anchors that match the file."
            )
        target = targets[position]
        if position >= len(sources):
            return (
                f"The Keras 2 file '{path}' has no {kind} layer for YOLOv2's '{target.name}' (it has {len(sources)} {kind} "
                f"layers, YOLOv2 {len(targets)}): pass the course's yolo.h5, complete."
            )
        name, arrays = sources[position]
        expected = [tuple(weight.shape) for weight in target.weights]
        got = [tuple(array.shape) for array in arrays]
        if expected != got:
            hint = (
                " (the head's size is anchors x (5 + classes): check --classes / --anchors)"
                if position == len(targets) - 1
                else ""
            )
            return (
                f"The Keras 2 file '{path}' does not match YOLOv2 at {kind} layer '{target.name}' (the file's '{name}'): "
                f"expected shapes {expected}, the file has {got}{hint}."
            )
    return None


def load_keras2_h5(model, path: Path) -> None:
    """Copies a Keras 2 YOLOv2 HDF5 (e.g. the course's yolo.h5) into the model, conv by conv and BN by BN.

    Raises:
        UserError: naming the first layer where the file and the model differ (missing, extra, wrong shape);
            nothing is copied then.
    """
    file_convolutions, file_batch_norms = _keras2_layers(path)
    convolutions = darknet.layers_in_creation_order(model, layers.Conv2D, "conv2d")
    batch_norms = darknet.layers_in_creation_order(model, layers.BatchNormalization, "batch_normalization")
    pairs = (("conv", convolutions, file_convolutions), ("BatchNormalization", batch_norms, file_batch_norms))
    for kind, targets, sources in pairs:
        problem = first_difference(path, kind, targets, sources)
        if problem is not None:
            raise UserError(problem)
    for _, _, sources in pairs:
        named = {f"{name}[{index}]": array for name, arrays in sources for index, array in enumerate(arrays)}
        check_finite_weights(named, str(path), NOT_FINITE_FIX)
    for _, targets, sources in pairs:
        for target, (_, arrays) in zip(targets, sources):
            target.set_weights(arrays)
