"""C4W4 neural style transfer with VGG19: paint a content image in the style of another.

The course's names: `compute_content_cost`, `gram_matrix`, `compute_layer_style_cost`,
`compute_style_cost`, `total_cost`, `clip_0_1`, `get_layer_outputs`, `train_step` (with its globals
passed in: `train_step(generated_image, vgg_model_outputs, a_S, a_C, optimizer)`). `STYLE_LAYERS` and
`CONTENT_LAYER` are the course's layer lists. Run the week with `python -m assignments.style_transfer --help`.

The names are imported on first use (PEP 562), so that the main script can answer a bad flag or a missing
image before TensorFlow has loaded.
"""

import importlib

_MODULE_OF = {
    "compute_content_cost": "costs",
    "gram_matrix": "costs",
    "compute_layer_style_cost": "costs",
    "compute_style_cost": "costs",
    "total_cost": "costs",
    "STYLE_LAYERS": "costs",
    "CONTENT_LAYER": "costs",
    "clip_0_1": "optimize",
    "get_layer_outputs": "network",
    "train_step": "optimize",
}

__all__ = [
    "compute_content_cost",
    "gram_matrix",
    "compute_layer_style_cost",
    "compute_style_cost",
    "total_cost",
    "clip_0_1",
    "get_layer_outputs",
    "train_step",
]


def __getattr__(name: str):
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_MODULE_OF[name]}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_MODULE_OF))
