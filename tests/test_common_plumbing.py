"""The shared plumbing added for settings, trust and faults: settings dataclasses, generated flag tables,
provenance, spreadsheet-safe CSVs, locks, the pixel limit, temporary names, staged outputs, a console that
cannot encode, plain progress lines, confined tfjs shards and non-finite weights."""

from __future__ import annotations

import dataclasses
import json
import os
import struct
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import numpy as np
import pytest

from assignments.common import cli, csvfiles, files, flag_tables, images, locking, progress, provenance, tfjs
from assignments.common.errors import UserError

# --- settings dataclasses ------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Paint:
    size: int = cli.flag(400, type=cli.positive_int, help="longer side (default 400)")
    square: bool = cli.flag(False, help="resize to size x size")
    style: tuple | None = cli.flag(None, type=Path, nargs="+", help="style pictures")
    mode: str = cli.flag("content", choices=("content", "noise"), help="start image")
    seed: int = cli.seed_flag(272)
    derived: str = "decided later"  # not a flag: filled in with dataclasses.replace


def test_settings_parse_into_one_frozen_value():
    parser = cli.settings_parser(Paint, prog="paint", description="d")
    settings = cli.parse_settings(parser, ["--size", "64", "--square", "--style", "a.jpg", "b.jpg"])
    assert settings == Paint(size=64, square=True, style=(Path("a.jpg"), Path("b.jpg")))
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.size = 3
    assert dataclasses.replace(settings, derived="now").derived == "now"
    assert cli.parse_settings(parser, []) == Paint()


def test_settings_flags_refuse_bad_values_in_one_line(capsys):
    parser = cli.settings_parser(Paint, prog="paint", description="d")
    with pytest.raises(SystemExit) as stop:
        cli.parse_settings(parser, ["--size", "inf"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and err.count("\n") == 1 and "--size" in err


@dataclasses.dataclass(frozen=True)
class Enroll:
    people: Path | None = cli.flag(None, type=Path, help="people")


@dataclasses.dataclass(frozen=True)
class Verify:
    image: Path = cli.flag(None, type=Path, required=True, help="the photo")
    identity: str = cli.flag(None, names=("identity",), help="who")


def test_sub_commands_give_their_own_settings_class():
    parser = cli.ArgumentParser(prog="faces", description="d")
    cli.add_command(parser, "enroll", Enroll, help="enroll people")
    cli.add_command(parser, "verify", Verify, help="verify a photo", defaults={"image": Path("x.jpg")})
    assert cli.parse_settings(parser, ["enroll"]) == Enroll()
    assert cli.parse_settings(parser, ["verify", "--image", "a.jpg", "ann"]) == Verify(image=Path("a.jpg"), identity="ann")
    assert cli.parse_settings(parser, []) is None


def test_flag_tables_come_from_the_parser():
    parser = cli.settings_parser(Paint, prog="paint", description="d")
    table = flag_tables.flag_table(parser)
    assert "| `--size` | `400` | longer side (default 400) |" in table
    assert "| `--mode` `content\\|noise` | `content` | start image |" in table
    assert "--help" not in table and "derived" not in table
    document = "intro\n<!-- flags: python -m assignments.dinosaur_island -->\nstale\n<!-- end flags -->\n| `--x` | stray |\n"
    rendered = flag_tables.render(document)
    assert "stale" not in rendered and "`--iterations`" in rendered
    assert flag_tables.stray_flag_rows(rendered) == ["| `--x` | stray |"]


# --- provenance ----------------------------------------------------------------------------------------------


def test_provenance_says_when_a_model_is_no_better_than_its_baseline():
    record = provenance.Provenance(
        trained_on="600 generated cartoon faces",
        data="generated",
        examples=600,
        steps="10 epochs",
        figures={"test accuracy": 0.49},
        baselines={"test accuracy": 0.56},
    )
    assert record.at_baseline() and record.label() == "BASELINE-LEVEL" and record.needs_warning
    assert record.summary() == (
        "trained on 600 generated cartoon faces, 10 epochs; test accuracy 0.49 (majority class 0.56): "
        "NO BETTER THAN THE BASELINE, do not trust its answers"
    )
    good = record.with_figures({"test accuracy": 0.95})
    assert not good.at_baseline() and good.label() == "trained" and "NO BETTER" not in good.summary()
    loss = provenance.Provenance(
        trained_on="names", data="course", figures={"loss": 20.0}, baselines={"loss": 23.0}, lower_is_better=("loss",)
    )
    assert not loss.at_baseline() and loss.with_figures({"loss": 22.9}).at_baseline()
    untrained = provenance.Provenance.untrained()
    assert untrained.label() == "UNTRAINED" and untrained.summary().startswith("UNTRAINED (seeded random weights)")
    with pytest.raises(ValueError, match="Received"):
        provenance.Provenance(data="internet")


def test_provenance_travels_inside_keras_and_npz_files(tmp_path):
    import keras

    from assignments.common.models import load_keras_model_file, save_keras_model

    record = provenance.Provenance(trained_on="the course's data", data="course", figures={"test accuracy": 0.95})
    inputs = keras.Input((3,))
    model = keras.Model(inputs, keras.layers.Dense(2)(inputs))
    path = save_keras_model(model, tmp_path / "model.keras", provenance=record)
    assert provenance.read_keras_file(path) == record
    assert tuple(load_keras_model_file(path).output.shape) == (None, 2), "Keras ignores the extra member"
    np.savez(tmp_path / "m.npz", w=np.ones(2), **provenance.npz_entry(record))
    with np.load(tmp_path / "m.npz", allow_pickle=False) as archive:
        assert provenance.from_npz(archive) == record
    with pytest.raises(UserError, match="damaged"):
        provenance.Provenance.from_json("{not json")


def test_non_finite_weights_are_refused_by_name():
    from assignments.common.models import check_finite_weights

    check_finite_weights({"w": np.ones(3)}, "ok.npz")
    with pytest.raises(UserError, match=r"1 NaN or infinite values in Wax"):
        check_finite_weights({"Wax": np.array([1.0, np.nan])}, "model.npz")


# --- CSV cells -----------------------------------------------------------------------------------------------


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path):
    path = csvfiles.write_csv(
        tmp_path / "t.csv",
        ["file", "score"],
        [['=HYPERLINK("http:x";"y").png', -0.5], ["+1.png", 1], ["@a", 2], ["\tx", 3], ["plain.png", 4]],
        comments=["model: UNTRAINED"],
    )
    lines = path.read_text().splitlines()
    assert lines[0] == "# model: UNTRAINED"
    assert lines[2] == '"\'=HYPERLINK(""http:x"";""y"").png",-0.5'
    assert lines[3:6] == ["'+1.png,1", "'@a,2", "'\tx,3"] and lines[6] == "plain.png,4"


# --- locks ---------------------------------------------------------------------------------------------------


def test_a_second_writer_is_refused_while_the_first_holds_the_lock(tmp_path):
    database = tmp_path / "faces.npz"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
                import sys, time
                from assignments.common.locking import exclusive
                with exclusive({str(database)!r}, "the face database"):
                    print("held", flush=True)
                    time.sleep(30)
            """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(UserError, match="Another run is writing the face database"):
            with locking.exclusive(database, "the face database", wait_s=0.2):
                pass
    finally:
        holder.kill()
        holder.wait()
    with locking.exclusive(database, "the face database", wait_s=5):  # a killed holder frees the lock
        pass
    with locking.exclusive(tmp_path / "out", "the output folder") as lock_file:
        assert lock_file == tmp_path / "out" / ".lock"


# --- images --------------------------------------------------------------------------------------------------


def _png_header_only(path: Path, width: int, height: int) -> None:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))


def test_decompression_bombs_are_one_sentence_from_the_header(tmp_path):
    bomb = tmp_path / "bomb.png"
    _png_header_only(bomb, 30000, 30000)
    with pytest.raises(UserError, match=r"is 30000x30000 pixels \(900 megapixels\); the limit is 120 megapixels: resize it"):
        images.load_rgb_image(bomb)


def test_caption_sits_below_the_picture(tmp_path):
    from PIL import Image

    picture = Image.new("RGB", (120, 80), "blue")
    captioned = images.draw_caption(picture, "UNTRAINED (seeded random weights): its outputs are meaningless", warn=True)
    assert captioned.width == 120 and captioned.height > 80
    assert np.all(np.asarray(captioned)[:80] == np.asarray(picture)), "the caption hides nothing"


# --- files ---------------------------------------------------------------------------------------------------


def test_temporary_names_fit_whenever_the_final_name_fits(tmp_path):
    final = tmp_path / ("d" * 244 + ".weights.h5")  # 255 characters: the longest legal name
    files.write_text_atomic(final, "x")
    assert final.read_text() == "x"
    other = tmp_path / ("d" * 243 + "e.weights.h5")
    with files.atomic_path(final) as one, files.atomic_path(other) as two:
        assert len(one.name) <= 255 and len(two.name) <= 255 and one.name[:200] == two.name[:200]
        assert files._temporary_name_parts(final) != files._temporary_name_parts(other)


def test_temporary_names_count_bytes_not_characters(tmp_path):
    final = tmp_path / ("é" * 120 + "abcdef.png")  # 246 bytes in UTF-8, 126 characters
    files.write_text_atomic(final, "x")
    assert final.read_text() == "x"


def test_a_failed_write_inside_staged_outputs_is_not_called_a_failed_move(tmp_path):
    with pytest.raises(PermissionError):
        with files.staged_outputs(tmp_path):
            raise PermissionError("the writer's own error")
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".staging-")]


def test_stale_temporaries_and_staging_folders_are_removed(tmp_path):
    kept = tmp_path / ".hidden-but-mine"
    kept.write_text("x")
    prefix, suffix = files._temporary_name_parts(tmp_path / "model.keras")
    stale = tmp_path / f"{prefix}a1b2c3d4{suffix}"  # what a run killed inside atomic_path leaves behind
    stale.write_text("half-written")
    (tmp_path / ".staging-abc").mkdir()
    removed = files.remove_stale_temporaries_in(tmp_path)
    assert sorted(removed) == sorted([stale, tmp_path / ".staging-abc"])
    assert kept.exists() and not stale.exists()


def test_staged_outputs_appear_together_or_not_at_all(tmp_path):
    (tmp_path / "model.keras").write_text("old model")
    (tmp_path / "curves.png").write_text("old curves")
    with pytest.raises(RuntimeError):
        with files.staged_outputs(tmp_path) as staging:
            files.write_text_atomic(staging / "curves.png", "new curves")
            raise RuntimeError("killed before the model was written")
    assert (tmp_path / "curves.png").read_text() == "old curves", "the previous set stays whole"
    with files.staged_outputs(tmp_path) as staging:
        files.write_text_atomic(staging / "curves.png", "new curves")
        files.write_text_atomic(staging / "model.keras", "new model")
        assert (tmp_path / "model.keras").read_text() == "old model"
    assert (tmp_path / "model.keras").read_text() == "new model" and (tmp_path / "curves.png").read_text() == "new curves"
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".staging-")]


# --- console and progress ------------------------------------------------------------------------------------


def test_a_console_that_cannot_encode_never_loses_the_run():
    script = "from assignments.common.cli import run_main\nrun_main(lambda argv: print('東京 names') or 0)\nprint('after')"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, env={**os.environ, "PYTHONIOENCODING": "ascii"}, check=False
    )
    assert result.returncode == 0 and result.stdout.decode().splitlines() == ["?? names", "after"]


def test_progress_in_a_log_is_plain_lines(capsys):
    for _ in progress.PlainProgress(range(4), desc="training", every_s=0):
        pass
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("training: 1/4 (25%)") and lines[-1].startswith("training: 4/4 (100%)")
    assert len(lines) == 4 and not any("\r" in line for line in lines)
    assert progress.time_estimate(84.0, 10, "10 epochs", "--epochs") == (
        "about 14 min for 10 epochs at the current speed; --epochs to shorten"
    )


# --- tfjs ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("shard", ["../../../../etc/passwd", "/etc/passwd", "/dev/zero", 3])
def test_tfjs_shards_stay_inside_the_manifest_folder(tmp_path, shard):
    manifest = tmp_path / "m-weights_manifest.json"
    manifest.write_text(json.dumps([{"paths": [shard], "weights": [{"name": "w", "shape": [4], "dtype": "float32"}]}]))
    with pytest.raises(UserError) as error:
        tfjs.read_tfjs_weights(manifest)
    assert (
        "passwd" not in str(error.value) or "outside its own folder" in str(error.value) or "not a file name" in str(error.value)
    )
    assert "bytes" not in str(error.value), "no size of a file outside the folder is quoted"


def test_a_figure_titled_with_a_name_that_is_not_utf8_is_saved(tmp_path):
    from assignments.common.plots import pyplot, save_figure

    name = os.fsdecode(b"caf\xe9.jpg")  # how Python sees a Latin-1 file name: a surrogate escape
    figure = pyplot().figure()
    figure.suptitle(name)
    figure.gca().set_title(f"{name} (451x300)")
    path = save_figure(figure, tmp_path / "sheet.png")
    assert path.stat().st_size > 0
