"""C4W1 Convolution Model Application: the Happy House smile detector and the SIGNS ConvNet.

The course's names: `happyModel` (Sequential), `convolutional_model(input_shape)` (Functional),
`load_happy_dataset`, `load_signs_dataset` (return X_train, Y_train, X_test, Y_test, classes) and
`convert_to_one_hot`. Run the week with `python -m assignments.happy_house --help`.
"""

from assignments.happy_house.data import convert_to_one_hot, load_happy_dataset, load_signs_dataset
from assignments.happy_house.models import convolutional_model, happyModel

__all__ = [
    "load_happy_dataset",
    "load_signs_dataset",
    "convert_to_one_hot",
    "happyModel",
    "convolutional_model",
]
