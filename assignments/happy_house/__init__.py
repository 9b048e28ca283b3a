"""C4W1 Convolution Model Application: the Happy House smile detector and the SIGNS ConvNet.

The course's names: `happyModel` (Sequential), `convolutional_model(input_shape)` (Functional),
`load_happy_dataset`, `load_signs_dataset` (return X_train, Y_train, X_test, Y_test, classes) and
`convert_to_one_hot`. Run the week with `python -m assignments.happy_house --help`.
"""

import lazy_loader

# The course's names, imported on first use (the project's import rule: see `assignments/__init__.py`);
# `__init__.pyi` lists them, for IDEs and type checkers.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
