"""The base network's weights: Keras' ImageNet files for MobileNetV2, or a file the user has.

Keras publishes MobileNetV2's ImageNet weights as one file per width (alpha) and image size, without a
checksum. `imagenet_file` names the no-top file `MobileNetV2(weights="imagenet")` would fetch; it is
read from `$DLS_DATA_DIR/transfer_learning_mobilenet/` when a copy is there, else downloaded through
`keras.utils.get_file` into the Keras cache, its size is checked where the size is known,
and loading it into the architecture checks every layer and weight shape (a file of another model, or of
another alpha, is refused there with one sentence).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assignments.common.errors import UserError
from assignments.common.weights import WeightsFile, download, resolve_weights
from assignments.transfer_learning_mobilenet.week import WEEK

IMAGENET_SIZES = (96, 128, 160, 192, 224)
# Sizes in bytes of the files whose size is published (the course's download log shows the 1.0 / 160 file).
KNOWN_SIZES = {"mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_160_no_top.h5": 9_406_464}


@dataclasses.dataclass(frozen=True)
class BaseWeights:
    """What the base network starts from.

    Attributes:
        path: the weights file, or None for a random initialisation.
        description: for every output ("ImageNet (Keras' MobileNetV2, alpha 1.0, 160 px)", "the file x.h5").
    """

    path: Path | None
    description: str | None

    @property
    def pretrained(self) -> bool:
        return self.path is not None


def imagenet_file(alpha: float, image_size: int) -> WeightsFile:
    """The no-top ImageNet file Keras has for this width and size (sizes between Keras' use the 224 file)."""
    from keras.src.applications.mobilenet_v2 import BASE_WEIGHT_PATH  # Keras' own location of its files

    rows = image_size if image_size in IMAGENET_SIZES else 224
    name = f"mobilenet_v2_weights_tf_dim_ordering_tf_kernels_{float(alpha)}_{rows}_no_top.h5"
    return WeightsFile("imagenet", BASE_WEIGHT_PATH + name, name, None, f"ImageNet MobileNetV2 weights ({name})")


def base_weights(value: str | None, alpha: float, image_size: int) -> BaseWeights:
    """Resolves `--weights`: None (random), "imagenet" (downloaded), or a path.

    Raises:
        UserError: the download failed (offline), the downloaded file has the wrong size, or the path is missing.
    """
    if value is None:
        return BaseWeights(None, None)
    known = imagenet_file(alpha, image_size)
    if value != "imagenet":
        path = resolve_weights(value)
        if path.suffix == ".keras":
            raise UserError(
                f"'{value}' is a whole Keras model, not base-network weights: pass it to evaluate or predict with --model-file, "
                "or give --weights a no-top MobileNetV2 weights file (.h5) or 'imagenet'."
            )
        return BaseWeights(path, f"the weights file {path.name}")
    # A copy under $DLS_DATA_DIR/transfer_learning_mobilenet/ serves offline machines; else Keras' cache or a download.
    path = WEEK.course_file(known.file_name) or download(known)
    expected = KNOWN_SIZES.get(known.file_name)
    if expected is not None and path.stat().st_size != expected:
        raise UserError(
            f"The downloaded {known.file_name} has {path.stat().st_size:,} bytes, not {expected:,}: delete {path} and run again."
        )
    return BaseWeights(path, f"ImageNet (Keras' MobileNetV2 weights, alpha {alpha}, {image_size} px)")


def wrong_file(weights: BaseWeights, alpha: float, error: Exception) -> UserError:
    """The sentence for a weights file that does not fit MobileNetV2 at this alpha."""
    reason = " ".join(str(error).split())[:160]
    return UserError(
        f"The weights file '{weights.path}' does not fit MobileNetV2 without its top at alpha {alpha} ({reason}): it holds "
        "another model's weights; pass a no-top MobileNetV2 file of this alpha, or --weights imagenet."
    )
