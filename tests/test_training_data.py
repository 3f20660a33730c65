"""The training lab's data sets and models: generated sets, the shipped digits, a lecturer's
CSV, NPZ and IDX files (MNIST's format), the validation split, and the models' text."""

from __future__ import annotations

import gzip

import numpy as np
import pytest

from gradviz.training import (
    GENERATED,
    DataError,
    ModelError,
    ModelSpec,
    build_model,
    digits,
    generated,
    load_file,
    parse_layer,
    split,
    with_activation,
    with_hidden,
    xor_table,
)


@pytest.mark.parametrize("name", GENERATED)
def test_generated_sets_are_two_dimensional_and_seeded(name):
    a, b = generated(name, n=120, seed=7), generated(name, n=120, seed=7)
    np.testing.assert_array_equal(a.x, b.x)
    assert a.x.shape == (120, 2) and a.y.shape == (120,)
    assert set(np.unique(a.y)) == set(range(a.classes))
    assert not np.array_equal(a.x, generated(name, n=120, seed=8).x)
    assert np.abs(a.x).max() < 2.0


def test_xor_table_is_the_workshops():
    table = xor_table()
    np.testing.assert_array_equal(table.x[:, 2], 1.0)
    assert list(table.y) == [int(x1) ^ int(x2) for x1, x2 in table.x[:, :2]]


def test_digits_are_shipped():
    data = digits()
    assert data.x.shape == (1797, 64) and data.image_shape == (8, 8) and data.classes == 10
    assert data.x.min() == 0.0 and data.x.max() == 1.0
    assert np.bincount(data.y).min() >= 170


def test_the_split_is_seeded_and_disjoint():
    data = generated("moons", n=100)
    train, valid = split(data, 0.2, seed=3)
    again, _ = split(data, 0.2, seed=3)
    assert len(train) == 80 and len(valid) == 20
    np.testing.assert_array_equal(train.x, again.x)
    rows = {tuple(r) for r in train.x} | {tuple(r) for r in valid.x}
    assert len(rows) == 100
    assert split(data, 0.0)[1] is None
    with pytest.raises(DataError, match="leaves no training records"):
        split(xor_table(), 0.9)


def test_a_csv_with_a_header_and_the_label_last(tmp_path):
    path = tmp_path / "datos.csv"
    path.write_text("x1,x2,label\n0.5,1.0,1\n-1,2,0\n3,4,2\n", encoding="utf-8")
    data = load_file(path)
    np.testing.assert_array_equal(data.x, [[0.5, 1.0], [-1, 2], [3, 4]])
    assert list(data.y) == [1, 0, 2] and data.classes == 3


def test_an_npz_of_images(tmp_path):
    path = tmp_path / "imagenes.npz"
    np.savez(path, x=np.arange(2 * 3 * 3).reshape(2, 3, 3), y=np.array([0, 1]))
    data = load_file(path, scale=0.5)
    assert data.x.shape == (2, 9) and data.image_shape == (3, 3) and data.x[1, 0] == 4.5


def _idx(path, array: np.ndarray, code: int) -> None:
    header = bytes([0, 0, code, array.ndim]) + b"".join(
        int(n).to_bytes(4, "big") for n in array.shape)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wb") as f:
        f.write(header + array.astype(">u1" if code == 8 else ">f4").tobytes())


def test_mnist_idx_files_gzipped(tmp_path):
    images = np.random.default_rng(0).integers(0, 256, (5, 28, 28)).astype(np.uint8)
    labels = np.array([3, 1, 4, 1, 5], dtype=np.uint8)
    _idx(tmp_path / "train-images-idx3-ubyte.gz", images, 8)
    _idx(tmp_path / "train-labels-idx1-ubyte.gz", labels, 8)
    data = load_file(tmp_path / "train-images-idx3-ubyte.gz",
                     tmp_path / "train-labels-idx1-ubyte.gz", scale=1 / 255)
    assert data.x.shape == (5, 784) and data.image_shape == (28, 28)
    np.testing.assert_allclose(data.x[2], images[2].ravel() / 255)
    assert list(data.y) == [3, 1, 4, 1, 5]


@pytest.mark.parametrize("content, expected", [
    ("a,b\n", "no records"),
    ("1\n2\n", "at least two columns"),
    ("1,2\n3,x\n", "cannot be read"),
    ("1,2.5\n", "whole numbers"),
])
def test_bad_csv_files_say_what_and_where(tmp_path, content, expected):
    path = tmp_path / "malo.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=expected) as info:
        load_file(path)
    assert str(path) in str(info.value)


def test_a_truncated_idx_file_names_its_header(tmp_path):
    path = tmp_path / "images.idx"
    path.write_bytes(bytes([0, 0, 8, 1]) + (10).to_bytes(4, "big") + b"\x00" * 3)
    with pytest.raises(DataError, match=r"header says \[10\] values"):
        load_file(path, labels=path)


def test_layers_read_like_nn_sequential():
    layer = parse_layer("Linear(3, 4, bias=False)")
    assert layer.args == {"in_features": 3, "out_features": 4, "bias": False}
    assert layer.text == "Linear(3, 4, bias=False)"
    assert parse_layer("ReLU").text == "ReLU()"
    for bad, words in (("Linar(3, 4)", "unknown layer 'Linar'"), ("Linear(3)", "needs"),
                       ("Linear(3, 4, bais=True)", "no argument 'bais'"),
                       ("Linear(0, 4)", "from 1 to"), ("import os", "cannot read"),
                       ("Linear(3, x)", "must be a number")):
        with pytest.raises(ModelError, match=words):
            parse_layer(bad)


def test_models_start_from_their_own_seed():
    spec = ModelSpec(tuple(map(parse_layer, ("Linear(2, 5)", "Tanh()", "Linear(5, 1)"))),
                     "xavier", seed=9)
    a, b = build_model(spec, "float64"), build_model(spec, "float64")
    np.testing.assert_array_equal(a[0].weight.detach().numpy(), b[0].weight.detach().numpy())
    np.testing.assert_array_equal(a[0].bias.detach().numpy(), 0.0)
    assert a[0].weight.detach().numpy().dtype == np.float64
    wider = with_hidden(with_activation(spec, "ReLU"), 7)
    assert wider.text == "Sequential(Linear(2, 7), ReLU(), Linear(7, 1))"
    with pytest.raises(ModelError, match="takes 3 inputs"):
        build_model(ModelSpec((parse_layer("Linear(2, 4)"), parse_layer("Linear(3, 1)"))))
