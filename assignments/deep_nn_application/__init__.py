"""C1W4A2 Deep neural network application: a 2-layer and an L-layer cat / non-cat classifier.

The course's names: `two_layer_model`, `L_layer_model`, and the `dnn_app_utils_v3` helpers they call
(`initialize_parameters`, `initialize_parameters_deep`, `linear_activation_forward`, `L_model_forward`,
`compute_cost`, `linear_activation_backward`, `L_model_backward`, `update_parameters`, `predict`). Run the
week with `python -m assignments.deep_nn_application --help`.
"""

import lazy_loader

# The course's names, imported on first use; `__init__.pyi` lists them for IDEs and type checkers.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
