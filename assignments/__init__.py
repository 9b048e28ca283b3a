"""DLS Assignments: the Deep Learning Specialization's CNN and char-RNN assignments on TF 2.21 / Keras 3.

This module is the registry of weeks and nothing else: importing it must stay cheap (no TensorFlow),
because `python -m assignments list` and `data` only read this table.
"""

from __future__ import annotations

import dataclasses
import importlib.util

__version__ = "0.1.0"


@dataclasses.dataclass(frozen=True)
class Week:
    """One assignment of the course.

    Attributes:
        name: the package name under `assignments/` and the folder name under `$DLS_DATA_DIR`.
        title: a human title.
        course_id: course / week / assignment, as the specialization numbers them.
        course_files: files (relative to `$DLS_DATA_DIR/<name>/`) the course ships and this week reads.
        user_files: files a user may have but that cannot be collected here (pretrained weights, big
            training sets); `python -m assignments data` lists them as "optional".
    """

    name: str
    title: str
    course_id: str
    course_files: tuple[str, ...] = ()
    user_files: tuple[str, ...] = ()

    @property
    def package(self) -> str:
        return f"assignments.{self.name}"

    @property
    def implemented(self) -> bool:
        return importlib.util.find_spec(self.package) is not None


WEEKS: dict[str, Week] = {
    week.name: week
    for week in (
        Week(
            "happy_house",
            "HappyModel (Sequential) and the SIGNS ConvNet (Functional)",
            "C4W1A2",
            course_files=("test_happy.h5", "test_signs.h5", "sign_language_digits/Dataset"),
            user_files=("train_happy.h5", "train_signs.h5"),
        ),
        Week(
            "resnet50",
            "Residual networks: identity / convolutional blocks, ResNet50 on SIGNS",
            "C4W2A1",
            course_files=("test_signs.h5", "images/my_image.jpg"),
            user_files=("train_signs.h5", "resnet50.h5"),
        ),
        Week(
            "car_detection",
            "YOLOv2 car detection: box filtering, IoU, non-max suppression, yolo_eval",
            "C4W3A1",
            course_files=(
                "model_data/coco_classes.txt",
                "model_data/yolo_anchors.txt",
                "model_data/yolov2.cfg",
                "images/test.jpg",
                "font/FiraMono-Medium.otf",
            ),
            user_files=("model_data/yolo.h5", "model_data/yolov2.weights"),
        ),
        Week(
            "unet_segmentation",
            "U-Net semantic segmentation (CARLA layout)",
            "C4W3A2",
            course_files=("lyft_carla_samples/CameraRGB", "lyft_carla_samples/CameraSeg"),
            user_files=("data/CameraRGB", "data/CameraMask"),
        ),
        Week(
            "face_recognition",
            "FaceNet: triplet loss, face verification and recognition",
            "C4W4A1",
            course_files=(
                "keras-facenet-h5/model.json",
                "images/andrew.jpg",
                "images/camera_0.jpg",
                "images/younes.jpg",
                "images/danielle.png",
            ),
            user_files=("keras-facenet-h5/model.h5",),
        ),
        Week(
            "style_transfer",
            "Neural style transfer with VGG19",
            "C4W4A2",
            course_files=("images/louvre_small.jpg", "images/monet.jpg", "images/stone_style.jpg"),
            user_files=("pretrained-model/vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5",),
        ),
        Week(
            "dinosaur_island",
            "Dinosaur Island: a numpy character-level RNN that invents dinosaur names",
            "C5W1A2",
            course_files=("dinos.txt",),
        ),
    )
}
