"""Vectorised convolution and pooling: the values of `convolution.py`'s loops, hundreds of times faster.

The trick is one view: the strides of the (padded) input lay every f x f window out as new axes without
copying (what `numpy.lib.stride_tricks.sliding_window_view` does), the stride picking every stride-th one:

    windows[i, h, w, p, q, c] = A_pad[i, stride * h + p, stride * w + q, c]      # (m, n_H, n_W, f, f, n_C_prev)

A convolution is then one matrix product of the windows, one row per output position, with the filters
(im2col); pooling is a max or a mean over the window axes. The backward pass of a convolution is
two more products (the input's gradient is itself a convolution of the dilated dZ with the rotated filters);
the pooling's walks the f x f offsets instead of the n_H x n_W positions (for each offset (p, q) every
window's gradient lands on the strided sub-grid `A[:, p::stride, q::stride]` at once), or, when the
windows tile the input (stride == f), reshapes it so that every window has its own axes. The results agree with the loops to rounding (the sums run in another order); `tests/
test_convolution_step_by_step_fast.py` proves it on random inputs of several shapes.
"""

from __future__ import annotations

import numpy as np

from assignments.common.fast_path import fast_path
from assignments.convolution_step_by_step.convolution import output_size


def windows_of(A, f: int, stride: int, n_H: int, n_W: int) -> np.ndarray:
    """Every f x f window of A (m, H, W, C) at the given stride, as a view (m, n_H, n_W, f, f, C) without copying.

    The same view as `sliding_window_view(A, (f, f), axis=(1, 2))[:, ::stride, ::stride]` with the channel
    axis last, built directly from A's strides (sliding_window_view's own checks cost more than the whole
    convolution at the notebook's sizes). The (f, f, C) order matches W's memory order, so that a window
    row times `W.reshape(f * f * C, n_C)` is one filter response.
    """
    A = np.ascontiguousarray(A)
    step_m, step_h, step_w, step_c = A.strides
    shape = (A.shape[0], n_H, n_W, f, f, A.shape[3])
    strides = (step_m, step_h * stride, step_w * stride, step_h, step_w, step_c)
    return np.ndarray(shape, dtype=A.dtype, buffer=A, strides=strides)


def _padded(A, pad: int) -> np.ndarray:
    """`zero_pad`'s result, written into a zeroed array (np.pad is twenty times slower at these sizes)."""
    if pad == 0:
        return np.ascontiguousarray(A)
    m, height, width, channels = A.shape
    padded = np.zeros((m, height + 2 * pad, width + 2 * pad, channels))
    padded[:, pad : pad + height, pad : pad + width, :] = A
    return padded


def _offset_grid(array, p: int, q: int, stride: int, n_H: int, n_W: int):
    """The view of `array` (m, H, W, C) that offset (p, q) of every window touches: (m, n_H, n_W, C)."""
    return array[:, p : p + stride * (n_H - 1) + 1 : stride, q : q + stride * (n_W - 1) + 1 : stride, :]


@fast_path("conv_forward")
def conv_forward_fast(A_prev, W, b, hparameters):
    """`conv_forward`'s values and cache, as one matrix product over every window (im2col)."""
    A_prev, W, b = (np.asarray(array, dtype=np.float64) for array in (A_prev, W, b))
    (m, n_H_prev, n_W_prev, n_C_prev), (f, _, _, n_C) = A_prev.shape, W.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    n_H = output_size(n_H_prev, f, pad, stride, "the filter")
    n_W = output_size(n_W_prev, f, pad, stride, "the filter")
    windows = windows_of(_padded(A_prev, pad), f, stride, n_H, n_W)  # (m, n_H, n_W, f, f, n_C_prev)
    # im2col: one row per output position, (m n_H n_W, f f n_C_prev) @ (f f n_C_prev, n_C)
    columns = windows.reshape(m * n_H * n_W, f * f * n_C_prev)
    Z = (columns @ W.reshape(f * f * n_C_prev, n_C)).reshape(m, n_H, n_W, n_C) + b.reshape(n_C)
    return Z, (A_prev, W, b, hparameters)


@fast_path("pool_forward")
def pool_forward_fast(A_prev, hparameters, mode="max"):
    """`pool_forward`'s values and cache, as one reduction over the window axes."""
    if mode not in ("max", "average"):
        raise ValueError(f'mode must be "max" or "average". Received: {mode!r}')
    A_prev = np.asarray(A_prev, dtype=np.float64)
    f, stride = hparameters["f"], hparameters["stride"]
    n_H = output_size(A_prev.shape[1], f, 0, stride, "the pooling window")
    n_W = output_size(A_prev.shape[2], f, 0, stride, "the pooling window")
    windows = windows_of(A_prev, f, stride, n_H, n_W)  # (m, n_H, n_W, f, f, n_C)
    A = windows.max(axis=(3, 4)) if mode == "max" else windows.mean(axis=(3, 4))
    return A, (A_prev, hparameters)


def _dilated(dZ, stride: int) -> np.ndarray:
    """dZ with stride - 1 zeros between its rows and between its columns: where the windows started."""
    if stride == 1:
        return dZ
    m, n_H, n_W, n_C = dZ.shape
    dilated = np.zeros((m, (n_H - 1) * stride + 1, (n_W - 1) * stride + 1, n_C))
    dilated[:, ::stride, ::stride, :] = dZ
    return dilated


@fast_path("conv_backward")
def conv_backward_fast(dZ, cache):
    """`conv_backward`'s (dA_prev, dW, db), each as one matrix product.

    dW is the windows' transpose times dZ. dA_prev is a convolution too (the "full" correlation of the
    transposed convolution): dZ, dilated by the stride and padded by f - 1, correlated at stride 1 with the
    filters rotated by 180 degrees and their channel axes swapped. Rows and columns of the padded input that
    no window reached (when the stride does not divide evenly) keep a zero gradient.
    """
    A_prev, W, b, hparameters = cache
    dZ = np.asarray(dZ, dtype=np.float64)
    (m, n_H_prev, n_W_prev, n_C_prev), (f, _, _, n_C) = A_prev.shape, W.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    _, n_H, n_W, _ = dZ.shape
    A_prev_pad = _padded(A_prev, pad)
    columns = windows_of(A_prev_pad, f, stride, n_H, n_W).reshape(m * n_H * n_W, f * f * n_C_prev)
    gradients = dZ.reshape(m * n_H * n_W, n_C)
    # dW[p, q, c, k] = sum over positions of window[p, q, c] * dZ[k]: (f f n_C_prev, M) @ (M, n_C)
    dW = (columns.T @ gradients).reshape(f, f, n_C_prev, n_C)
    db = gradients.sum(axis=0).reshape(1, 1, 1, n_C)

    spread = _padded(_dilated(dZ, stride), f - 1)  # (m, (n_H - 1) stride + 2f - 1, ..., n_C)
    reached_H, reached_W = (n_H - 1) * stride + f, (n_W - 1) * stride + f
    rotated = np.ascontiguousarray(W[::-1, ::-1].transpose(0, 1, 3, 2))  # (f, f, n_C, n_C_prev)
    spread_columns = windows_of(spread, f, 1, reached_H, reached_W).reshape(m * reached_H * reached_W, f * f * n_C)
    reached = (spread_columns @ rotated.reshape(f * f * n_C, n_C_prev)).reshape(m, reached_H, reached_W, n_C_prev)
    dA_prev_pad = np.zeros(A_prev_pad.shape)
    dA_prev_pad[:, :reached_H, :reached_W, :] = reached
    dA_prev = dA_prev_pad[:, pad : pad + n_H_prev, pad : pad + n_W_prev, :]
    return np.ascontiguousarray(dA_prev), dW, db


@fast_path("pool_backward")
def pool_backward_fast(dA, cache, mode="max"):
    """`pool_backward`'s dA_prev, walking the f x f window offsets instead of the output positions."""
    if mode not in ("max", "average"):
        raise ValueError(f'mode must be "max" or "average". Received: {mode!r}')
    A_prev, hparameters = cache
    dA = np.asarray(dA, dtype=np.float64)
    f, stride = hparameters["f"], hparameters["stride"]
    _, n_H, n_W, _ = dA.shape
    dA_prev = np.zeros(A_prev.shape)
    if stride == f:
        return _pool_backward_tiled(dA, A_prev, f, mode, dA_prev)
    if mode == "max":
        window_max = windows_of(A_prev, f, stride, n_H, n_W).max(axis=(3, 4))  # (m, n_H, n_W, n_C)
    for p in range(f):
        for q in range(f):
            target = _offset_grid(dA_prev, p, q, stride, n_H, n_W)
            if mode == "max":
                # the mask of every window at offset (p, q): ties pass the gradient to each maximum, as the loops do
                target[...] += (_offset_grid(A_prev, p, q, stride, n_H, n_W) == window_max) * dA
            else:
                target[...] += dA / (f * f)
    return dA_prev


def _pool_backward_tiled(dA, A_prev, f: int, mode: str, dA_prev):
    """Non-overlapping windows (stride == f) tile the input: one reshape gives every window its own axes."""
    m, n_H, n_W, n_C = dA.shape
    covered = dA_prev[:, : n_H * f, : n_W * f, :].reshape(m, n_H, f, n_W, f, n_C)  # a view into dA_prev
    gradient = dA[:, :, None, :, None, :]  # (m, n_H, 1, n_W, 1, n_C), one per window
    if mode == "max":
        windows = A_prev[:, : n_H * f, : n_W * f, :].reshape(m, n_H, f, n_W, f, n_C)
        covered[...] = (windows == windows.max(axis=(2, 4), keepdims=True)) * gradient
    else:
        covered[...] = np.broadcast_to(gradient / (f * f), covered.shape)
    return dA_prev
