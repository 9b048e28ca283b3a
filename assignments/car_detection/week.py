"""C4W3 A1, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

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
    revisions=(
        Revision(
            "v1.1",
            summary="yolo_non_max_suppression is one class-agnostic tf.image.non_max_suppression over all boxes.",
            signatures={
                "yolo_filter_boxes": "yolo_filter_boxes(boxes, box_confidence, box_class_probs, threshold=0.6)",
                "iou": "iou(box1, box2)",
                "yolo_non_max_suppression": "yolo_non_max_suppression(scores, boxes, classes, max_boxes=10, iou_threshold=0.5)",
                "yolo_eval": "yolo_eval(yolo_outputs, image_shape=(720, 1280), max_boxes=10, score_threshold=0.6, iou_threshold=0.5)",
            },
            helpers={
                "yad2k.models.keras_yolo": ("yolo_head",),
                "yad2k.utils.utils": ("scale_boxes", "read_classes", "read_anchors", "preprocess_image", "draw_boxes"),
            },
        ),
        Revision(
            "v2.1",
            summary="yolo_non_max_suppression suppresses inside each class (the boxes of two classes never suppress each other).",
            signatures={
                "yolo_filter_boxes": "yolo_filter_boxes(boxes, box_confidence, box_class_probs, threshold=0.6)",
                "iou": "iou(box1, box2)",
                "yolo_non_max_suppression": "yolo_non_max_suppression(scores, boxes, classes, max_boxes=10, iou_threshold=0.5)",
                "yolo_eval": "yolo_eval(yolo_outputs, image_shape=(720, 1280), max_boxes=10, score_threshold=0.6, iou_threshold=0.5)",
            },
            helpers={
                "yad2k.models.keras_yolo": ("yolo_head",),
                "yad2k.utils.utils": ("scale_boxes", "read_classes", "read_anchors", "preprocess_image", "draw_boxes"),
            },
        ),
        Revision(
            "2018",
            year=2018,
            summary="the Keras 2 / TF1 notebook (K.variable and K.get_session in yolo_non_max_suppression, a tf.Session to run the model).",
            markers=("K.get_session()", "sess.run(", "K.learning_phase()"),
            supported=False,
        ),
    ),
)
