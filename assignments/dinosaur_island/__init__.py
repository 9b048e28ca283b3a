"""C5W1 Dinosaur Island: a numpy character-level RNN that invents dinosaur names.

The course's names: `softmax`, `initialize_parameters`, `rnn_step_forward`, `rnn_forward`,
`rnn_step_backward`, `rnn_backward`, `update_parameters`, `get_initial_loss`, `smooth`, `clip`,
`sample`, `optimize`, `model` (plus `get_sample` / `print_sample`). Run the week with
`python -m assignments.dinosaur_island --help`.
"""

import lazy_loader

from assignments.dinosaur_island.week import WEEK

# The course's names, imported on first use (the project's import rule: see `assignments/__init__.py`).
__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "data": ["build_vocabulary", "read_names"],
        "language_model": ["clip", "model", "optimize", "sample", "train"],
        "rnn_utils": [
            "get_initial_loss",
            "get_sample",
            "initialize_parameters",
            "print_sample",
            "rnn_backward",
            "rnn_forward",
            "rnn_step_backward",
            "rnn_step_forward",
            "smooth",
            "softmax",
            "update_parameters",
        ],
    },
)
__all__ += ["WEEK"]
