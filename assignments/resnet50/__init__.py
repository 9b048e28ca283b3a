"""C4W2 Residual Networks: the identity and convolutional blocks and the 50-layer ResNet (2021 revision).

The course's names: `identity_block(X, f, filters, training=True, initializer=random_uniform)`,
`convolutional_block(X, f, filters, s=2, training=True, initializer=glorot_uniform)`,
`ResNet50(input_shape=(64, 64, 3), classes=6)`, `load_signs_dataset`, and `load_pretrained_resnet50(path)`
for the course's pretrained `resnet50.h5`. Run the week with `python -m assignments.resnet50 --help`.
"""

import lazy_loader

# The course's names, imported on first use (the project's import rule: see `assignments/__init__.py`);
# `__init__.pyi` lists them, for IDEs and type checkers.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
