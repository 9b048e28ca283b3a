"""C5W1 Dinosaur Island: a numpy character-level RNN that invents dinosaur names.

The course's names: `softmax`, `initialize_parameters`, `rnn_step_forward`, `rnn_forward`,
`rnn_step_backward`, `rnn_backward`, `update_parameters`, `get_initial_loss`, `smooth`, `clip`,
`sample`, `optimize`, `model` (plus `get_sample` / `print_sample`). Run the week with
`python -m assignments.dinosaur_island --help`.
"""

import lazy_loader

# The course's names, imported on first use (the project's import rule: see `assignments/__init__.py`);
# `__init__.pyi` lists them, for IDEs and type checkers.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
