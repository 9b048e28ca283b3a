"""C1W4A1 Building a deep neural network, step by step.

The course's names: `initialize_parameters`, `initialize_parameters_deep`, `linear_forward`,
`linear_activation_forward`, `L_model_forward`, `compute_cost`, `linear_backward`,
`linear_activation_backward`, `L_model_backward`, `update_parameters`, and the `dnn_utils` helpers
`sigmoid`, `relu`, `sigmoid_backward`, `relu_backward`. Run the week with
`python -m assignments.deep_nn_step_by_step --help`.
"""

import lazy_loader

# The course's names, imported on first use; `__init__.pyi` lists them for IDEs and type checkers.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
