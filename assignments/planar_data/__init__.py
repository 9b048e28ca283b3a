"""C1W3A1 Planar data classification with one hidden layer.

The course's names: `layer_sizes`, `initialize_parameters`, `forward_propagation`, `compute_cost`,
`backward_propagation`, `update_parameters`, `nn_model`, `predict`, and the data `load_planar_dataset`.
Run the week with `python -m assignments.planar_data --help`.
"""

import lazy_loader

# The course's names, imported on first use; `__init__.pyi` lists them for IDEs and type checkers.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
