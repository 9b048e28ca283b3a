"""What a week is, declared once in its own `week.py`: the registry, `data` and `grade` read it from there.

A `Week` is plain data: nothing heavy is imported to build one, so `python -m assignments list` and every
week's `--help` stay fast.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

from assignments.common.data import find_course_file


@dataclasses.dataclass(frozen=True)
class Revision:
    """One revision of a week's course notebook, as the graders know it.

    Learners' notebooks come in several revisions (v1.1 and v2.1 of car detection, 2021 and v3.0 of
    ResNet50, ...): `python -m assignments grade` detects which one a notebook follows from its own content
    (the course's version cell such as `### v2.1`, the markers, helper imports and signatures below) and
    grades it by that revision's contract. Grader checks that belong to some revisions only say so with
    `@pytest.mark.revisions("v2.1")`. A week that declares no revision has one default revision.

    Attributes:
        name: the revision's name as the course labels it ("v2.1", "2021", "v3.0").
        year: the year it was current, when known.
        summary: what differs from the week's other revisions, in one sentence.
        signatures: graded function -> its signature in this revision
            (`"identity_block(X, f, filters, training=True, initializer=random_uniform)"`).
        helpers: course helper module -> the names the revision's graded code takes from it
            (`{"resnets_utils": ("BatchNormalization",)}`). The grader supplies that module while the learner's
            file loads: each name is the project's stand-in of that name (`assignments.grading.course_helpers`),
            else the week package's; `"name=module:attribute"` names its source explicitly, and
            `"*=module"` supplies every name in a project module's `__all__`.
        markers: text that, found in a notebook's code, identifies this revision.
        supported: False for a revision that is named but not graded (a Keras 2 / TF1 notebook).
        reads_globals: graded function -> the notebook globals it reads instead of taking them as arguments
            (the one-argument `train_step` reads `vgg_model_outputs`, `a_S`, `a_C`, `optimizer`); the graders
            provide them, built from the project's code.
        replaces: names that, after the learner's definitions are loaded, are replaced in their namespace
            by the project's stand-in (entries as in `helpers`): a BatchNorm whose mode the graders can set,
            where the revision set it with a call Keras 3 no longer has.
    """

    name: str
    year: int | None = None
    summary: str = ""
    signatures: Mapping[str, str] = dataclasses.field(default_factory=dict)
    helpers: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    markers: tuple[str, ...] = ()
    supported: bool = True
    reads_globals: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    replaces: tuple[str, ...] = ()


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
        revisions: the course notebook's revisions the graders know, the default first.
        data_folder: the folder under `$DLS_DATA_DIR` that holds the week's course files, when several weeks
            share one (the cat data of Courses 1 and 2); default: `name`.
    """

    name: str
    title: str
    course_id: str
    graded: tuple[str, ...] = ()
    course_files: tuple[str, ...] = ()
    user_files: tuple[str, ...] = ()
    default_inputs: Mapping[str, str] = dataclasses.field(default_factory=dict)
    revisions: tuple[Revision, ...] = ()
    data_folder: str | None = None

    @property
    def package(self) -> str:
        return f"assignments.{self.name}"

    def course_file(self, relative_path: str) -> Path | None:
        """`$DLS_DATA_DIR/<name>/<relative_path>` when it exists, else None."""
        return find_course_file(self.data_folder or self.name, relative_path)

    def default_input(self, role: str) -> Path | None:
        """The course file declared for `role` in `default_inputs`, when it is present, else None."""
        if role not in self.default_inputs:
            raise KeyError(f"{self.name} declares no default input '{role}'. Received: {role!r}")
        return self.course_file(self.default_inputs[role])
