"""What a week is, declared once in its own `week.py`: the registry, `data` and `grade` read it from there.

A `Week` is plain data: nothing heavy is imported to build one, so `python -m assignments list` and every
week's `--help` stay fast.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Mapping

from assignments.common.data import find_course_file


@dataclasses.dataclass(frozen=True)
class Week:
    """One assignment of the course.

    Attributes:
        name: the package name under `assignments/` and the folder name under `$DLS_DATA_DIR`.
        title: a human title.
        course_id: course / week / assignment, as the specialization numbers them ("C4W3A1").
        graded: the course's graded function names, in notebook order (what a learner's file is graded on).
        course_files: files (relative to `$DLS_DATA_DIR/<name>/`) the course ships and this week reads.
        user_files: files a user may have but that cannot be collected here (pretrained weights, big
            training sets); `python -m assignments data` lists them as optional.
        default_inputs: what the main script reads when the user names nothing, by role
            (`{"image": "images/test.jpg"}`): a course file, looked up under `$DLS_DATA_DIR/<name>/`.
    """

    name: str
    title: str
    course_id: str
    graded: tuple[str, ...] = ()
    course_files: tuple[str, ...] = ()
    user_files: tuple[str, ...] = ()
    default_inputs: Mapping[str, str] = dataclasses.field(default_factory=dict)

    @property
    def package(self) -> str:
        return f"assignments.{self.name}"

    @property
    def output_dir(self) -> Path:
        """`out/<name>/` under the current folder: outputs never go next to the inputs."""
        return Path("out") / self.name

    def course_file(self, relative_path: str) -> Path | None:
        """`$DLS_DATA_DIR/<name>/<relative_path>` when it exists, else None."""
        return find_course_file(self.name, relative_path)

    def default_input(self, role: str) -> Path | None:
        """The course file declared for `role` in `default_inputs`, when it is present, else None."""
        if role not in self.default_inputs:
            raise KeyError(f"{self.name} declares no default input '{role}'. Received: {role!r}")
        return self.course_file(self.default_inputs[role])
