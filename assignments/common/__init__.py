"""Plumbing shared by the weeks, and only that: errors and the CLI builder, data lookup, week declarations,
atomic files, images, weights, plots, models, data-parallel training (`distribute*`, `keras_multi_worker`).
Nothing here names a week: what differs per week comes in as data (a `Week`, a spec, a settings value).

`classification/` is the one sub-package: the train / evaluate / predict commands that the two small-image
classification weeks share, driven by each week's `ModelSpec`.
"""
