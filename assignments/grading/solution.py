"""The implementation the graders grade: ours, or a learner's file with ours filling the gaps.

`python -m assignments grade WEEK --solution PATH` sets `$DLS_SOLUTION` (a `.py` file, a `.ipynb`
notebook, or a folder holding one per week); the graders then ask `load_implementation(WEEK)` for the
functions to call. The learner's code runs in a module whose globals already hold our week's public
names, so a file that defines only `clip` still finds `rnn_forward` and friends; every public name the
file defines (or rebinds) is graded from the file, the rest from ours.

- A `.py` file runs as a module. If it fails to compile, raises, or calls `sys.exit()`, the learner reads
  one sentence with the line number (`UserError`, exit 2).
- A notebook never runs as a whole: only the graded functions' definitions and what they refer to are
  taken from it (see `assignments.grading.notebook`).
- A file that defines none of the week's graded functions is an error, never a pass; a graded function
  that is still the course's template (only `None` between its START / END CODE HERE markers), or a graded
  name bound to a constant (`happyModel = None`), is not a definition.
- The file is graded as one course revision (`assignments.grading.revisions`): the helper modules that
  revision's code imports are supplied from the project (`assignments.grading.course_helpers`) while the
  file loads, and the names it `replaces` are swapped for the project's stand-ins afterwards.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import importlib
import linecache
import os
import re
import stat
import tempfile
import traceback
import types
from collections.abc import Mapping, Sequence
from pathlib import Path

from assignments import WEEKS
from assignments.common.errors import UserError
from assignments.common.week import Revision
from assignments.grading import course_helpers, notebook, revisions

SOLUTION_ENV = "DLS_SOLUTION"
REVISION_ENV = "DLS_REVISION"
# A solution read from a pipe (`--solution <(...)`) is copied to a file first; beyond this it is no solution.
PIPE_LIMIT_BYTES = 64 * 1024 * 1024
SOLUTION_SUFFIXES = (".ipynb", ".py")
DEFINED_FUNCTION = re.compile(r"^(?:async\s+)?def\s+(\w+)\s*\(", re.MULTILINE)


@dataclasses.dataclass(frozen=True)
class Implementation:
    """What the graders call.

    Attributes:
        week: the week's name.
        namespace: an object with every public name of the week (attribute access).
        from_solution: the names taken from the learner's file (empty when grading ours).
        solution_path: the learner's file, or None.
        revision: the course revision the learner's file is graded as (None: the project's own code,
            which every revision's checks grade).
        mismatches: graded functions whose signature is not the revision's (their checks do not run).
        unfilled: graded functions still the course's template (not graded).
    """

    week: str
    namespace: types.SimpleNamespace
    from_solution: tuple[str, ...]
    solution_path: Path | None
    revision: Revision | None = None
    mismatches: tuple[revisions.Mismatch, ...] = ()
    unfilled: tuple[str, ...] = ()

    def __getattr__(self, name: str):
        try:
            return getattr(self.namespace, name)
        except AttributeError:
            raise AttributeError(f"the {self.week} implementation has no '{name}'") from None

    def reads_globals(self, name: str) -> tuple[str, ...]:
        """The notebook globals the revision's `name` reads instead of taking them as arguments."""
        return tuple(self.revision.reads_globals.get(name, ())) if self.revision is not None else ()

    def with_globals(self, name: str, **values):
        """The learner's `name` as a fresh function whose module globals also hold `values`.

        The course's one-argument `train_step` reads `vgg_model_outputs`, `a_S`, `a_C` and `optimizer` from
        the notebook; each check provides its own, and a fresh function (re-wrapped in `tf.function` when the
        learner's was one) never reuses a trace made with another check's globals.
        """
        function = getattr(self.namespace, name)
        python_function = getattr(function, "python_function", None)
        target = python_function or function
        if not isinstance(target, types.FunctionType):
            raise TypeError(f"{name} is a {type(function).__name__}, not a function: it cannot read notebook globals")
        scope = dict(target.__globals__)
        scope.update(values)
        fresh = types.FunctionType(target.__code__, scope, target.__name__, target.__defaults__, target.__closure__)
        fresh.__kwdefaults__ = target.__kwdefaults__
        if python_function is not None:
            import tensorflow as tf

            fresh = tf.function(fresh)
        return fresh

    def describe(self) -> str:
        """One line for the test report: which functions came from where."""
        if self.solution_path is None:
            return f"{self.week}: graded the project's own assignments.{self.week}"
        ours = [name for name in vars(self.namespace) if name not in self.from_solution]
        return (
            f"{self.week}: graded from {self.solution_path}: {', '.join(self.from_solution)}; "
            f"from assignments.{self.week}: {', '.join(ours) or 'nothing'}"
        )


def week_module(week: str) -> types.ModuleType:
    return importlib.import_module(f"assignments.{week}")


def public_names(module: types.ModuleType) -> list[str]:
    names = getattr(module, "__all__", None)
    if names is None:
        names = [name for name in vars(module) if not name.startswith("_")]
    return list(names)


# --- Which file: a folder holds one solution per week --------------------------------------------------


def functions_defined_in(path: Path) -> set[str]:
    """The names a `.py` or `.ipynb` file defines with `def`, read as text (a syntax error elsewhere does not hide them)."""
    try:
        if path.suffix == ".ipynb":
            text = "\n".join(cell.source for cell in notebook.read_code_cells(path))
        else:
            text = path.read_text(encoding="utf-8", errors="replace")
    except (OSError, UserError):
        return set()
    return set(DEFINED_FUNCTION.findall(text))


COURSE_HELPER_STEMS = ("utils", "public_tests", "test_utils", "outputs", "dnn_utils", "testCases", "test_cases")


def is_course_helper_name(stem: str, weeks: Sequence[str] = ()) -> bool:
    """Whether a `.py` file's name is one of the course's helper modules (`utils`, `public_tests`,
    `resnets_utils`, `testCases_v4a`, or a module a week's revisions declare), which a folder search skips."""
    declared = {
        module.split(".")[0]
        for name in weeks
        if name in WEEKS
        for revision in WEEKS[name].revisions
        for module in revision.helpers
    }
    return (
        stem in COURSE_HELPER_STEMS
        or stem in declared
        or stem.endswith("_utils")
        or stem.startswith(("testCases", "public_tests"))
    )


def solution_files(folder: Path, graded_by_week: Mapping[str, Sequence[str]]) -> dict[str, Path]:
    """Each week's solution in `folder`: the `.ipynb` or `.py` that defines most of its graded functions.

    A file counts for the week whose graded functions it covers best (as a fraction); among a week's files
    the one with most graded functions wins, then a notebook over a `.py`, so the course's helper files
    beside a notebook (a `utils.py` with a `sample`) never win over the notebook itself.

    Raises:
        UserError: two notebooks (or two .py files) tie for a week (the learner must pick one).
    """
    best: dict[str, list[tuple[int, Path]]] = {}
    for path in sorted(path for suffix in SOLUTION_SUFFIXES for path in folder.glob(f"*{suffix}")):
        if path.suffix == ".py" and is_course_helper_name(path.stem, graded_by_week):
            continue  # the course's own helper file beside a notebook (a utils.py with a softmax): never a solution
        defined = functions_defined_in(path)
        scores = {week: len(defined & set(graded)) / len(graded) for week, graded in graded_by_week.items() if graded}
        top = max(scores.values(), default=0)
        for week, score in scores.items():
            if top > 0 and score == top:
                best.setdefault(week, []).append((len(defined & set(graded_by_week[week])), path))
    chosen = {}
    for week, candidates in best.items():
        # Most graded functions first; on a tie a notebook wins over a .py (the course's helpers are .py files).
        rank = {path: (-count, path.suffix != ".ipynb") for count, path in candidates}
        candidates.sort(key=lambda item: rank[item[1]])
        if len(candidates) > 1 and rank[candidates[0][1]] == rank[candidates[1][1]]:
            names = " and ".join(path.name for _, path in candidates[:2])
            raise UserError(
                f"{names} in {folder} both define {week}'s graded functions: "
                f"pass the one to grade, e.g. '--solution {candidates[0][1]}'."
            )
        chosen[week] = candidates[0][1]
    return chosen


def solution_file(path: str | os.PathLike, week: str) -> Path:
    """The learner's file for `week`: `path` itself, or the week's `.ipynb` / `.py` in the folder `path`."""
    given = Path(path).expanduser()
    if given.is_dir():
        graded = WEEKS[week].graded
        found = solution_files(given, {name: spec.graded for name, spec in WEEKS.items()}).get(week)
        if found is None:
            raise UserError(
                f"No .ipynb or .py in {given} defines {week}'s graded functions ({', '.join(graded)}): "
                "pass your notebook or .py file with --solution."
            )
        return found.resolve()
    if given.exists() and not given.is_file():
        given = copy_of_stream(given)
    if not given.is_file():
        raise UserError(f"The solution file '{path}' does not exist: pass the path of your .ipynb notebook or .py file.")
    if given.suffix not in SOLUTION_SUFFIXES:
        raise UserError(f"The solution file '{path}' is neither a notebook (.ipynb) nor a Python file (.py): pass one of those.")
    return given.resolve()


def copy_of_stream(path: Path) -> Path:
    """A pipe or device given as `--solution` (`<(curl ...)`), copied once to a temporary file.

    A pipe can be read only once and has no suffix: the copy is named `.ipynb` when the text is a JSON
    object (a notebook), else `.py`. Raises `UserError` for anything else that is not a regular file.
    """
    mode = path.stat().st_mode
    if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode)):
        raise UserError(f"The solution '{path}' is not a regular file: pass your .ipynb notebook or .py file.")
    try:
        with open(path, "rb") as stream:
            data = stream.read(PIPE_LIMIT_BYTES + 1)
    except OSError as error:
        raise UserError(f"The solution '{path}' cannot be read ({error.strerror}): pass a file instead.") from None
    if len(data) > PIPE_LIMIT_BYTES:
        raise UserError(f"The solution read from '{path}' is over {PIPE_LIMIT_BYTES // 2**20} MiB: save it to a file first.")
    if not data.strip():
        raise UserError(f"The solution read from '{path}' is empty: check the command that writes it.")
    suffix = ".ipynb" if data.lstrip().startswith(b"{") else ".py"
    folder = Path(tempfile.mkdtemp(prefix="dls-grade-"))
    copy = folder / f"solution_from_pipe{suffix}"
    copy.write_bytes(data)
    return copy


def find_solutions(path: Path, week: str | None, graded_by_week: Mapping[str, Sequence[str]]) -> dict[str, Path]:
    """Which learner file grades which week, in course order: `FILE` with a week, or a folder (one week or all).

    Raises:
        UserError: nothing usable at `path`, or a file without a week.
    """
    given = Path(path).expanduser()
    if week is not None:
        return {week: solution_file(given, week)}
    if given.exists() and not given.is_dir() and not given.is_file():
        raise UserError(
            "--solution from a pipe grades one week: name it, e.g. 'python -m assignments grade dinosaur_island "
            "--solution <(cat my.ipynb)'."
        )
    if not given.is_dir():
        if not given.exists():
            raise UserError(f"The solution path '{path}' does not exist: pass your notebook, your .py file, or their folder.")
        raise UserError(
            "--solution FILE grades one week: name it, e.g. 'python -m assignments grade dinosaur_island "
            "--solution my_solution.py' (or pass a folder of solutions with --all)."
        )
    found = solution_files(given, graded_by_week)
    if not found:
        raise UserError(
            f"No .ipynb or .py in {given} defines any week's graded functions: put your notebooks there, or pass one file with its WEEK."
        )
    return {name: found[name].resolve() for name in graded_by_week if name in found}


# --- Running the learner's code ------------------------------------------------------------------------


def _line_of(error: BaseException, filenames: set[str]) -> int | None:
    """The line of the learner's file where `error` was raised (the innermost frame in their file)."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename in filenames]
    return frames[-1].lineno if frames else None


def _describe(error: BaseException) -> str:
    if isinstance(error, SystemExit):
        return f"it calls sys.exit({'' if error.code is None else repr(error.code)})"
    message = " ".join(str(error).split())
    if len(message) > 200:
        message = message[:197] + "..."
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _run_python_file(file: Path, module: types.ModuleType) -> None:
    try:
        source = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UserError(f"The solution file '{file}' is not UTF-8 text: save it as a .py file.") from None
    except OSError as error:
        raise UserError(f"The solution file '{file}' cannot be read ({error.strerror}): check its permissions.") from None
    try:
        code = compile(source, str(file), "exec")
    except SyntaxError as error:
        raise UserError(f"The solution file '{file}' has a syntax error on line {error.lineno}: {error.msg}.") from None
    try:
        exec(code, module.__dict__)  # noqa: S102 - running the learner's own code is the point of grading it.
    except (Exception, SystemExit) as error:  # SystemExit: a file that calls sys.exit() must not end `grade` silently.
        line = _line_of(error, {str(file)})
        where = f" on line {line}" if line else " while loading"
        if isinstance(error, NameError) and "get_ipython" in str(error):
            fix = "it is a notebook saved as a script: pass the .ipynb notebook itself"
        else:
            fix = "a solution file should only define functions; fix it and grade again"
        raise UserError(f"The solution file '{file}' stops{where} ({_describe(error)}): {fix}.") from None


def _import_each_name(statement, module: types.ModuleType) -> None:
    """`from helper import a, b, c`, name by name: every name the module has is bound, the others are skipped."""
    for alias in statement.node.names:
        single = ast.ImportFrom(module=statement.node.module, names=[alias], level=statement.node.level)
        ast.copy_location(single, statement.node)
        try:
            exec(compile(ast.Module(body=[single], type_ignores=[]), statement.cell.label, "exec"), module.__dict__)  # noqa: S102
        except (Exception, SystemExit):
            continue


def _run_notebook(file: Path, module: types.ModuleType, graded: Sequence[str]) -> tuple[str, ...]:
    """Runs the graded definitions of the notebook in `module`; returns the graded names still templates."""
    cells = notebook.read_code_cells(file)
    for cell in cells:
        # Tracebacks of the learner's functions then show their own lines.
        linecache.cache[cell.label] = (len(cell.source), None, cell.source.splitlines(True), cell.label)
    definitions = notebook.extract_definitions(cells, graded)
    for statement in definitions.statements:
        try:
            exec(statement.compile(), module.__dict__)  # noqa: S102 - the learner's own definitions.
        except (Exception, SystemExit) as error:
            if statement.kind in ("import", "assignment"):
                # The course's helper modules are absent and data cells cannot run here: the project's
                # own names (already in the module) fill the gap, as they do for a .py file. One name a
                # supplied helper lacks must not lose the others of its line: bind them one by one.
                if isinstance(statement.node, ast.ImportFrom):
                    _import_each_name(statement, module)
                continue
            raise UserError(
                f"{statement.cell.label}, line {statement.line}: defining {', '.join(statement.names)} fails "
                f"({_describe(error)}); fix the cell and grade again."
            ) from None
    return definitions.unfilled


def solution_sources(file: Path) -> list[str]:
    """The learner's code as text, to read without running it: a notebook's code cells, or the `.py` file."""
    if file.suffix == ".ipynb":
        return [cell.source for cell in notebook.read_code_cells(file)]
    try:
        return [file.read_text(encoding="utf-8", errors="replace")]
    except OSError:
        return []


def _unfilled_in_python_file(file: Path, graded: Sequence[str]) -> tuple[str, ...]:
    """The graded names a `.py` file leaves as the course's template, or binds to a constant."""
    sources = solution_sources(file)
    try:
        tree = ast.parse(sources[0]) if sources else None
    except SyntaxError:
        return ()
    last = {}
    for node in tree.body if tree else []:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in graded:
            last[node.name] = notebook.is_unfilled_template(ast.get_source_segment(sources[0], node) or "")
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id in graded:
                    last[target.id] = True
    return tuple(name for name, unfilled in last.items() if unfilled)


def revision_of(file: Path, week: str, forced: str | None = None) -> revisions.Detection:
    """The revision `file` is graded as: `forced` (`--revision`), else detected from its text."""
    return revisions.detect_revision(WEEKS[week], solution_sources(file), forced, label=f"'{file.name}'")


def load_solution_module(path: str | os.PathLike, week: str, revision: Revision | None = None) -> types.ModuleType:
    """Runs a learner's file (or the week's definitions in their notebook) over our week's public names.

    The helper modules `revision` imports from are supplied while it runs; its `replaces` names are then
    swapped for the project's stand-ins. The graded names left as templates are in `module.unfilled_templates`.

    Raises:
        UserError: the file is missing, fails to run, or defines none of the week's graded functions.
    """
    file = solution_file(path, week)
    graded = WEEKS[week].graded
    ours = week_module(week)
    module = types.ModuleType(f"learner_solution_{week}")
    module.__file__ = str(file)
    for name in public_names(ours):
        setattr(module, name, getattr(ours, name))
    helpers = revision.helpers if revision is not None else {}
    with course_helpers.supplied_modules(helpers, ours):
        if file.suffix == ".ipynb":
            unfilled = _run_notebook(file, module, graded)
        else:
            _run_python_file(file, module)
            unfilled = _unfilled_in_python_file(file, graded)
    for name in unfilled:  # A template is not the learner's function: ours stays, and it is not graded.
        if hasattr(ours, name):
            setattr(module, name, getattr(ours, name))
    for entry in revision.replaces if revision is not None else ():
        name, value = course_helpers.resolve(entry, ours)
        if name in vars(module) and value is not None:
            setattr(module, name, value)
    if not graded_from(module, ours, graded):
        templates = (
            f" ({', '.join(unfilled)} {'is' if len(unfilled) == 1 else 'are'} still the course's unfilled template)"
            if unfilled
            else ""
        )
        raise UserError(
            f"'{file}' defines none of {week}'s graded functions ({', '.join(graded)}){templates}: "
            "nothing of yours was graded; check the week and the function names."
        )
    module.unfilled_templates = unfilled
    return module


def graded_from(module: types.ModuleType, ours: types.ModuleType, names: Sequence[str]) -> list[str]:
    """The names among `names` that the learner's module defines itself (not our pre-filled ones)."""
    own = vars(module)
    return [name for name in names if own.get(name) is not None and own[name] is not getattr(ours, name, None)]


def load_implementation(week: str) -> Implementation:
    """The implementation under test: ours, or `$DLS_SOLUTION`'s functions over ours (as `$DLS_REVISION`)."""
    solution = os.environ.get(SOLUTION_ENV, "").strip()
    forced = os.environ.get(REVISION_ENV, "").strip() or None
    return _load_implementation(week, solution, forced)


@functools.cache
def _load_implementation(week: str, solution: str, forced: str | None) -> Implementation:
    ours = week_module(week)
    names = public_names(ours)
    if not solution:
        namespace = types.SimpleNamespace(**{name: getattr(ours, name) for name in names})
        return Implementation(week, namespace, (), None)
    file = solution_file(solution, week)
    revision = revision_of(file, week, forced).revision
    learner = load_solution_module(file, week, revision)
    unfilled = learner.unfilled_templates
    chosen, from_solution = {}, []
    for name in names:
        value = getattr(learner, name)
        chosen[name] = value
        if value is not getattr(ours, name):
            from_solution.append(name)
    signatures = revisions.defined_signatures(solution_sources(file), [n for n in WEEKS[week].graded if n in from_solution])
    mismatches = tuple(revisions.signature_mismatches(WEEKS[week], revision, signatures)) if revision is not None else ()
    return Implementation(
        week, types.SimpleNamespace(**chosen), tuple(from_solution), Path(learner.__file__), revision, mismatches, unfilled
    )
