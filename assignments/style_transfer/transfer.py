"""One style-transfer run: build VGG19, compute the targets once, run the compiled step, save what to look at."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import keras
import numpy as np
from PIL import Image
from tqdm import tqdm

from assignments.common.errors import UserError
from assignments.common.files import ensure_output_dir, write_text_atomic
from assignments.common.images import save_image, side_by_side, to_uint8
from assignments.common.plots import save_curves
from assignments.style_transfer.costs import CONTENT_LAYER, STYLE_LAYERS
from assignments.style_transfer.network import build_vgg19, get_layer_outputs
from assignments.style_transfer.optimize import compute_targets, initial_generated_image, make_train_step
from assignments.style_transfer.pictures import fit_picture, stamp_untrained, working_size
from assignments.style_transfer.vgg_weights import WeightsChoice


@dataclasses.dataclass(frozen=True)
class TransferSettings:
    """The knobs of a run (the main script's flags)."""

    size: int = 400
    square: bool = False
    iterations: int = 250
    alpha: float = 10.0
    beta: float = 40.0
    learning_rate: float = 0.01
    tv_weight: float = 0.0
    save_every: int = 50
    init: str = "content"
    preprocess: str = "none"
    xla: bool | None = None
    seed: int = 272
    style_weights: list[float] | None = None
    style_layers: tuple = tuple(STYLE_LAYERS)
    content_layer: tuple = tuple(CONTENT_LAYER)


@dataclasses.dataclass
class TransferResult:
    """What a run produced: the final image (h, w, 3) in [0, 1], the costs per iteration, the files written."""

    image: np.ndarray
    costs: dict[str, list[float]]
    written: list[Path]
    seconds_per_iteration: float


def run_transfer(
    content, styles, weights: WeightsChoice, settings: TransferSettings, output: str | os.PathLike
) -> TransferResult:
    """Optimises an image and saves image_<i>.png, result.png, comparison.png, cost_curve.png, costs.csv.

    Args:
        content: the content picture (PIL RGB).
        styles: one or more style pictures (PIL RGB).
        weights: from `resolve_vgg19_weights`.
        settings: the run's knobs.
        output: the output folder (created here, after every input was checked).

    Ctrl-C stops the run; the images already saved stay, and the message says which one is the latest.
    With untrained weights every picture carries UNTRAINED in a red band, and costs.csv says so in a column.

    Raises:
        UserError: a cost became NaN or infinite (the weights or the learning rate are too large); the
            images saved before stay, and result.png is not written.
    """
    shape = working_size(content, settings.size, settings.square)
    content_image = fit_picture(content, shape, settings.square)
    style_images = [fit_picture(style, shape, settings.square) for style in styles]
    vgg = build_vgg19(shape, weights, seed=settings.seed)
    vgg_model_outputs = get_layer_outputs(vgg, list(settings.style_layers) + list(settings.content_layer))
    folder = ensure_output_dir(output)

    targets = compute_targets(vgg_model_outputs, content_image, style_images, settings.style_weights, settings.preprocess)
    generated_image = initial_generated_image(content_image, seed=settings.seed, init=settings.init)
    optimizer = keras.optimizers.Adam(learning_rate=settings.learning_rate)
    step = make_train_step(
        vgg_model_outputs,
        targets,
        optimizer,
        generated_image,
        style_layers=settings.style_layers,
        alpha=settings.alpha,
        beta=settings.beta,
        tv_weight=settings.tv_weight,
        preprocess=settings.preprocess,
        jit_compile=settings.xla,
    )
    height, width = shape
    print(
        f"Optimising a {width}x{height} image for {settings.iterations} iterations (alpha {settings.alpha:g}, beta {settings.beta:g})."
    )

    costs: dict[str, list[float]] = {"J": [], "J_content": [], "J_style": []}
    written: list[Path] = []
    last_saved: Path | None = None
    started = time.perf_counter()
    iteration = 0

    # What a picture looks like on disk: untrained runs are labelled in the picture itself.
    def picture(array: np.ndarray) -> Image.Image:
        image = Image.fromarray(to_uint8(array))
        return image if weights.pretrained else stamp_untrained(image)

    try:
        with tqdm(total=settings.iterations, desc="style transfer", unit="it", dynamic_ncols=True, mininterval=0.5) as bar:
            for iteration in range(1, settings.iterations + 1):
                J, J_content, J_style = step()
                for name, value in zip(costs, (J, J_content, J_style)):
                    costs[name].append(float(value))
                if not np.isfinite(costs["J"][-1]):
                    raise not_finite(f"the cost became {costs['J'][-1]}", iteration, last_saved)
                bar.update(1)
                bar.set_postfix(
                    J=f"{costs['J'][-1]:.4g}", content=f"{costs['J_content'][-1]:.4g}", style=f"{costs['J_style'][-1]:.4g}"
                )
                if settings.save_every and iteration % settings.save_every == 0 and iteration < settings.iterations:
                    image = generated_image.numpy()[0]
                    if not np.isfinite(image).all():
                        raise not_finite("the image became NaN", iteration, last_saved)
                    last_saved = save_image(picture(image), folder / f"image_{iteration:05d}.png")
                    written.append(last_saved)
    except KeyboardInterrupt:
        where = (
            f"the last saved image is {last_saved}"
            if last_saved
            else f"no image was saved yet (--save-every {settings.save_every})"
        )
        print(f"\nStopped at iteration {iteration} of {settings.iterations}: {where}.")
        raise
    seconds = (time.perf_counter() - started) / max(1, settings.iterations)

    result = generated_image.numpy()[0]
    if not np.isfinite(result).all():
        raise not_finite("the image became NaN", settings.iterations, last_saved)
    result_path = save_image(picture(result), folder / "result.png")
    panel = side_by_side([content, *styles, Image.fromarray(to_uint8(result))], height=min(256, height))
    written += [result_path, save_image(panel if weights.pretrained else stamp_untrained(panel), folder / "comparison.png")]
    written.append(
        save_curves(
            folder / "cost_curve.png",
            {
                "J (total)": costs["J"],
                "alpha * J_content": settings.alpha * np.asarray(costs["J_content"]),
                "beta * J_style": settings.beta * np.asarray(costs["J_style"]),
            },
            title="Style transfer: costs per iteration" + ("" if weights.pretrained else " (UNTRAINED VGG19)"),
            xlabel="iteration",
            ylabel="cost",
        )
    )
    label = "pretrained" if weights.pretrained else "UNTRAINED"
    rows = ["iteration,J,J_content,J_style,weights"] + [
        f"{index},{total:.9g},{content_cost:.9g},{style_cost:.9g},{label}"
        for index, (total, content_cost, style_cost) in enumerate(zip(costs["J"], costs["J_content"], costs["J_style"]), start=1)
    ]
    written.append(write_text_atomic(folder / "costs.csv", "\n".join(rows) + "\n"))
    print(
        f"Final costs: J = {costs['J'][-1]:.6g}, J_content = {costs['J_content'][-1]:.6g}, "
        f"J_style = {costs['J_style'][-1]:.6g} ({seconds:.2f} s per iteration)."
    )
    if not weights.pretrained:
        print(
            "UNTRAINED: these results come from a VGG19 with random weights; "
            "pass --weights imagenet (or a notop .h5) for real style transfer."
        )
    intermediate = f" and {len(written) - 4} intermediate images" if len(written) > 4 else ""
    print(f"Wrote {len(written)} files to {folder}: result.png, comparison.png, cost_curve.png, costs.csv{intermediate}.")
    return TransferResult(result, costs, written, seconds)


def not_finite(what: str, iteration: int, last_saved: Path | None) -> UserError:
    """The one-line error of a run whose cost or image stopped being finite numbers."""
    where = f"the last saved image is {last_saved}" if last_saved else "no image was saved"
    return UserError(
        f"Stopped at iteration {iteration}: {what}; lower --alpha, --beta, --style-weights or --learning-rate "
        f"({where}; result.png was not written)."
    )
