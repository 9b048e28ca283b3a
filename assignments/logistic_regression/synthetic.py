"""Generated cat / non-cat pictures, for a run without the course's data (see `assignments.common.cat_synthetic`)."""

from assignments.common.cat_synthetic import generated_dataset

__all__ = ["generated_dataset"]
