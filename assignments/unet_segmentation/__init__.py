"""C4W3 A2: semantic segmentation of CARLA driving frames with a U-Net.

The course's names: `conv_block`, `upsampling_block`, `unet_model` (graded), and the data helpers
`process_path`, `preprocess` and `create_mask`. Run the week with
`python -m assignments.unet_segmentation --help`.
"""

import lazy_loader

from assignments.unet_segmentation.week import WEEK

# The course's names, imported on first use (the project's import rule: see `assignments/__init__.py`).
__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "pipeline": ["preprocess", "process_path"],
        "predict": ["create_mask"],
        "unet": ["conv_block", "unet_model", "upsampling_block"],
    },
)
__all__ += ["WEEK"]
