"""The word list: reading it from a file (ours, the course's, or the user's) and building the vocabulary.

Any UTF-8 list with one item a line works; names are lower-cased as the course does, blank lines are
dropped, and the vocabulary is every character that occurs plus "\\n", which ends a name.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import NamedTuple

from assignments.common.data import existing_path
from assignments.common.errors import UserError
from assignments.dinosaur_island.week import WEEK

DEFAULT_NAMES_FILE = Path(__file__).with_name("default_names.txt")  # ~700 real genus names we wrote
# The longest line accepted. Each character of a name is one step of the RNN in every iteration that visits
# it: one line of 1 MB made a single iteration take 55 s. The course's longest name has 23 characters.
MAX_NAME_LENGTH = 1_000


class NamesSource(NamedTuple):
    path: Path
    description: str  # which of the three lists it is, in words
    kind: str  # for the model's provenance: "user", "course" or "substitute"


def names_source(explicit: str | os.PathLike | None = None) -> NamesSource:
    """Which word list to train on: --names, else $DLS_DATA_DIR's dinos.txt, else our embedded list."""
    if explicit is not None:
        return NamesSource(existing_path(explicit, what="names file"), "your names file", "user")
    path = WEEK.default_input("names")
    if path is not None:
        return NamesSource(path, "the course's dinos.txt", "course")
    return NamesSource(DEFAULT_NAMES_FILE, "the embedded list of real dinosaur genera", "substitute")


def read_names(path: str | os.PathLike) -> list[str]:
    """Reads a one-item-a-line UTF-8 word list, lower-cased, without blank lines.

    Raises:
        UserError: the file is missing, a folder, unreadable, not UTF-8 text, holds control characters or a line
            over MAX_NAME_LENGTH characters, or has no names.
    """
    file = Path(path)
    # A pipe (`--names <(grep ... words.txt)`, /dev/stdin) is not a regular file but is good input: read it.
    if not file.exists():
        raise UserError(f"The names file '{path}' does not exist: pass a text file with one name per line.")
    if file.is_dir():
        raise UserError(f"The names file '{path}' is a folder: pass a text file with one name per line.")
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise UserError(
            f"The names file '{path}' cannot be read ({error.strerror}): check its permissions, or pass another file."
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(
            f"The names file '{path}' is not UTF-8 text (byte {error.start} cannot be decoded): save it as UTF-8 text, one name per line."
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for position, character in enumerate(text):
        if character not in "\n\t" and unicodedata.category(character) in ("Cc", "Cs"):
            line = text.count("\n", 0, position) + 1
            raise UserError(
                f"The names file '{path}' contains a control character (U+{ord(character):04X}) on line {line}: it looks binary; pass a plain text word list."
            )
    names = [line.strip() for line in text.lower().split("\n")]
    longest = max(range(len(names)), key=lambda index: len(names[index]), default=0)
    if names and len(names[longest]) > MAX_NAME_LENGTH:
        raise UserError(
            f"The names file '{path}' has a line of {len(names[longest]):,} characters (line {longest + 1}), over the limit "
            f"of {MAX_NAME_LENGTH:,} for one name: put one name per line."
        )
    names = [name for name in names if name]
    if not names:
        raise UserError(f"The names file '{path}' has no names: put one name per line.")
    return names


def build_vocabulary(names: list[str]) -> tuple[dict[str, int], dict[int, str]]:
    """char_to_ix and ix_to_char over the sorted characters of `names` plus "\\n" (which sorts first)."""
    characters = sorted(set("".join(names)) | {"\n"})
    char_to_ix = {character: index for index, character in enumerate(characters)}
    ix_to_char = {index: character for index, character in enumerate(characters)}
    return char_to_ix, ix_to_char
