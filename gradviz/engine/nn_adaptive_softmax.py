"""`nn.AdaptiveLogSoftmaxWithLoss`: Grave et al.'s adaptive softmax for large vocabularies.

The `cutoffs` split the classes by frequency: the first cutoffs[0] (the shortlist) and one
entry per tail cluster are scored by the ``head`` Linear; each cluster's own classes by a
small two-Linear ``tail`` projection (its width in_features / div_valueⁱ⁺¹).  A class's log-
probability is its head log-probability, or its cluster's plus its own within the cluster.
``forward(input, target)`` gives (output, loss): each target's log-probability and the mean
negative of them, as PyTorch's named tuple.  Every number comes from existing rows (linear,
log_softmax, gather, index writes), in PyTorch's order.
"""

from __future__ import annotations

from collections import namedtuple
from itertools import pairwise

from gradviz.engine import functional as F
from gradviz.engine.nn import Linear, Sequential
from gradviz.engine.nn_containers import ModuleList
from gradviz.engine.nn_modules import Module
from gradviz.engine.tensor import Tensor

__all__ = ["AdaptiveLogSoftmaxWithLoss"]

_ASMoutput = namedtuple("_ASMoutput", ["output", "loss"])


class AdaptiveLogSoftmaxWithLoss(Module):
    def __init__(self, in_features: int, n_classes: int, cutoffs, div_value: float = 4.0,
                 head_bias: bool = False, device=None, dtype=None) -> None:
        super().__init__()
        cutoffs = list(cutoffs)
        if len(cutoffs) == 0:
            raise ValueError("cutoffs should be a sequence of length larger than 0")
        if (cutoffs != sorted(cutoffs) or min(cutoffs) <= 0 or max(cutoffs) > n_classes - 1
                or len(set(cutoffs)) != len(cutoffs) or any(int(c) != c for c in cutoffs)):
            raise ValueError("cutoffs should be a sequence of unique, positive integers sorted "
                             "in an increasing order, where each value is between 1 and "
                             "n_classes-1")
        self.in_features, self.n_classes = in_features, n_classes
        self.cutoffs = [*cutoffs, n_classes]
        self.div_value, self.head_bias = div_value, head_bias
        self.shortlist_size = self.cutoffs[0]
        self.n_clusters = len(self.cutoffs) - 1
        self.head_size = self.shortlist_size + self.n_clusters
        options = {"device": device, "dtype": dtype}
        self.head = Linear(in_features, self.head_size, bias=head_bias, **options)
        self.tail = ModuleList()
        for i in range(self.n_clusters):
            width = int(in_features // (div_value ** (i + 1)))
            size = self.cutoffs[i + 1] - self.cutoffs[i]
            self.tail.append(Sequential(Linear(in_features, width, bias=False, **options),
                                        Linear(width, size, bias=False, **options)))

    def forward(self, input_: Tensor, target_: Tensor):
        if target_.dim() == 1:
            if input_.shape[0] != target_.shape[0]:
                raise RuntimeError("Input and target should have the same size in the batch "
                                   "dimension.")
            if input_.dim() != 2:
                raise RuntimeError("1D target tensor expects 2D input tensors, but found inputs "
                                   f"with size {input_.shape}")
        elif target_.dim() == 0:
            if input_.dim() != 1:
                raise RuntimeError("0D target tensor expects 1D input tensors, but found inputs "
                                   f"with size {input_.shape}")
        else:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        batched = target_.dim() > 0
        x = input_ if batched else input_.unsqueeze(0)
        target = target_ if batched else target_.unsqueeze(0)
        output = x.new_zeros(target.shape[0])
        gather_at = target.new_empty(target.shape[0])
        used, bounds = 0, [0, *self.cutoffs]
        for i, (low, high) in enumerate(pairwise(bounds)):
            in_cluster = (target >= low) & (target < high)
            rows = in_cluster.nonzero().squeeze(1)
            if rows.numel() == 0:
                continue
            if i == 0:  # the shortlist: the head scores the class itself
                gather_at = gather_at.index_copy(0, rows, target[in_cluster])
            else:  # the head scores the cluster, the tail the class within it
                gather_at = gather_at.index_fill(0, rows, self.shortlist_size + i - 1)
                own = F.log_softmax(self.tail[i - 1](x.index_select(0, rows)), dim=1)
                picked = own.gather(1, (target[in_cluster] - low).unsqueeze(1))
                output = output.index_copy(0, rows, picked.squeeze(1))
            used += rows.numel()
        if used != target.shape[0]:
            raise RuntimeError(f"Target values should be in [0, {self.n_classes - 1}], but "
                               f"values in range [{target.min().item()}, "
                               f"{target.max().item()}] were found. ")
        head = F.log_softmax(self.head(x), dim=1)
        output = output + head.gather(1, gather_at.unsqueeze(1)).squeeze()
        loss = (-output).mean()
        return _ASMoutput(output if batched else output.squeeze(0), loss)

    def _full_log_prob(self, x: Tensor, head_output: Tensor) -> Tensor:
        out = x.new_empty((head_output.shape[0], self.n_classes))
        head = F.log_softmax(head_output, dim=1)
        out[:, :self.shortlist_size] = head[:, :self.shortlist_size]
        for i, (start, stop) in enumerate(pairwise(self.cutoffs)):
            own = F.log_softmax(self.tail[i](x), dim=1)
            out[:, start:stop] = own + head[:, self.shortlist_size + i].unsqueeze(1)
        return out

    def log_prob(self, input: Tensor) -> Tensor:  # noqa: A002
        """Every class's log-probability, (N, n_classes) (or (n_classes,) unbatched)."""
        batched = input.dim() > 1
        x = input if batched else input.unsqueeze(0)
        out = self._full_log_prob(x, self.head(x))
        return out if batched else out.squeeze(0)

    def predict(self, input: Tensor) -> Tensor:  # noqa: A002
        """The most probable class of each example: ``log_prob(input).argmax(dim=1)``, with
        the tails scored only for the examples whose head prefers a cluster."""
        batched = input.dim() > 1
        x = input if batched else input.unsqueeze(0)
        head_output = self.head(x)
        output = head_output.argmax(dim=1)
        outside = output >= self.shortlist_size
        if outside.any():
            if outside.all():
                output = self._full_log_prob(x, head_output).argmax(dim=1)
            else:
                output[outside] = self._full_log_prob(x[outside],
                                                      head_output[outside]).argmax(dim=1)
        return output if batched else output.squeeze(0)
