"""C4W3 Car detection with YOLOv2: the course's post-processing, the real network, Darknet weights, your images.

The course's names: `yolo_filter_boxes`, `iou`, `yolo_non_max_suppression`, `yolo_boxes_to_corners`,
`yolo_eval` (graded), and the helpers `yolo_head`, `scale_boxes`, `preprocess_image`, `read_classes`,
`read_anchors`, `draw_boxes`; plus `load_yolo_model` (YOLOv2 with Darknet, Keras 2 or random weights).
Run the week with `python -m assignments.car_detection --help`.

Names are imported on first use, so that `python -m assignments.car_detection --help` (and a bad flag)
answer without waiting for TensorFlow.
"""

from __future__ import annotations

import importlib

_HOMES = {
    "yolo_filter_boxes": "detection",
    "iou": "detection",
    "yolo_non_max_suppression": "detection",
    "yolo_eval": "detection",
    "scale_boxes": "detection",
    "yolo_boxes_to_corners": "keras_yolo",
    "yolo_head": "keras_yolo",
    "preprocess_image": "yolo_utils",
    "read_classes": "yolo_utils",
    "read_anchors": "yolo_utils",
    "draw_boxes": "yolo_utils",
    "load_yolo_model": "loading",
}

__all__ = list(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__():
    return sorted(list(globals()) + __all__)
