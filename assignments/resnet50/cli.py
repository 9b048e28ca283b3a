"""The week's command line: the shared classification sub-commands with the course's ResNet50.

Light (no TensorFlow): the settings classes add the week's `--model` (one model, so it has a default) and
`--weights` (the course's pretrained file) to the shared ones of `assignments/common/classification/cli.py`,
where every other knob is declared.
"""

from __future__ import annotations

import dataclasses

from assignments.common.classification import cli as classification
from assignments.common.cli import ArgumentParser
from assignments.resnet50.spec import SPEC


@dataclasses.dataclass(frozen=True)
class TrainSettings(classification.TrainSettings):
    model: str = classification.model_flag(SPEC)
    weights: str | None = classification.weights_flag()


@dataclasses.dataclass(frozen=True)
class EvaluateSettings(classification.EvaluateSettings):
    model: str = classification.model_flag(SPEC)
    weights: str | None = classification.weights_flag()


@dataclasses.dataclass(frozen=True)
class PredictSettings(classification.PredictSettings):
    model: str = classification.model_flag(SPEC)
    weights: str | None = classification.weights_flag()


@dataclasses.dataclass(frozen=True)
class GenerateSettings(classification.GenerateSettings):
    model: str = classification.model_flag(SPEC)


def build_parser() -> ArgumentParser:
    """`python -m assignments.resnet50` with train / evaluate / predict / generate."""
    return classification.build_parser(SPEC, TrainSettings, EvaluateSettings, PredictSettings, GenerateSettings)
