"""The course's helper modules, as the graded code of a revision imports them, built from the project's code.

A course notebook imports names from files the course ships beside it (`resnets_utils`, `yad2k.models.
keras_yolo`, `fr_utils`, `public_tests`, ...). They are not here, and their code is not ours. When a
revision's graded code takes names from one (`Revision.helpers`), `supplied_modules` builds that module
from the week's own package, and from the stand-ins below for names the package does not have. The test
helpers a notebook imports (`public_tests`, `test_utils`, `outputs`) are only used by its test cells,
which never run here; they are left out.

Stand-ins, written for this project:
- `BatchNormalization`: Keras' layer whose mode, when the caller passes no `training`, follows
  `learning_phase(...)`. The v2.1 and v3.0 ResNet notebooks set the mode with
  `tf.keras.backend.set_learning_phase`, which Keras 3 no longer has; the graders use `learning_phase`.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import importlib
import sys
import types
from collections.abc import Iterator, Mapping

__all__ = ["batch_normalization_class", "learning_phase", "supplied_modules", "stand_in"]

_PHASE: contextvars.ContextVar[bool | None] = contextvars.ContextVar("learning_phase", default=None)


@contextlib.contextmanager
def learning_phase(training: bool | None) -> Iterator[None]:
    """Within the block, stand-in BatchNormalization layers called without `training` run in this mode."""
    token = _PHASE.set(training)
    try:
        yield
    finally:
        _PHASE.reset(token)


@functools.cache
def batch_normalization_class():
    """The stand-in `BatchNormalization` (built on first use: Keras is imported only by weeks that need it)."""
    import keras

    class BatchNormalization(keras.layers.BatchNormalization):
        """Keras' BatchNormalization, whose default mode is the graders' `learning_phase`."""

        def call(self, inputs, training=None, mask=None):
            if training is None:
                training = _PHASE.get()
            return super().call(inputs, training=training, mask=mask)

    return BatchNormalization


STAND_INS = {"BatchNormalization": batch_normalization_class}


def stand_in(name: str):
    """The project's stand-in for a course helper name, or None."""
    factory = STAND_INS.get(name)
    return factory() if factory is not None else None


def resolve(entry: str, week_package: types.ModuleType):
    """One `Revision.helpers` / `Revision.replaces` entry -> (name, value or None).

    `"name"` is the project's stand-in of that name, else the week package's; `"name=module:attribute"`
    names its source explicitly. (`"*=module"`, every name in a project module's `__all__`, is read by
    `_helper_module`.)
    """
    name, _, source = entry.partition("=")
    name = name.strip()
    if source:
        module_name, _, attribute = source.strip().partition(":")
        return name, getattr(importlib.import_module(module_name), attribute or name)
    value = stand_in(name)
    return name, value if value is not None else getattr(week_package, name, None)


def _helper_module(module_name: str, entries: tuple[str, ...], week_package: types.ModuleType) -> types.ModuleType:
    module = types.ModuleType(module_name)
    module.__doc__ = f"The project's stand-in for the course's {module_name} (built for grading)."
    exported = []
    for entry in entries:
        if entry.startswith("*="):  # every public name of a module of the project's
            source = importlib.import_module(entry[2:].strip())
            pairs = [(name, getattr(source, name)) for name in source.__all__]
        else:
            pairs = [resolve(entry, week_package)]
        for name, value in pairs:
            if value is not None:
                setattr(module, name, value)
                exported.append(name)
    module.__all__ = exported
    return module


@contextlib.contextmanager
def supplied_modules(helpers: Mapping[str, tuple[str, ...]], week_package: types.ModuleType) -> Iterator[None]:
    """Makes `import <helper>` find the project's versions of a revision's helper modules, then puts back
    whatever `sys.modules` held before (an installed package that happens to be called `utils` included)."""
    added: dict[str, types.ModuleType] = {}
    for module_name, entries in helpers.items():
        parts = module_name.split(".")
        for depth in range(1, len(parts)):  # `yad2k.models.keras_yolo` needs `yad2k` and `yad2k.models`.
            parent = ".".join(parts[:depth])
            if parent not in added:
                package = types.ModuleType(parent)
                package.__path__ = []
                added[parent] = package
        added[module_name] = _helper_module(module_name, entries, week_package)
    saved = {name: sys.modules[name] for name in added if name in sys.modules}
    for name, module in added.items():
        sys.modules[name] = module
        if "." in name:
            parent, _, child = name.rpartition(".")
            setattr(added[parent], child, module)
    try:
        yield
    finally:
        for name in added:
            sys.modules.pop(name, None)
        sys.modules.update(saved)
