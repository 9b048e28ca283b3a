"""A road scene drawn by our own seeded code, the default input on a machine without the course's images.

It has the course images' size (1280x720): sky, a road with lane marks, and a few boxy "cars". It only
exercises the pipeline; no detector, trained or not, is expected to find much in it.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

SAMPLE_SIZE = (1280, 720)  # (width, height) of the course's Drive.ai frames
SAMPLE_NAME = "generated_road_scene.png"


def generate_sample_image(seed: int = 0, size=SAMPLE_SIZE) -> Image.Image:
    """Draws a repeatable road scene: same seed, same pixels."""
    random = np.random.default_rng(seed)
    width, height = size
    horizon = int(height * 0.45)
    # Sky: a vertical gradient from blue to pale; ground: gray.
    sky = np.linspace([70, 130, 200], [200, 220, 235], horizon).astype(np.uint8)
    pixels = np.empty((height, width, 3), np.uint8)
    pixels[:horizon] = sky[:, np.newaxis, :]
    pixels[horizon:] = (95, 100, 95)
    image = Image.fromarray(pixels)
    draw = ImageDraw.Draw(image)
    # Road: a trapezoid to the vanishing point, with dashed lane marks.
    centre = width // 2
    draw.polygon([(centre - 40, horizon), (centre + 40, horizon), (width, height), (0, height)], fill=(60, 60, 65))
    for step in range(8):
        top = horizon + (height - horizon) * step / 8
        bottom = top + (height - horizon) / 16
        draw.polygon(
            [
                (centre - 2 - step, top),
                (centre + 2 + step, top),
                (centre + 4 + step * 2, bottom),
                (centre - 4 - step * 2, bottom),
            ],
            fill=(230, 230, 210),
        )
    # Cars: boxes with a darker window band and two wheels, larger when nearer (lower).
    for _ in range(5):
        bottom = int(random.uniform(horizon + 40, height - 10))
        scale = (bottom - horizon) / (height - horizon)
        car_width = int(90 + 330 * scale)
        car_height = int(car_width * random.uniform(0.55, 0.75))
        left = int(random.uniform(0, width - car_width))
        color = tuple(int(channel) for channel in random.integers(40, 220, size=3))
        top = bottom - car_height
        draw.rectangle([left, top + car_height // 3, left + car_width, bottom - car_height // 8], fill=color)
        draw.rectangle([left + car_width // 6, top, left + car_width * 5 // 6, top + car_height // 3], fill=color)
        draw.rectangle(
            [left + car_width // 5, top + car_height // 12, left + car_width * 4 // 5, top + car_height // 3 - 4],
            fill=(40, 50, 60),
        )
        wheel = car_height // 5
        for wheel_left in (left + car_width // 8, left + car_width * 7 // 8 - wheel):
            draw.ellipse([wheel_left, bottom - wheel, wheel_left + wheel, bottom], fill=(20, 20, 20))
    return image
