"""C4W3 Car detection with YOLOv2: the course's post-processing, the real network, Darknet weights, your images.

The course's names: `yolo_filter_boxes`, `iou`, `yolo_non_max_suppression`, `yolo_boxes_to_corners`,
`yolo_eval` (graded), and the helpers `yolo_head`, `scale_boxes`, `preprocess_image`, `read_classes`,
`read_anchors`, `draw_boxes`; plus `load_yolo_model` (YOLOv2 with Darknet, Keras 2 or random weights).
Run the week with `python -m assignments.car_detection --help`.
"""

import lazy_loader

from assignments.car_detection.week import WEEK

# The course's names, imported on first use (the project's import rule: see `assignments/__init__.py`).
__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "detection": ["iou", "scale_boxes", "yolo_eval", "yolo_filter_boxes", "yolo_non_max_suppression"],
        "keras_yolo": ["yolo_boxes_to_corners", "yolo_head"],
        "yolo_utils": ["draw_boxes", "preprocess_image", "read_anchors", "read_classes"],
        "loading": ["load_yolo_model"],
        "tiny_face_model": ["build_face_detector", "tiny_face_detector"],
    },
)
__all__ += ["WEEK"]
