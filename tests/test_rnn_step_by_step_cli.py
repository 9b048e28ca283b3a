"""The C5W1 A1 main script: the numpy LSTM trained with the week's own backward pass, its outputs and record,
the Keras twin from the same weights, and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from assignments.common.cli import run_main
from assignments.common.errors import UserError
from assignments.rnn_step_by_step.__main__ import main


def test_train_on_a_users_word_list(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    words = tmp_path / "pokemon.txt"
    words.write_text("pikachu\nbulbasaur\ncharmander\nsquirtle\n", encoding="utf-8")
    assert run_main(main, ["--names", str(words), "--steps", "200", "--samples", "3", "--output", "run"]) == 0
    printed = capsys.readouterr().out
    assert "your names file" in printed and "4 names" in printed
    output = tmp_path / "run"
    assert sorted(path.name for path in output.iterdir()) == ["loss_curve.png", "model.npz", "samples.txt"]
    samples = (output / "samples.txt").read_text().splitlines()
    assert samples[0].startswith("# trained on 4 names from your names file, 200 steps") and len(samples) == 4
    with np.load(output / "model.npz", allow_pickle=False) as model:
        vocabulary = sorted(set("pikachubulbasaurcharmandersquirtle") | {"\n"})
        assert list(model["characters"]) == vocabulary and model["Wf"].shape == (50, 50 + len(vocabulary))
        assert "provenance" in model.files


def test_the_keras_twin_follows_the_numpy_run(tmp_path, monkeypatch):
    """Same start, same names, same Adam and clipping: the two runs' losses agree step by step."""
    from assignments.rnn_step_by_step.language_model import initialize_parameters, train_keras, train_numpy

    names = ["aardonyx", "abelisaurus", "achelousaurus", "achillobator", "acrocanthosaurus"]
    char_to_ix = {character: index for index, character in enumerate(sorted(set("".join(names)) | {"\n"}))}
    numpy_losses = train_numpy(names, char_to_ix, initialize_parameters(16, len(char_to_ix), 1), 30, 0.01)
    keras_losses = train_keras(names, char_to_ix, initialize_parameters(16, len(char_to_ix), 1), 30, 0.01)
    np.testing.assert_allclose(keras_losses, numpy_losses, atol=1e-4)
    assert numpy_losses[-5:].mean() < numpy_losses[:5].mean()


@pytest.mark.parametrize(
    "content, message",
    [(b"", "has no names"), (b"\xff\xfe\x00a", "is not UTF-8 text"), (None, "does not exist")],
)
def test_bad_names_files(tmp_path, monkeypatch, content, message):
    monkeypatch.chdir(tmp_path)
    if content is not None:
        (tmp_path / "names.txt").write_bytes(content)
    with pytest.raises(UserError, match=message):
        main(["--names", "names.txt"])
    assert not (tmp_path / "out").exists()


def test_a_hidden_size_over_the_limit_is_refused(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--hidden-size", "60000"])
    assert stop.value.code == 2 and "expected a hidden size from 1 to 1024, got 60000" in capsys.readouterr().err
