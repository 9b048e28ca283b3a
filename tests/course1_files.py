"""Hostile and tiny cat data files for the Course 1 tests: h5 files written here, never committed."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
from PIL import Image


def write_cat_h5(path: Path, split: str, images: np.ndarray, labels: np.ndarray) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with h5py.File(path, "w") as handle:
        handle.create_dataset(f"{split}_set_x", data=images)
        handle.create_dataset(f"{split}_set_y", data=labels)
        handle.create_dataset("list_classes", data=np.array([b"non-cat", b"cat"]))
    return path


def tiny_cat_folder(root: Path, count: int = 6, seed: int = 0) -> Path:
    """A data folder in the course's layout with `count` random images per split, half of them "cats"."""
    rng = np.random.default_rng(seed)
    for split in ("train", "test"):
        images = rng.integers(0, 256, (count, 64, 64, 3), dtype=np.uint8)
        labels = np.arange(count) % 2
        write_cat_h5(root / "datasets" / f"{split}_catvnoncat.h5", split, images, labels)
    return root


def photo(path: Path, colour=(200, 120, 40)) -> Path:
    Image.new("RGB", (80, 60), colour).save(path)
    return path


def size_bomb(path: Path, split: str = "train") -> Path:
    """A few KB of HDF5 that declares two million 64x64x3 images (never written: reading would allocate 24 GB)."""
    with h5py.File(path, "w") as handle:
        handle.create_dataset(f"{split}_set_x", shape=(2_000_000, 64, 64, 3), dtype=np.uint8, chunks=(1, 64, 64, 3))
        handle.create_dataset(f"{split}_set_y", data=np.zeros(2_000_000, dtype=np.int64)[:10])
    return path
