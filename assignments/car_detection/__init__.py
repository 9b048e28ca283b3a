"""C4W3 Car detection with YOLOv2: the course's post-processing, the real network, Darknet weights, your images.

The course's names: `yolo_filter_boxes`, `iou`, `yolo_non_max_suppression`, `yolo_boxes_to_corners`,
`yolo_eval` (graded), and the helpers `yolo_head`, `scale_boxes`, `preprocess_image`, `read_classes`,
`read_anchors`, `draw_boxes`; plus `load_yolo_model` (YOLOv2 with Darknet, Keras 2 or random weights).
Run the week with `python -m assignments.car_detection --help`.
"""

import lazy_loader

# The course's names, imported on first use (the project's import rule: see `assignments/__init__.py`);
# `__init__.pyi` lists them, for IDEs and type checkers.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
