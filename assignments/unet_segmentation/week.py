"""C4W3 A2, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

WEEK = Week(
    name="unet_segmentation",
    title="U-Net semantic segmentation (CARLA layout)",
    course_id="C4W3A2",
    graded=("conv_block", "upsampling_block", "unet_model"),
    course_files=("lyft_carla_samples/CameraRGB", "lyft_carla_samples/CameraSeg"),
    user_files=("data/CameraRGB", "data/CameraMask"),
    default_inputs={"data": "data", "samples": "lyft_carla_samples"},
    revisions=(
        Revision(
            "v1.2",
            summary="Image_segmentation_Unet_v2: the course's summary lists MaxPooling2D's pool size, strides and padding.",
            signatures={
                "conv_block": "conv_block(inputs=None, n_filters=32, dropout_prob=0, max_pooling=True)",
                "upsampling_block": "upsampling_block(expansive_input, contractive_input, n_filters=32)",
                "unet_model": "unet_model(input_size=(96, 128, 3), n_filters=32, n_classes=23)",
            },
        ),
        Revision(
            "v1.1",
            summary="as v1.2 (its summary lists MaxPooling2D's pool size only).",
            signatures={
                "conv_block": "conv_block(inputs=None, n_filters=32, dropout_prob=0, max_pooling=True)",
                "upsampling_block": "upsampling_block(expansive_input, contractive_input, n_filters=32)",
                "unet_model": "unet_model(input_size=(96, 128, 3), n_filters=32, n_classes=23)",
            },
        ),
    ),
)
