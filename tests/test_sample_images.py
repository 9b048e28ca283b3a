"""The top-level images/ folder: real photos, each credited, small, and found in a clone or an install."""

from __future__ import annotations

import hashlib
import re

import pytest
from PIL import Image

from assignments.common import sample_images
from assignments.common.sample_images import project_image

CREDITS = sample_images.CHECKOUT_IMAGES / "CREDITS.md"


def test_every_photo_is_credited_with_its_hash_and_opens():
    credits = CREDITS.read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `([\w.]+\.jpg)` \|", credits, re.MULTILINE))
    hashes = dict((name, digest) for digest, name in re.findall(r"^([0-9a-f]{64})  (\S+)$", credits, re.MULTILINE))
    photos = {path.name for path in sample_images.CHECKOUT_IMAGES.glob("*.jpg")}
    assert photos and photos == rows == set(hashes)
    total = 0
    for name in sorted(photos):
        path = project_image(name)
        assert path is not None
        assert hashlib.sha256(path.read_bytes()).hexdigest() == hashes[name], name
        with Image.open(path) as image:
            assert image.mode == "RGB" and min(image.size) >= 100, name
        total += path.stat().st_size
    assert total < 2_000_000


def test_installed_copy_is_found_when_there_is_no_clone(tmp_path, monkeypatch):
    installed = tmp_path / sample_images.INSTALLED_SUBDIR
    installed.mkdir(parents=True)
    (installed / "astronaut.jpg").write_bytes(b"jpeg")
    monkeypatch.setattr(sample_images, "CHECKOUT_IMAGES", tmp_path / "no-clone")
    monkeypatch.setattr(sample_images.sys, "prefix", str(tmp_path))
    monkeypatch.setattr(sample_images.sysconfig, "get_path", lambda name: str(tmp_path / "elsewhere"))
    assert project_image("astronaut.jpg") == installed / "astronaut.jpg"
    assert project_image("missing.jpg") is None


def test_a_path_is_not_a_name():
    with pytest.raises(ValueError, match="Received: '../README.md'"):
        project_image("../README.md")
