"""C5W1 A1, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

WEEK = Week(
    name="rnn_step_by_step",
    title="Building a recurrent neural network, step by step: RNN and LSTM cells in numpy",
    course_id="C5W1A1",
    graded=(
        "rnn_cell_forward",
        "rnn_forward",
        "lstm_cell_forward",
        "lstm_forward",
        "rnn_cell_backward",
        "rnn_backward",
        "lstm_cell_backward",
        "lstm_backward",
    ),
    # No files of its own: the main script trains on Dinosaur Island's names when they are there.
    data_folder="dinosaur_island",
    default_inputs={"names": "dinos.txt"},
    revisions=(
        Revision(
            name="2021",
            year=2021,
            summary="numpy; the backward parts optional; caches as tuples, gradients as dicts.",
            signatures={
                "rnn_cell_forward": "rnn_cell_forward(xt, a_prev, parameters)",
                "rnn_forward": "rnn_forward(x, a0, parameters)",
                "lstm_cell_forward": "lstm_cell_forward(xt, a_prev, c_prev, parameters)",
                "lstm_forward": "lstm_forward(x, a0, parameters)",
                "rnn_cell_backward": "rnn_cell_backward(da_next, cache)",
                "rnn_backward": "rnn_backward(da, caches)",
                "lstm_cell_backward": "lstm_cell_backward(da_next, dc_next, cache)",
                "lstm_backward": "lstm_backward(da, caches)",
            },
            helpers={"rnn_utils": ("softmax", "sigmoid")},
            markers=("Building_a_Recurrent_Neural_Network_Step_by_Step",),
        ),
    ),
)
