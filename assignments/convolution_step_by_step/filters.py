"""Named filters for the convolution layer: what a learner can see each one do to a photo.

Each named filter is an f x f kernel applied to the image's brightness: W[:, :, c, k] = kernel * LUMA[c], so the
feature map is that kernel on the grey image (ITU-R BT.601 weights). "random" draws a full f x f x 3 filter
with np.random.randn, as the course initialises its weights.
"""

from __future__ import annotations

import numpy as np

# Brightness from RGB (ITU-R BT.601), so that one filter gives one readable grey feature map.
LUMA = np.array([0.299, 0.587, 0.114])


def edge_kernel(f: int) -> np.ndarray:
    """Laplacian-like: the centre against the mean of its window; 0 on flat areas, large at edges."""
    kernel = -np.ones((f, f))
    kernel[f // 2, f // 2] = f * f - 1
    return kernel


def blur_kernel(f: int) -> np.ndarray:
    """The window's mean (a box blur)."""
    return np.full((f, f), 1.0 / (f * f))


def sharpen_kernel(f: int) -> np.ndarray:
    """The pixel plus its difference from the window's mean (unsharp masking)."""
    kernel = -blur_kernel(f)
    kernel[f // 2, f // 2] += 2.0
    return kernel


def emboss_kernel(f: int) -> np.ndarray:
    """A diagonal gradient plus the pixel: light from the top left ([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]] at f = 3)."""
    rows, columns = np.indices((f, f))
    kernel = (rows + columns - (f - 1)).astype(float)
    kernel[f // 2, f // 2] += 1.0
    return kernel


KERNELS = {"edge": edge_kernel, "blur": blur_kernel, "sharpen": sharpen_kernel, "emboss": emboss_kernel}


def make_filters(names, f: int, channels: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The layer's weights and biases for the named filters.

    Args:
        names: filter names, from KERNELS or "random".
        f: the filters' side.
        channels: the input's channels (3 for RGB, 1 for grey).
        seed: np.random.seed for the random filters.

    Returns:
        W: (f, f, channels, len(names)); b: (1, 1, 1, len(names)), zeros.
    """
    luma = LUMA if channels == 3 else np.full(channels, 1.0 / channels)
    np.random.seed(seed)
    W = np.zeros((f, f, channels, len(names)))
    for index, name in enumerate(names):
        if name == "random":
            W[:, :, :, index] = np.random.randn(f, f, channels)
        elif name in KERNELS:
            W[:, :, :, index] = KERNELS[name](f)[:, :, None] * luma[None, None, :]
        else:
            raise ValueError(f"filter names are {', '.join(KERNELS)} or random. Received: {name!r}")
    return W, np.zeros((1, 1, 1, len(names)))
