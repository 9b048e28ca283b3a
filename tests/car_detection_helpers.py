"""What car detection's tests share: a YOLOv2 in miniature, as a Darknet cfg and a .weights file of known values."""

from __future__ import annotations

from pathlib import Path

import numpy as np

# A YOLOv2 in miniature: BN convs, max pools, a route back, a reorg, a two-input route, a linear head.
TINY_CFG = """\
[net]
width=64
height=64
channels=3

[convolutional]
batch_normalize=1
filters=4
size=3
stride=1
pad=1
activation=leaky

[maxpool]
size=2
stride=2

[convolutional]
batch_normalize=1
filters=8
size=3
stride=1
pad=1
activation=leaky

[maxpool]
size=2
stride=2

[convolutional]
batch_normalize=1
filters=8
size=1
stride=1
pad=1
activation=leaky

[maxpool]
size=2
stride=2

[convolutional]
batch_normalize=1
filters=16
size=3
stride=1
pad=1
activation=leaky

[route]
layers=-3

[convolutional]
batch_normalize=1
filters=4
size=1
stride=1
pad=1
activation=leaky

[reorg]
stride=2

[route]
layers=-1,-4

[convolutional]
size=1
stride=1
pad=1
filters=21
activation=linear

[region]
anchors = 1,1, 2,2, 3,3
classes=2
num=3
"""
# (filters, in_channels, size, batch_normalize) of the tiny cfg's convs, in file order.
TINY_CONVS = [(4, 3, 3, True), (8, 4, 3, True), (8, 8, 1, True), (16, 8, 3, True), (4, 8, 1, True), (21, 32, 1, False)]


def write_tiny(folder: Path, major=0, minor=2, extra_bytes=0) -> tuple[Path, Path, list[dict]]:
    """Writes the tiny cfg and a .weights file of known values; returns the paths and what each conv got."""
    cfg = folder / "tiny.cfg"
    cfg.write_text(TINY_CFG)
    rng = np.random.default_rng(0)
    chunks, expected = [], []
    for filters, in_channels, size, batch_normalize in TINY_CONVS:
        layer = {}
        if batch_normalize:
            layer["beta"], layer["gamma"], layer["mean"] = (rng.normal(size=filters).astype("<f4") for _ in range(3))
            layer["variance"] = rng.uniform(0.5, 2, size=filters).astype("<f4")
            chunks += [layer["beta"], layer["gamma"], layer["mean"], layer["variance"]]
        else:
            layer["bias"] = rng.normal(size=filters).astype("<f4")
            chunks.append(layer["bias"])
        layer["kernel_oihw"] = rng.normal(size=(filters, in_channels, size, size)).astype("<f4")
        chunks.append(layer["kernel_oihw"].reshape(-1))
        expected.append(layer)
    seen = np.array([12345], "<i8" if major * 10 + minor >= 2 else "<i4")
    header = np.array([major, minor, 0], "<i4").tobytes() + seen.tobytes()
    weights = folder / "tiny.weights"
    weights.write_bytes(header + np.concatenate(chunks).tobytes() + b"\0" * extra_bytes)
    return cfg, weights, expected
