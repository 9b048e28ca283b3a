"""The course's convolution and pooling layers in numpy, forward and backward, in the notebook's order.

Every graded function keeps the notebook's loops in its body, so that a learner can read it beside the
notebook: one output position at a time, one filter (or channel) at a time. The interface is the course's:

    hparameters = {"pad": 1, "stride": 2}                  # conv_forward
    hparameters = {"f": 3, "stride": 2}                    # pool_forward
    Z, cache = conv_forward(A_prev, W, b, hparameters)     # cache = (A_prev, W, b, hparameters)
    A, cache = pool_forward(A_prev, hparameters, "max")   # cache = (A_prev, hparameters)
    dA_prev, dW, db = conv_backward(dZ, cache)
    dA_prev = pool_backward(dA, cache, "max")

Shapes are channels-last, as in the course: A_prev (m, n_H_prev, n_W_prev, n_C_prev), W (f, f, n_C_prev,
n_C), b (1, 1, 1, n_C); the output side is floor((n_prev + 2 * pad - f) / stride) + 1 (pooling: no pad).
The vectorised paths that compute the same values hundreds of times faster are in `fast.py`.
"""

from __future__ import annotations

import numpy as np


def output_size(previous: int, f: int, pad: int, stride: int, what: str = "the window") -> int:
    """floor((previous + 2 * pad - f) / stride) + 1, or ValueError when `f` does not fit the padded input.

    Args:
        previous: the input's height or width.
        f: the filter's (or pooling window's) side.
        pad: zeros added on each side.
        stride: the step between windows.
        what: the window named for the message ("a 5x5 filter").
    """
    if f < 1 or stride < 1 or pad < 0:
        raise ValueError(f"f and stride must be >= 1 and pad >= 0. Received: f={f}, stride={stride}, pad={pad}")
    if f > previous + 2 * pad:
        raise ValueError(
            f"{what} of side {f} does not fit an input of side {previous} padded by {pad} "
            f"(padded side {previous + 2 * pad}). Received: f={f}, input side {previous}, pad={pad}"
        )
    return (previous + 2 * pad - f) // stride + 1


def zero_pad(X, pad):
    """Pads every image of the batch with `pad` zeros on each side of its height and width.

    Args:
        X: (m, n_H, n_W, n_C) images.
        pad: zeros added on each side.

    Returns:
        X_pad: (m, n_H + 2 * pad, n_W + 2 * pad, n_C).
    """
    # Only the two image axes are padded: not the batch, not the channels.
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="constant", constant_values=(0, 0))
    return X_pad


def conv_single_step(a_slice_prev, W, b):
    """One filter on one window: the element-wise product summed, plus the bias.

    Args:
        a_slice_prev: (f, f, n_C_prev), the window of the input.
        W: (f, f, n_C_prev), one filter's weights.
        b: (1, 1, 1), its bias.

    Returns:
        Z: a scalar (np.float64 for float64 inputs).
    """
    s = np.multiply(a_slice_prev, W)
    Z = np.sum(s)
    # b is a (1, 1, 1) array: add its one value, so that Z stays a scalar.
    Z = Z + b.item()
    return Z


def conv_forward(A_prev, W, b, hparameters):
    """The forward pass of a convolution layer: every filter on every window of every image.

    Args:
        A_prev: (m, n_H_prev, n_W_prev, n_C_prev), the previous layer's activations.
        W: (f, f, n_C_prev, n_C), the filters.
        b: (1, 1, 1, n_C), their biases.
        hparameters: {"stride": ..., "pad": ...}.

    Returns:
        Z: (m, n_H, n_W, n_C), the convolution's output.
        cache: (A_prev, W, b, hparameters), for `conv_backward`.
    """
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    (f, f, n_C_prev, n_C) = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    n_H = output_size(n_H_prev, f, pad, stride, "the filter")
    n_W = output_size(n_W_prev, f, pad, stride, "the filter")
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = zero_pad(A_prev, pad)

    for i in range(m):
        a_prev_pad = A_prev_pad[i]  # (n_H_prev + 2 pad, n_W_prev + 2 pad, n_C_prev)
        for h in range(n_H):
            vert_start = stride * h
            vert_end = vert_start + f
            for w in range(n_W):
                horiz_start = stride * w
                horiz_end = horiz_start + f
                for c in range(n_C):
                    a_slice_prev = a_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :]  # (f, f, n_C_prev)
                    weights = W[:, :, :, c]
                    biases = b[:, :, :, c]
                    Z[i, h, w, c] = conv_single_step(a_slice_prev, weights, biases)

    cache = (A_prev, W, b, hparameters)
    return Z, cache


def pool_forward(A_prev, hparameters, mode="max"):
    """The forward pass of a pooling layer: the max (or mean) of every f x f window, channel by channel.

    Args:
        A_prev: (m, n_H_prev, n_W_prev, n_C_prev).
        hparameters: {"f": ..., "stride": ...}.
        mode: "max" or "average".

    Returns:
        A: (m, n_H, n_W, n_C_prev).
        cache: (A_prev, hparameters), for `pool_backward`.
    """
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    f = hparameters["f"]
    stride = hparameters["stride"]
    if mode not in ("max", "average"):
        raise ValueError(f'mode must be "max" or "average". Received: {mode!r}')
    n_H = output_size(n_H_prev, f, 0, stride, "the pooling window")
    n_W = output_size(n_W_prev, f, 0, stride, "the pooling window")
    n_C = n_C_prev
    A = np.zeros((m, n_H, n_W, n_C))

    for i in range(m):
        for h in range(n_H):
            vert_start = stride * h
            vert_end = vert_start + f
            for w in range(n_W):
                horiz_start = stride * w
                horiz_end = horiz_start + f
                for c in range(n_C):
                    a_prev_slice = A_prev[i, vert_start:vert_end, horiz_start:horiz_end, c]  # (f, f)
                    if mode == "max":
                        A[i, h, w, c] = np.max(a_prev_slice)
                    elif mode == "average":
                        A[i, h, w, c] = np.mean(a_prev_slice)

    cache = (A_prev, hparameters)
    return A, cache


def conv_backward(dZ, cache):
    """The backward pass of a convolution layer (optional in the notebook).

    Each output position sent its window through one filter; going back, the window's gradient gets the
    filter times dZ there, the filter's gradient gets the window times dZ, and the bias gets dZ.

    Args:
        dZ: (m, n_H, n_W, n_C), the cost's gradient with respect to the convolution's output.
        cache: (A_prev, W, b, hparameters) from `conv_forward`.

    Returns:
        dA_prev: (m, n_H_prev, n_W_prev, n_C_prev); dW: (f, f, n_C_prev, n_C); db: (1, 1, 1, n_C).
    """
    (A_prev, W, b, hparameters) = cache
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    (f, f, n_C_prev, n_C) = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    (m, n_H, n_W, n_C) = dZ.shape
    dA_prev = np.zeros((m, n_H_prev, n_W_prev, n_C_prev))
    dW = np.zeros((f, f, n_C_prev, n_C))
    db = np.zeros((1, 1, 1, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    dA_prev_pad = zero_pad(dA_prev, pad)

    for i in range(m):
        a_prev_pad = A_prev_pad[i]
        da_prev_pad = dA_prev_pad[i]
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    vert_start = stride * h
                    vert_end = vert_start + f
                    horiz_start = stride * w
                    horiz_end = horiz_start + f
                    a_slice = a_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :]
                    da_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :] += W[:, :, :, c] * dZ[i, h, w, c]
                    dW[:, :, :, c] += a_slice * dZ[i, h, w, c]
                    db[:, :, :, c] += dZ[i, h, w, c]
        # Drop the padding again (slicing to pad + n_H_prev, so that pad = 0 works too).
        dA_prev[i, :, :, :] = da_prev_pad[pad : pad + n_H_prev, pad : pad + n_W_prev, :]

    return dA_prev, dW, db


def create_mask_from_window(x):
    """True where `x` holds its maximum: the entry (or entries, on a tie) that max pooling passed on.

    Args:
        x: (f, f) array.

    Returns:
        mask: (f, f) booleans.
    """
    mask = x == np.max(x)
    return mask


def distribute_value(dz, shape):
    """Spreads `dz` evenly over a window of `shape`: each entry contributed equally to an average.

    Args:
        dz: a scalar.
        shape: (n_H, n_W) of the window.

    Returns:
        a: (n_H, n_W) array whose entries sum to `dz`.
    """
    (n_H, n_W) = shape
    average = dz / (n_H * n_W)
    a = np.ones(shape) * average
    return a


def pool_backward(dA, cache, mode="max"):
    """The backward pass of a pooling layer (optional in the notebook).

    Max pooling sends each gradient back to the window's maximum (the mask), average pooling spreads it
    evenly over the window.

    Args:
        dA: (m, n_H, n_W, n_C), the cost's gradient with respect to the pooling's output.
        cache: (A_prev, hparameters) from `pool_forward`.
        mode: "max" or "average".

    Returns:
        dA_prev: the gradient with respect to the pooling's input, shaped like A_prev.
    """
    (A_prev, hparameters) = cache
    stride = hparameters["stride"]
    f = hparameters["f"]
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    m, n_H, n_W, n_C = dA.shape
    if mode not in ("max", "average"):
        raise ValueError(f'mode must be "max" or "average". Received: {mode!r}')
    dA_prev = np.zeros(A_prev.shape)

    for i in range(m):
        a_prev = A_prev[i]
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    vert_start = stride * h
                    vert_end = vert_start + f
                    horiz_start = stride * w
                    horiz_end = horiz_start + f
                    if mode == "max":
                        a_prev_slice = a_prev[vert_start:vert_end, horiz_start:horiz_end, c]
                        mask = create_mask_from_window(a_prev_slice)
                        dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += mask * dA[i, h, w, c]
                    elif mode == "average":
                        da = dA[i, h, w, c]
                        shape = (f, f)
                        dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += distribute_value(da, shape)

    return dA_prev
