"""A seeded generator of road scenes in the course's layout, so the week trains offline.

Each scene is drawn with numpy: sky above a horizon, buildings on it, a road in perspective towards a
vanishing point with dashed lane markings, sidewalks beside it, grass and trees, poles and cars. Every
pixel's class is known exactly, so the masks are perfect; colours get per-scene jitter, lighting and
per-pixel noise so the network has to use shape and position as well as colour.

Files are written as the course has them: `CameraRGB/<name>.png` (RGB) and `CameraMask/<name>.png` with
the CARLA class id in the red channel (green and blue 0).
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from assignments.unet_segmentation.classes import CLASS_ID

# Typical colours (RGB) of each drawn class; each scene shifts them a little.
BASE_COLORS = {
    "sky": (120, 170, 225),
    "building": (140, 125, 115),
    "road": (75, 75, 80),
    "road line": (235, 230, 210),
    "sidewalk": (175, 165, 160),
    "vegetation": (70, 120, 45),
    "pole": (110, 110, 115),
    "vehicle": (160, 30, 30),
}
SCENE_SIZE = (240, 320)  # (height, width): 2.5x the model's 96x128, like the course's 480x640 frames are 5x.
MANIFEST = "scenes.json"
# The largest class id a generated mask holds ("sky", 13): a model for them needs at least that many + 1 classes.
LARGEST_CLASS_ID = max(CLASS_ID[name] for name in BASE_COLORS)


def _jitter(rng: np.random.Generator, color, amount: float = 25.0) -> np.ndarray:
    return np.clip(np.asarray(color, dtype=np.float32) + rng.normal(0.0, amount, size=3), 0, 255)


def generate_scene(rng: np.random.Generator, size: tuple[int, int] = SCENE_SIZE) -> tuple[np.ndarray, np.ndarray]:
    """Draws one road scene: the ground in perspective, then buildings, trees, poles and cars, then colours.

    Args:
        rng: the random generator (the scene depends only on its state; the drawing order is fixed).
        size: (height, width) of the scene.

    Returns:
        (image, mask): uint8 arrays of shapes (height, width, 3) and (height, width) with CARLA class ids.
    """
    height, width = size
    rows, columns = np.mgrid[0:height, 0:width].astype(np.float32)
    scene = Scene(rows, columns, np.full((height, width), CLASS_ID["sky"], dtype=np.uint8))
    horizon = rng.uniform(0.35, 0.5) * height
    vanishing_x = rng.uniform(0.35, 0.65) * width
    draw_ground(rng, scene, horizon, vanishing_x)
    draw_buildings(rng, scene, horizon, vanishing_x)
    draw_trees(rng, scene, horizon, vanishing_x)
    draw_poles(rng, scene, horizon, vanishing_x)
    car_colors = draw_cars(rng, scene, horizon, vanishing_x)
    return paint(rng, scene, horizon, car_colors), scene.mask


@dataclasses.dataclass
class Scene:
    """The pixel grid of a scene being drawn: row and column of every pixel, and the class-id mask so far."""

    rows: np.ndarray  # (height, width) float32
    columns: np.ndarray  # (height, width) float32
    mask: np.ndarray  # (height, width) uint8, drawn in place

    @property
    def height(self) -> int:
        return self.mask.shape[0]

    @property
    def width(self) -> int:
        return self.mask.shape[1]


def draw_ground(rng: np.random.Generator, scene: Scene, horizon: float, vanishing_x: float) -> None:
    """Grass everywhere below the horizon, then sidewalk, road and dashed lane markings on top."""
    rows, mask, width = scene.rows, scene.mask, scene.width
    below = rows >= horizon
    # Depth along the ground: 0 at the horizon, 1 at the bottom edge; widths grow linearly with it.
    depth = np.clip((rows - horizon) / (scene.height - horizon), 0.0, 1.0)
    centre = vanishing_x + depth * (rng.uniform(0.4, 0.6) * width - vanishing_x)
    road_half = depth * rng.uniform(0.3, 0.45) * width
    sidewalk_half = road_half * rng.uniform(1.25, 1.45)
    offset = scene.columns - centre
    mask[below] = CLASS_ID["vegetation"]
    mask[below & (np.abs(offset) <= sidewalk_half)] = CLASS_ID["sidewalk"]
    mask[below & (np.abs(offset) <= road_half)] = CLASS_ID["road"]
    dash_phase = np.mod(np.log1p(8 * depth) * rng.uniform(5.0, 7.0), 1.0)  # dashes lengthen towards the camera
    lane = below & (np.abs(offset) <= np.maximum(0.6, 0.025 * road_half)) & (dash_phase < 0.5)
    mask[lane] = CLASS_ID["road line"]


def draw_buildings(rng: np.random.Generator, scene: Scene, horizon: float, vanishing_x: float) -> None:
    """Buildings stand on the horizon, left and right of the road's far end."""
    rows, columns, mask, height, width = scene.rows, scene.columns, scene.mask, scene.height, scene.width
    for _ in range(rng.integers(3, 8)):
        left = rng.uniform(-0.1, 1.0) * width
        right = left + rng.uniform(0.08, 0.3) * width
        if left < vanishing_x < right:
            continue
        top = horizon - rng.uniform(0.1, 0.3) * height
        bottom = horizon + rng.uniform(0.0, 0.05) * height
        footprint = (columns >= left) & (columns < right) & (rows >= top) & (rows < bottom)
        mask[footprint & ((mask == CLASS_ID["sky"]) | (mask == CLASS_ID["vegetation"]))] = CLASS_ID["building"]


def draw_trees(rng: np.random.Generator, scene: Scene, horizon: float, vanishing_x: float) -> None:
    """Trees: a trunk-less crown (vegetation) over the grass or buildings, beside the road."""
    height, width = scene.height, scene.width
    for _ in range(rng.integers(1, 5)):
        side = rng.choice([-1.0, 1.0])
        base_row = rng.uniform(horizon + 2, height * 0.95)
        base_depth = (base_row - horizon) / (height - horizon)
        base_x = vanishing_x + side * (base_depth * 0.55 * width + rng.uniform(0.05, 0.2) * width)
        radius = 4 + base_depth * rng.uniform(0.08, 0.18) * height
        crown = (scene.rows - (base_row - 2 * radius)) ** 2 + (scene.columns - base_x) ** 2 <= radius**2
        scene.mask[crown] = CLASS_ID["vegetation"]


def draw_poles(rng: np.random.Generator, scene: Scene, horizon: float, vanishing_x: float) -> None:
    """Poles on the sidewalks."""
    rows, height, width = scene.rows, scene.height, scene.width
    for _ in range(rng.integers(1, 4)):
        side = rng.choice([-1.0, 1.0])
        base_row = rng.uniform(horizon + 0.1 * (height - horizon), height * 0.9)
        base_depth = (base_row - horizon) / (height - horizon)
        x = vanishing_x + side * base_depth * 0.5 * width
        half_width = max(1.0, base_depth * 3.0)
        pole = (np.abs(scene.columns - x) <= half_width) & (rows <= base_row) & (rows >= base_row - base_depth * 0.6 * height - 8)
        scene.mask[pole] = CLASS_ID["pole"]


def draw_cars(rng: np.random.Generator, scene: Scene, horizon: float, vanishing_x: float) -> list:
    """Cars on the road, drawn far to near so nearer cars cover farther ones; returns (pixels, colour) per car."""
    rows, height, width = scene.rows, scene.height, scene.width
    car_rows = np.sort(rng.uniform(horizon + 0.08 * (height - horizon), height * 0.92, size=rng.integers(0, 4)))
    car_colors = []
    for base_row in car_rows:
        base_depth = (base_row - horizon) / (height - horizon)
        half_road = base_depth * 0.35 * width
        x = vanishing_x + base_depth * (0.5 * width - vanishing_x) + rng.uniform(-0.6, 0.6) * half_road
        car_width = max(4.0, base_depth * 0.28 * width)
        car_height = car_width * rng.uniform(0.55, 0.8)
        body = (np.abs(scene.columns - x) <= car_width / 2) & (rows <= base_row) & (rows >= base_row - car_height)
        scene.mask[body] = CLASS_ID["vehicle"]
        car_colors.append((body, _jitter(rng, rng.integers(0, 256, size=3), 10.0)))
    return car_colors


def paint(rng: np.random.Generator, scene: Scene, horizon: float, car_colors: list) -> np.ndarray:
    """The image: a jittered base colour per class, a top-to-bottom lighting ramp, and pixel noise (uint8 RGB)."""
    mask, rows = scene.mask, scene.rows
    image = np.zeros(mask.shape + (3,), dtype=np.float32)
    for name, color in BASE_COLORS.items():
        image[mask == CLASS_ID[name]] = _jitter(rng, color)
    for body, color in car_colors:
        image[body & (mask == CLASS_ID["vehicle"])] = color
    sky = mask == CLASS_ID["sky"]
    image[sky] *= (0.85 + 0.3 * rows[sky] / max(horizon, 1.0))[:, None]
    windows = (mask == CLASS_ID["building"]) & (np.mod(rows, 9) < 4) & (np.mod(scene.columns, 11) < 5)
    image[windows] *= 0.55
    image *= rng.uniform(0.75, 1.15)
    image += rng.normal(0.0, 9.0, size=image.shape)
    return np.clip(image + 0.5, 0, 255).astype(np.uint8)


def mask_to_rgb(mask: np.ndarray) -> np.ndarray:
    """(height, width) class ids -> the course's mask encoding: id in red, green and blue 0."""
    encoded = np.zeros(mask.shape + (3,), dtype=np.uint8)
    encoded[..., 0] = mask
    return encoded


def write_synthetic_dataset(
    folder: str | os.PathLike, count: int = 200, seed: int = 0, size: tuple[int, int] = SCENE_SIZE
) -> Path:
    """Writes `count` scenes as `folder/CameraRGB/*.png` + `folder/CameraMask/*.png`, or reuses them.

    Scene i depends only on (seed, i). The folder appears complete or not at all: the scenes are written
    to a temporary folder beside it that is renamed into place. A folder written earlier with the same
    seed, count and size (its `scenes.json` says so) is reused.

    Returns:
        The folder.
    """
    if count < 2:
        raise ValueError(f"count must be at least 2 (a training and a validation scene), received {count}")
    target = Path(folder)
    settings = {"generator": "dls-unet-road-scenes-v1", "count": int(count), "seed": int(seed), "size": list(size)}
    manifest = target / MANIFEST
    if manifest.is_file():
        try:
            if json.loads(manifest.read_text()) == settings:
                return target
        except (OSError, ValueError):
            pass
    target.parent.mkdir(parents=True, exist_ok=True)
    for leftover in target.parent.glob(f".{target.name}.*"):  # from a run killed while generating
        shutil.rmtree(leftover, ignore_errors=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        (temporary / "CameraRGB").mkdir()
        (temporary / "CameraMask").mkdir()
        for index in range(count):
            image, mask = generate_scene(np.random.default_rng([seed, index]), size)
            Image.fromarray(image).save(temporary / "CameraRGB" / f"scene_{index:04d}.png")
            Image.fromarray(mask_to_rgb(mask)).save(temporary / "CameraMask" / f"scene_{index:04d}.png")
        (temporary / MANIFEST).write_text(json.dumps(settings))
        if target.exists():
            shutil.rmtree(target)
        os.replace(temporary, target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return target
