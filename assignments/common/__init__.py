"""Plumbing shared by the weeks, and only that: errors and CLI, data lookup, week declarations, atomic files,
images, weights, plots, learner solutions, data-parallel training (`distribute`). Nothing here names a week: what differs per week comes in as
data (a `Week`, a model spec).
"""
