"""C4W3 A1, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Week

WEEK = Week(
    name="car_detection",
    title="YOLOv2 car detection: box filtering, IoU, non-max suppression, yolo_eval",
    course_id="C4W3A1",
    graded=("yolo_filter_boxes", "iou", "yolo_non_max_suppression", "yolo_eval"),
    course_files=(
        "model_data/coco_classes.txt",
        "model_data/yolo_anchors.txt",
        "model_data/yolov2.cfg",
        "images/test.jpg",
        "font/FiraMono-Medium.otf",
    ),
    user_files=("model_data/yolo.h5", "model_data/yolov2.weights"),
    default_inputs={"image": "images/test.jpg", "font": "font/FiraMono-Medium.otf"},
)
