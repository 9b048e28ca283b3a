"""C2W2A1 Optimization methods: mini-batches, momentum, Adam, learning-rate decay.

The course's names: `update_parameters_with_gd`, `random_mini_batches`, `initialize_velocity`,
`update_parameters_with_momentum`, `initialize_adam`, `update_parameters_with_adam`, `update_lr`,
`schedule_lr_decay`, the notebook's `model` and `load_dataset`. Run the week with
`python -m assignments.optimization_methods --help`.
"""

import lazy_loader

# The course's names, imported on first use; `__init__.pyi` lists them for IDEs and type checkers.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
