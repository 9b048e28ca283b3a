"""Which course revision a learner's notebook (or `.py` file) follows, read from its own text.

Each week declares the revisions its graders know (`Week.revisions` in the week's `week.py`). The evidence,
strongest first:

1. the course's version cell, a code cell holding only `### v2.1`;
2. the revision's markers (`from resnets_utils import`, `K.get_session()`), found in the code;
3. the graded functions' signatures: the parameter names of the learner's last `def`, compared with each
   revision's (`identity_block(X, f, filters, training=True, ...)` is the 2021 revision's);
4. the course helper modules that only some revisions import.

Older Keras 2 / TF1 code (`tf.Session`, `K.variable`, ...) is recognised for every week. A revision that is
named but not graded (`supported=False`), or such older code, is one sentence (`UserError`, exit 2). Nothing
here runs the learner's code.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Mapping, Sequence

from assignments.common.errors import UserError
from assignments.common.week import Revision, Week

__all__ = ["Detection", "Mismatch", "detect_revision", "signature_mismatches", "defined_signatures", "parameter_names"]

VERSION_CELL = re.compile(r"^\s*#{2,}\s*(v\d+(?:\.\d+)*)\s*$", re.IGNORECASE)
# TF1 / Keras 2 calls that no TF2 course revision makes: graded code that uses them cannot run on TF 2.21.
LEGACY_CALLS = {
    "tf.Session(": "a tf.Session",
    "tf.InteractiveSession(": "a tf.InteractiveSession",
    "tf.placeholder(": "tf.placeholder",
    "tf.reset_default_graph(": "tf.reset_default_graph",
    "K.variable(": "K.variable",
    "K.get_session(": "K.get_session",
    "tf.global_variables_initializer(": "tf.global_variables_initializer",
}


@dataclasses.dataclass(frozen=True)
class Detection:
    """The revision a solution is graded as, and why (`reason` completes "graded as the X revision (...)")."""

    revision: Revision | None
    reason: str

    def describe(self) -> str:
        if self.revision is None:
            return ""
        return f"graded as the {self.revision.name} revision ({self.reason})"


@dataclasses.dataclass(frozen=True)
class Mismatch:
    """A graded function whose parameters are not the graded revision's."""

    function: str
    expected: str  # the revision's signature
    theirs: str  # the learner's signature
    their_revisions: tuple[str, ...]  # the other revisions whose signature theirs is

    @property
    def blocking(self) -> bool:
        """Whether the graders' calls cannot fit: a required parameter differs (an optional one only is a note)."""
        return required_names(self.expected) != required_names(self.theirs)

    def sentence(self, revision: str, graded: Sequence[str]) -> str:
        other = f" ({' and '.join(self.their_revisions)}'s)" if self.their_revisions else ""
        return (
            f"{self.expected} is the {revision} revision's; yours is {self.theirs}{other}; "
            f"graded revisions: {', '.join(graded)} (choose one with --revision NAME)."
        )


def parameter_names(signature: str) -> tuple[str, ...]:
    """`"f(X, f, filters, training=True)"` -> `("X", "f", "filters", "training")`."""
    node = ast.parse(f"def {signature.strip()}:\n    pass\n").body[0]
    arguments = node.args
    names = [argument.arg for argument in [*arguments.posonlyargs, *arguments.args]]
    if arguments.vararg:
        names.append("*" + arguments.vararg.arg)
    names += [argument.arg for argument in arguments.kwonlyargs]
    if arguments.kwarg:
        names.append("**" + arguments.kwarg.arg)
    return tuple(names)


def required_names(signature: str) -> tuple[str, ...]:
    """The parameters without a default: `"f(X, f, training=True)"` -> `("X", "f")`."""
    node = ast.parse(f"def {signature.strip()}:\n    pass\n").body[0]
    positional = [*node.args.posonlyargs, *node.args.args]
    required = positional[: len(positional) - len(node.args.defaults)]
    keyword_only = [argument for argument, default in zip(node.args.kwonlyargs, node.args.kw_defaults) if default is None]
    return tuple(argument.arg for argument in [*required, *keyword_only])


def defined_signatures(sources: Sequence[str], names: Sequence[str]) -> dict[str, str]:
    """The signature of the last top-level `def` of each name, as `name(a, b=1)`, from code cells or a file."""
    found: dict[str, str] = {}
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in names:
                found[node.name] = f"{node.name}({ast.unparse(node.args)})"
    return found


def _version_cell(sources: Sequence[str]) -> str | None:
    for source in sources:
        match = VERSION_CELL.match(source.strip()) if source.strip().count("\n") == 0 else None
        if match:
            return match.group(1).lower()
    return None


def _imports(sources: Sequence[str]) -> set[str]:
    modules = set()
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                modules.add(node.module)
    return modules


def _imported_names(sources: Sequence[str]) -> list[tuple[str, str]]:
    """Every `from module import name` of the code, as (module, name)."""
    pairs = []
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                pairs += [(node.module, alias.name) for alias in node.names]
    return pairs


def _legacy_call(sources: Sequence[str]) -> str | None:
    code = "\n".join(line for source in sources for line in source.splitlines() if not line.lstrip().startswith("#"))
    return next((what for call, what in LEGACY_CALLS.items() if call in code), None)


def _score(revision: Revision, sources, signatures, imports, others: Sequence[Revision]) -> tuple[int, str]:
    """How strongly the text points at `revision`, and the first piece of evidence."""
    imported_names = _imported_names(sources)
    code = "\n".join(sources)
    score, reasons = 0, []
    for marker in revision.markers:
        if marker in code:
            score += 10
            reasons.append(f"detected from {marker.strip()!r} in your code")
    for function, expected in revision.signatures.items():
        if function in signatures and parameter_names(signatures[function]) == parameter_names(expected):
            # A signature counts only where it tells this revision apart from another one.
            if any(
                function in other.signatures and parameter_names(other.signatures[function]) != parameter_names(expected)
                for other in others
            ):
                score += 3
                reasons.append(f"detected from {function}'s signature")
    for module, helper_names in revision.helpers.items():
        if module in imports and not any(module in other.helpers for other in others):
            score += 5
            reasons.append(f"detected from 'import {module}'")
        # A name the revision takes from its helper module, imported from elsewhere: another revision's code.
        if any(source != module and name in helper_names for source, name in imported_names):
            score -= 5
    return score, (reasons[0] if reasons else "")


def detect_revision(week: Week, sources: Sequence[str], forced: str | None = None, label: str = "your file") -> Detection:
    """The revision to grade `sources` (the code cells, or a `.py` file's text) as.

    Raises:
        UserError: `forced` names no revision of the week; or the code is a revision that is not graded,
            or older Keras 2 / TF1 code.
    """
    revisions = week.revisions
    supported = [revision for revision in revisions if revision.supported]
    graded_names = ", ".join(revision.name for revision in supported) or "the week's one revision"
    if forced is not None:
        chosen = next((revision for revision in revisions if revision.name.lower() == forced.lower()), None)
        if chosen is None or not chosen.supported:
            known = f"the graded ones are {graded_names}" if supported else f"{week.name} declares no revisions"
            raise UserError(f"--revision {forced} is not a graded revision of {week.name}: {known}.")
        return Detection(chosen, "chosen with --revision")
    if not revisions:
        return Detection(None, "")
    names = list(week.graded)
    signatures = defined_signatures(sources, names)
    version = _version_cell(sources)
    by_version = next((revision for revision in revisions if revision.name.lower() == version), None) if version else None
    if by_version is not None:
        best, reason = by_version, f"detected from the notebook's version cell '### {by_version.name}'"
    else:
        imports = _imports(sources)
        scored = [
            (*_score(revision, sources, signatures, imports, [other for other in revisions if other is not revision]), index)
            for index, revision in enumerate(revisions)
        ]
        score, reason, index = max(scored, key=lambda item: (item[0], -item[2]))
        best = revisions[index] if score > 0 else None
        if best is None:
            legacy = _legacy_call(sources)
            if legacy is not None:
                raise UserError(
                    f"{label} uses {legacy}: it is an older Keras 2 / TF1 revision of {week.name}'s notebook, which "
                    f"this project (TensorFlow 2, Keras 3) does not grade; the graded revisions are {graded_names}."
                )
            default = supported[0] if supported else revisions[0]
            note = "the default" + (f": {label} does not tell {graded_names} apart" if len(supported) > 1 else "")
            return Detection(default, note)
    if not best.supported:
        raise UserError(
            f"{label} follows the {best.name} revision of {week.name}'s notebook ({best.summary.rstrip('.')}; "
            f"{reason}), which this project does not grade; the graded revisions are {graded_names}."
        )
    return Detection(best, reason)


def signature_mismatches(week: Week, revision: Revision, signatures: Mapping[str, str]) -> list[Mismatch]:
    """The learner's graded functions whose parameter names differ from the graded revision's."""
    mismatches = []
    for function, theirs in signatures.items():
        expected = revision.signatures.get(function)
        if expected is None or parameter_names(theirs) == parameter_names(expected):
            continue
        other = tuple(
            candidate.name
            for candidate in week.revisions
            if candidate is not revision
            and function in candidate.signatures
            and parameter_names(candidate.signatures[function]) == parameter_names(theirs)
        )
        mismatches.append(Mismatch(function, expected, theirs, other))
    return mismatches
