"""C4W3 A2: semantic segmentation of CARLA driving frames with a U-Net.

The course's names: `conv_block`, `upsampling_block`, `unet_model` (graded), and the data helpers
`process_path`, `preprocess` and `create_mask`. Run the week with
`python -m assignments.unet_segmentation --help`.
"""

from assignments.unet_segmentation.data import preprocess, process_path
from assignments.unet_segmentation.predict import create_mask
from assignments.unet_segmentation.unet import conv_block, unet_model, upsampling_block

__all__ = [
    "conv_block",
    "upsampling_block",
    "unet_model",
    "process_path",
    "preprocess",
    "create_mask",
]
