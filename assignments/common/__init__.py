"""Plumbing shared by the weeks, and only that. Nothing here names a week: what differs per week comes in as
data (a `Week`, a spec, a settings value).

- the command line and settings (`cli`, `flag_tables`, `errors`), week declarations (`week`), data lookup
  (`data`), files written atomically and locked (`files`, `locking`, `csvfiles`), images (`images`,
  `sample_images`), weights and models (`weights`, `models`, `finite`, `tfjs`), the record of where a model
  came from (`provenance`), progress and quiet imports (`progress`, `quiet`, `interrupt`, `memory`), plots;
- the numpy networks of Courses 1 and 2 (`numpy_nets`, `three_layer_net`, `boundary_plots`, `blas_threads`)
  and the cat / non-cat classifier two of their weeks share (`cat_data`, `cat_classifier`, `cat_synthetic`);
- data-parallel training (`distribute`, `distribute_cli`, `keras_multi_worker`);
- `classification/`, the one sub-package: the train / evaluate / predict commands that the two small-image
  classification weeks share, driven by each week's `ModelSpec`.

The grading engine is not plumbing: it lives in `assignments/grading/`.
"""
