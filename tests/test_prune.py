"""`nn.utils.prune` against PyTorch's: every method's mask (the random ones on torch's
replayed draws), the ``_orig`` parameter, ``_mask`` buffer and forward-pre-hook, containers
of several prunings, global pruning, a custom method, removal, and the errors."""

from __future__ import annotations

import pytest
import torch
from test_torch_corpus import assert_same_printout, run_both

PROGRAM = r'''
import torch
import torch.nn as nn
import torch.nn.utils.prune as prune

torch.manual_seed(0)
conv = nn.Conv2d(2, 4, 2)
lin = nn.Linear(5, 3)
print(prune.is_pruned(conv))
prune.random_structured(conv, "weight", amount=2, dim=1)
print(conv.weight_mask, prune.is_pruned(conv))
prune.ln_structured(conv, "weight", amount=0.5, n=1, dim=0)
print(conv.weight_mask, [type(m).__name__ for m in list(conv._forward_pre_hooks.values())[0]])
prune.random_unstructured(conv, "weight", amount=0.25)
print(conv.weight_mask, len(list(conv._forward_pre_hooks.values())[0]))
print(conv._forward_pre_hooks)
prune.identity(conv, "bias")
print(conv.bias_mask, [n for n, _ in conv.named_parameters()], [n for n, _ in conv.named_buffers()])
prune.l1_unstructured(lin, "weight", amount=4, importance_scores=torch.arange(15.).view(3, 5))
print(lin.weight)
with torch.no_grad():
    lin.weight_orig.fill_(2.0)
print(lin.weight.sum())
out = lin(torch.ones(1, 5))
print(lin.weight.sum(), out)
out.sum().backward()
print(lin.weight_orig.grad)
prune.remove(lin, "weight")
print([n for n, _ in lin.named_parameters()], list(lin.state_dict()), lin.weight)
prune.custom_from_mask(lin, "bias", torch.tensor([1.0, 0.0, 1.0]))
print(lin.bias)
model = nn.Sequential(nn.Linear(4, 3), nn.Linear(3, 2))
prune.global_unstructured([(model[0], "weight"), (model[1], "weight")],
                          pruning_method=prune.RandomUnstructured, amount=5)
print(model[0].weight_mask, model[1].weight_mask, prune.is_pruned(model))
print(prune.L1Unstructured(amount=0.5).prune(torch.tensor([0.1, -3.0, 2.0, 0.5])))


class EveryThird(prune.BasePruningMethod):
    PRUNING_TYPE = "unstructured"

    def compute_mask(self, t, default_mask):
        mask = default_mask.clone()
        mask.view(-1)[::3] = 0
        return mask


EveryThird.apply(model[1], "bias")
print(model[1].bias, model[1].bias_mask)
final = {"mask": conv.weight_mask, "weight": lin.weight}
'''


def test_pruning_behaves_as_torchs(monkeypatch):
    (ours, _), (theirs, _) = run_both(PROGRAM, monkeypatch)
    assert_same_printout(ours, theirs)


@pytest.mark.parametrize(("error", "call"), [
    (ValueError, lambda nn, prune: prune.l1_unstructured(nn.Linear(2, 2), "weight", 1.5)),
    (TypeError, lambda nn, prune: prune.l1_unstructured(nn.Linear(2, 2), "weight", "a")),
    (ValueError, lambda nn, prune: prune.l1_unstructured(nn.Linear(2, 2), "weight", 9)),
    (ValueError, lambda nn, prune: prune.ln_structured(nn.Linear(2, 2), "bias", 1, 2, 0)),
    (IndexError, lambda nn, prune: prune.random_structured(nn.Linear(2, 2), "weight", 1, 2)),
    (TypeError, lambda nn, prune: prune.global_unstructured(
        [(nn.Linear(2, 2), "weight")], pruning_method=prune.LnStructured, amount=1, n=2,
        dim=0)),
])
def test_errors_are_torchs(error, call):
    import gradviz.nn as gv_nn
    import gradviz.nn.utils.prune as gv_prune

    with pytest.raises(error) as theirs:
        call(torch.nn, torch.nn.utils.prune)
    with pytest.raises(error) as ours:
        call(gv_nn, gv_prune)
    assert str(ours.value).replace("gradviz", "torch") == str(theirs.value)


def test_a_failed_pruning_leaves_the_parameter_in_place():
    import gradviz.nn as gv_nn
    import gradviz.nn.utils.prune as gv_prune

    layer = gv_nn.Linear(2, 2)
    with pytest.raises(ValueError):
        gv_prune.l1_unstructured(layer, "weight", 9)
    assert [n for n, _ in layer.named_parameters()] == ["bias", "weight"]
    with pytest.raises(ValueError, match="has to be pruned before"):
        gv_prune.remove(layer, "weight")
