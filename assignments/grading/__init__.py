"""The grading engine behind `python -m assignments grade` and the graders' fixture: which implementation is
graded (ours, or a learner's `.py` / `.ipynb` filling the gaps: `solution.py`), how a notebook's graded
definitions are read without running the rest (`notebook.py`), and the learner's report (`report.py`).

It needs pytest (a dependency of the `grade` command); nothing outside `grade` and the tests imports it.
"""
