"""Runs `python -m MODULE ARGS...` with this machine's CPU split into N logical devices: a stand-in for N GPUs.

    python tests/logical_devices.py 2 assignments.unet_segmentation train --distribute mirrored ...

`MirroredStrategy` then finds N devices and trains N replicas, so the tests (and anyone without GPUs) can
run the multi-device path on a CPU. The split must happen before TensorFlow starts its runtime, hence a
launcher rather than a flag of the week's command.
"""

import runpy
import sys

import tensorflow as tf

if __name__ == "__main__":
    count, module, arguments = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * count)
    sys.argv = [module, *arguments]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
