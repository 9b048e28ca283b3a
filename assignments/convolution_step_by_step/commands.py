"""The week's work: the course's convolution layer and pooling on an image, a PNG sheet, a gradient check.

image -> (1, H, W, 3) in [0, 1] -> conv_forward(filters) -> Z -> pool_forward(max), pool_forward(average)
      -> feature_maps.png;  conv_backward, pool_backward -> numeric gradient check -> printed
"""

from __future__ import annotations

import time

import numpy as np
from PIL import Image

from assignments.common.errors import UserError
from assignments.common.files import ensure_output_dir
from assignments.common.images import load_rgb_image
from assignments.common.progress import progress
from assignments.common.sample_images import project_image
from assignments.convolution_step_by_step import convolution, fast, gradients
from assignments.convolution_step_by_step.cli import Settings
from assignments.convolution_step_by_step.filters import make_filters
from assignments.convolution_step_by_step.outputs import save_sheet
from assignments.convolution_step_by_step.synthetic import make_picture

DEFAULT_IMAGE = "chelsea.jpg"
# The graded functions, or the vectorised paths that compute the same values (tests prove they agree).
ENGINES = {
    "loops": (convolution.conv_forward, convolution.pool_forward, convolution.conv_backward, convolution.pool_backward),
    "fast": (fast.conv_forward_fast, fast.pool_forward_fast, fast.conv_backward_fast, fast.pool_backward_fast),
}
# The gradient check nudges every weight of at most this many filters (each nudge is two forward passes).
CHECKED_FILTERS = 2


def read_image(settings: Settings) -> tuple[np.ndarray, str]:
    """(H, W, 3) float64 in [0, 1], resized so that its longer side is `settings.size`, and where it came from."""
    path = settings.input if settings.input is not None else project_image(DEFAULT_IMAGE)
    if path is None:
        return make_picture(settings.size, settings.seed), f"a generated picture ({settings.size}x{settings.size})"
    image = load_rgb_image(path)
    scale = settings.size / max(image.size)
    width, height = max(1, round(image.size[0] * scale)), max(1, round(image.size[1] * scale))
    resized = image.resize((width, height), Image.Resampling.LANCZOS)
    return np.asarray(resized, dtype=np.float64) / 255.0, f"{path} ({image.size[0]}x{image.size[1]}, resized to {width}x{height})"


def layer_shapes(settings: Settings, height: int, width: int) -> tuple[dict, dict]:
    """The convolution's and the pooling's hparameters, after checking that both windows fit.

    Raises:
        UserError: the filter is larger than the padded image, or the pooling window larger than the feature map.
    """
    f = settings.filter_size
    pad = settings.pad if settings.pad is not None else (f - 1) // 2
    if f > min(height, width) + 2 * pad:
        raise UserError(
            f"A {f}x{f} filter does not fit the {width}x{height} image padded by {pad} ({width + 2 * pad}x{height + 2 * pad}): "
            f"use a smaller --filter-size, a larger --pad, or a larger --size."
        )
    n_H, n_W = (height + 2 * pad - f) // settings.stride + 1, (width + 2 * pad - f) // settings.stride + 1
    if settings.pool_size > min(n_H, n_W):
        raise UserError(
            f"A {settings.pool_size}x{settings.pool_size} pooling window does not fit the {n_W}x{n_H} feature map "
            f"(stride {settings.stride}): use a smaller --pool-size or --stride, or a larger --size."
        )
    return {"pad": pad, "stride": settings.stride}, {
        "f": settings.pool_size,
        "stride": settings.pool_stride or settings.pool_size,
    }


def convolve(conv_forward, A_prev, W, b, hparameters) -> np.ndarray:
    """The layer's output (m, n_H, n_W, n_C), one filter at a time so that the loops show their progress."""
    maps = []
    # A bar on a terminal, plain lines every 30 s in a log (a large --size takes minutes in the loops).
    for k in progress(range(W.shape[3]), desc="conv_forward", unit="filter"):
        Z, _ = conv_forward(A_prev, W[:, :, :, k : k + 1], b[:, :, :, k : k + 1], hparameters)
        maps.append(Z)
    return np.concatenate(maps, axis=3)


def check_gradients(settings: Settings, W, b, conv_hparameters, pool_hparameters) -> list[gradients.GradientCheck]:
    """The backward passes of this run's layers against numeric gradients, on small seeded random inputs."""
    conv_forward, pool_forward, conv_backward, pool_backward = ENGINES[settings.engine]
    rng = np.random.default_rng(settings.seed)
    f, pad, stride = W.shape[0], conv_hparameters["pad"], conv_hparameters["stride"]
    side = max(4, f - 2 * pad + stride)  # two windows along each side at least, where the filter allows
    A_prev = rng.normal(size=(2, side, side, W.shape[2]))
    weights, biases = W[:, :, :, :CHECKED_FILTERS].copy(), rng.normal(size=(1, 1, 1, min(CHECKED_FILTERS, W.shape[3])))
    results = gradients.check_convolution(conv_forward, conv_backward, A_prev, weights, biases, conv_hparameters, settings.seed)
    pool_side = pool_hparameters["f"] + pool_hparameters["stride"]
    pool_input = rng.normal(size=(2, pool_side, pool_side, 3))
    for mode in ("max", "average"):
        results.append(gradients.check_pooling(pool_forward, pool_backward, pool_input, pool_hparameters, mode, settings.seed))
    return results


def run(settings: Settings) -> int:
    image, source = read_image(settings)
    conv_hparameters, pool_hparameters = layer_shapes(settings, image.shape[0], image.shape[1])
    W, b = make_filters(settings.filters, settings.filter_size, image.shape[2], settings.seed)
    conv_forward, pool_forward, _, _ = ENGINES[settings.engine]
    A_prev = image[np.newaxis]  # (1, H, W, 3): a batch of one
    print(f"Image: {source}.")

    started = time.perf_counter()
    Z = convolve(conv_forward, A_prev, W, b, conv_hparameters)
    engine = "the course's loops" if settings.engine == "loops" else "the vectorised path"
    print(
        f"conv_forward: A_prev {A_prev.shape} * W {W.shape} ({', '.join(settings.filters)}), {conv_hparameters} "
        f"-> Z {Z.shape} in {time.perf_counter() - started:.2f} s ({engine})."
    )
    pooled = {}
    for mode in ("max", "average"):
        started = time.perf_counter()
        pooled[mode], _ = pool_forward(Z, pool_hparameters, mode)
        print(f"pool_forward ({mode}): {pool_hparameters} -> A {pooled[mode].shape} in {time.perf_counter() - started:.2f} s.")

    checks = check_gradients(settings, W, b, conv_hparameters, pool_hparameters)
    for check in checks:
        print(
            f"gradient check {check.name}: relative difference {check.difference:.1e} ({'passed' if check.passed else 'FAILED'})."
        )
    output = ensure_output_dir(settings.output)
    caption = (
        f"{source}\nconvolution: {len(settings.filters)} filters {settings.filter_size}x{settings.filter_size}, "
        f"pad {conv_hparameters['pad']}, stride {conv_hparameters['stride']}\npooling: {pool_hparameters['f']}x"
        f"{pool_hparameters['f']}, stride {pool_hparameters['stride']}\nrandom filters: seed {settings.seed}"
    )
    sheet = save_sheet(
        output / "feature_maps.png", image, settings.filters, W, Z[0], {m: p[0] for m, p in pooled.items()}, caption
    )
    print(f"Wrote {sheet}.")
    failed = [check.name for check in checks if not check.passed]
    if failed:
        print(f"The gradient check failed for {', '.join(failed)}: the backward pass disagrees with the numeric gradient.")
        return 1
    print(f"Every backward pass agrees with its numeric gradient (relative difference < {gradients.THRESHOLD:g}).")
    return 0
