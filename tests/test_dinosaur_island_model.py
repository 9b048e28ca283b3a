"""Dinosaur Island beyond the graders: the fused training step against the course's, temperature, vocabulary, checkpoints."""

from __future__ import annotations

import os
import threading

import numpy as np
import pytest

from assignments.common.errors import UserError
from assignments.dinosaur_island import (
    build_vocabulary,
    initialize_parameters,
    optimize,
    read_names,
    sample,
    train,
)
from assignments.dinosaur_island.checkpoint import load_model, save_model
from assignments.dinosaur_island.data import DEFAULT_NAMES_FILE
from assignments.dinosaur_island.language_model import SNAPSHOT_EVERY, LossNotFinite, optimize_fused


@pytest.mark.parametrize("length, scale", [(1, 1.0), (2, 1.0), (9, 1.0), (30, 1.0), (30, 30.0)])
def test_fused_step_equals_the_course_optimize(length, scale):
    """`optimize_fused` (what training runs) computes what the course's `optimize` computes.

    scale 30 makes gradients beyond ±5, so the clipping is exercised too.
    """
    rng = np.random.default_rng(length)
    vocab_size, n_a = 27, 50
    parameters = {
        "Wax": rng.normal(size=(n_a, vocab_size)),
        "Waa": rng.normal(size=(n_a, n_a)) * 0.3,
        "Wya": rng.normal(size=(vocab_size, n_a)) * scale,
        "b": rng.normal(size=(n_a, 1)),
        "by": rng.normal(size=(vocab_size, 1)),
    }
    indices = [int(i) for i in rng.integers(1, vocab_size, size=length)]
    indices[length // 2] = indices[0]  # a repeated character: its Wax column gets two contributions
    X, Y = [None] + indices, indices + [0]
    a0 = rng.normal(size=(n_a, 1))
    course_parameters = {key: value.copy() for key, value in parameters.items()}
    fused_parameters = {key: value.copy() for key, value in parameters.items()}

    loss, gradients, a_last = optimize(X, Y, a0, course_parameters, learning_rate=0.01)
    fused_loss, fused_gradients, fused_a_last = optimize_fused(X, Y, a0, fused_parameters, learning_rate=0.01)

    np.testing.assert_allclose(fused_loss, loss, rtol=1e-12)
    np.testing.assert_allclose(fused_a_last, a_last, rtol=0, atol=1e-15)
    assert fused_a_last.shape == a_last.shape == (n_a, 1)
    assert sorted(fused_gradients) == sorted(gradients)
    for key, value in gradients.items():
        np.testing.assert_allclose(fused_gradients[key], value, rtol=1e-10, atol=1e-12, err_msg=key)
    for key, value in course_parameters.items():
        np.testing.assert_allclose(fused_parameters[key], value, rtol=1e-12, atol=1e-14, err_msg=key)
    if scale > 1:
        assert max(np.abs(value).max() for value in gradients.values()) == 5.0  # clipping took place


def test_train_with_either_step_gives_the_same_losses():
    names = read_names(DEFAULT_NAMES_FILE)
    char_to_ix, ix_to_char = build_vocabulary(names)
    runs = [
        train(names, ix_to_char, char_to_ix, 300, vocab_size=len(char_to_ix), print_every=0, step=step)
        for step in (optimize, optimize_fused)
    ]
    np.testing.assert_allclose(runs[1][2], runs[0][2], rtol=1e-11)
    for key in runs[0][0]:
        np.testing.assert_allclose(runs[1][0][key], runs[0][0][key], rtol=1e-9, atol=1e-12, err_msg=key)


def test_optimize_updates_in_place_and_clips():
    parameters = initialize_parameters(10, 5, 5)
    before = {key: value.copy() for key, value in parameters.items()}
    loss, gradients, a_last = optimize([None, 1, 2], [1, 2, 0], np.zeros((10, 1)), parameters, learning_rate=0.5)
    assert loss > 0 and a_last.shape == (10, 1)
    for key in ("Wax", "Waa", "Wya", "b", "by"):
        np.testing.assert_allclose(parameters[key], before[key] - 0.5 * gradients["d" + key])


def test_temperature_changes_sampling_and_one_is_the_course():
    characters = "\nab"
    char_to_ix = {c: i for i, c in enumerate(characters)}
    rng = np.random.default_rng(0)
    parameters = {
        "Wax": rng.normal(size=(4, 3)),
        "Waa": rng.normal(size=(4, 4)),
        "Wya": rng.normal(size=(3, 4)) * 3,
        "b": rng.normal(size=(4, 1)),
        "by": np.array([[-3.0], [0.0], [0.0]]),  # the newline is unlikely: names are long
    }
    course = [sample(parameters, char_to_ix, seed) for seed in range(20)]
    assert [sample(parameters, char_to_ix, seed, temperature=1.0) for seed in range(20)] == course
    cold = [sample(parameters, char_to_ix, seed, temperature=0.05) for seed in range(20)]
    hot = [sample(parameters, char_to_ix, seed, temperature=20.0) for seed in range(20)]
    assert cold != course and hot != course
    # Near-zero temperature is near-greedy: the same name whatever the seed.
    assert len({tuple(name) for name in cold}) <= 2
    with pytest.raises(ValueError, match="temperature must be > 0, got 0"):
        sample(parameters, char_to_ix, 0, temperature=0)


def test_sample_stops_at_fifty_characters():
    char_to_ix = {"\n": 0, "a": 1}
    parameters = {
        "Wax": np.zeros((2, 2)),
        "Waa": np.zeros((2, 2)),
        "Wya": np.zeros((2, 2)),
        "b": np.zeros((2, 1)),
        "by": np.array([[-50.0], [50.0]]),  # never the newline
    }
    indices = sample(parameters, char_to_ix, 0)
    assert len(indices) == 51 and indices[-1] == 0 and set(indices[:-1]) == {1}


def test_embedded_names_are_a_real_list():
    names = read_names(DEFAULT_NAMES_FILE)
    assert len(names) >= 400 and len(set(names)) == len(names)
    assert "tyrannosaurus" in names and "triceratops" in names
    char_to_ix, _ = build_vocabulary(names)
    assert list(char_to_ix) == ["\n"] + [chr(c) for c in range(ord("a"), ord("z") + 1)]


def test_own_word_list_with_unicode(tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("Ærøskøbing\n\n  Zürich \nsão paulo\r\n", encoding="utf-8")
    names = read_names(words)
    assert names == ["ærøskøbing", "zürich", "são paulo"]
    char_to_ix, ix_to_char = build_vocabulary(names)
    assert char_to_ix["\n"] == 0 and {"æ", "ø", "ü", "ã", " "} <= set(char_to_ix)
    parameters, last_name, losses = train(names, ix_to_char, char_to_ix, 30, n_a=8, vocab_size=len(char_to_ix), print_every=0)
    assert losses.shape == (30,) and np.isfinite(losses).all() and last_name == "abc"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "has no names"),
        (b"\n \n\t\n", "has no names"),
        (b"\xff\xfe\x00\x81binary", "is not UTF-8 text"),
        (b"abc\x00def\n", "control character"),
    ],
)
def test_bad_word_lists(tmp_path, content, message):
    path = tmp_path / "names.txt"
    path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        read_names(path)


def test_unreadable_word_list_is_one_sentence(tmp_path, monkeypatch):
    path = tmp_path / "names.txt"
    path.write_text("abc\n")

    def refuse(self):
        # What chmod 000 gives a user who is not root (tests may run as root, whom chmod does not stop).
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(type(path), "read_bytes", refuse)
    with pytest.raises(UserError, match=r"cannot be read \(Permission denied\): check its permissions"):
        read_names(path)


def test_a_folder_is_not_a_word_list(tmp_path):
    with pytest.raises(UserError, match="is a folder"):
        read_names(tmp_path)


def test_a_named_pipe_is_read(tmp_path):
    fifo = tmp_path / "names.fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text("Raptor\nRex\n"))
    writer.start()
    assert read_names(fifo) == ["raptor", "rex"]
    writer.join(timeout=10)


def test_a_diverging_run_raises_with_the_last_finite_weights():
    names = ["abc", "abd", "bca", "ddd"] * 50
    char_to_ix, ix_to_char = build_vocabulary(names)
    with pytest.raises(LossNotFinite, match="the loss became") as stop:
        train(names, ix_to_char, char_to_ix, 400, n_a=8, vocab_size=len(char_to_ix), print_every=0, learning_rate=1e6)
    assert all(np.isfinite(value).all() for value in stop.value.last_finite_parameters.values())
    assert stop.value.last_finite_iteration % SNAPSHOT_EVERY == 0 and stop.value.last_finite_iteration <= stop.value.iteration


def test_save_model_refuses_nan_weights(tmp_path):
    names = ["abc"]
    char_to_ix, ix_to_char = build_vocabulary(names)
    parameters = initialize_parameters(4, len(char_to_ix), len(char_to_ix))
    parameters["Waa"][0, 0] = np.nan
    with pytest.raises(ValueError, match="Waa holds NaN"):
        save_model(tmp_path / "model.npz", parameters, ix_to_char, 10, 1.0)
    assert not list(tmp_path.iterdir())


def test_checkpoint_round_trip(tmp_path):
    names = ["abc", "abd", "bca"]
    char_to_ix, ix_to_char = build_vocabulary(names)
    parameters, _, losses = train(names, ix_to_char, char_to_ix, 50, n_a=6, vocab_size=len(char_to_ix), print_every=0)
    path = save_model(tmp_path / "model.npz", parameters, ix_to_char, 50, float(losses[-1]))
    loaded, loaded_char_to_ix, loaded_ix_to_char, iterations, provenance = load_model(path)
    assert iterations == 50 and loaded_char_to_ix == char_to_ix and loaded_ix_to_char == ix_to_char
    assert provenance.steps == "50 iterations" and "no provenance record" in provenance.trained_on
    for key in parameters:
        np.testing.assert_array_equal(loaded[key], parameters[key])
    assert sample(loaded, loaded_char_to_ix, 3) == sample(parameters, char_to_ix, 3)


def test_load_rejects_other_files(tmp_path):
    not_zip = tmp_path / "model.npz"
    not_zip.write_text("hello")
    with pytest.raises(UserError, match="not a readable .npz"):
        load_model(not_zip)
    other = tmp_path / "other.npz"
    np.savez(other, something=np.zeros(3))
    with pytest.raises(UserError, match="not a Dinosaur Island model"):
        load_model(other)
