"""The Python API under wrong arguments: each mistake is one sentence that says what was
expected (``gradviz.draw(3.0)``, a PyTorch tensor, ``theme="neon"``, ``tensor("abc")``, a title
with a NUL in it, ``step=3``), never an AttributeError or a KeyError from deep inside."""

from __future__ import annotations

import numpy as np
import pytest

import gradviz

EXPECTED_ROOT = "gradviz draws the graph that computed a gradviz Tensor or Value"


@pytest.fixture(scope="module")
def loss():
    x = gradviz.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward()
    return y


@pytest.mark.parametrize("root", [3.0, None, "loss", [1.0], np.float64(2.0), np.ones(3),
                                  {"loss": 1}], ids=repr)
@pytest.mark.parametrize("call", ["draw", "show"])
def test_draw_and_show_say_what_they_draw(root, call, tmp_path):
    args = (root, tmp_path / "x.png") if call == "draw" else (root,)
    with pytest.raises(TypeError, match=EXPECTED_ROOT):
        getattr(gradviz, call)(*args)
    assert not (tmp_path / "x.png").exists()


def test_a_pytorch_tensor_is_named_as_such(tmp_path):
    torch = pytest.importorskip("torch")
    with pytest.raises(TypeError, match="this is a PyTorch Tensor: run the code with "
                                        "`import gradviz as torch`"):
        gradviz.draw(torch.tensor(1.0, requires_grad=True) * 2, tmp_path / "x.png")


@pytest.mark.parametrize(("option", "says"), [
    ({"theme": "neon"}, "theme='neon': the themes are 'light', 'dark'"),
    ({"theme": None}, "theme=None"),
    ({"lang": "fr"}, "lang='fr': the languages are"),
    ({"scale": float("nan")}, "scale=nan: give a number from 0.25 to 8"),
    ({"scale": 1e-9}, "scale=1e-09"),
    ({"scale": "2"}, "scale='2'"),
    ({"scale": True}, "scale=True"),
])
def test_draw_options_are_checked(loss, option, says, tmp_path):
    with pytest.raises(ValueError) as error:
        gradviz.draw(loss, tmp_path / "x.png", **option)
    assert says in str(error.value)
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize(("data", "error", "says"), [
    ("abc", TypeError, "got str 'abc'"),
    (b"x", TypeError, "got bytes"),
    (None, TypeError, "got NoneType"),
    ({"a": 1}, TypeError, "got dict"),
    (1j, TypeError, "complex numbers are not supported"),
    (np.array(["a"]), TypeError, "got ndarray"),
    ([[1, 2], [3]], ValueError, "equal lengths at every depth"),
    (np.array([1], dtype=np.uint16), TypeError, "this array holds uint16"),
])
def test_tensor_of_what_is_no_number(data, error, says):
    with pytest.raises(error, match="tensor\\(\\): expected|equal lengths|tensors hold") as e:
        gradviz.tensor(data)
    assert says in str(e.value)


def test_tensor_of_numbers_is_unchanged():
    assert gradviz.tensor(True).dtype == gradviz.bool
    assert gradviz.tensor([1.5, 2]).dtype == gradviz.float32
    assert gradviz.tensor(np.float64(2.0)).dtype == gradviz.float64
    assert gradviz.tensor([np.int64(3)]).dtype == gradviz.int64
    assert gradviz.tensor([1, 2], dtype=gradviz.float64).dtype == gradviz.float64


def test_a_graph_too_big_to_lay_out_is_refused_at_once_with_the_limit(tmp_path):
    from gradviz.graph.layout import MAX_LAYOUT_NODES, LayoutError

    x = gradviz.Value(0.5, label="x")
    y = x
    for _ in range(MAX_LAYOUT_NODES // 3 + 10):  # each step adds a constant, an op, a result
        y = y + 0.001
    with pytest.raises(LayoutError, match=f"more than the {MAX_LAYOUT_NODES:,}"):
        gradviz.draw(y, tmp_path / "big.png")
    assert not (tmp_path / "big.png").exists()


@pytest.mark.parametrize(("title", "error", "says"), [
    ("a\x00b", ValueError, "title='a\\x00b': a control character (U+0000) cannot be drawn"),
    ("step\x1b[31m", ValueError, "(U+001B)"),
    ("x\x7f", ValueError, "(U+007F)"),
    (3, TypeError, "title=3: a title is a string"),
    (b"bytes", TypeError, "title=b'bytes'"),
], ids=repr)
@pytest.mark.parametrize("call", ["draw", "show"])
def test_a_title_that_cannot_be_drawn_is_refused_by_name(loss, title, error, says, call,
                                                         tmp_path):
    args = (loss, tmp_path / "x.png") if call == "draw" else (loss,)
    with pytest.raises(error) as info:
        getattr(gradviz, call)(*args, title=title)
    assert says in str(info.value)
    assert not (tmp_path / "x.png").exists()


def test_a_title_with_new_lines_or_any_script_is_drawn(loss, tmp_path):
    for title in ("dos\nlíneas", "σ(z) \u202e RTL", "", None):
        assert gradviz.draw(loss, tmp_path / "x.png", title=title, scale=1).stat().st_size


@pytest.mark.parametrize(("option", "error", "says"), [
    ({"step": 3}, TypeError, 'step=3: a step is "end", "start", "forward:N" or "backward:N"'),
    ({"step": None}, TypeError, "step=None"),
    ({"path": 3}, TypeError, "path=3: give the PNG's file name"),
    ({"path": None}, TypeError, "path=None"),
    ({"path": "a\x00.png"}, ValueError, "a file name cannot hold a NUL character"),
], ids=repr)
def test_draw_names_a_wrong_path_or_step(loss, option, error, says, tmp_path):
    options = {"path": tmp_path / "x.png", **option}
    with pytest.raises(error) as info:
        gradviz.draw(loss, options.pop("path"), **options)
    assert says in str(info.value)
