"""`torch.save` / `torch.load`: round trips of tensors, containers, state dicts and optimizer
state; files PyTorch wrote; and clear errors naming the file for everything else."""

from __future__ import annotations

import pickle
import zipfile
from collections import OrderedDict

import numpy as np
import pytest
import torch

import gradviz as gv


def test_round_trip_of_tensors_and_containers(tmp_path):
    obj = {"w": gv.tensor([[1.5, -2.0]], requires_grad=True),
           "ints": gv.tensor([1, 2], dtype=gv.int64),
           "list": [1, 2.5, "a", None, True], "tuple": (gv.tensor(3.0),), 7: float("inf"),
           "array": np.arange(3), "dtype": gv.float64}
    gv.save(obj, tmp_path / "x.pt")
    back = gv.load(tmp_path / "x.pt")
    assert set(back) == set(obj)
    assert back["w"].requires_grad and back["w"].tolist() == [[1.5, -2.0]]
    assert back["ints"].dtype == gv.int64 and back["list"] == obj["list"]
    assert isinstance(back["tuple"], tuple) and back["tuple"][0].item() == 3.0
    assert back[7] == float("inf") and back["dtype"] == gv.float64
    np.testing.assert_array_equal(back["array"], np.arange(3))


def test_model_and_optimizer_state_dicts_round_trip(tmp_path):
    gv.manual_seed(0)
    model = gv.nn.Sequential(gv.nn.Linear(3, 4), gv.nn.ReLU(), gv.nn.Linear(4, 1))
    opt = gv.optim.Adam(model.parameters(), lr=0.01)
    model(gv.ones(2, 3)).sum().backward()
    opt.step()
    gv.save({"model": model.state_dict(), "opt": opt.state_dict()}, tmp_path / "ck.pt")
    ck = gv.load(tmp_path / "ck.pt")
    assert isinstance(ck["model"], OrderedDict) and list(ck["model"]) == list(model.state_dict())
    fresh = gv.nn.Sequential(gv.nn.Linear(3, 4), gv.nn.ReLU(), gv.nn.Linear(4, 1))
    fresh.load_state_dict(ck["model"])
    fresh_opt = gv.optim.Adam(fresh.parameters(), lr=0.5)
    fresh_opt.load_state_dict(ck["opt"])
    assert fresh_opt.param_groups[0]["lr"] == 0.01
    for a, b in zip(model.parameters(), fresh.parameters(), strict=True):
        assert gv.equal(a, b)
    state = fresh_opt.state_dict()["state"]
    assert sorted(state) == [0, 1, 2, 3] and int(state[0]["step"]) == 1


def test_a_file_pytorch_wrote_loads_without_running_pickle(tmp_path):
    torch.manual_seed(0)
    net = torch.nn.Linear(3, 2)
    torch.save({"model": net.state_dict(), "x": torch.arange(6.0).reshape(2, 3)[:, 1:],
                "epoch": 4, "p": torch.nn.Parameter(torch.ones(2))}, tmp_path / "t.pt")
    back = gv.load(tmp_path / "t.pt")
    np.testing.assert_array_equal(back["model"]["weight"].numpy(), net.weight.detach().numpy())
    assert back["x"].tolist() == [[1.0, 2.0], [4.0, 5.0]] and back["epoch"] == 4
    assert isinstance(back["p"], gv.nn.Parameter)
    # and a gradviz file is no PyTorch pickle: it has a JSON manifest
    gv.save(back, tmp_path / "g.pt")
    assert "gradviz.json" in zipfile.ZipFile(tmp_path / "g.pt").namelist()


class _Hostile:
    def __reduce__(self):
        return (print, ("HACKED",))


def test_a_hostile_pickle_is_refused_and_nothing_runs(tmp_path, capsys):
    path = tmp_path / "evil.pt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.pkl", pickle.dumps({"a": _Hostile()}, protocol=2))
    with pytest.raises(RuntimeError, match=r"evil\.pt asks to run (__builtin__|builtins)\.print"):
        gv.load(path)
    assert "HACKED" not in capsys.readouterr().out


def test_missing_truncated_and_foreign_files_name_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"nope\.pt: no such file"):
        gv.load(tmp_path / "nope.pt")
    gv.save({"w": gv.ones(100)}, tmp_path / "ok.pt")
    (tmp_path / "cut.pt").write_bytes((tmp_path / "ok.pt").read_bytes()[:300])
    with pytest.raises(RuntimeError, match=r"cut\.pt"):
        gv.load(tmp_path / "cut.pt")
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(RuntimeError, match=r"other\.zip is a zip archive, but not one"):
        gv.load(tmp_path / "other.zip")
    with zipfile.ZipFile(tmp_path / "bad.pt", "w") as archive:
        archive.writestr("gradviz.json", '{"format": "gradviz", "version": 1, "object": {"x": 1}}')
    with pytest.raises(RuntimeError, match=r"bad\.pt is damaged"):
        gv.load(tmp_path / "bad.pt")


def test_a_failed_save_names_the_file_and_keeps_the_old_one(tmp_path, monkeypatch):
    path = tmp_path / "keep.pt"
    gv.save({"v": 1}, path)
    before = path.read_bytes()
    with pytest.raises(RuntimeError, match=r"cannot write .*missing.*x\.pt"):
        gv.save({"v": 2}, tmp_path / "missing" / "x.pt")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", full_disk)
    with pytest.raises(RuntimeError, match=r"keep\.pt: No space left on device"):
        gv.save({"v": 3}, path)
    assert path.read_bytes() == before and not list(tmp_path.glob("*.partial"))


def test_objects_it_cannot_save_are_told_what_to_save(tmp_path):
    with pytest.raises(TypeError, match=r"whole Linear module.*state_dict\(\)"):
        gv.save(gv.nn.Linear(2, 2), tmp_path / "m.pt")
    with pytest.raises(TypeError, match=r"\['f'\] is a function"):
        gv.save({"f": lambda: 0}, tmp_path / "f.pt")
    assert not (tmp_path / "f.pt").exists()
