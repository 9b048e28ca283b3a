"""VGG19's weights: which file (or none) a run uses, and a check that a file really is VGG19 notop.

This module loads no TensorFlow (only h5py, to look inside a file), so the main script checks `--weights`
before TensorFlow starts. Weights, in the order `resolve_vgg19_weights` tries them:
- `--weights imagenet`: Keras downloads the notop file into its cache (md5-checked);
- `--weights PATH`: a notop `.h5` the user has (the course's `pretrained-model/vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5`,
  Keras' cached file, or a Keras 3 `.weights.h5` saved from `VGG19(include_top=False)`);
- no flag: that file from `$DLS_DATA_DIR/style_transfer/pretrained-model/` or the Keras cache when present;
- otherwise (or `--weights untrained`): seeded random weights, and every output says the network is untrained.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import h5py

from assignments.common.errors import UserError
from assignments.common.provenance import Provenance
from assignments.common.quiet import import_tensorflow_quietly
from assignments.common.weights import WeightsFile, keras_cache_dir, resolve_weights
from assignments.style_transfer.week import WEEK

VGG19_NOTOP = WeightsFile(
    key="imagenet",
    url="https://storage.googleapis.com/tensorflow/keras-applications/vgg19/vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5",
    file_name="vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5",
    file_hash="253f8cb515780f3b799900260a226db6",
    description="ImageNet VGG19 notop weights (80 MB)",
)
UNTRAINED_VALUES = ("untrained", "random", "none")

# The 16 convolutions of VGG19, in order: a notop weights file holds exactly these and nothing else.
VGG19_CONV_LAYERS = tuple(
    f"block{block}_conv{conv}" for block, convs in ((1, 2), (2, 2), (3, 4), (4, 4), (5, 4)) for conv in range(1, convs + 1)
)
VGG19_TOP_LAYERS = ("fc1", "fc2", "predictions")


@dataclasses.dataclass(frozen=True)
class WeightsChoice:
    """Which weights the network gets.

    Attributes:
        path: the weights file, or None for seeded random weights.
        description: where they came from, for the run's output.
    """

    path: Path | None
    description: str

    @property
    def pretrained(self) -> bool:
        return self.path is not None

    @property
    def provenance(self) -> Provenance:
        """How far to trust what the network sees: the pretrained weights and where they came from, or UNTRAINED."""
        if not self.pretrained:
            return Provenance.untrained(self.description)
        return Provenance.pretrained(self.description.removeprefix("pretrained "))


def installed_weights() -> Path | None:
    """The notop file from `$DLS_DATA_DIR/style_transfer/pretrained-model/`, else from the Keras cache, else None."""
    course = WEEK.default_input("weights")
    if course is not None and course.is_file():
        return course
    cached = keras_cache_dir() / VGG19_NOTOP.cache_subdir / VGG19_NOTOP.file_name
    return cached if cached.is_file() else None


def resolve_vgg19_weights(value: str | os.PathLike | None) -> WeightsChoice:
    """Turns a `--weights` value into a `WeightsChoice` (see the module docstring for the order).

    Raises:
        UserError: the file does not exist, or the download failed.
    """
    if value is not None and str(value).lower() in UNTRAINED_VALUES:
        return WeightsChoice(None, f"seeded random weights (--weights {value})")
    if value is None:
        found = installed_weights()
        if found is None:
            return WeightsChoice(None, "seeded random weights (no VGG19 notop file found; see --weights)")
        return WeightsChoice(found, f"pretrained ImageNet VGG19 from {found}")
    if str(value) == VGG19_NOTOP.key:
        # The download goes through Keras: TensorFlow loads now, with its start-up lines silenced.
        import_tensorflow_quietly()
    path = resolve_weights(value, VGG19_NOTOP)
    source = "downloaded ImageNet VGG19" if str(value) == VGG19_NOTOP.key else "pretrained VGG19"
    return WeightsChoice(path, f"{source} from {path}")


def _vgg19_kernel_shapes() -> list[tuple[int, ...]]:
    """The 16 kernel shapes of VGG19's convolutions, in order: (3, 3, channels in, channels out)."""
    widths = {1: 64, 2: 128, 3: 256, 4: 512, 5: 512}
    shapes, channels = [], 3
    for name in VGG19_CONV_LAYERS:
        out = widths[int(name[5])]
        shapes.append((3, 3, channels, out))
        channels = out
    return shapes


def _file_layers(path: Path) -> tuple[str, list[str], list[tuple[int, ...]]]:
    """(layout, names of the layers with weights, their first array's shape) of a Keras 2 `.h5` or Keras 3 `.weights.h5`."""
    try:
        with h5py.File(path, "r") as handle:
            root = handle
            if "layer_names" not in root.attrs and "model_weights" in root:
                root = root["model_weights"]
            names, shapes = [], []
            if "layer_names" in root.attrs:
                # Keras 2 layout: attrs["layer_names"]; each group's attrs["weight_names"] lists its arrays.
                for raw in root.attrs["layer_names"]:
                    name = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
                    weight_names = root[name].attrs.get("weight_names", []) if name in root else []
                    if len(weight_names) > 0:
                        first = weight_names[0]
                        names.append(name)
                        shapes.append(tuple(root[name][first.decode("utf-8") if isinstance(first, bytes) else first].shape))
                return "keras2", names, shapes
            if "layers" in root:
                # Keras 3 layout: layers/<attribute name>/vars/<index>; names are Keras' own (conv2d, conv2d_1, ...).
                for name, group in root["layers"].items():
                    if "vars" in group and len(group["vars"]) > 0:
                        names.append(name)
                        shapes.append(tuple(group["vars"]["0"].shape))
                return "keras3", names, shapes
            return "unknown", [], []
    except OSError:
        raise UserError(
            f"The weights file '{path}' is not an HDF5 file: pass VGG19's notop .h5 ({VGG19_NOTOP.file_name})."
        ) from None


def check_vgg19_notop_file(path: str | os.PathLike) -> Path:
    """Checks that a file holds VGG19's 16 convolutions and no classifier top.

    Raises:
        UserError: one sentence saying what the file holds instead.
    """
    file = Path(path)
    layout, names, shapes = _file_layers(file)
    top = [name for name in names if name in VGG19_TOP_LAYERS] or [name for name in names if name.startswith("dense")]
    if top and len(names) == len(VGG19_CONV_LAYERS) + 3:
        raise UserError(
            f"The weights file '{path}' is the full VGG19 with its classifier ({', '.join(top)}): "
            f"pass the notop file ({VGG19_NOTOP.file_name}) or --weights imagenet."
        )
    if layout == "keras2":
        fits = tuple(names) == VGG19_CONV_LAYERS
    else:
        # Keras 3 files name layers by attribute (conv2d, conv2d_1, ... sorted as text): compare the kernels.
        fits = sorted(shapes) == sorted(_vgg19_kernel_shapes())
    if not fits:
        shown = ", ".join(names[:4]) + (", ..." if len(names) > 4 else "") if names else "no layer weights"
        raise UserError(
            f"The weights file '{path}' is not VGG19 notop (it holds {shown}): pass {VGG19_NOTOP.file_name} or --weights imagenet."
        )
    # Keras picks the reader from the name: .weights.h5 for its own layout, .h5 / .hdf5 for the Keras 2 one.
    if layout == "keras3" and not file.name.endswith(".weights.h5"):
        raise UserError(f"The weights file '{path}' is in Keras 3's layout: rename it to end in .weights.h5 so Keras reads it.")
    if (
        layout == "keras2"
        and not file.name.endswith((".h5", ".hdf5"))
        or file.name.endswith(".weights.h5")
        and layout != "keras3"
    ):
        raise UserError(
            f"The weights file '{path}' is in Keras 2's layout: rename it to end in .h5 (not .weights.h5) so Keras reads it."
        )
    return file


def weights_notice(weights: WeightsChoice) -> str:
    """The line every run prints about its weights: their provenance, and for random ones what that means."""
    summary = weights.provenance.summary()
    line = summary[:1].upper() + summary[1:] + "."
    if weights.pretrained:
        return line
    return f"{line} The style transfer runs, but its textures come from random filters."
