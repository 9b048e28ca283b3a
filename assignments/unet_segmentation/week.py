"""C4W3 A2, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Week

WEEK = Week(
    name="unet_segmentation",
    title="U-Net semantic segmentation (CARLA layout)",
    course_id="C4W3A2",
    graded=("conv_block", "upsampling_block", "unet_model"),
    course_files=("lyft_carla_samples/CameraRGB", "lyft_carla_samples/CameraSeg"),
    user_files=("data/CameraRGB", "data/CameraMask"),
    default_inputs={"data": "data", "samples": "lyft_carla_samples"},
)
