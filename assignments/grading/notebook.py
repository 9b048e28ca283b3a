"""A learner's Jupyter notebook, read for grading: the graded functions' definitions, never the rest.

A course notebook loads data, trains, plots, and calls the course's own test helpers (`public_tests`,
`test_utils`, `yolo_utils`, `outputs`), which are not here. So the notebook is never run from top to
bottom. Its code cells are parsed, and only what the graded functions need is kept, as Jupyter would hold
it after running every cell in order (the last definition of a name wins):

1. the graded functions that the notebook defines;
2. every top-level function, class, import or assignment that they refer to, and what those refer to in
   turn (`symtable` says which names a function reads from the module, so its own local variables never
   pull in a top-level cell such as `parameters = model(...)`).

IPython syntax is blanked before parsing, keeping line numbers: line magics (`%matplotlib inline`), shell
escapes (`!pip install ...`, `files = !ls`), help (`clip?`) and the first line of `%%time`-style cell magics;
cells of another language (`%%bash`, `%%writefile`, ...) are left out. The course's markers
(`### START CODE HERE ###`, `# GRADED FUNCTION: clip`) are comments to Python; the second one also names
the function a cell with a syntax error was meant to define.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import re
import symtable
import warnings
from collections.abc import Iterable
from pathlib import Path

import nbformat

from assignments.common.errors import UserError

__all__ = [
    "CodeCell",
    "Statement",
    "NotebookDefinitions",
    "read_code_cells",
    "extract_definitions",
    "is_unfilled_template",
]

# Cell magics whose body is still Python: their first line is blanked, the rest is kept.
PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug"}
# `name = !command` or `name = %magic`: an assignment from IPython syntax.
MAGIC_ASSIGNMENT = re.compile(r"^(\s*)[\w\s,\[\]().]+=\s*[!%]")
DEFINED_NAME = re.compile(r"^(?:async\s+)?(?:def|class)\s+(\w+)", re.MULTILINE)
GRADED_MARKER = re.compile(r"#\s*GRADED\s+FUNCTION\s*:\s*(\w+)", re.IGNORECASE)
# The course's answer regions: `### START CODE HERE ###` ... `### END CODE HERE ###`, and the later
# `# YOUR CODE STARTS HERE` ... `# YOUR CODE ENDS HERE`.
REGION_START = re.compile(r"#+\s*(?:START\s+CODE\s+HERE|YOUR\s+CODE\s+STARTS\s+HERE)", re.IGNORECASE)
REGION_END = re.compile(r"#+\s*(?:END\s+CODE\s+HERE|YOUR\s+CODE\s+ENDS\s+HERE)", re.IGNORECASE)
PLACEHOLDER_LINE = re.compile(r"\bNone\b|^pass$|^\.\.\.$")


@dataclasses.dataclass(frozen=True)
class CodeCell:
    """One code cell. `number` counts code cells from 1 (what a learner can find by scrolling)."""

    number: int
    execution_count: int | None
    source: str
    label: str  # "my.ipynb, code cell 4 (In [7])": the file name tracebacks and messages use.


@dataclasses.dataclass(frozen=True)
class Statement:
    """A top-level statement kept for grading, compiled with its cell's line numbers."""

    cell: CodeCell
    node: ast.stmt
    names: tuple[str, ...]
    kind: str  # "function", "class", "import" or "assignment"

    @property
    def line(self) -> int:
        return self.node.lineno

    def compile(self):
        return compile(ast.Module(body=[self.node], type_ignores=[]), self.cell.label, "exec")


@dataclasses.dataclass(frozen=True)
class NotebookDefinitions:
    """What `extract_definitions` found.

    Attributes:
        statements: the statements to run, in notebook order.
        defined: the requested names the notebook defines (the roots that were found).
        unfilled: requested names whose last definition is still the course's template, or a placeholder
            assignment such as `happyModel = None`: not definitions, so not graded.
    """

    statements: tuple[Statement, ...]
    defined: tuple[str, ...]
    unfilled: tuple[str, ...] = ()


def read_code_cells(path: Path) -> list[CodeCell]:
    """The notebook's code cells, with IPython syntax blanked. Raises `UserError` for a file that is not a notebook."""
    try:
        text = path.read_text(encoding="utf-8")
        _check_structure(json.loads(text))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nbformat's warnings about missing cell ids are not the learner's concern.
            notebook = nbformat.reads(text, as_version=4)
    except UserError as error:
        raise UserError(f"The notebook '{path}' is damaged: {error} Save it again from Jupyter.") from None
    except UnicodeDecodeError:
        raise UserError(f"The notebook '{path}' is not UTF-8 text: save it again from Jupyter.") from None
    except OSError as error:
        raise UserError(
            f"The notebook '{path}' cannot be read ({error.strerror}): check that it exists and is readable."
        ) from None
    except Exception as error:  # noqa: BLE001 - bad JSON, an unknown version, or any schema error nbformat raises.
        reason = " ".join(str(error).split())[:160]
        raise UserError(
            f"The notebook '{path}' cannot be read as a Jupyter notebook ({reason}): save it again from Jupyter."
        ) from None
    cells = []
    for cell in notebook.cells:
        if cell.get("cell_type") != "code":
            continue
        number = len(cells) + 1
        count = cell.get("execution_count")
        label = f"{path.name}, code cell {number}" + (f" (In [{count}])" if count else "")
        source = python_source(cell.get("source", ""))
        cells.append(CodeCell(number, count, source, label))
    return cells


def _check_structure(document) -> None:
    """The few shapes nbformat's schema validator would only report with a traceback: one sentence each."""
    if not isinstance(document, dict):
        raise UserError(f"it holds a JSON {type(document).__name__}, not a notebook object.")
    cells = document.get("cells")
    if not isinstance(cells, list):
        raise UserError(f"its 'cells' is a JSON {_json_type(cells)}, not a list of cells.")
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            raise UserError(f"cell {number} is a JSON {_json_type(cell)}, not a cell object.")
        source = cell.get("source", "")
        if not (isinstance(source, str) or (isinstance(source, list) and all(isinstance(line, str) for line in source))):
            raise UserError(f"cell {number}'s source is a JSON {_json_type(source)}, not text.")
        if not isinstance(cell.get("cell_type", "code"), str):
            raise UserError(f"cell {number}'s cell_type is a JSON {_json_type(cell.get('cell_type'))}, not text.")


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    return {dict: "object", list: "list", str: "string", int: "number", float: "number"}.get(type(value), type(value).__name__)


def is_unfilled_template(function_source: str) -> bool:
    """Whether a graded function is still the course's template: every answer region holds only placeholders.

    A region runs from `### START CODE HERE` to `### END CODE HERE` (or `# YOUR CODE STARTS HERE` to
    `# YOUR CODE ENDS HERE`); it is unfilled when its code lines are all `None` placeholders (`X = None`,
    `for i in None:`) or `pass`. A function without regions is never a template.
    """
    regions, inside, filled = 0, False, False
    for line in function_source.splitlines():
        stripped = line.strip()
        if REGION_START.search(stripped):
            regions, inside = regions + 1, True
        elif REGION_END.search(stripped):
            inside = False
        elif inside and stripped and not stripped.startswith("#"):
            filled = filled or not PLACEHOLDER_LINE.search(stripped.split("#")[0].strip())
    return regions > 0 and not filled


def python_source(source: str) -> str:
    """The cell's text with IPython-only lines replaced by `pass` (same indentation), so line numbers hold."""
    lines = source.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        magic = lines[0].lstrip()[2:].split(maxsplit=1)
        if not magic or magic[0] not in PYTHON_CELL_MAGICS:
            return ""  # %%bash, %%writefile, %%html ...: not Python.
        lines[0] = ""
    for index, line in enumerate(lines):
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        if stripped.startswith(("%", "!")) or (stripped.endswith("?") and not stripped.startswith("#")):
            lines[index] = f"{indent}pass"
        elif MAGIC_ASSIGNMENT.match(line):
            lines[index] = f"{indent}pass"
    return "\n".join(lines) + "\n"


def extract_definitions(cells: Iterable[CodeCell], wanted: Iterable[str]) -> NotebookDefinitions:
    """The statements that define `wanted` names and what they refer to; nothing else runs.

    Raises:
        UserError: the last cell that defines a wanted name has a syntax error (cell and line named).
    """
    wanted = list(wanted)
    bindings, broken, uses, star_imports = _index_cells(cells)
    for name in wanted:
        if name in broken and broken[name][0] > bindings.get(name, [(-1, None)])[-1][0]:
            _, cell, error = broken[name]
            raise UserError(
                f"{cell.label} defines {name} but has a syntax error on line {error.lineno}: {error.msg}; "
                "fix the cell and grade again."
            )
    unfilled = [name for name in wanted if name in bindings and _is_placeholder(bindings[name][-1][1])]
    defined = [name for name in wanted if name in bindings and name not in unfilled]
    kept = _needed_statements(bindings, uses, defined)
    # Star imports bind names that cannot be known without running them: keep them all (they are cheap
    # when they work, and skipped when the module is absent, as the course's helpers are).
    statements = sorted([*kept, *star_imports], key=lambda item: item[0]) if defined else []
    return NotebookDefinitions(tuple(statement for _, statement in statements), tuple(defined), tuple(unfilled))


def _index_cells(cells: Iterable[CodeCell]):
    """Every binding of every name in notebook order, the names each statement reads, the cells that do not
    parse (with the names they were meant to define), and the star imports."""
    bindings: dict[str, list[tuple[int, Statement]]] = {}  # Every binding of a name, in notebook order.
    broken: dict[str, tuple[int, CodeCell, SyntaxError]] = {}
    uses: dict[int, set[str]] = {}
    star_imports: list[tuple[int, Statement]] = []
    order = 0
    for cell in cells:
        try:
            tree = ast.parse(cell.source, filename=cell.label)
            table = symtable.symtable(cell.source, cell.label, "exec")
        except SyntaxError as error:
            # Which names was this cell meant to define? Its `def` lines and the course's marker say.
            for name in set(DEFINED_NAME.findall(cell.source)) | set(GRADED_MARKER.findall(cell.source)):
                broken[name] = (order, cell, error)
                order += 1
            continue
        scopes = _scopes_by_name(table)
        for node in tree.body:
            statement = _statement(cell, node)
            if statement is None:
                continue
            uses[id(statement)] = _names_read(node, scopes)
            if statement.names == ("*",):
                star_imports.append((order, statement))
            for name in statement.names:
                bindings.setdefault(name, []).append((order, statement))
            order += 1
    return bindings, broken, uses, star_imports


def _needed_statements(bindings, uses, defined) -> list[tuple[int, Statement]]:
    """The last binding of each defined name and, transitively, the bindings of every name they read."""
    kept: dict[int, tuple[int, Statement]] = {}
    pending = [(name, len(bindings[name]) - 1) for name in defined]
    seen: set[tuple[str, int]] = set()
    while pending:
        name, index = pending.pop()
        if (name, index) in seen or name not in bindings or index < 0:
            continue  # Not defined here: builtins, star imports, or the project's own version fill it.
        seen.add((name, index))
        position, statement = bindings[name][index]
        kept[id(statement)] = (position, statement)
        for used in uses[id(statement)]:
            # `clip = tf.function(clip)` reads the binding before it; any other name, its last binding.
            earlier = [i for i, (other, _) in enumerate(bindings.get(used, [])) if other < position]
            rebinds = statement.kind == "assignment" and used in statement.names and earlier
            pending.append((used, earlier[-1] if rebinds else len(bindings.get(used, [])) - 1))
    return list(kept.values())


def _is_placeholder(statement: Statement) -> bool:
    """`happyModel = None` (a constant bound to a graded name), or a graded function still the template."""
    if statement.kind == "assignment":
        return isinstance(statement.node.value, ast.Constant)
    if statement.kind == "function":
        return is_unfilled_template(ast.get_source_segment(statement.cell.source, statement.node) or "")
    return False


def _statement(cell: CodeCell, node: ast.stmt) -> Statement | None:
    """A top-level statement that binds names, or None (calls, loops, prints are never kept)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return Statement(cell, node, (node.name,), "function")
    if isinstance(node, ast.ClassDef):
        return Statement(cell, node, (node.name,), "class")
    if isinstance(node, ast.Import):
        return Statement(cell, node, tuple(alias.asname or alias.name.split(".")[0] for alias in node.names), "import")
    if isinstance(node, ast.ImportFrom):
        names = tuple(alias.asname or alias.name for alias in node.names if alias.name != "*")
        return Statement(cell, node, names or ("*",), "import")
    if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = tuple(target.id for item in targets for target in ast.walk(item) if isinstance(target, ast.Name))
        return Statement(cell, node, names, "assignment") if names else None
    return None


def _scopes_by_name(table: symtable.SymbolTable) -> dict[tuple[str, int], symtable.SymbolTable]:
    """The module's function and class scopes, by (name, line of the `def`): a name may be defined twice."""
    return {
        (child.get_name(), child.get_lineno()): child
        for child in table.get_children()
        if child.get_type() in ("function", "class")
    }


def _globals_of(table: symtable.SymbolTable) -> set[str]:
    """The module-level names a scope and its nested scopes read."""
    names = {symbol.get_name() for symbol in table.get_symbols() if symbol.is_global()}
    for child in table.get_children():
        names |= _globals_of(child)
    return names


def _names_read(node: ast.stmt, scopes: dict[tuple[str, int], symtable.SymbolTable]) -> set[str]:
    """The module-level names a statement needs when it runs, and when its functions are called."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        # Decorators, defaults, annotations and base classes run in the module's scope, at definition time.
        outer = [*node.decorator_list]
        if isinstance(node, ast.ClassDef):
            outer += [*node.bases, *(keyword.value for keyword in node.keywords)]
        else:
            arguments = node.args
            outer += [*arguments.defaults, *(value for value in arguments.kw_defaults if value is not None)]
        names = {item.id for expression in outer for item in ast.walk(expression) if isinstance(item, ast.Name)}
        table = scopes.get((node.name, node.lineno))
        return names | (_globals_of(table) if table is not None else set())
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return set()
    value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else node
    return {item.id for item in ast.walk(value) if isinstance(item, ast.Name) and isinstance(item.ctx, ast.Load)}
