"""TensorFlow.js weights, read with numpy: a `*-weights_manifest.json` and the `.bin` shards it names.

The manifest is a list of groups; each group names its shard files (`paths`, read one after another as
one byte stream) and its tensors (`weights`: name, shape, dtype, and an optional `quantization`). A
quantized tensor is stored as uint8 (or uint16) codes `q` with `value = q * scale + min`; a float16
quantization stores half floats. No JavaScript runtime is involved: this is the whole format.

Reference: the tfjs-core `io` module (`weights_loader.ts`, `io_utils.ts`: `decodeWeights`), whose
layout this follows.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import numpy as np

from assignments.common.errors import UserError

# Bytes per stored element, by the dtype a tensor is stored in (after quantization, if any).
_STORED_DTYPES = {
    "float32": np.dtype("<f4"),
    "int32": np.dtype("<i4"),
    "bool": np.dtype("u1"),
    "uint8": np.dtype("u1"),
    "uint16": np.dtype("<u2"),
    "float16": np.dtype("<f2"),
}


def _read_manifest(manifest_path: Path) -> list:
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UserError(
            f"The TensorFlow.js manifest '{manifest_path}' cannot be read as JSON ({error}): "
            "pass the *-weights_manifest.json that came with the .bin file."
        ) from None
    if not isinstance(manifest, list) or not all(
        isinstance(group, dict) and "paths" in group and "weights" in group for group in manifest
    ):
        raise UserError(
            f"The file '{manifest_path}' is not a TensorFlow.js weights manifest (expected a list of groups with "
            "'paths' and 'weights'): pass the *-weights_manifest.json that came with the .bin file."
        )
    return manifest


def _decode(name: str, spec: dict, raw: bytes, manifest_path: Path) -> np.ndarray:
    shape = tuple(int(size) for size in spec["shape"])
    quantization = spec.get("quantization")
    stored = quantization["dtype"] if quantization else spec["dtype"]
    if stored not in _STORED_DTYPES:
        raise UserError(
            f"The tensor '{name}' in '{manifest_path}' has the unsupported dtype '{stored}': this reader takes {', '.join(_STORED_DTYPES)}."
        )
    values = np.frombuffer(raw, dtype=_STORED_DTYPES[stored]).reshape(shape)
    if quantization and stored in ("uint8", "uint16"):
        # tfjs stores scale and min per tensor: value = q * scale + min (computed in float32, as tfjs does).
        return values.astype(np.float32) * np.float32(quantization["scale"]) + np.float32(quantization["min"])
    if stored == "float16":
        return values.astype(np.float32)
    return values.astype(_STORED_DTYPES[spec["dtype"]] if spec["dtype"] in _STORED_DTYPES else values.dtype)


def _confined_shard(manifest_path: Path, shard) -> Path:
    """The shard file `shard` names, refused unless it is a regular file inside the manifest's folder."""
    folder = manifest_path.parent.resolve()
    if not isinstance(shard, str) or not shard or Path(shard).is_absolute():
        raise UserError(
            f"'{manifest_path.name}' names a weights shard {shard!r} that is not a file name beside it: "
            "use the manifest that came with the .bin file."
        )
    shard_path = (folder / shard).resolve()
    if not shard_path.is_relative_to(folder):
        raise UserError(
            f"'{manifest_path.name}' names a weights shard '{shard}' outside its own folder, which is never read: "
            "use the manifest that came with the .bin file."
        )
    if not shard_path.is_file():
        what = "does not exist" if not shard_path.exists() else "is not a regular file"
        raise UserError(
            f"The weights shard '{shard_path}' named by '{manifest_path.name}' {what}: put the .bin beside the manifest."
        )
    return shard_path


def read_tfjs_weights(manifest_path: str | os.PathLike) -> dict[str, np.ndarray]:
    """Reads every tensor of a TensorFlow.js weights manifest and its shards.

    Args:
        manifest_path: the `*-weights_manifest.json`; its shards are looked up beside it.

    Returns:
        name → float32 (or int32) array of the manifest's shape, dequantized, in manifest order.

    Raises:
        UserError: the manifest is unreadable or malformed, a shard is missing, or the shards hold more or
            fewer bytes than the manifest's shapes need (a truncated or mismatched `.bin`).
    """
    manifest_path = Path(manifest_path).expanduser()
    if not manifest_path.is_file():
        raise UserError(f"The TensorFlow.js manifest '{manifest_path}' does not exist: check the path.")
    tensors: dict[str, np.ndarray] = {}
    for group in _read_manifest(manifest_path):
        # What the manifest declares is bounded by what its shards hold before a byte is read: a shard path
        # must stay inside the manifest's folder, be a regular file, and the sizes must add up exactly.
        needed = 0
        for spec in group["weights"]:
            quantization = spec.get("quantization")
            stored = quantization["dtype"] if quantization else spec["dtype"]
            needed += math.prod(int(size) for size in spec["shape"]) * _STORED_DTYPES.get(stored, np.dtype("<f4")).itemsize
        shard_paths = [_confined_shard(manifest_path, shard) for shard in group["paths"]]
        held = sum(path.stat().st_size for path in shard_paths)
        if needed != held:
            raise UserError(
                f"The weights in {', '.join(group['paths'])} hold {held:,} bytes but '{manifest_path.name}' describes "
                f"{needed:,}: the .bin is truncated or belongs to another manifest; download both files again."
            )
        shard_bytes = []
        for shard_path in shard_paths:
            try:
                shard_bytes.append(shard_path.read_bytes())
            except OSError as error:
                raise UserError(
                    f"The weights shard '{shard_path}' named by '{manifest_path.name}' cannot be read ({error.strerror}): put it beside the manifest."
                ) from None
        data = b"".join(shard_bytes)
        offset = 0
        for spec in group["weights"]:
            quantization = spec.get("quantization")
            stored = quantization["dtype"] if quantization else spec["dtype"]
            size = math.prod(int(size) for size in spec["shape"]) * _STORED_DTYPES[stored].itemsize
            tensors[spec["name"]] = _decode(spec["name"], spec, data[offset : offset + size], manifest_path)
            offset += size
    return tensors
