"""CSV results that are safe to open in a spreadsheet, written atomically.

A cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return) is run as a formula by Excel,
LibreOffice and Google Sheets: a photo named `=HYPERLINK("http://x";"y").png` would become a live link in
`identify.csv`. As OWASP recommends for CSV injection, every text cell that starts so gets a leading
apostrophe, which spreadsheets show as text and hide; the rest of its bytes are kept. Numbers are written
as numbers (a negative score stays `-0.5`).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from assignments.common.files import write_text_atomic

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value` as a CSV cell: text that a spreadsheet would run as a formula is neutralised; numbers pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence[str] | None, rows: Iterable[Sequence], comments: Sequence[str] = ()) -> str:
    """The CSV as text: optional `# comment` lines first (the model's provenance), then the header and rows."""
    buffer = io.StringIO()
    for comment in comments:
        buffer.write(f"# {' '.join(str(comment).split())}\n")
    writer = csv.writer(buffer, lineterminator="\n")
    if header is not None:
        writer.writerow([safe_cell(name) for name in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


def write_csv(
    path: str | os.PathLike, header: Sequence[str] | None, rows: Iterable[Sequence], comments: Sequence[str] = ()
) -> Path:
    """Writes a CSV atomically (UTF-8; non-UTF-8 file names keep their bytes), every text cell neutralised.

    Args:
        path: the final file.
        header: the column names, or None.
        rows: the rows (text, numbers).
        comments: lines written first as `# ...` (e.g. the model's provenance summary).
    """
    return write_text_atomic(path, csv_text(header, rows, comments))
