"""The project's shape, checked: every week has the same role files, no function in the package is over 60
lines, the shared room holds no grading engine, and every flag table in the docs is the parser's own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from assignments import WEEKS
from assignments.common import flag_tables

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "assignments"
ROLE_FILES = ("__init__.py", "__init__.pyi", "week.py", "cli.py", "__main__.py", "commands.py")
LONGEST_FUNCTION = 60
DOCS = sorted((REPO / "docs").glob("*.md")) + [REPO / "README.md"]


@pytest.mark.parametrize("week", list(WEEKS))
def test_every_week_has_the_same_role_files(week):
    folder = PACKAGE / week
    missing = [name for name in ROLE_FILES if not (folder / name).is_file()]
    assert not missing, f"{week} lacks the role files {missing} (see the README's Layout)"
    assert "def build_parser" in (folder / "cli.py").read_text(), f"{week}/cli.py has no build_parser()"


def _functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


def test_no_function_in_the_package_is_over_60_lines():
    long = [
        f"{path.relative_to(REPO)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in _functions(path)
        if node.end_lineno - node.lineno + 1 > LONGEST_FUNCTION
    ]
    assert not long, "split these into a short loop plus named helpers:\n" + "\n".join(long)


def test_common_holds_only_plumbing():
    engine = [name for name in ("solution.py", "notebook.py", "grade_report.py") if (PACKAGE / "common" / name).exists()]
    assert not engine, f"the grading engine belongs in assignments/grading/, not common/: {engine}"
    for path in (PACKAGE / "common").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "import pytest" not in source, f"{path.relative_to(REPO)} imports pytest (a dependency of grade only)"
        for week in WEEKS:
            assert f"assignments.{week}" not in source, f"{path.relative_to(REPO)} names the week {week}"


@pytest.mark.parametrize("document", DOCS, ids=lambda path: path.name)
def test_documented_flag_tables_are_the_parsers_own(document):
    text = document.read_text(encoding="utf-8")
    assert flag_tables.render(text) == text, (
        f"a flags table in {document.name} differs from its parser: "
        f"python -m assignments.common.flag_tables --write {document.relative_to(REPO)}"
    )
    stray = flag_tables.stray_flag_rows(text)
    assert not stray, f"{document.name} documents flags by hand (use a generated flags block): {stray[:3]}"


@pytest.mark.parametrize("week", list(WEEKS))
def test_every_week_documents_its_flags_from_its_parser(week):
    blocks = [match.group("command") for document in DOCS for match in flag_tables.BLOCK.finditer(document.read_text())]
    assert any(command.split()[2:3] == [f"assignments.{week}"] for command in blocks), (
        f"no docs page has a generated flags block for python -m assignments.{week}"
    )
