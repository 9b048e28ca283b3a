"""C5W1 A2, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

WEEK = Week(
    name="dinosaur_island",
    title="Dinosaur Island: a numpy character-level RNN that invents dinosaur names",
    course_id="C5W1A2",
    graded=("clip", "sample", "optimize", "model"),
    course_files=("dinos.txt",),
    default_inputs={"names": "dinos.txt"},
    revisions=(
        Revision(
            "v2.0",
            summary="model(data_x, ...) prints a block of sampled names every 2000 iterations.",
            signatures={"clip": "clip(gradients, maxValue)", "sample": "sample(parameters, char_to_ix, seed)"},
            helpers={"utils": ("*=assignments.grading.fused_rnn",)},
        ),
        Revision(
            "v1.1",
            summary="as v2.0 (the sample test checks the first six indices only).",
            signatures={"clip": "clip(gradients, maxValue)", "sample": "sample(parameters, char_to_ix, seed)"},
            helpers={"utils": ("*=assignments.grading.fused_rnn",)},
        ),
        Revision(
            "2021",
            year=2021,
            summary="some 2021 templates print every 1000 iterations or leave out debug prints: model is graded "
            "on its names and losses, not on the debug lines.",
            markers=("if j % 1000 == 0",),
            signatures={"clip": "clip(gradients, maxValue)", "sample": "sample(parameters, char_to_ix, seed)"},
            helpers={"utils": ("*=assignments.grading.fused_rnn",)},
        ),
    ),
)
