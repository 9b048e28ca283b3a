"""C2W1A2 Regularization: L2 and dropout for the course's 3-layer network.

The course's names: `compute_cost_with_regularization`, `backward_propagation_with_regularization`,
`forward_propagation_with_dropout`, `backward_propagation_with_dropout`, the notebook's `model`, and
`load_2D_dataset`. Run the week with `python -m assignments.regularization --help`.
"""

import lazy_loader

# The course's names, imported on first use; `__init__.pyi` lists them for IDEs and type checkers.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
