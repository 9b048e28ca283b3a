"""C5W1 A2, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Week

WEEK = Week(
    name="dinosaur_island",
    title="Dinosaur Island: a numpy character-level RNN that invents dinosaur names",
    course_id="C5W1A2",
    graded=("clip", "sample", "optimize", "model"),
    course_files=("dinos.txt",),
    default_inputs={"names": "dinos.txt"},
)
