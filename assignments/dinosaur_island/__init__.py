"""C5W1 Dinosaur Island: a numpy character-level RNN that invents dinosaur names.

The course's names: `softmax`, `initialize_parameters`, `rnn_step_forward`, `rnn_forward`,
`rnn_step_backward`, `rnn_backward`, `update_parameters`, `get_initial_loss`, `smooth`, `clip`,
`sample`, `optimize`, `model` (plus `get_sample` / `print_sample`). Run the week with
`python -m assignments.dinosaur_island --help`.
"""

from assignments.dinosaur_island.data import build_vocabulary, read_names
from assignments.dinosaur_island.language_model import clip, model, optimize, sample, train
from assignments.dinosaur_island.rnn_utils import (
    get_initial_loss,
    get_sample,
    initialize_parameters,
    print_sample,
    rnn_backward,
    rnn_forward,
    rnn_step_backward,
    rnn_step_forward,
    smooth,
    softmax,
    update_parameters,
)

__all__ = [
    "softmax",
    "smooth",
    "get_initial_loss",
    "initialize_parameters",
    "rnn_step_forward",
    "rnn_step_backward",
    "update_parameters",
    "rnn_forward",
    "rnn_backward",
    "get_sample",
    "print_sample",
    "clip",
    "sample",
    "optimize",
    "model",
    "train",
    "read_names",
    "build_vocabulary",
]
