"""C4W2 A2, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

_SIGNATURES = {
    "data_augmenter": "data_augmenter()",
    "alpaca_model": "alpaca_model(image_shape=IMG_SIZE, data_augmentation=data_augmenter())",
}

WEEK = Week(
    name="transfer_learning_mobilenet",
    title="Transfer learning with MobileNetV2: alpaca / not alpaca",
    course_id="C4W2A2",
    # fine_tune: the notebook's fine-tuning cell (trainable layers from 120, loss, optimizer, metrics) as a function.
    graded=("data_augmenter", "alpaca_model", "fine_tune"),
    course_files=("dataset_160x160/alpaca", "dataset_160x160/not alpaca"),
    user_files=("mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_160_no_top.h5",),
    default_inputs={"data": "dataset_160x160"},
    revisions=(
        Revision(
            name="v1",
            year=2021,
            summary="Transfer_learning_with_MobileNet_v1: alpaca_model builds MobileNetV2(weights='imagenet'), "
            "downloaded by Keras; the fine-tuning is a notebook cell (UNQ_C3), not a function.",
            signatures=_SIGNATURES,
            markers=("weights='imagenet'", 'weights="imagenet"'),
        ),
        Revision(
            name="v1-local-weights",
            summary="A later edition of the same notebook: alpaca_model reads the base's weights from the lab's "
            "file imagenet_base_model/without_top_mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_160_no_top.h5.",
            signatures=_SIGNATURES,
            markers=("imagenet_base_model/",),
        ),
    ),
)
