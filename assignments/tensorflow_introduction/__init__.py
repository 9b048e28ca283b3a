"""C2W3A1 Introduction to TensorFlow: a 3-layer SIGNS classifier trained with GradientTape.

The course's names: `linear_function`, `sigmoid`, `one_hot_matrix`, `initialize_parameters`,
`forward_propagation`, `compute_cost`, and the notebook's `model`. Run the week with
`python -m assignments.tensorflow_introduction --help`.
"""

import lazy_loader

# The course's names, imported on first use; `__init__.pyi` lists them for IDEs and type checkers.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
