"""Where a model came from and how good it is: the record that travels with every saved model into every
prediction, so that no output is trusted further than it deserves.

A model trained on 600 generated cartoon faces that reaches 0.49 on the course's real photos, where always
answering the majority class gives 0.56, must not say "trained" without that qualifier. A `Provenance`
holds:
- what the model learned from (course data, a named substitute, generated data, the user's own data, or
  nothing: untrained), with the number of examples;
- how long (epochs or iterations), and whether the run was interrupted;
- the figures it reached (test accuracy, mean IoU, final loss, ...) beside the baseline of the same figure
  on the same data (the majority class, chance, a uniform model);
- pretrained weights it started from, and the project's version.

It is stored inside the saved file (a `provenance.json` member of a `.keras` archive, a `provenance` entry
of an `.npz`), so a copied or rescued model keeps it, and `summary()` is the one line that every console,
CSV and PNG caption shows.

    record = Provenance(trained_on="600 generated cartoon faces", data="generated", examples=600,
                        steps="10 epochs", figures={"test accuracy": 0.49}, baselines={"test accuracy": 0.56})
    record.summary()  # 'trained on 600 generated cartoon faces, 10 epochs; test accuracy 0.49 (majority
                      #  class 0.56): NO BETTER THAN THE BASELINE'
"""

from __future__ import annotations

import dataclasses
import json
import os
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from assignments.common.errors import UserError

__all__ = [
    "DATA_KINDS",
    "Provenance",
    "add_to_keras_file",
    "from_npz",
    "npz_entry",
    "project_version",
    "read_keras_file",
]

DATA_KINDS = ("course", "substitute", "generated", "user", "pretrained", "none")
"""What a model learned from: the course's own data, a named stand-in for it, data the project generates,
the user's own files, only pretrained weights (no training here), or nothing at all (untrained)."""

KERAS_MEMBER = "provenance.json"
NPZ_KEY = "provenance"


def project_version() -> str:
    from assignments import __version__

    return __version__


def _figure(value: float) -> str:
    return f"{value:.4g}" if abs(value) >= 1e-3 or value == 0 else f"{value:.2e}"


@dataclasses.dataclass(frozen=True)
class Provenance:
    """The record of one model.

    Attributes:
        trained_on: the data in words ("the course's train_happy.h5", "1,237 Sign Language Digits photos
            (a substitute for the course's SIGNS)", "600 generated cartoon faces"); "" when untrained.
        data: one of `DATA_KINDS`.
        examples: how many training examples, when known.
        steps: how long it trained, in words ("10 epochs", "22,001 iterations"); None when untrained.
        figures: the figures reached, by name ("test accuracy", "validation accuracy", "mean IoU", "loss").
        baselines: the same names -> the baseline's value on the same data (`baseline_name` says which).
        baseline_name: what the baselines are ("majority class", "chance", "uniform model").
        lower_is_better: the names of figures where lower is better (a loss).
        weights: pretrained weights the model started from or consists of ("ImageNet (Keras)", "dlib's
            pretrained ResNet"), None when none were used.
        interrupted: the run was stopped (Ctrl-C) before it finished; the weights are those reached.
        version: the project version that wrote the record.
        notes: anything else a user should know, one short sentence each.
    """

    trained_on: str = ""
    data: str = "none"
    examples: int | None = None
    steps: str | None = None
    figures: Mapping[str, float] = dataclasses.field(default_factory=dict)
    baselines: Mapping[str, float] = dataclasses.field(default_factory=dict)
    baseline_name: str = "majority class"
    lower_is_better: tuple[str, ...] = ()
    weights: str | None = None
    interrupted: bool = False
    version: str = dataclasses.field(default_factory=project_version)
    notes: tuple[str, ...] = ()

    def __post_init__(self):
        if self.data not in DATA_KINDS:
            raise ValueError(f"Provenance.data must be one of {DATA_KINDS}. Received: {self.data!r}")
        unknown = set(self.baselines) - set(self.figures)
        if unknown:
            raise ValueError(f"Every baseline needs the figure it is compared with. Received baselines for: {sorted(unknown)}")

    # -- constructors ------------------------------------------------------------------------------------

    @classmethod
    def untrained(cls, why: str = "seeded random weights", **fields) -> Provenance:
        """A model nobody trained: every output that uses it says UNTRAINED."""
        return cls(trained_on="", data="none", notes=(why, *fields.pop("notes", ())), **fields)

    @classmethod
    def pretrained(cls, weights: str, **fields) -> Provenance:
        """A model whose weights were trained elsewhere and only loaded here."""
        return cls(data="pretrained", weights=weights, **fields)

    def with_figures(self, figures: Mapping[str, float], baselines: Mapping[str, float] | None = None) -> Provenance:
        """A copy with more figures (and their baselines) added: training adds them as it measures them."""
        return dataclasses.replace(
            self,
            figures={**self.figures, **{name: float(value) for name, value in figures.items()}},
            baselines={**self.baselines, **{name: float(value) for name, value in (baselines or {}).items()}},
        )

    # -- judgement ---------------------------------------------------------------------------------------

    @property
    def is_untrained(self) -> bool:
        return self.data == "none"

    def at_baseline(self, margin: float = 0.02) -> bool:
        """True when some figure is no better than its baseline (within `margin`, relative for losses)."""
        for name, baseline in self.baselines.items():
            value = self.figures[name]
            if not np.isfinite(value):
                return True
            if name in self.lower_is_better:
                if value >= baseline * (1 - margin):
                    return True
            elif value <= baseline + margin:
                return True
        return False

    def label(self) -> str:
        """One word for banners and CSV columns: UNTRAINED, BASELINE-LEVEL, INTERRUPTED, pretrained, trained."""
        if self.is_untrained:
            return "UNTRAINED"
        if self.at_baseline():
            return "BASELINE-LEVEL"
        if self.interrupted:
            return "INTERRUPTED"
        return "pretrained" if self.data == "pretrained" else "trained"

    @property
    def needs_warning(self) -> bool:
        """Whether outputs should carry a warning band (untrained, at the baseline, or interrupted)."""
        return self.label() in ("UNTRAINED", "BASELINE-LEVEL", "INTERRUPTED")

    # -- words -------------------------------------------------------------------------------------------

    def figures_text(self) -> str:
        parts = []
        for name, value in self.figures.items():
            text = f"{name} {_figure(value)}"
            if name in self.baselines:
                text += f" ({self.baseline_name} {_figure(self.baselines[name])})"
            parts.append(text)
        return ", ".join(parts)

    def summary(self) -> str:
        """The one line every output shows: where the model came from, what it reached, and the verdict."""
        if self.is_untrained:
            why = f" ({self.notes[0]})" if self.notes else ""
            head = f"UNTRAINED{why}: its outputs are meaningless"
        else:
            origin = []
            if self.weights:
                origin.append(f"pretrained weights: {self.weights}")
            if self.trained_on:
                origin.append(f"trained on {self.trained_on}")
            if self.steps:
                origin.append(self.steps)
            head = ", ".join(origin) or "trained"
        figures = self.figures_text()
        line = head + (f"; {figures}" if figures else "")
        if not self.is_untrained and self.at_baseline():
            line += ": NO BETTER THAN THE BASELINE, do not trust its answers"
        if self.interrupted:
            line += " (interrupted before the end: the weights reached so far)"
        return line

    # -- storage -----------------------------------------------------------------------------------------

    def to_json(self) -> str:
        record = dataclasses.asdict(self)
        record["figures"], record["baselines"] = dict(self.figures), dict(self.baselines)
        return json.dumps(record, sort_keys=True)

    @classmethod
    def from_json(cls, text: str, source: str = "the model file") -> Provenance:
        """Parses a stored record; a damaged one is a `UserError` naming `source`."""
        try:
            record = json.loads(text)
            known = {field.name for field in dataclasses.fields(cls)}
            record = {key: value for key, value in record.items() if key in known}
            for key in ("lower_is_better", "notes"):
                if key in record:
                    record[key] = tuple(record[key])
            return cls(**record)
        except (ValueError, TypeError, AttributeError) as error:
            raise UserError(f"The provenance record in {source} is damaged ({error}): re-train or re-save the model.") from None


def add_to_keras_file(path: str | os.PathLike, provenance: Provenance) -> None:
    """Adds the record to a `.keras` archive as `provenance.json` (Keras ignores members it does not know).

    Call it on the temporary file inside `atomic_save`'s writer, after `model.save`, so the final file
    appears with its record or not at all.
    """
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(KERAS_MEMBER, provenance.to_json())


def read_keras_file(path: str | os.PathLike) -> Provenance | None:
    """The record stored in a `.keras` archive, or None when it has none (a model from elsewhere)."""
    try:
        with zipfile.ZipFile(path) as archive:
            if KERAS_MEMBER not in archive.namelist():
                return None
            text = archive.read(KERAS_MEMBER).decode("utf-8")
    except (OSError, zipfile.BadZipFile) as error:
        raise UserError(f"The model file '{path}' cannot be read as a .keras archive ({error}).") from None
    return Provenance.from_json(text, source=f"'{Path(path).name}'")


def npz_entry(provenance: Provenance) -> dict[str, np.ndarray]:
    """`{"provenance": <0-d unicode array>}` to pass to `np.savez` with the model's arrays (no pickle)."""
    return {NPZ_KEY: np.array(provenance.to_json())}


def from_npz(archive: Mapping[str, np.ndarray], source: str = "the model file") -> Provenance | None:
    """The record in an opened `.npz` (`np.load(..., allow_pickle=False)`), or None when it has none."""
    if NPZ_KEY not in archive:
        return None
    value = np.asarray(archive[NPZ_KEY])
    if value.dtype.kind != "U" or value.shape != ():
        raise UserError(f"The provenance entry of {source} is not a text record: re-train or re-save the model.")
    return Provenance.from_json(str(value), source=source)
