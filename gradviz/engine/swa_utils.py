"""`torch.optim.swa_utils`: stochastic weight averaging and EMA models, as PyTorch does them.

``swa_model = AveragedModel(model)`` keeps a copy of the model whose parameters are the
running mean of the ones it is shown (``swa_model.update_parameters(model)`` after each
epoch), or an exponential moving average with ``multi_avg_fn=get_ema_multi_avg_fn(0.999)``;
``SWALR`` anneals each group's lr to ``swa_lr`` over ``anneal_epochs`` epochs (cosine or
linear); ``update_bn(loader, swa_model)`` recomputes batch-norm statistics for the averaged
weights with one pass over the data.  On the CPU PyTorch averages one tensor at a time,
a + (x − a)/(n + 1), and so does this, so the averaged weights are PyTorch's.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterable
from typing import Any

from gradviz.engine import creation
from gradviz.engine.autograd import no_grad
from gradviz.engine.lr_scheduler import LRScheduler
from gradviz.engine.lr_scheduler_cyclic import _per_group
from gradviz.engine.nn_layers import _BatchNorm
from gradviz.engine.nn_modules import Module
from gradviz.engine.optim import Optimizer, _lerp_
from gradviz.engine.tensor import Tensor

__all__ = ["SWALR", "AveragedModel", "get_ema_avg_fn", "get_ema_multi_avg_fn",
           "get_swa_avg_fn", "get_swa_multi_avg_fn", "update_bn"]


def _check_decay(decay: float) -> None:
    if decay < 0.0 or decay > 1.0:
        raise ValueError(f"Invalid decay value {decay} provided. Please provide a value in "
                         "[0,1] range.")


def get_ema_multi_avg_fn(decay: float = 0.999) -> Callable:
    """In place on lists of tensors: a ← lerp(a, x, 1 − decay)."""
    _check_decay(decay)

    def ema_update(averaged: list[Tensor], current: list[Tensor], _num_averaged) -> None:
        for a, x in zip(averaged, current, strict=True):
            _lerp_(a._data, x._data, 1 - decay)

    return ema_update


def get_swa_multi_avg_fn() -> Callable:
    """In place on lists of tensors: a ← lerp(a, x, 1/(n + 1)), the running mean."""

    def swa_update(averaged: list[Tensor], current: list[Tensor], num_averaged) -> None:
        weight = 1 / (int(num_averaged) + 1)
        for a, x in zip(averaged, current, strict=True):
            _lerp_(a._data, x._data, weight)

    return swa_update


def get_ema_avg_fn(decay: float = 0.999) -> Callable:
    """One tensor's new EMA: decay·a + (1 − decay)·x."""
    _check_decay(decay)

    def ema_update(averaged: Tensor, current: Tensor, _num_averaged) -> Tensor:
        return decay * averaged + (1 - decay) * current

    return ema_update


def get_swa_avg_fn() -> Callable:
    """One tensor's new running mean: a + (x − a)/(n + 1)."""

    def swa_update(averaged: Tensor, current: Tensor, num_averaged) -> Tensor:
        return averaged + (current - averaged) / (num_averaged + 1)

    return swa_update


class AveragedModel(Module):
    """A deep copy of ``model`` (``.module``) whose parameters average those it is shown;
    ``n_averaged`` (an int64 buffer) counts them.  Calling it runs the copy."""

    def __init__(self, model: Module, device: object = None, avg_fn: Callable | None = None,
                 multi_avg_fn: Callable | None = None, use_buffers: bool = False) -> None:
        super().__init__()
        if avg_fn is not None and multi_avg_fn is not None:
            raise AssertionError("Only one of avg_fn and multi_avg_fn should be provided")
        self.module = copy.deepcopy(model)
        if device is not None:
            self.module = self.module.to(device)
        self.register_buffer("n_averaged", creation.tensor(0, device=device))
        self.avg_fn = avg_fn
        self.multi_avg_fn = multi_avg_fn
        self.use_buffers = use_buffers

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return self.module(*args, **kwargs)

    def _averaged(self, model: Module) -> tuple[list[Tensor], list[Tensor]]:
        """The tensors averaged and the model's, pair by pair (buffers too with use_buffers;
        like PyTorch's, the pairing stops at the shorter list)."""
        if self.use_buffers:
            mine = [*self.module.parameters(), *self.module.buffers()]
            theirs = [*model.parameters(), *model.buffers()]
        else:
            mine, theirs = list(self.parameters()), list(model.parameters())
        pairs = list(zip(mine, theirs, strict=False))
        return [a.detach() for a, _ in pairs], [x.detach() for _, x in pairs]

    def update_parameters(self, model: Module) -> None:
        """Fold ``model``'s current parameters into the average (the first call copies)."""
        averaged, current = self._averaged(model)
        n = int(self.n_averaged._data)
        with no_grad():
            if n == 0:
                for a, x in zip(averaged, current, strict=True):
                    a._data[...] = x._data
            elif self.multi_avg_fn is not None:
                self.multi_avg_fn(averaged, current, self.n_averaged)
            else:
                avg_fn = self.avg_fn or get_swa_avg_fn()
                for a, x in zip(averaged, current, strict=True):
                    a._data[...] = avg_fn(a, x, self.n_averaged)._data
            if not self.use_buffers:
                # buffers not averaged follow the model's (batch-norm statistics)
                for mine, theirs in zip(self.module.buffers(), model.buffers(), strict=True):
                    mine._data[...] = theirs._data
        self.n_averaged._data[...] += 1


def update_bn(loader: Iterable[Any], model: Module, device: object = None) -> None:
    """Recompute every batch norm's running mean and variance over one pass of ``loader``:
    statistics reset, momentum None (a cumulative average), the model in train mode for the
    pass and back to its mode after.  A batch that is a list or tuple gives its first item."""
    momenta = {}
    for module in model.modules():
        if isinstance(module, _BatchNorm):
            module.reset_running_stats()
            momenta[module] = module.momentum
    if not momenta:
        return
    was_training = model.training
    model.train()
    for module in momenta:
        module.momentum = None
    with no_grad():
        for batch in loader:
            if isinstance(batch, list | tuple):
                batch = batch[0]
            if device is not None:
                batch = batch.to(device)
            model(batch)
    for module, momentum in momenta.items():
        module.momentum = momentum
    model.train(was_training)


class SWALR(LRScheduler):
    """Anneals each group's lr from its value to ``swa_lr`` over ``anneal_epochs`` epochs
    (``"cos"``: along half a cosine; ``"linear"``), then keeps it at ``swa_lr``."""

    def __init__(self, optimizer: Optimizer, swa_lr: float | list[float],
                 anneal_epochs: int = 10, anneal_strategy: str = "cos",
                 last_epoch: int = -1) -> None:
        for value, group in zip(_per_group("swa_lr", optimizer, swa_lr),
                                optimizer.param_groups, strict=True):
            group["swa_lr"] = value
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError("anneal_strategy must be one of 'cos' or 'linear', instead got "
                             f"{anneal_strategy}")
        self._anneal_strategy = anneal_strategy
        if not isinstance(anneal_epochs, int) or anneal_epochs < 0:
            raise ValueError(f"anneal_epochs must be equal or greater than 0, got "
                             f"{anneal_epochs}")
        self.anneal_epochs = anneal_epochs
        super().__init__(optimizer, last_epoch)

    def anneal_func(self, t: float) -> float:
        """How far along, from 0 to 1, the anneal is at fraction t of its epochs."""
        return (1 - math.cos(math.pi * t)) / 2 if self._anneal_strategy == "cos" else t

    def get_lr(self) -> list[float]:
        # Chainable: the lr the schedule started from is recovered from the current one
        # and the previous epoch's α, then moved to this epoch's α.
        step = self._step_count - 1
        if self.anneal_epochs == 0:
            step = max(1, step)
        prev_alpha = self.anneal_func(max(0, min(1, (step - 1) / max(1, self.anneal_epochs))))
        alpha = self.anneal_func(max(0, min(1, step / max(1, self.anneal_epochs))))
        lrs = []
        for group in self.optimizer.param_groups:
            lr, swa_lr = group["lr"], group["swa_lr"]
            start = swa_lr if prev_alpha == 1 else (lr - prev_alpha * swa_lr) / (1 - prev_alpha)
            lrs.append(swa_lr * alpha + start * (1 - alpha))
        return lrs

    def state_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "optimizer"}
