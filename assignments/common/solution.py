"""The implementation the graders grade: ours, or a learner's file with ours filling the gaps.

`python -m assignments grade WEEK --solution my_solution.py` sets `$DLS_SOLUTION`; the graders then ask
`load_implementation(WEEK)` for the functions to call. The learner's file runs in a module whose globals
already hold our week's public names, so a file that defines only `clip` still finds `rnn_forward` and
friends; every public name the file defines (or rebinds) is graded from the file, the rest from ours.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import os
import types
from pathlib import Path

from assignments.common.errors import UserError

SOLUTION_ENV = "DLS_SOLUTION"


@dataclasses.dataclass(frozen=True)
class Implementation:
    """What the graders call.

    Attributes:
        week: the week's name.
        namespace: an object with every public name of the week (attribute access).
        from_solution: the names taken from the learner's file (empty when grading ours).
        solution_path: the learner's file, or None.
    """

    week: str
    namespace: types.SimpleNamespace
    from_solution: tuple[str, ...]
    solution_path: Path | None

    def __getattr__(self, name: str):
        try:
            return getattr(self.namespace, name)
        except AttributeError:
            raise AttributeError(f"the {self.week} implementation has no '{name}'") from None

    def describe(self) -> str:
        """One line for the test report: which functions came from where."""
        if self.solution_path is None:
            return f"{self.week}: graded the project's own assignments.{self.week}"
        ours = [name for name in vars(self.namespace) if name not in self.from_solution]
        graded = ", ".join(self.from_solution) or "nothing (the file defines none of the week's functions)"
        return (
            f"{self.week}: graded from {self.solution_path}: {graded}; "
            f"from assignments.{self.week}: {', '.join(ours) or 'nothing'}"
        )


def week_module(week: str) -> types.ModuleType:
    return importlib.import_module(f"assignments.{week}")


def public_names(module: types.ModuleType) -> list[str]:
    names = getattr(module, "__all__", None)
    if names is None:
        names = [name for name in vars(module) if not name.startswith("_")]
    return list(names)


def load_solution_module(path: str | os.PathLike, week: str) -> types.ModuleType:
    """Runs a learner's file with our week's public names pre-defined; returns the resulting module.

    Raises:
        UserError: the file is missing or fails to run (its error is quoted).
    """
    file = Path(path).expanduser().resolve()
    if not file.is_file():
        raise UserError(f"The solution file '{path}' does not exist: pass the path of your .py file.")
    ours = week_module(week)
    module = types.ModuleType(f"learner_solution_{week}")
    module.__file__ = str(file)
    for name in public_names(ours):
        setattr(module, name, getattr(ours, name))
    try:
        source = file.read_text(encoding="utf-8")
        code = compile(source, str(file), "exec")
        exec(code, module.__dict__)  # noqa: S102 - running the learner's own code is the point of grading it.
    except UnicodeDecodeError:
        raise UserError(f"The solution file '{path}' is not UTF-8 text: save it as a .py file.") from None
    except SyntaxError as error:
        raise UserError(f"The solution file '{path}' has a syntax error on line {error.lineno}: {error.msg}.") from None
    except Exception as error:
        raise UserError(
            f"The solution file '{path}' failed while loading ({type(error).__name__}: {error}): fix it and grade again."
        ) from None
    return module


@functools.cache
def load_implementation(week: str) -> Implementation:
    """The implementation under test: ours, or `$DLS_SOLUTION`'s functions over ours."""
    ours = week_module(week)
    names = public_names(ours)
    solution = os.environ.get(SOLUTION_ENV, "").strip()
    if not solution:
        namespace = types.SimpleNamespace(**{name: getattr(ours, name) for name in names})
        return Implementation(week, namespace, (), None)
    learner = load_solution_module(solution, week)
    chosen, from_solution = {}, []
    for name in names:
        value = getattr(learner, name)
        chosen[name] = value
        if value is not getattr(ours, name):
            from_solution.append(name)
    return Implementation(week, types.SimpleNamespace(**chosen), tuple(from_solution), Path(solution).resolve())
