"""C5W3 A1, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

WEEK = Week(
    name="neural_machine_translation",
    title="Neural machine translation with attention: human-readable dates to YYYY-MM-DD",
    course_id="C5W3A1",
    graded=("one_step_attention", "modelf"),
    course_files=("models/model.h5",),
    default_inputs={"model": "models/model.h5"},
    revisions=(
        Revision(
            name="v4a",
            year=2021,
            summary="TF2 / Keras functional API; the shared attention layers are notebook globals, "
            "the pretrained weights come from models/model.h5 (Keras 2.1.3).",
            signatures={
                "one_step_attention": "one_step_attention(a, s_prev)",
                "modelf": "modelf(Tx, Ty, n_a, n_s, human_vocab_size, machine_vocab_size)",
            },
            helpers={"nmt_utils": ("load_dataset", "preprocess_data", "string_to_int", "int_to_string", "softmax")},
            markers=("Neural_machine_translation_with_attention_v4a", "def modelf(Tx, Ty, n_a, n_s"),
        ),
        Revision(
            name="v3",
            year=2018,
            summary="Keras 2 standalone: the model builder is named `model`, not `modelf`; not graded here.",
            signatures={
                "one_step_attention": "one_step_attention(a, s_prev)",
                "model": "model(Tx, Ty, n_a, n_s, human_vocab_size, machine_vocab_size)",
            },
            markers=("from keras.layers import Bidirectional",),
            supported=False,
        ),
    ),
)
