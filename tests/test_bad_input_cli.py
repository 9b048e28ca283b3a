"""Bad input shared by every main script: checked before any work, one line, exit 2.

Each case runs the real main module in a fresh interpreter (`cli_runner.run_probe`) and asserts the
exit code, that nothing heavy was imported (so the check came before any work), and that no traceback
was printed.
"""

from __future__ import annotations

import pytest
from cli_runner import run_probe

from assignments import WEEKS

UNWRITABLE = "/proc/dls-assignments-test/out"  # cannot be created, not even by root

# The sub-command (if any) that writes results, per week: every week must be listed (a KeyError fails a new one).
WRITERS = {
    "convolution_step_by_step": [],
    "happy_house": ["train"],
    "resnet50": ["train"],
    "transfer_learning_mobilenet": ["train"],
    "rnn_step_by_step": [],
    "neural_machine_translation": ["train"],
    "transformer": ["train"],
    "car_detection": [],
    "unet_segmentation": ["train"],
    "face_recognition": ["enroll"],
    "style_transfer": [],
    "dinosaur_island": [],
    "python_basics": [],
    "logistic_regression": [],
    "planar_data": [],
    "deep_nn_step_by_step": [],
    "deep_nn_application": [],
    "initialization": [],
    "regularization": [],
    "gradient_checking": [],
    "optimization_methods": [],
    "tensorflow_introduction": [],
}

# A number flag per week that must refuse infinity.
NUMBERS = {
    "convolution_step_by_step": ["--size", "inf"],
    "happy_house": ["train", "--learning-rate", "inf"],
    "resnet50": ["train", "--learning-rate", "inf"],
    "transfer_learning_mobilenet": ["train", "--learning-rate", "inf"],
    "rnn_step_by_step": ["--learning-rate", "inf"],
    "neural_machine_translation": ["train", "--learning-rate", "inf"],
    "transformer": ["train", "--learning-rate", "inf"],
    "car_detection": ["--score-threshold", "inf"],
    "unet_segmentation": ["train", "--learning-rate", "inf"],
    "face_recognition": ["identify", "--threshold", "inf"],
    "style_transfer": ["--beta", "inf"],
    "dinosaur_island": ["--learning-rate", "inf"],
    "python_basics": ["--size", "inf"],
    "logistic_regression": ["--learning-rate", "inf"],
    "planar_data": ["--iterations", "inf"],
    "deep_nn_step_by_step": ["--learning-rate", "inf"],
    "deep_nn_application": ["--learning-rate", "inf"],
    "initialization": ["--learning-rate", "inf"],
    "regularization": ["--lambd", "inf"],
    "gradient_checking": ["--epsilon", "inf"],
    "optimization_methods": ["--epochs", "inf"],
    "tensorflow_introduction": ["--learning-rate", "inf"],
}


@pytest.mark.parametrize("week", list(WEEKS))
def test_an_unwritable_output_folder_is_refused_before_any_work(week):
    result = run_probe(f"assignments.{week}", [*WRITERS[week], "--output", UNWRITABLE])
    assert result["code"] == 2, result
    assert result["heavy"] == [], f"{week}: the output folder was checked only after importing {result['heavy']}"
    assert "Traceback" not in result["stderr"] and "cannot be written" in result["stderr"], result["stderr"]


@pytest.mark.parametrize("week", list(WEEKS))
def test_infinity_is_refused_before_any_work(week):
    result = run_probe(f"assignments.{week}", NUMBERS[week])
    assert result["code"] == 2, result
    assert result["heavy"] == [], f"{week}: {' '.join(NUMBERS[week])} was checked only after importing {result['heavy']}"
    assert "Traceback" not in result["stderr"], result["stderr"]
