"""Decoding the network's raw head into boxes (the course's yad2k helpers `yolo_head`, `yolo_boxes_to_corners`).

The head predicts, per grid cell and anchor, 5 + num_classes numbers: t_x, t_y, t_w, t_h, t_o and the
class logits. YOLOv2 decodes them relative to the cell and the anchor's size:

    box_xy  = (sigmoid(t_xy) + cell (column, row)) / grid (width, height)     centre, in [0, 1] of the image
    box_wh  = exp(t_wh) * anchor (w, h in cells) / grid (width, height)        size, as a fraction of the image
    box_confidence  = sigmoid(t_o)
    box_class_probs = softmax(class logits)
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf


def yolo_head(feats, anchors, num_classes):
    """Turns the raw head into box parameters.

    Args:
        feats: the network output, (m, grid_h, grid_w, num_anchors * (5 + num_classes)).
        anchors: (num_anchors, 2) anchor widths and heights in grid cells.
        num_classes: number of classes.

    Returns:
        (box_xy, box_wh, box_confidence, box_class_probs), shapes (m, grid_h, grid_w, num_anchors, 2 | 2 | 1 |
        num_classes); xy and wh are fractions of the image's width and height.
    """
    anchors = np.asarray(anchors, dtype=np.float32).reshape(-1, 2)
    num_anchors = anchors.shape[0]
    feats = tf.convert_to_tensor(feats, dtype=tf.float32)
    grid_shape = tf.shape(feats)[1:3]  # (grid_h, grid_w)
    expected = num_anchors * (5 + int(num_classes))
    if feats.shape[-1] is not None and feats.shape[-1] != expected:
        raise ValueError(
            f"the head has {feats.shape[-1]} channels but {num_anchors} anchors x (5 + {num_classes} classes) = {expected}"
        )
    # (m, gh, gw, A*(5+C)) → (m, gh, gw, A, 5+C)
    feats = tf.reshape(feats, tf.concat([tf.shape(feats)[:3], [num_anchors, 5 + int(num_classes)]], axis=0))

    # Cell index as (column, row) = (x, y), shape (1, gh, gw, 1, 2), to add to the sigmoid offsets.
    rows, columns = tf.meshgrid(tf.range(grid_shape[0]), tf.range(grid_shape[1]), indexing="ij")
    cell_index = tf.cast(tf.stack([columns, rows], axis=-1), feats.dtype)[tf.newaxis, :, :, tf.newaxis, :]
    grid_wh = tf.cast(tf.reverse(grid_shape, axis=[0]), feats.dtype)  # (grid_w, grid_h), matching (x, y)

    box_xy = (tf.sigmoid(feats[..., :2]) + cell_index) / grid_wh
    box_wh = tf.exp(feats[..., 2:4]) * anchors.reshape(1, 1, 1, num_anchors, 2) / grid_wh
    box_confidence = tf.sigmoid(feats[..., 4:5])
    box_class_probs = tf.nn.softmax(feats[..., 5:])
    return box_xy, box_wh, box_confidence, box_class_probs


def yolo_boxes_to_corners(box_xy, box_wh):
    """Centre/size boxes → corners in the order TensorFlow's NMS wants: [y_min, x_min, y_max, x_max].

    Args:
        box_xy: (..., 2) centres (x, y).
        box_wh: (..., 2) sizes (w, h).

    Returns:
        (..., 4) tensor [y_min, x_min, y_max, x_max].
    """
    box_xy = tf.convert_to_tensor(box_xy)
    box_wh = tf.cast(box_wh, box_xy.dtype)
    box_mins = box_xy - box_wh / 2.0
    box_maxes = box_xy + box_wh / 2.0
    return tf.concat([box_mins[..., 1:2], box_mins[..., 0:1], box_maxes[..., 1:2], box_maxes[..., 0:1]], axis=-1)
