"""C4W3 A2: semantic segmentation of CARLA driving frames with a U-Net.

The course's names: `conv_block`, `upsampling_block`, `unet_model` (graded), and the data helpers
`process_path`, `preprocess` and `create_mask`. Run the week with
`python -m assignments.unet_segmentation --help`.
"""

import lazy_loader

# The course's names, imported on first use (the project's import rule: see `assignments/__init__.py`);
# `__init__.pyi` lists them, for IDEs and type checkers.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
