"""The dates to translate: the course's examples, or the user's file of one date a line.

A line is refused, with its number, when the model cannot read it: longer than the Tx = 30 characters
the model was built for, or not a date at all (no digit, or mostly characters that babel's en_US dates
never use and the model sees only as '<unk>').
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from assignments.common.data import existing_file
from assignments.common.errors import UserError
from assignments.neural_machine_translation.nmt_utils import HUMAN_CHARACTERS, Tx, normalize

# The notebook's eight examples (its output for them is the course's check on model.h5).
EXAMPLES = (
    "3 May 1979",
    "5 April 09",
    "21th of August 2016",
    "Tue 10 Jul 2007",
    "Saturday May 9 2018",
    "March 3 2001",
    "March 3rd 2001",
    "1 March 2001",
)
# A line where more than this share of characters is unknown to the model is not a date it can read.
MAX_UNKNOWN_SHARE = 0.25


def check_date(text: str, where: str, length: int = Tx) -> str:
    """Returns `text` when the model can read it as a date; else raises UserError naming `where`."""
    characters = normalize(text)
    if len(characters) > length:
        raise UserError(
            f"The date '{text}' ({where}) has {len(characters)} characters, more than the model's Tx = {length}: shorten it "
            f"(for example '9 October 1993')."
        )
    unknown = [character for character in characters if character not in HUMAN_CHARACTERS]
    if not any(character.isdigit() for character in characters) or len(unknown) > MAX_UNKNOWN_SHARE * len(characters):
        raise UserError(
            f"The date '{text}' ({where}) does not read as a date (the model knows digits, ' ./' and the letters of English "
            f"month and day names): write it like '9 October 1993' or '10.11.19'."
        )
    return text


def read_dates(path: str | os.PathLike) -> list[str]:
    """The dates in a UTF-8 text file, one a line, blank lines skipped, each checked by `check_date`.

    Raises:
        UserError: missing, a folder, unreadable, not UTF-8, binary, empty, or a line that is not a date.
    """
    file = existing_file(path, what="dates file")
    try:
        raw = Path(file).read_bytes()
    except OSError as error:
        raise UserError(f"The dates file '{path}' cannot be read ({error.strerror}): check its permissions.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(
            f"The dates file '{path}' is not UTF-8 text (byte {error.start} cannot be decoded): save it as UTF-8, one date a line."
        ) from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    dates = []
    for number, line in enumerate(lines, start=1):
        if any(unicodedata.category(character) in ("Cc", "Cs") for character in line if character != "\t"):
            raise UserError(
                f"The dates file '{path}' has a control character on line {number}: it looks binary; pass a text file."
            )
        if line.strip():
            dates.append(check_date(line.strip(), f"line {number} of '{path}'"))
    if not dates:
        raise UserError(f"The dates file '{path}' has no dates: put one date a line, such as '9 October 1993'.")
    return dates
