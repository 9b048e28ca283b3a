"""U-Net week: the generated scenes, pairing and checking the data folders, the tf.data pipeline, and the
real CARLA frames from $DLS_DATA_DIR (needs_data)."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from PIL import Image

from assignments.common.errors import UserError
from assignments.unet_segmentation import create_mask, preprocess, process_path, unet_model
from assignments.unet_segmentation.classes import CLASS_ID, CLASS_NAMES, colorize
from assignments.unet_segmentation.data import check_pairs, find_pairs, split_pairs
from assignments.unet_segmentation.pipeline import make_dataset
from assignments.unet_segmentation.synthetic import generate_scene, write_synthetic_dataset

WEEK = "unet_segmentation"
DRAWN = {"sky", "building", "road", "road line", "sidewalk", "vegetation", "pole", "vehicle"}


@pytest.fixture(scope="module")
def scenes(tmp_path_factory):
    return write_synthetic_dataset(tmp_path_factory.mktemp("unet") / "scenes", count=6, seed=3, size=(48, 64))


def test_generated_scenes_are_seeded_and_use_carla_ids():
    image_a, mask_a = generate_scene(np.random.default_rng([0, 5]))
    image_b, mask_b = generate_scene(np.random.default_rng([0, 5]))
    np.testing.assert_array_equal(image_a, image_b)
    np.testing.assert_array_equal(mask_a, mask_b)
    assert image_a.shape == (240, 320, 3) and image_a.dtype == np.uint8 and mask_a.shape == (240, 320)
    ids = np.concatenate([generate_scene(np.random.default_rng([0, index]))[1].ravel() for index in range(20)])
    present = {CLASS_NAMES[index] for index in np.unique(ids)}
    assert present == DRAWN, present
    assert CLASS_ID["road"] == 7 and CLASS_ID["sky"] == 13  # CARLA's tags


def test_generated_folder_has_the_course_layout(scenes):
    names = sorted(path.name for path in (scenes / "CameraRGB").iterdir())
    assert names == sorted(path.name for path in (scenes / "CameraMask").iterdir()) and len(names) == 6
    mask = np.asarray(Image.open(scenes / "CameraMask" / names[0]))
    assert mask.shape == (48, 64, 3) and mask[..., 1:].max() == 0  # class id in red only, as CARLA writes it
    # Asking again with the same settings reuses the folder instead of rewriting it.
    before = (scenes / "CameraRGB" / names[0]).stat().st_mtime_ns
    assert write_synthetic_dataset(scenes, count=6, seed=3, size=(48, 64)) == scenes
    assert (scenes / "CameraRGB" / names[0]).stat().st_mtime_ns == before
    assert not [path for path in scenes.parent.iterdir() if path.name.startswith(".")]  # no temporary left


def test_pairs_split_and_class_counts(scenes):
    pairs = find_pairs(scenes)
    assert len(pairs) == 6 and pairs.mask_paths[0].endswith("CameraMask/scene_0000.png")
    counts = check_pairs(pairs, 23)
    assert counts.sum() == 6 * 48 * 64 and counts[CLASS_ID["sky"]] > 0
    train, validation = split_pairs(pairs, 0.34, seed=1)
    assert (len(train), len(validation)) == (4, 2)
    assert set(train.image_paths).isdisjoint(validation.image_paths)
    assert split_pairs(pairs, 0.34, seed=1) == (train, validation)
    assert split_pairs(pairs, 0.34, seed=2) != (train, validation)


def test_pipeline_shapes_and_nearest_masks(scenes):
    pairs = find_pairs(scenes)
    images, masks = next(iter(make_dataset(pairs, (32, 48), batch_size=4, shuffle_seed=0)))
    assert images.shape == (4, 32, 48, 3) and images.dtype.name == "float32"
    assert masks.shape == (4, 32, 48, 1) and masks.dtype.name == "uint8"
    assert 0.0 <= float(images.numpy().min()) and float(images.numpy().max()) <= 1.0
    # Nearest-neighbour masks only hold ids that are in the files (no blended, invented ids).
    file_ids = set(np.unique(np.concatenate([np.asarray(Image.open(path))[..., 0].ravel() for path in pairs.mask_paths])))
    assert set(np.unique(masks.numpy())) <= file_ids


def test_process_path_takes_the_channel_maximum(tmp_path):
    encoded = np.zeros((4, 6, 3), dtype=np.uint8)
    encoded[..., 0] = 7
    encoded[0, 0] = (3, 9, 1)  # not CARLA's layout, but the course's reduce_max still gives 9
    Image.fromarray(encoded).save(tmp_path / "mask.png")
    Image.fromarray(np.full((4, 6, 3), 255, dtype=np.uint8)).save(tmp_path / "image.png")
    image, mask = process_path(str(tmp_path / "image.png"), str(tmp_path / "mask.png"))
    assert mask.shape == (4, 6, 1) and int(mask[0, 0, 0]) == 9 and int(mask[1, 1, 0]) == 7
    assert float(image.numpy().max()) == 1.0
    small_image, small_mask = preprocess(image, mask, (2, 3))
    assert small_image.shape == (2, 3, 3) and set(np.unique(small_mask.numpy())) <= {7, 9}


def test_create_mask_takes_the_argmax_of_the_first_image():
    logits = np.zeros((2, 3, 4, 5), dtype=np.float32)
    logits[0, ..., 2] = 1.0
    logits[0, 1, 1, 4] = 5.0
    logits[1, ..., 3] = 9.0
    mask = create_mask(logits).numpy()
    assert mask.shape == (3, 4, 1) and mask[0, 0, 0] == 2 and mask[1, 1, 0] == 4


def test_colorize_uses_fixed_colours():
    colours = colorize(np.array([[7, 13]]), 23)
    np.testing.assert_array_equal(colours[0], [[128, 64, 128], [70, 130, 180]])


@pytest.mark.parametrize("size", [(96, 120, 3), (50, 128, 3), (96, 128)])
def test_unet_model_rejects_bad_input_sizes(size):
    with pytest.raises(ValueError, match=r"received"):
        unet_model(size)


def _copy_scenes(scenes, target):
    shutil.copytree(scenes, target)
    return target


def test_unpaired_files_are_named(scenes, tmp_path):
    folder = _copy_scenes(scenes, tmp_path / "data")
    (folder / "CameraMask" / "scene_0002.png").unlink()
    shutil.copy(folder / "CameraRGB" / "scene_0003.png", folder / "CameraRGB" / "extra.png")
    with pytest.raises(UserError, match=r"7 images, 5 masks.*2 image\(s\) without a mask.*extra.png, scene_0002.png"):
        find_pairs(folder)


def test_mask_folder_named_camera_seg_and_data_subfolder(scenes, tmp_path):
    folder = _copy_scenes(scenes, tmp_path / "parent" / "data")
    (folder / "CameraMask").rename(folder / "CameraSeg")
    pairs = find_pairs(tmp_path / "parent")  # the course's `data/` one level down is found too
    assert len(pairs) == 6 and "CameraSeg" in pairs.mask_paths[0]


def test_bad_folders_and_files(scenes, tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        find_pairs(tmp_path / "missing")
    with pytest.raises(UserError, match="no CameraRGB"):
        find_pairs(tmp_path)
    (tmp_path / "empty" / "CameraRGB").mkdir(parents=True)
    (tmp_path / "empty" / "CameraMask").mkdir()
    with pytest.raises(UserError, match="no PNG/JPEG images"):
        find_pairs(tmp_path / "empty")

    folder = _copy_scenes(scenes, tmp_path / "data")
    Image.fromarray(np.full((48, 64, 3), (30, 0, 0), dtype=np.uint8)).save(folder / "CameraMask" / "scene_0001.png")
    with pytest.raises(UserError, match=r"scene_0001.png' has class id 30, but the model has 23 classes.*--n-classes 31"):
        check_pairs(find_pairs(folder), 23)
    (folder / "CameraRGB" / "scene_0000.png").write_bytes(b"\x89PNG\r\n\x1a\n truncated")
    with pytest.raises(UserError, match=r"scene_0000.png' is not a readable image"):
        check_pairs(find_pairs(folder), 23)


@pytest.mark.needs_data
def test_real_carla_frames_through_the_pipeline(course_file):
    folder = course_file(WEEK, "lyft_carla_samples")
    pairs = find_pairs(folder)
    assert len(pairs) == 4 and "CameraSeg" in pairs.mask_paths[0]
    counts = check_pairs(pairs, 23)
    assert counts.sum() == 4 * 800 * 600
    present = set(np.flatnonzero(counts))
    assert present <= set(range(13)) and {CLASS_ID["road"], CLASS_ID["road line"]} <= present  # CARLA 0.8 tags
    images, masks = next(iter(make_dataset(pairs, batch_size=4)))
    assert images.shape == (4, 96, 128, 3) and masks.shape == (4, 96, 128, 1)
    # The pipeline's mask of the first frame equals a nearest-neighbour downscale of the file's red channel.
    red = np.asarray(Image.open(pairs.mask_paths[0]).convert("RGB"))[..., 0]
    rows = np.floor((np.arange(96) + 0.5) * 600 / 96).astype(int)
    columns = np.floor((np.arange(128) + 0.5) * 800 / 128).astype(int)
    agreement = np.mean(red[rows][:, columns] == masks.numpy()[0, ..., 0])
    assert agreement > 0.97, agreement


@pytest.mark.parametrize("command", ["train", "predict"])
def test_the_docs_flag_tables_are_generated_from_the_parser(command):
    from pathlib import Path

    from assignments.common import flag_tables

    text = (Path(__file__).resolve().parents[1] / "docs" / "unet_segmentation.md").read_text(encoding="utf-8")
    assert f"<!-- flags: python -m assignments.unet_segmentation {command} -->" in text
    assert flag_tables.render(text) == text, (
        "docs/unet_segmentation.md: regenerate with python -m assignments.common.flag_tables --write"
    )
    assert flag_tables.stray_flag_rows(text) == []
