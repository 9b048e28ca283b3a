"""Command-line plumbing shared by every week's main script.

- `ArgumentParser`: argparse whose errors are one line (`error: ...`) and exit code 2, no usage dump.
- `add_common_arguments`: the flags every week spells the same (`--seed`, `--output`, `--data`, `--weights`).
- argument types (`positive_int`, `probability`, ...) that reject bad values with a sentence.
- `run_main`: calls a main function and turns `UserError` into one line on stderr and exit code 2.
- `flag`, `settings_parser`, `add_command`, `parse_settings`: each knob declared once, as a field of a frozen
  settings dataclass with its help beside it (CleanRL's `Args`); the parser is built from the dataclass and
  parsing returns one frozen settings value, which the week's work receives whole.

A week's settings, declared once in its `cli.py`:

    @dataclasses.dataclass(frozen=True)
    class Settings:
        size: int = flag(400, type=positive_int, help="longer side in pixels (default 400)")
        square: bool = flag(False, help="resize to size x size, as the course does")
        output: Path = output_flag("<week>")

    parser = settings_parser(Settings, prog="python -m assignments.<week>", description="...")
    settings = parse_settings(parser, argv)   # a frozen Settings; `dataclasses.replace` derives a new one
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import math
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from assignments.common.errors import UserError
from assignments.common.files import check_writable_folder

__all__ = [
    "ArgumentParser",
    "add_command",
    "flag",
    "output_flag",
    "parse_settings",
    "seed_flag",
    "settings_parser",
    "UserError",
    "add_common_arguments",
    "bounded_int",
    "default_output_dir",
    "non_negative_float",
    "non_negative_int",
    "output_folder",
    "positive_float",
    "positive_int",
    "probability",
    "run_main",
]


class ArgumentParser(argparse.ArgumentParser):
    """argparse with one-line errors: the problem, and where to look for the fix."""

    def error(self, message: str):  # noqa: D401 - argparse's API
        sys.stderr.write(f"{self.prog}: error: {message} (see --help)\n")
        raise SystemExit(2)


def _typed(converter: Callable[[str], float | int], check: Callable[[float | int], bool], wanted: str):
    def parse(text: str):
        try:
            value = converter(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {wanted}, got '{text}'") from None
        # NaN fails every comparison, but infinity passes "> 0": refuse both for every number type.
        # Only floats: whole numbers are never infinite, and math.isfinite overflows on one of 400 digits.
        if (isinstance(value, float) and not math.isfinite(value)) or not check(value):
            raise argparse.ArgumentTypeError(f"expected {wanted}, got {text}")
        return value

    parse.__name__ = wanted
    return parse


positive_int = _typed(int, lambda value: value > 0, "a whole number > 0")
non_negative_int = _typed(int, lambda value: value >= 0, "a whole number >= 0")
positive_float = _typed(float, lambda value: value > 0, "a finite number > 0")
non_negative_float = _typed(float, lambda value: value >= 0, "a finite number >= 0")
probability = _typed(float, lambda value: 0.0 <= value <= 1.0, "a number between 0 and 1")


def bounded_int(low: int, high: int, what: str = "a whole number"):
    """An argument type for sizes: a whole number in [low, high], so that an absurd size is refused up front.

    Args:
        low, high: the accepted range (inclusive); document `high` in the flag's help.
        what: a word for the message ("an image size").
    """
    return _typed(int, lambda value: low <= value <= high, f"{what} from {low} to {high}")


def output_folder(text: str) -> Path:
    """`--output`: a folder that exists and is writable, or can be created; checked before any work starts.

    Nothing is created here (a bad later flag must not leave an empty folder behind); the week creates the
    folder when it writes its first result.
    """
    try:
        return check_writable_folder(text)
    except UserError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def default_output_dir(week) -> Path:
    """`out/<week>/` under the current folder: outputs never go next to the inputs."""
    return Path("out") / getattr(week, "name", week)


def add_common_arguments(
    parser: argparse.ArgumentParser,
    week,
    *,
    seed: int | None = 0,
    output: bool = True,
    data: bool = False,
    weights: bool = False,
) -> None:
    """Adds the flags that every week spells the same way.

    Args:
        parser: the week's parser (or sub-command parser).
        week: the week (its `Week` declaration, or its name), for the default output folder and the help text.
        seed: the default of `--seed`; None leaves the flag out.
        output: add `--output DIR` (default `out/<week>/`).
        data: add `--data DIR` (default `$DLS_DATA_DIR/<week>/`, then the embedded default).
        weights: add `--weights PATH`.
    """
    week = getattr(week, "name", week)
    if seed is not None:
        parser.add_argument(
            # numpy's legacy seeding (np.random.seed, keras.utils.set_random_seed) takes 0 .. 2**32 - 1.
            "--seed",
            type=bounded_int(0, 2**32 - 1, "a seed"),
            default=seed,
            help=f"random seed, for repeatable runs (default {seed})",
        )
    if output:
        parser.add_argument(
            "--output",
            type=output_folder,
            # A string default goes through `type` too, so the default folder is checked like a given one.
            default=str(default_output_dir(week)),
            help=f"folder for the results; created if missing (default out/{week}/)",
        )
    if data:
        parser.add_argument(
            "--data",
            type=Path,
            default=None,
            help=f"folder with the course's data files (default $DLS_DATA_DIR/{week}/, else the embedded generated data)",
        )
    if weights:
        parser.add_argument(
            "--weights",
            default=None,
            help="pretrained weights: a file you already have (see the README for where to get it); "
            "without it the model has untrained, seeded random weights",
        )


def make_console_safe() -> None:
    """A console that cannot encode a character (PYTHONIOENCODING=ascii, a cp1252 terminal) shows '?' for it
    instead of raising `UnicodeEncodeError` in the middle of a run: printing must never lose work. Files are
    written in UTF-8 regardless."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def run_main(main: Callable[[Sequence[str] | None], int | None], argv: Sequence[str] | None = None) -> int:
    """Runs a main function the way every CLI here behaves.

    `UserError` → its message on one line of stderr, exit code 2, no traceback. Ctrl-C → one line and exit
    code 130. Anything else is a bug and keeps its traceback.
    """
    make_console_safe()
    try:
        return int(main(argv) or 0)
    except UserError as error:
        message = " ".join(str(error).split())
        sys.stderr.write(f"error: {message}\n")
        return error.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("interrupted: stopped by the user (Ctrl-C); finished outputs are kept.\n")
        return 130
    except BrokenPipeError:
        # `python -m assignments.x | head`: the reader went away; not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


# ---------------------------------------------------------------------------------------------------------
# Settings dataclasses: each flag declared once, with its default and help, as a field of a frozen dataclass.
# ---------------------------------------------------------------------------------------------------------

_FLAG = "assignments.flag"
_SETTINGS = "_settings_class"


def flag(
    default=None,
    *,
    help: str,
    type: Callable | None = None,
    choices: Sequence | None = None,
    nargs: str | int | None = None,
    metavar: str | None = None,
    required: bool = False,
    names: Sequence[str] | None = None,
    action: str | None = None,
    default_factory: Callable | None = None,
    opposite: tuple[str, str] | None = None,
):
    """A settings field that is also a command-line flag (`--field-name`, underscores as dashes).

    Args:
        default: the field's default; a string default goes through `type` as argparse does, so the
            dataclass holds the converted value (a `Path`, a checked folder). A `bool` default of False makes
            a `store_true` switch.
        help: the flag's help text, the one place its meaning is written down.
        type, choices, nargs, metavar, required, action: as `argparse.add_argument`.
        names: the flag's spellings when they are not `--field-name` (e.g. `("--verbose", "-v")`), or a
            single positional name without dashes.
        default_factory: for a mutable default (a list), as `dataclasses.field`.
        opposite: for a switch that defaults to True, `("--other-spelling", "its help")`: a second flag that
            sets the field to False; the two exclude each other (`--class-aware-nms` / `--class-agnostic-nms`).
    """
    spec = {
        "help": help,
        "type": type,
        "choices": tuple(choices) if choices is not None else None,
        "nargs": nargs,
        "metavar": metavar,
        "required": required,
        "names": tuple(names) if names else None,
        "action": action,
        "default": default_factory() if default_factory is not None else default,
        "opposite": tuple(opposite) if opposite else None,
    }
    metadata = {_FLAG: spec}
    if default_factory is not None:
        return dataclasses.field(default_factory=default_factory, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def seed_flag(default: int = 0, *, help: str | None = None):
    """`--seed`: numpy's legacy seeding (np.random.seed, keras.utils.set_random_seed) takes 0 .. 2**32 - 1."""
    return flag(
        default,
        type=bounded_int(0, 2**32 - 1, "a seed"),
        help=help or f"random seed, for repeatable runs (default {default})",
    )


def output_flag(week, *, help: str | None = None):
    """`--output DIR`: default `out/<week>/`, checked writable while parsing (a string default goes through
    `type` too, so the default folder is checked like a given one)."""
    name = getattr(week, "name", week)
    return flag(
        str(default_output_dir(name)),
        type=output_folder,
        help=help or f"folder for the results; created if missing (default out/{name}/)",
    )


def _add_fields(parser: argparse.ArgumentParser, settings_class, defaults: dict | None = None) -> None:
    defaults = defaults or {}
    for field in dataclasses.fields(settings_class):
        spec = field.metadata.get(_FLAG)
        if spec is None:
            continue  # a derived field, filled in after parsing (never by the user)
        default = defaults.get(field.name, spec["default"])
        names = spec["names"] or ("--" + field.name.replace("_", "-"),)
        positional = not names[0].startswith("-")
        keywords = {"help": spec["help"], "default": default}
        if not positional:
            keywords["dest"] = field.name
        action = spec["action"] or ("store_true" if default is False and spec["type"] is None else None)
        if action is not None:
            keywords["action"] = action
        for key in ("type", "choices", "nargs", "metavar"):
            if spec[key] is not None:
                keywords[key] = spec[key]
        if spec["required"]:
            keywords["required"] = True
        if spec["opposite"]:
            group = parser.add_mutually_exclusive_group()
            group.add_argument(*names, **keywords)
            other, other_help = spec["opposite"]
            group.add_argument(other, dest=field.name, action="store_false", help=other_help)
        else:
            parser.add_argument(*names, **keywords)
    parser.set_defaults(**{_SETTINGS: settings_class})


def settings_parser(
    settings_class, *, prog: str, description: str, epilog: str | None = None, defaults: dict | None = None
) -> ArgumentParser:
    """A parser whose flags are the fields of `settings_class` (a frozen dataclass of `flag` fields).

    Args:
        defaults: per-use default overrides by field name (a shared settings class, another week's default).
    """
    parser = ArgumentParser(prog=prog, description=description, epilog=epilog)
    _add_fields(parser, settings_class, defaults)
    return parser


def add_command(
    parser: argparse.ArgumentParser,
    name: str,
    settings_class,
    *,
    help: str,
    description: str | None = None,
    epilog: str | None = None,
    defaults: dict | None = None,
) -> ArgumentParser:
    """Adds sub-command `name`, whose flags are the fields of `settings_class`; `parse_settings` then returns
    an instance of that class. The sub-parsers are created on the first call."""
    subparsers = getattr(parser, "_settings_subparsers", None)
    if subparsers is None:
        subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser)
        parser._settings_subparsers = subparsers
    command = subparsers.add_parser(name, help=help, description=description or help, epilog=epilog)
    _add_fields(command, settings_class, defaults)
    return command


def parse_settings(parser: argparse.ArgumentParser, argv: Sequence[str] | None = None):
    """Parses `argv` into one frozen settings value: the dataclass of the parser, or of the chosen sub-command.

    Returns None when the parser has sub-commands and none was given (the caller prints the help)."""
    namespace = parser.parse_args(argv)
    settings_class = getattr(namespace, _SETTINGS, None)
    if settings_class is None:
        return None
    values = {
        field.name: getattr(namespace, field.name) for field in dataclasses.fields(settings_class) if _FLAG in field.metadata
    }
    # nargs lists become tuples: the settings value is frozen all the way down.
    return settings_class(**{name: tuple(value) if isinstance(value, list) else value for name, value in values.items()})
