"""C4W1 A1, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

_SIGNATURES = {
    "zero_pad": "zero_pad(X, pad)",
    "conv_single_step": "conv_single_step(a_slice_prev, W, b)",
    "conv_forward": "conv_forward(A_prev, W, b, hparameters)",
    "pool_forward": 'pool_forward(A_prev, hparameters, mode="max")',
    "conv_backward": "conv_backward(dZ, cache)",
    "create_mask_from_window": "create_mask_from_window(x)",
    "distribute_value": "distribute_value(dz, shape)",
    "pool_backward": 'pool_backward(dA, cache, mode="max")',
}

WEEK = Week(
    name="convolution_step_by_step",
    title="Convolution model, step by step: numpy convolution and pooling, forward and backward",
    course_id="C4W1A1",
    graded=tuple(_SIGNATURES),
    # One graded revision: the earlier v2a notebook (2020) has the same eight functions, signatures,
    # hparameters dicts and caches, so it is graded by the same contract; nothing in its code tells it apart.
    revisions=(
        Revision(
            name="v1",
            year=2021,
            summary="The TF2-era notebook, graded by public_tests.py (zero_pad, conv_single_step, conv_forward, "
            "pool_forward) and by in-notebook asserts for the optional backward parts; the earlier v2a has the "
            "same functions and signatures and is graded the same way.",
            signatures=_SIGNATURES,
            markers=("from public_tests import",),
        ),
    ),
)
