"""Flag tables for the docs, generated from the parsers: a flag's default and meaning are written once, in its
settings field, and every table that documents it is derived from there.

A document marks each generated table with an opening and a closing comment:

    <!-- flags: python -m assignments.<week> -->
    | flag | default | meaning |
    ...
    <!-- end flags -->

The opening comment names the command (and a sub-command, `... face_recognition enroll`). Regenerate every
table, or check that none has drifted (the test suite runs the check):

    python -m assignments.common.flag_tables --write docs/*.md
    python -m assignments.common.flag_tables --check docs/*.md
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Sequence
from pathlib import Path

BLOCK = re.compile(r"(<!-- flags: (?P<command>[^>]+?) -->\n)(?P<table>.*?)(<!-- end flags -->)", re.S)
PREFIX = "python -m "


def week_parser(package: str) -> argparse.ArgumentParser:
    """The parser of `python -m <package>`: its `cli.build_parser()`, else its `__main__.build_parser()`."""
    for module_name in (f"{package}.cli", f"{package}.__main__"):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        if hasattr(module, "build_parser"):
            return module.build_parser()
    raise LookupError(f"{package} has no build_parser() in cli.py or __main__.py")


def sub_parser(parser: argparse.ArgumentParser, command: str) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            return action.choices[command]
    raise LookupError(f"{parser.prog} has no sub-command '{command}'")


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _default(action: argparse.Action) -> str:
    if action.required:
        return "required"
    if isinstance(action, (argparse._StoreTrueAction, argparse._StoreFalseAction)) or action.default in (None, argparse.SUPPRESS):
        return ""
    default = action.default
    if isinstance(default, (list, tuple)):
        default = " ".join(str(item) for item in default)
    return f"`{default}`"


def _flag(action: argparse.Action) -> str:
    if not action.option_strings:
        return f"`{action.metavar or action.dest}`"
    spelled = " / ".join(f"`{name}`" for name in action.option_strings)
    if action.choices and not isinstance(action, argparse._SubParsersAction):
        # A pipe inside a table cell must be escaped, even in a code span.
        choices = "\\|".join(str(choice) for choice in action.choices)
        return f"{spelled} `{choices}`"
    return spelled


def flag_table(parser: argparse.ArgumentParser) -> str:
    """One markdown table of `parser`'s flags (help and sub-command lists left out), in declaration order."""
    rows = ["| flag | default | meaning |", "|---|---|---|"]
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)) or action.help == argparse.SUPPRESS:
            continue
        help_text = (action.help or "") % {"default": action.default, "prog": parser.prog} if action.help else ""
        rows.append(f"| {_flag(action)} | {_default(action)} | {_cell(help_text)} |")
    return "\n".join(rows) + "\n"


def table_for(command: str) -> str:
    """The table of `python -m <package> [sub-command]`."""
    if not command.startswith(PREFIX):
        raise LookupError(f"a flags block names 'python -m <package> [command]', got '{command}'")
    package, *rest = command[len(PREFIX) :].split()
    parser = week_parser(package)
    for name in rest:
        parser = sub_parser(parser, name)
    return flag_table(parser)


def render(text: str) -> str:
    """`text` with every flags block regenerated from its parser."""
    return BLOCK.sub(lambda match: match.group(1) + table_for(match.group("command")) + match.group(4), text)


def stray_flag_rows(text: str) -> list[str]:
    """Table rows that document a flag outside a generated block (they would drift unchecked)."""
    outside = BLOCK.sub("", text)
    return [line for line in outside.splitlines() if re.match(r"^\|\s*`--", line)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assignments.common.flag_tables", description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="regenerate every flags block in place")
    mode.add_argument("--check", action="store_true", help="exit 1 when a block differs from its parser")
    parser.add_argument("files", nargs="+", type=Path, help="markdown files")
    arguments = parser.parse_args(argv)
    stale = []
    for path in arguments.files:
        text = path.read_text(encoding="utf-8")
        fresh = render(text)
        if fresh != text:
            stale.append(path)
            if arguments.write:
                path.write_text(fresh, encoding="utf-8")
    for path in stale:
        print(f"{path}: {'rewritten' if arguments.write else 'a flags table differs from its parser'}")
    return 1 if stale and arguments.check else 0


if __name__ == "__main__":
    sys.exit(main())
