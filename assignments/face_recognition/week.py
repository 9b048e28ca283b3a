"""C4W4 A1, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

WEEK = Week(
    name="face_recognition",
    title="FaceNet: triplet loss, face verification and recognition",
    course_id="C4W4A1",
    graded=("triplet_loss", "verify", "who_is_it"),
    course_files=(
        "keras-facenet-h5/model.json",
        "images/andrew.jpg",
        "images/camera_0.jpg",
        "images/younes.jpg",
        "images/danielle.png",
        # Not the course's: dlib's pretrained face encoder as TensorFlow.js weights (face-api 1.7.15, MIT).
        "face-api-1.7.15/face_recognition_model-weights_manifest.json",
        "face-api-1.7.15/face_recognition_model.bin",
    ),
    user_files=("keras-facenet-h5/model.h5",),
    default_inputs={
        "images": "images",
        "weights": "keras-facenet-h5/model.h5",
        "dlib_weights": "face-api-1.7.15/face_recognition_model-weights_manifest.json",
    },
    revisions=(
        Revision(
            "2021",
            year=2021,
            summary="TensorFlow 2 with the Keras FaceNet; img_to_encoding calls model.predict_on_batch (later "
            "templates model.predict(x, verbose=0)).",
            signatures={
                "triplet_loss": "triplet_loss(y_true, y_pred, alpha=0.2)",
                "verify": "verify(image_path, identity, database, model)",
                "who_is_it": "who_is_it(image_path, database, model)",
            },
            helpers={"fr_utils": ("img_to_encoding",)},
        ),
        Revision(
            "2018",
            year=2018,
            summary="the Keras 2 notebook (K.set_image_data_format('channels_first'), fr_utils' FRmodel).",
            markers=("K.set_image_data_format('channels_first')",),
            supported=False,
        ),
    ),
)
