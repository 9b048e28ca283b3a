"""Plumbing shared by the weeks: errors and CLI, data lookup, atomic files, images, weights, plots, grading.

Submodules import TensorFlow / Keras lazily (inside functions) so that the numpy-only weeks and
`python -m assignments list` stay fast.
"""
