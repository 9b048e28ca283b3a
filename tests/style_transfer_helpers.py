"""What style transfer's tests share: VGG19 weights written in the layout of the course's notop file."""

from __future__ import annotations

import h5py


def write_keras2_h5(model, path, extra_layers=()):
    """Writes `model`'s weights in the Keras 2 HDF5 layout (what vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5 uses)."""
    layers = [
        (layer.name, [(f"{layer.name}/{variable.name}:0", variable.numpy()) for variable in layer.weights])
        for layer in model.layers
    ]
    layers += list(extra_layers)
    with h5py.File(path, "w") as handle:
        handle.attrs["layer_names"] = [name.encode("utf-8") for name, _ in layers]
        handle.attrs["backend"] = b"tensorflow"
        handle.attrs["keras_version"] = b"2.2.4"
        for name, weights in layers:
            group = handle.create_group(name)
            group.attrs["weight_names"] = [weight_name.encode("utf-8") for weight_name, _ in weights]
            for weight_name, value in weights:
                group.create_dataset(weight_name, data=value)
    return path
