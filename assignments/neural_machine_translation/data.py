"""The dates to translate: the notebook's examples, or the user's file of one date a line (read and checked
by `assignments.common.dates.read_dates`: too long for Tx = 30, or not a date, is refused with its line)."""

from __future__ import annotations

from assignments.common.dates import check_date, read_dates

__all__ = ["EXAMPLES", "check_date", "read_dates"]

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
