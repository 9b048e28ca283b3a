"""C2W1A1 Initialization: zeros, large random and He initial weights for the same 3-layer network.

The course's names: `initialize_parameters_zeros`, `initialize_parameters_random`,
`initialize_parameters_he`, the notebook's `model` and `load_dataset`. Run the week with
`python -m assignments.initialization --help`.
"""

import lazy_loader

# The course's names, imported on first use; `__init__.pyi` lists them for IDEs and type checkers.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
