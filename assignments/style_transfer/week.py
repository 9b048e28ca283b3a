"""C4W4 A2, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

WEEK = Week(
    name="style_transfer",
    title="Neural style transfer with VGG19",
    course_id="C4W4A2",
    graded=("compute_content_cost", "gram_matrix", "compute_layer_style_cost", "total_cost", "train_step"),
    course_files=("images/louvre_small.jpg", "images/monet.jpg", "images/stone_style.jpg"),
    user_files=("pretrained-model/vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5",),
    default_inputs={
        "content": "images/louvre_small.jpg",
        "style": "images/monet.jpg",
        "weights": "pretrained-model/vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5",
    },
    revisions=(
        Revision(
            "2021",
            year=2021,
            summary="TensorFlow 2: train_step(generated_image) is a tf.function that reads the notebook's "
            "vgg_model_outputs, a_S, a_C and optimizer.",
            signatures={"train_step": "train_step(generated_image)"},
            reads_globals={"train_step": ("vgg_model_outputs", "a_S", "a_C", "optimizer")},
        ),
        Revision(
            "2018",
            year=2018,
            summary="the TF1 notebook: a tf.InteractiveSession, model_nn(sess, input_image) instead of train_step.",
            markers=("tf.InteractiveSession(", "def model_nn("),
            supported=False,
        ),
    ),
)
