"""C5W4 A1 beyond the graders: greedy decoding with the look-ahead mask, the saved model and its record, the
main script's outputs and its hostile input."""

from __future__ import annotations

import numpy as np
import pytest
from cli_runner import run_module

from assignments.common.cli import run_main
from assignments.common.errors import UserError
from assignments.transformer.__main__ import main


@pytest.fixture(scope="module")
def small_model():
    import keras

    from assignments.transformer.model import Sizes, build

    keras.utils.set_random_seed(3)
    return build(Sizes(num_layers=1, embedding_dim=16, num_heads=2, fully_connected_dim=32))


def test_greedy_decoding_on_a_fixed_length_input_equals_growing_the_input(small_model):
    """The look-ahead mask hides later positions, so decoding on a padded input of length Ty gives what
    feeding the growing prefix does."""
    from assignments.transformer.model import greedy_decode
    from assignments.transformer.synthetic import START, Ty, encode_inputs

    encoder_ids = encode_inputs(["9 may 1998", "tuesday october 9 1993", "10.11.19"])
    decoder_ids = np.full((3, 1), START, np.int32)
    for _ in range(Ty):
        probabilities = np.asarray(small_model((encoder_ids, decoder_ids), training=False))
        decoder_ids = np.concatenate([decoder_ids, probabilities[:, -1].argmax(-1)[:, None].astype(np.int32)], axis=1)
    np.testing.assert_array_equal(greedy_decode(small_model, encoder_ids), decoder_ids[:, 1:])


def test_the_saved_model_keeps_its_weights_and_record(tmp_path, small_model):
    from assignments.common.provenance import Provenance
    from assignments.transformer.model import load_model, save_model

    record = Provenance(trained_on="300 generated dates", data="generated", examples=300, steps="1 epochs")
    save_model(small_model, tmp_path / "model.npz", record)
    loaded, loaded_record = load_model(tmp_path / "model.npz")
    assert loaded_record == record
    for saved, original in zip(loaded.get_weights(), small_model.get_weights()):
        np.testing.assert_array_equal(saved, original)


@pytest.mark.parametrize(
    "content, message",
    [(b"not an archive", "is not an .npz archive"), (None, "records no sizes")],
)
def test_a_foreign_model_file_is_refused(tmp_path, content, message):
    from assignments.transformer.model import load_model

    path = tmp_path / "model.npz"
    if content is None:
        np.savez(path, kernel=np.zeros((3, 3)))
    else:
        path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        load_model(path)


def test_translate_writes_the_table_and_each_heads_map(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    dates = tmp_path / "mine.txt"
    dates.write_text("Tuesday 09 Oct 1993\n1 March 2001\n", encoding="utf-8")
    assert run_main(main, ["translate", "--dates", str(dates), "--output", "t"]) == 0
    printed = capsys.readouterr().out
    assert "Model: [UNTRAINED] UNTRAINED (seeded random weights" in printed
    table = (tmp_path / "t" / "translations.csv").read_text().splitlines()
    assert table[0].startswith("# UNTRAINED") and table[2].startswith("Tuesday 09 Oct 1993,") and table[2].endswith(",UNTRAINED")
    assert (tmp_path / "t" / "attention_heads_01.png").read_bytes()[:4] == b"\x89PNG"
    assert not (tmp_path / "t" / "attention_heads_02.png").exists()


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["translate", "yesterday"], "does not read as a date"),
        (["translate", "tuesday the ninth of october 1993 at noon"], "more than the model's Tx = 30"),
        (["translate", "--model", "missing.npz"], "does not exist"),
        (["train", "--compare", "missing.keras"], "does not exist"),
    ],
)
def test_bad_input_is_refused_before_tensorflow_loads(tmp_path, monkeypatch, arguments, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UserError, match=message):
        main(arguments)
    assert not (tmp_path / "out").exists()


def test_the_script_answers_a_non_utf8_file_in_one_line(tmp_path):
    (tmp_path / "dates.txt").write_bytes(b"9 mai 1998 \xe9t\xe9\n")
    result = run_module("assignments.transformer", ["translate", "--dates", "dates.txt"], cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "is not UTF-8 text" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_train_matches_the_attention_model(tmp_path, monkeypatch):
    """The issue's real result: >= 0.99 test exact match on the shared test dates."""
    from assignments.transformer.model import load_model

    monkeypatch.chdir(tmp_path)
    assert run_main(main, ["train", "--output", "run", "--target", "0.99"]) == 0
    _, record = load_model(tmp_path / "run" / "model.npz")
    assert record.figures["test exact match"] >= 0.98, record.summary()


TRANSFORMER_IMPORTS = """\
import tensorflow as tf
import numpy as np
from tensorflow.keras.layers import Embedding, MultiHeadAttention, Dense, Input, Dropout, LayerNormalization
from transformers import DistilBertTokenizerFast #, TFDistilBertModel
from transformers import TFDistilBertForTokenClassification
"""
LEARNER_GET_ANGLES = """\
# UNQ_C1 (UNIQUE CELL IDENTIFIER, DO NOT EDIT)
# GRADED FUNCTION get_angles
def get_angles(pos, k, d):
    i = k // 2
    angles = pos / (10000 ** (2 * i / d))
    return angles
"""


def test_a_notebook_that_imports_hugging_face_is_graded_without_it(tmp_path):
    """The C5W4 notebook's first cell imports `transformers`, which is not installed here; no graded code uses it."""
    from learner_notebooks import code, write_notebook

    notebook = write_notebook(
        tmp_path / "C5_W4_A1_Transformer_Subclass_v1.ipynb",
        [code(TRANSFORMER_IMPORTS, 1), code(LEARNER_GET_ANGLES, 2), code("get_angles_test(get_angles)", 3)],
    )
    result = run_module("assignments", ["grade", "transformer", "--solution", notebook], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "get_angles                    passed" in result.stdout
