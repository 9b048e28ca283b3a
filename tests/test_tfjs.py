"""The TensorFlow.js weights reader: dequantization, shapes, and refusing a .bin that does not fit."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assignments.common.errors import UserError
from assignments.common.tfjs import read_tfjs_weights


def write_model(folder, codes: np.ndarray, floats: np.ndarray, *, extra: bytes = b""):
    manifest = [
        {
            "paths": ["model.bin"],
            "weights": [
                {
                    "name": "a",
                    "shape": list(codes.shape),
                    "dtype": "float32",
                    "quantization": {"dtype": "uint8", "scale": 0.5, "min": -1.0},
                },
                {"name": "b", "shape": list(floats.shape), "dtype": "float32"},
            ],
        }
    ]
    (folder / "model-weights_manifest.json").write_text(json.dumps(manifest))
    (folder / "model.bin").write_bytes(codes.astype(np.uint8).tobytes() + floats.astype("<f4").tobytes() + extra)
    return folder / "model-weights_manifest.json"


def test_quantized_and_float_tensors_decode(tmp_path):
    codes = np.arange(6).reshape(2, 3)
    floats = np.array([1.5, -2.25], dtype=np.float32)
    tensors = read_tfjs_weights(write_model(tmp_path, codes, floats))
    np.testing.assert_array_equal(tensors["a"], codes * 0.5 - 1.0)
    np.testing.assert_array_equal(tensors["b"], floats)


def test_a_bin_of_the_wrong_size_is_refused(tmp_path):
    manifest = write_model(tmp_path, np.zeros((2, 3)), np.zeros(2), extra=b"\0")
    with pytest.raises(UserError, match="hold 15 bytes but .* describes 14"):
        read_tfjs_weights(manifest)


def test_a_file_that_is_not_a_manifest_is_refused(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"format": "layers-model"}')
    with pytest.raises(UserError, match="not a TensorFlow.js weights manifest"):
        read_tfjs_weights(path)


@pytest.mark.needs_data
def test_the_face_api_files_decode_to_their_stated_shapes(course_file):
    folder = course_file("face_recognition", "face-api-1.7.15")
    for model, count in (("face_recognition_model", 117), ("tiny_face_detector_model", 19)):
        manifest_path = folder / f"{model}-weights_manifest.json"
        stated = {
            spec["name"]: tuple(spec["shape"]) for group in json.loads(manifest_path.read_text()) for spec in group["weights"]
        }
        tensors = read_tfjs_weights(manifest_path)
        assert len(tensors) == count
        assert {name: array.shape for name, array in tensors.items()} == stated
        assert all(np.isfinite(array).all() for array in tensors.values())
