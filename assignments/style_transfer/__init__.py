"""C4W4 neural style transfer with VGG19: paint a content image in the style of another.

The course's names: `compute_content_cost`, `gram_matrix`, `compute_layer_style_cost`,
`compute_style_cost`, `total_cost`, `clip_0_1`, `get_layer_outputs`, `train_step` (with its globals
passed in: `train_step(generated_image, vgg_model_outputs, a_S, a_C, optimizer)`). `STYLE_LAYERS` and
`CONTENT_LAYER` are the course's layer lists. Run the week with `python -m assignments.style_transfer --help`.
"""

import lazy_loader

# The course's names, imported on first use (the project's import rule: see `assignments/__init__.py`);
# `__init__.pyi` lists them, for IDEs and type checkers.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
