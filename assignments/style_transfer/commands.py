"""One style-transfer run, keras-io shape: build VGG19 and the compiled step, a short loop, named output writers.

`__main__.py` checks the settings, decodes the pictures and picks the weights without TensorFlow, then calls
`run` with all three.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import keras
import numpy as np
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from assignments.common.csvfiles import write_csv
from assignments.common.errors import UserError
from assignments.common.files import ensure_output_dir, remove_stale_temporaries_in, staged_outputs
from assignments.common.images import draw_caption, save_image, side_by_side, to_uint8
from assignments.common.locking import exclusive
from assignments.common.plots import save_curves
from assignments.common.progress import progress as progress_bar
from assignments.common.progress import time_estimate
from assignments.style_transfer.cli import Settings
from assignments.style_transfer.costs import CONTENT_LAYER, STYLE_LAYERS
from assignments.style_transfer.network import build_vgg19, get_layer_outputs
from assignments.style_transfer.optimize import compute_targets, initial_generated_image, make_train_step
from assignments.style_transfer.pictures import Pictures, fit_picture, stamp_untrained, working_size
from assignments.style_transfer.vgg_weights import WeightsChoice, weights_notice

COST_NAMES = ("J", "J_content", "J_style")
# The time estimate: measured on steps 2 and 3 (the first one traces the step), printed when the whole run
# would take longer than this.
TIMED_STEPS = (2, 3)
LONG_RUN_S = 60.0


@dataclasses.dataclass
class TransferResult:
    """What a run produced: the final image (h, w, 3) in [0, 1], the costs per iteration, the files written."""

    image: np.ndarray
    costs: dict[str, list[float]]
    written: list[Path]
    seconds_per_iteration: float


@dataclasses.dataclass
class Progress:
    """What the loop has reached so far: the costs of every step, and the intermediate images saved."""

    costs: dict[str, list[float]] = dataclasses.field(default_factory=lambda: {name: [] for name in COST_NAMES})
    written: list[Path] = dataclasses.field(default_factory=list)
    iteration: int = 0

    @property
    def last_saved(self) -> Path | None:
        return self.written[-1] if self.written else None


def build_step(settings: Settings, pictures: Pictures, weights: WeightsChoice, shape: tuple[int, int]):
    """VGG19, the targets (computed once) and the compiled step: returns (generated_image, step)."""
    content_image = fit_picture(pictures.content, shape, settings.square)
    style_images = [fit_picture(style, shape, settings.square) for style in pictures.styles]
    vgg = build_vgg19(shape, weights, seed=settings.seed)
    vgg_model_outputs = get_layer_outputs(vgg, STYLE_LAYERS + CONTENT_LAYER)
    targets = compute_targets(vgg_model_outputs, content_image, style_images, settings.style_weights, settings.preprocess)
    generated_image = initial_generated_image(content_image, seed=settings.seed, init=settings.init)
    step = make_train_step(
        vgg_model_outputs,
        targets,
        keras.optimizers.Adam(learning_rate=settings.learning_rate),
        generated_image,
        style_layers=STYLE_LAYERS,
        alpha=settings.alpha,
        beta=settings.beta,
        tv_weight=settings.tv_weight,
        preprocess=settings.preprocess,
        jit_compile=settings.jit_compile,
    )
    return generated_image, step


def picture_of(array: np.ndarray, weights: WeightsChoice) -> Image.Image:
    """What a picture looks like on disk: untrained runs are labelled in the picture itself."""
    image = Image.fromarray(to_uint8(array))
    return image if weights.pretrained else stamp_untrained(image)


def save_picture(image: Image.Image, path: Path, weights: WeightsChoice) -> Path:
    """Saves a PNG with the weights' provenance in its metadata (a `provenance` text chunk)."""
    metadata = PngInfo()
    metadata.add_text("provenance", weights.provenance.summary())
    return save_image(image, path, pnginfo=metadata)


def announce_time(seconds_per_step: float, settings: Settings, bar) -> None:
    """Before a long run goes on: how long it will take at the speed of its first steps."""
    if seconds_per_step * settings.iterations >= LONG_RUN_S:
        estimate = time_estimate(seconds_per_step, settings.iterations, f"{settings.iterations} iterations", "--iterations")
        bar.write(estimate[0].upper() + estimate[1:] + ".")


def finite_image(generated_image, iteration: int, progress: Progress) -> np.ndarray:
    """The generated image (h, w, 3), or the one-line error when it stopped being finite numbers."""
    image = generated_image.numpy()[0]
    if not np.isfinite(image).all():
        raise not_finite("the image became NaN", iteration, progress.last_saved)
    return image


def optimise(step, generated_image, settings: Settings, weights: WeightsChoice, folder: Path) -> Progress:
    """Runs the steps with a progress bar, saving image_<i>.png every --save-every iterations.

    Ctrl-C stops the run; the images already saved stay, and the message says which one is the latest.
    """
    progress = Progress()
    try:
        with progress_bar(total=settings.iterations, desc="style transfer", unit="it") as bar:
            for iteration in range(1, settings.iterations + 1):
                progress.iteration = iteration
                if iteration == TIMED_STEPS[0]:
                    timer = time.perf_counter()
                for name, value in zip(COST_NAMES, step()):
                    progress.costs[name].append(float(value))
                if iteration == TIMED_STEPS[1]:
                    announce_time((time.perf_counter() - timer) / len(TIMED_STEPS), settings, bar)
                if not np.isfinite(progress.costs["J"][-1]):
                    raise not_finite(f"the cost became {progress.costs['J'][-1]}", iteration, progress.last_saved)
                bar.update(1)
                costs = progress.costs
                bar.set_postfix(
                    J=f"{costs['J'][-1]:.4g}", content=f"{costs['J_content'][-1]:.4g}", style=f"{costs['J_style'][-1]:.4g}"
                )
                if settings.save_every and iteration % settings.save_every == 0 and iteration < settings.iterations:
                    image = finite_image(generated_image, iteration, progress)
                    progress.written.append(
                        save_picture(picture_of(image, weights), folder / f"image_{iteration:05d}.png", weights)
                    )
    except KeyboardInterrupt:
        last = progress.last_saved
        where = f"the last saved image is {last}" if last else f"no image was saved yet (--save-every {settings.save_every})"
        print(f"\nStopped at iteration {progress.iteration} of {settings.iterations}: {where}.")
        raise
    return progress


def write_pictures(result: np.ndarray, pictures: Pictures, weights: WeightsChoice, folder: Path, height: int) -> list[str]:
    """result.png, and comparison.png (content | style(s) | result) captioned with the weights' provenance."""
    save_picture(picture_of(result, weights), folder / "result.png", weights)
    panel = side_by_side([pictures.content, *pictures.styles, Image.fromarray(to_uint8(result))], height=min(256, height))
    panel = panel if weights.pretrained else stamp_untrained(panel)
    provenance = weights.provenance
    panel = draw_caption(panel, "VGG19: " + provenance.summary(), warn=provenance.needs_warning)
    save_picture(panel, folder / "comparison.png", weights)
    return ["result.png", "comparison.png"]


def write_cost_curve(costs: dict[str, list[float]], settings: Settings, weights: WeightsChoice, folder: Path) -> str:
    """cost_curve.png: J, alpha * J_content and beta * J_style per iteration."""
    curves = {
        "J (total)": costs["J"],
        "alpha * J_content": settings.alpha * np.asarray(costs["J_content"]),
        "beta * J_style": settings.beta * np.asarray(costs["J_style"]),
    }
    title = "Style transfer: costs per iteration" + ("" if weights.pretrained else " (UNTRAINED VGG19)")
    save_curves(folder / "cost_curve.png", curves, title=title, xlabel="iteration", ylabel="cost")
    return "cost_curve.png"


def write_costs_csv(costs: dict[str, list[float]], weights: WeightsChoice, folder: Path) -> str:
    """costs.csv: iteration, J, J_content, J_style, whether the weights were pretrained, and their provenance."""
    provenance = weights.provenance
    label, summary = provenance.label(), provenance.summary()
    rows = [
        [index, f"{total:.9g}", f"{content_cost:.9g}", f"{style_cost:.9g}", label, summary]
        for index, (total, content_cost, style_cost) in enumerate(zip(*(costs[name] for name in COST_NAMES)), start=1)
    ]
    write_csv(folder / "costs.csv", ["iteration", "J", "J_content", "J_style", "weights", "provenance"], rows)
    return "costs.csv"


def report(costs: dict[str, list[float]], seconds: float, weights: WeightsChoice, written: list[Path], folder: Path) -> None:
    """The run's closing lines: the final costs, how far to trust them, and what was written."""
    print(
        f"Final costs: J = {costs['J'][-1]:.6g}, J_content = {costs['J_content'][-1]:.6g}, "
        f"J_style = {costs['J_style'][-1]:.6g} ({seconds:.2f} s per iteration)."
    )
    if not weights.pretrained:
        print(
            "UNTRAINED: these results come from a VGG19 with random weights; "
            "pass --weights imagenet (or a notop .h5) for real style transfer."
        )
    else:
        print(weights_notice(weights))
    intermediate = f" and {len(written) - 4} intermediate images" if len(written) > 4 else ""
    print(f"Wrote {len(written)} files to {folder}: result.png, comparison.png, cost_curve.png, costs.csv{intermediate}.")


def run(settings: Settings, pictures: Pictures, weights: WeightsChoice) -> TransferResult:
    """Optimises an image and saves image_<i>.png, result.png, comparison.png, cost_curve.png, costs.csv.

    Args:
        settings: the checked settings.
        pictures: the content and style pictures (`pictures.load_pictures`).
        weights: from `resolve_vgg19_weights`.

    With untrained weights every picture carries UNTRAINED in a red band, and costs.csv says so in a column.

    Raises:
        UserError: a cost became NaN or infinite (the weights or the learning rate are too large); the
            images saved before stay, and result.png is not written.
    """
    print(f"Content: {pictures.content_source}")
    for source in pictures.style_sources:
        print(f"Style:   {source}")
    print(weights_notice(weights))
    shape = working_size(pictures.content, settings.size, settings.square)
    generated_image, step = build_step(settings, pictures, weights, shape)
    folder = ensure_output_dir(settings.output)
    height, width = shape
    print(
        f"Optimising a {width}x{height} image for {settings.iterations} iterations (alpha {settings.alpha:g}, beta {settings.beta:g})."
    )
    with exclusive(folder, "the output folder"):
        remove_stale_temporaries_in(folder)
        started = time.perf_counter()
        progress = optimise(step, generated_image, settings, weights, folder)
        seconds = (time.perf_counter() - started) / max(1, settings.iterations)
        result = finite_image(generated_image, settings.iterations, progress)
        # The final set appears together: a killed run leaves the previous run's result, curve and CSV whole.
        with staged_outputs(folder) as staging:
            names = write_pictures(result, pictures, weights, staging, height)
            names.append(write_cost_curve(progress.costs, settings, weights, staging))
            names.append(write_costs_csv(progress.costs, weights, staging))
    written = progress.written + [folder / name for name in names]
    report(progress.costs, seconds, weights, written, folder)
    return TransferResult(result, progress.costs, written, seconds)


def not_finite(what: str, iteration: int, last_saved: Path | None) -> UserError:
    """The one-line error of a run whose cost or image stopped being finite numbers."""
    where = f"the last saved image is {last_saved}" if last_saved else "no image was saved"
    return UserError(
        f"Stopped at iteration {iteration}: {what}; lower --alpha, --beta, --style-weights or --learning-rate "
        f"({where}; result.png was not written)."
    )
