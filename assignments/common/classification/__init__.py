"""Small-image classification for the weeks that train a Keras classifier on 64x64 pictures.

Shared code that never names a week or a model: what differs per model comes in as a `ModelSpec` (its
builder, its dataset, its display names, whether it has BatchNorm to refresh, ...), the way
`keras.applications`' generic `ResNet(stack_fn, ...)` never names a variant. One file per job:

    specs.py      DatasetSpec, ModelSpec, CommandSpec: plain data, nothing heavy imported
    imageset.py   ImageSet (uint8 images + labels + class names), splitting and sampling
    h5files.py    the course's h5 schema: read and write one split
    folders.py    a folder with one sub-folder of images per class (a user's own classes)
    sources.py    which data a command reads: --data, $DLS_DATA_DIR, a substitute, generated
    pipeline.py   the tf.data input pipeline
    drawing.py    shared pieces of our picture generators (skin tones, rotation)
    synthetic_hands.py  our seeded SIGNS-like hand signs, and SIGNS itself (declared once, for every week)
    training.py   build + compile a model from its spec, fit it
    batchnorm.py  re-estimating BatchNorm moving statistics after training
    outputs.py    predictions, confusion matrices, the prediction sheet and CSV, the saved model with its
                  class names and provenance inside, `writing_into` (locked, staged output folders)
    loading.py    the model a command runs (trained file, pretrained weights, random) and its provenance
    cli.py        the four frozen settings classes (train / evaluate / predict / generate), the parser built
                  from them, and `decide` (checks, values decided once); light, no TensorFlow
    commands.py   the four sub-commands, each taking its settings (imported only after the checks)

Nothing is imported here, so `cli.py` and `specs.py` stay light for `--help`.
"""
