"""The week's command line: the shared classification sub-commands with this week's two models.

Light (no TensorFlow): the settings classes add the week's `--model` choice to the shared ones of
`assignments/common/classification/cli.py`, where every other knob is declared.
"""

from __future__ import annotations

import dataclasses

from assignments.common.classification import cli as classification
from assignments.common.cli import ArgumentParser
from assignments.happy_house.spec import SPEC


@dataclasses.dataclass(frozen=True)
class TrainSettings(classification.TrainSettings):
    model: str = classification.model_flag(SPEC)


@dataclasses.dataclass(frozen=True)
class EvaluateSettings(classification.EvaluateSettings):
    model: str = classification.model_flag(SPEC)


@dataclasses.dataclass(frozen=True)
class PredictSettings(classification.PredictSettings):
    model: str = classification.model_flag(SPEC)


@dataclasses.dataclass(frozen=True)
class GenerateSettings(classification.GenerateSettings):
    model: str = classification.model_flag(SPEC)


def build_parser() -> ArgumentParser:
    """`python -m assignments.happy_house` with train / evaluate / predict / generate."""
    return classification.build_parser(SPEC, TrainSettings, EvaluateSettings, PredictSettings, GenerateSettings)
