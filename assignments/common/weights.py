"""Pretrained weights: URL + hash constants, downloads through `keras.utils.get_file`, user-given files.

Each week declares its files as `WeightsFile` constants (URL, file name, hash) and resolves the user's
`--weights` value with `resolve_weights`:

- no value → None: the week builds seeded random weights and says the output is untrained;
- the constant's `key` (for example `imagenet`, `darknet`) → download into the Keras cache, hash-checked;
- a path → that file, which must exist.

Offline, a download fails with one sentence that says which file is needed and where to put it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path

from assignments.common.errors import UserError

UNTRAINED_NOTICE = "UNTRAINED WEIGHTS: the model has seeded random weights, so its outputs are not meaningful."


@dataclasses.dataclass(frozen=True)
class WeightsFile:
    """A downloadable weights file.

    Attributes:
        key: the `--weights` value that asks for this download (e.g. "imagenet").
        url: where it is published.
        file_name: its name in the Keras cache.
        file_hash: sha256 (64 hex digits) or md5 (32 hex digits) of the file; None if unknown.
        description: what it is, for messages ("YOLOv2 COCO Darknet weights").
        cache_subdir: sub-folder of the Keras cache (`~/.keras/<cache_subdir>`).
        offline: another way to give the file without a download, for the failed-download message
            ("or point DLS_DATA_DIR at a folder with face_recognition/face-api-1.7.15/").
    """

    key: str
    url: str
    file_name: str
    file_hash: str | None
    description: str
    cache_subdir: str = "models"
    offline: str = ""

    @property
    def hash_algorithm(self) -> str:
        if self.file_hash is None:
            return "sha256"
        return "md5" if len(self.file_hash) == 32 else "sha256"


def keras_cache_dir() -> Path:
    """The Keras cache folder (`$KERAS_HOME`, else `~/.keras`)."""
    return Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")).expanduser()


def file_digest(path: str | os.PathLike, algorithm: str = "sha256", chunk_size: int = 1 << 20) -> str:
    """Hex digest of a file, read in chunks."""
    digest = hashlib.new(algorithm)
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(chunk_size), b""):
            digest.update(chunk)
    return digest.hexdigest()


def download(weights: WeightsFile) -> Path:
    """Downloads (or finds in the Keras cache) a weights file, hash-checked.

    Raises:
        UserError: the download failed (offline, moved) or the hash differs.
    """
    import keras  # Lazy: TensorFlow takes seconds to import.

    try:
        path = keras.utils.get_file(
            fname=weights.file_name,
            origin=weights.url,
            file_hash=weights.file_hash,
            hash_algorithm=weights.hash_algorithm,
            cache_subdir=weights.cache_subdir,
        )
    except Exception as error:  # get_file raises bare Exception for network and hash failures.
        reason = " ".join(str(error).split())[:200]
        raise UserError(
            f"Could not download the {weights.description} from {weights.url} ({reason}): download it yourself "
            f"and pass its path with --weights, or put it at {keras_cache_dir() / weights.cache_subdir / weights.file_name}"
            + (f", {weights.offline}" if weights.offline else "")
            + "."
        ) from None
    return Path(path)


def resolve_weights(value: str | os.PathLike | None, *known: WeightsFile) -> Path | None:
    """Turns a `--weights` value into a file path, or None for untrained weights.

    Args:
        value: None, the `key` of one of `known` (downloaded), or a path to a file the user has.
        known: the week's downloadable files.
    """
    if value is None or str(value) == "":
        return None
    for weights in known:
        if str(value) == weights.key:
            return download(weights)
    path = Path(value).expanduser()
    if not path.exists():
        keys = ", ".join(weights.key for weights in known)
        also = f", or one of: {keys} (downloaded)" if keys else ""
        raise UserError(f"The weights file '{value}' does not exist: pass the path of a file you have{also}.")
    if path.is_dir():
        raise UserError(f"The weights path '{value}' is a folder: pass the weights file itself.")
    return path


def converted_cache_path(source: str | os.PathLike, tag: str, suffix: str = ".weights.h5") -> Path:
    """Where weights converted from `source` are cached: keyed by the source file's sha256 and a tag.

    Converting Darknet or Keras 2 files takes seconds to minutes; the result is saved once as Keras 3
    `.weights.h5` in the Keras cache and reused as long as the source file is byte-identical.
    """
    digest = file_digest(source)[:16]
    return keras_cache_dir() / "dls_assignments" / f"{tag}-{digest}{suffix}"
