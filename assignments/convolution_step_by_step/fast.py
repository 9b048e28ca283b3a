"""Vectorised convolution and pooling: the values of `convolution.py`'s loops, hundreds of times faster.

The trick is one view: the strides of the (padded) input lay every f x f window out as new axes without
copying (what `numpy.lib.stride_tricks.sliding_window_view` does), the stride picking every stride-th one:

    windows[i, h, w, p, q, c] = A_pad[i, stride * h + p, stride * w + q, c]      # (m, n_H, n_W, f, f, n_C_prev)

A convolution is then one matrix product of the windows, one row per output position, with the filters
(im2col); pooling is a max or a mean over the window axes. The backward passes walk the f x f offsets
instead of the n_H x n_W positions: for each offset (p, q) every window's gradient lands on the strided
sub-grid `A_pad[:, p::stride, q::stride]` at once (col2im). The results agree with the loops to rounding (the sums run in another order); `tests/
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


@fast_path("conv_backward")
def conv_backward_fast(dZ, cache):
    """`conv_backward`'s (dA_prev, dW, db): one product for dW, one for the window gradients (col2im)."""
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
    # each window's gradient, (M, n_C) @ (n_C, f f n_C_prev), then added back where the window lies (col2im)
    window_gradients = (gradients @ W.reshape(f * f * n_C_prev, n_C).T).reshape(m, n_H, n_W, f, f, n_C_prev)
    dA_prev_pad = np.zeros(A_prev_pad.shape)
    for p in range(f):
        for q in range(f):
            _offset_grid(dA_prev_pad, p, q, stride, n_H, n_W)[...] += window_gradients[:, :, :, p, q, :]
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
