"""Optimizers that take the same steps as `torch.optim`: SGD, Adagrad, Adadelta, RMSprop, Adam(W).

Each update copies the arithmetic of PyTorch's ``_single_tensor_*`` function operation by
operation (same order, same scalars), so float64 trajectories agree with PyTorch's to the
last few bits.  Updates work in place on ``p._data`` with the array's own module (numpy or
cupy).  Each group carries PyTorch's keys in PyTorch's order, its implementation switches
(``foreach``, ``fused``, ``capturable``, ``differentiable``) included: accepted and kept, with
no effect on the arithmetic.  Per-parameter state sits in ``optimizer.state[p]`` under
PyTorch's keys (``momentum_buffer``, ``exp_avg``, ``exp_avg_sq``, …) as gradviz tensors, so
a view can show the momentum buffer, m and v along a trajectory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from gradviz.engine.autograd import enable_grad
from gradviz.engine.backend import array_module
from gradviz.engine.tensor import Tensor

ParamsT = Iterable[Tensor] | Iterable[dict[str, Any]]

# What `gradviz.optim` offers (with optim_more.py's and optim_lbfgs.py's lists): adding an
# optimizer is its class and its name in one of them.
__all__ = ["SGD", "Adadelta", "Adagrad", "Adam", "AdamW", "Optimizer", "RMSprop"]


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise ValueError(message)


def _full_like(array, fill: float = 0.0) -> Tensor:
    return Tensor._wrap(array_module(array).full_like(array, fill))


def _step_counter() -> Tensor:
    # PyTorch keeps `step` as a float32 scalar tensor on the CPU.
    return Tensor._wrap(np.zeros((), dtype=np.float32))


def _advance(state: dict) -> float:
    state["step"]._data += 1
    return float(state["step"]._data)


def _lerp_(start, end, weight: float) -> None:
    """start ← lerp(start, end, weight), with ATen's two branches for accuracy."""
    if abs(weight) < 0.5:
        # start += weight·(end − start), in one scratch array: the same products, bit for bit.
        step = end - start
        step *= weight
        start += step
    else:
        start[...] = end - (end - start) * (1 - weight)


PIECE = 65_536  # elements: an update's dozen passes run over a piece that stays in the cache


def _pieces(xp, *arrays):
    """The arrays, or for big contiguous numpy ones, the same flat pieces of each in turn.

    An elementwise update gives every element the same bits whether it runs over the whole
    array or a piece at a time; a piece at a time, each of its passes reads what the pass
    before wrote from the cache, not from memory (a 784 × 512 layer's Adam step: a third
    less time).  Views: what is written into a piece lands in the array."""
    size = arrays[0].size
    if xp is not np or size <= 2 * PIECE or not all(
            a.flags.c_contiguous and a.size == size for a in arrays):
        yield arrays
        return
    flat = [a.reshape(-1) for a in arrays]
    for start in range(0, size, PIECE):
        yield tuple(a[start:start + PIECE] for a in flat)


def _loaded(value, param: Tensor, key: str | None):
    """A saved state value, copied; as in PyTorch, floating tensors other than ``step`` take
    the parameter's dtype (NAdam's float32 ``mu_product`` comes back float64 for a float64
    parameter), and lists (L-BFGS's history) are copied tensor by tensor."""
    if isinstance(value, list | tuple):
        return type(value)(_loaded(v, param, None) for v in value)
    if not isinstance(value, Tensor):
        return value
    array = value._data.copy()
    if key != "step" and array.dtype.kind == "f" and param._data.dtype.kind == "f":
        array = array.astype(param._data.dtype, copy=False)
    return Tensor._wrap(array)


class Optimizer:
    """Holds ``param_groups`` (dicts of params and hyper-parameters) and per-param ``state``."""

    def __init__(self, params: ParamsT, defaults: dict[str, Any]) -> None:
        self.defaults = defaults
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of "
                            f"Tensors or dicts, but got {type(params).__name__}")
        self.state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        self.param_groups: list[dict[str, Any]] = []
        groups = list(params)
        if not groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        params = param_group["params"]
        if isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, "
                            "but the ordering of tensors in sets will change between runs. "
                            "Please use a list instead.")
        params = [params] if isinstance(params, Tensor) else list(params)
        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is "
                                + type(p).__name__)
            if not p.is_leaf:
                raise ValueError("can't optimize a non-leaf Tensor")
        seen = {id(p) for group in self.param_groups for p in group["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        group = {**param_group, "params": params}
        for name, default in self.defaults.items():
            group.setdefault(name, default)
        self.param_groups.append(group)

    def zero_grad(self, set_to_none: bool = True) -> None:
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                if set_to_none:
                    p.grad = None
                else:
                    p.grad.zero_()

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One update of every parameter that has a gradient; returns closure()'s loss."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    grad = p.grad._data
                    # kept only once it holds something: SGD without momentum keeps no state
                    state = self.state.get(p, {})
                    self._update(p._data, -grad if group["maximize"] else grad, state, group)
                    if state and p not in self.state:
                        self.state[p] = state
        return loss

    def _update(self, param, grad, state: dict, group: dict) -> None:
        raise NotImplementedError

    def state_dict(self) -> dict[str, Any]:
        """State and groups with parameters replaced by their index, as PyTorch packs them."""
        index = {}
        groups = []
        for group in self.param_groups:
            ids = []
            for p in group["params"]:
                index.setdefault(id(p), len(index))
                ids.append(index[id(p)])
            packed = {k: v for k, v in group.items() if k != "params"}
            packed["params"] = ids  # last, as PyTorch packs it
            groups.append(packed)
        state = {index[id(p)]: dict(s) for p, s in self.state.items() if id(p) in index}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        params = [p for group in self.param_groups for p in group["params"]]
        saved = state_dict["param_groups"]
        if len(saved) != len(self.param_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        self.state = defaultdict(dict)
        for i, s in state_dict["state"].items():
            self.state[params[i]] = {k: _loaded(v, params[i], k) for k, v in s.items()}
        for group, saved_group in zip(self.param_groups, saved, strict=True):
            group.update({k: v for k, v in saved_group.items() if k != "params"})

    def __repr__(self) -> str:
        text = type(self).__name__ + " ("
        for i, group in enumerate(self.param_groups):
            text += f"\nParameter Group {i}\n"
            for key in sorted(group):
                if key != "params":
                    text += f"    {key}: {group[key]}\n"
        return text + ")"


class SGD(Optimizer):
    """p ← p − lr·g, with optional weight decay, (dampened, Nesterov) momentum."""

    def __init__(self, params: ParamsT, lr: float = 1e-3, momentum: float = 0,
                 dampening: float = 0, weight_decay: float = 0, nesterov: bool = False, *,
                 maximize: bool = False, foreach: bool | None = None,
                 differentiable: bool = False, fused: bool | None = None) -> None:
        _check(lr >= 0.0, f"Invalid learning rate: {lr}")
        _check(momentum >= 0.0, f"Invalid momentum value: {momentum}")
        _check(weight_decay >= 0.0, f"Invalid weight_decay value: {weight_decay}")
        _check(not (nesterov and (momentum <= 0 or dampening != 0)),
               "Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov,
                                      maximize=maximize, foreach=foreach,
                                      differentiable=differentiable, fused=fused))

    def _update(self, param, grad, state, group) -> None:
        lr, momentum, wd = group["lr"], group["momentum"], group["weight_decay"]
        if wd != 0:
            grad = grad + wd * param
        if momentum != 0:
            if "momentum_buffer" not in state:
                buf = grad.copy()
                state["momentum_buffer"] = Tensor._wrap(buf)
            else:
                buf = state["momentum_buffer"]._data
                buf *= momentum
                buf += (1 - group["dampening"]) * grad
            grad = grad + momentum * buf if group["nesterov"] else buf
        param += -lr * grad


class Adagrad(Optimizer):
    """Per-coordinate steps lr/(√Σg² + eps), optionally decaying lr as lr/(1 + (t−1)·decay)."""

    def __init__(self, params: ParamsT, lr: float = 1e-2, lr_decay: float = 0,
                 weight_decay: float = 0, initial_accumulator_value: float = 0,
                 eps: float = 1e-10, foreach: bool | None = None, *, maximize: bool = False,
                 differentiable: bool = False, fused: bool | None = None) -> None:
        _check(lr >= 0.0, f"Invalid learning rate: {lr}")
        _check(lr_decay >= 0.0, f"Invalid lr_decay value: {lr_decay}")
        _check(weight_decay >= 0.0, f"Invalid weight_decay value: {weight_decay}")
        _check(initial_accumulator_value >= 0.0,
               f"Invalid initial_accumulator_value value: {initial_accumulator_value}")
        _check(eps >= 0.0, f"Invalid epsilon value: {eps}")
        super().__init__(params, dict(lr=lr, lr_decay=lr_decay, eps=eps,
                                      weight_decay=weight_decay,
                                      initial_accumulator_value=initial_accumulator_value,
                                      foreach=foreach, maximize=maximize,
                                      differentiable=differentiable, fused=fused))
        # PyTorch fills Adagrad's state at construction, not at the first step.
        for group in self.param_groups:
            for p in group["params"]:
                self.state[p]["step"] = _step_counter()
                self.state[p]["sum"] = _full_like(p._data, group["initial_accumulator_value"])

    def _update(self, param, grad, state, group) -> None:
        xp = array_module(param)
        step = _advance(state)
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * param
        clr = group["lr"] / (1 + (step - 1) * group["lr_decay"])
        state_sum = state["sum"]._data
        state_sum += grad * grad
        std = xp.sqrt(state_sum) + group["eps"]
        param += -clr * grad / std


class Adadelta(Optimizer):
    """Steps of size √(E[Δ²] + eps)/√(E[g²] + eps)·g: units match, lr is just a scale."""

    def __init__(self, params: ParamsT, lr: float = 1.0, rho: float = 0.9, eps: float = 1e-6,
                 weight_decay: float = 0, foreach: bool | None = None, *,
                 capturable: bool = False, maximize: bool = False,
                 differentiable: bool = False) -> None:
        _check(lr >= 0.0, f"Invalid learning rate: {lr}")
        _check(0.0 <= rho <= 1.0, f"Invalid rho value: {rho}")
        _check(eps >= 0.0, f"Invalid epsilon value: {eps}")
        _check(weight_decay >= 0.0, f"Invalid weight_decay value: {weight_decay}")
        super().__init__(params, dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay,
                                      maximize=maximize, capturable=capturable,
                                      foreach=foreach, differentiable=differentiable))

    def _update(self, param, grad, state, group) -> None:
        xp = array_module(param)
        if not state:
            state.update(step=_step_counter(), square_avg=_full_like(param),
                         acc_delta=_full_like(param))
        rho, eps = group["rho"], group["eps"]
        _advance(state)
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * param
        square_avg, acc_delta = state["square_avg"]._data, state["acc_delta"]._data
        square_avg *= rho
        square_avg += (1 - rho) * grad * grad
        std = xp.sqrt(square_avg + eps)
        delta = xp.sqrt(acc_delta + eps) / std * grad
        acc_delta *= rho
        acc_delta += (1 - rho) * delta * delta
        param += -group["lr"] * delta


class RMSprop(Optimizer):
    """Divides g by a running RMS of past gradients (centered: by their running std)."""

    def __init__(self, params: ParamsT, lr: float = 1e-2, alpha: float = 0.99,
                 eps: float = 1e-8, weight_decay: float = 0, momentum: float = 0,
                 centered: bool = False, capturable: bool = False,
                 foreach: bool | None = None, maximize: bool = False,
                 differentiable: bool = False) -> None:
        _check(lr >= 0.0, f"Invalid learning rate: {lr}")
        _check(eps >= 0.0, f"Invalid epsilon value: {eps}")
        _check(momentum >= 0.0, f"Invalid momentum value: {momentum}")
        _check(weight_decay >= 0.0, f"Invalid weight_decay value: {weight_decay}")
        _check(alpha >= 0.0, f"Invalid alpha value: {alpha}")
        super().__init__(params, dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps,
                                      centered=centered, weight_decay=weight_decay,
                                      capturable=capturable, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable))

    def _update(self, param, grad, state, group) -> None:
        xp = array_module(param)
        alpha, momentum = group["alpha"], group["momentum"]
        if not state:
            state.update(step=_step_counter(), square_avg=_full_like(param))
            if momentum > 0:
                state["momentum_buffer"] = _full_like(param)
            if group["centered"]:
                state["grad_avg"] = _full_like(param)
        _advance(state)
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * param
        square_avg = state["square_avg"]._data
        square_avg *= alpha
        square_avg += (1 - alpha) * grad * grad
        if group["centered"]:
            grad_avg = state["grad_avg"]._data
            _lerp_(grad_avg, grad, 1 - alpha)
            avg = xp.sqrt(square_avg - grad_avg * grad_avg)
        else:
            avg = xp.sqrt(square_avg)
        avg += group["eps"]
        if momentum > 0:
            buf = state["momentum_buffer"]._data
            buf *= momentum
            buf += grad / avg
            param += -group["lr"] * buf
        else:
            param += -group["lr"] * grad / avg


class Adam(Optimizer):
    """m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − lr·m̂/(√v̂ + eps) with bias correction."""

    def __init__(self, params: ParamsT, lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, amsgrad: bool = False, *,
                 foreach: bool | None = None, maximize: bool = False,
                 capturable: bool = False, differentiable: bool = False,
                 fused: bool | None = None, decoupled_weight_decay: bool = False) -> None:
        _check(lr >= 0.0, f"Invalid learning rate: {lr}")
        _check(eps >= 0.0, f"Invalid epsilon value: {eps}")
        _check(0.0 <= betas[0] < 1.0, f"Invalid beta parameter at index 0: {betas[0]}")
        _check(0.0 <= betas[1] < 1.0, f"Invalid beta parameter at index 1: {betas[1]}")
        _check(weight_decay >= 0.0, f"Invalid weight_decay value: {weight_decay}")
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps,
                                      weight_decay=weight_decay, amsgrad=amsgrad,
                                      maximize=maximize, foreach=foreach,
                                      capturable=capturable, differentiable=differentiable,
                                      fused=fused,
                                      decoupled_weight_decay=decoupled_weight_decay))

    def _update(self, param, grad, state, group) -> None:
        xp = array_module(param)
        lr, (beta1, beta2), wd = group["lr"], group["betas"], group["weight_decay"]
        if not state:
            state.update(step=_step_counter(), exp_avg=_full_like(param),
                         exp_avg_sq=_full_like(param))
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = _full_like(param)
        step = _advance(state)
        if wd != 0:
            if group["decoupled_weight_decay"]:
                param *= 1 - lr * wd
            else:
                grad = grad + wd * param
        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        step_size = lr / bias_correction1
        bias_correction2_sqrt = bias_correction2**0.5
        arrays = [param, grad, state["exp_avg"]._data, state["exp_avg_sq"]._data]
        if group["amsgrad"]:
            arrays.append(state["max_exp_avg_sq"]._data)
        for param, grad, exp_avg, exp_avg_sq, *max_sq in _pieces(xp, *arrays):
            _adam_piece(xp, param, grad, exp_avg, exp_avg_sq, max_sq[0] if max_sq else None,
                        beta1, beta2, step_size, bias_correction2_sqrt, group["eps"])


def _adam_piece(xp, param, grad, exp_avg, exp_avg_sq, max_sq, beta1: float, beta2: float,
                step_size: float, bias_correction2_sqrt: float, eps: float) -> None:
    _lerp_(exp_avg, grad, 1 - beta1)
    # The same operations in the same order as PyTorch's, written in place with `out=`
    # into two scratch arrays (`scratch`, `denom`) instead of one temporary per operator:
    # (1 − β₂)·g·g, √v/√(1 − β₂ᵗ) + eps and −step_size·m/denom keep their exact bits.
    exp_avg_sq *= beta2
    scratch = xp.multiply(grad, 1 - beta2, out=xp.empty_like(grad))  # an array even 0-d
    scratch *= grad
    exp_avg_sq += scratch
    if max_sq is not None:
        xp.maximum(max_sq, exp_avg_sq, out=max_sq)
        denom = xp.sqrt(max_sq)
    else:
        denom = xp.sqrt(exp_avg_sq)
    denom /= bias_correction2_sqrt
    denom += eps
    xp.multiply(exp_avg, -step_size, out=scratch)
    scratch /= denom
    param += scratch


class AdamW(Adam):
    """Adam with decoupled weight decay: p ← p·(1 − lr·λ) before the Adam step."""

    def __init__(self, params: ParamsT, lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2, amsgrad: bool = False, *,
                 maximize: bool = False, foreach: bool | None = None,
                 capturable: bool = False, differentiable: bool = False,
                 fused: bool | None = None) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize=maximize,
                         foreach=foreach, capturable=capturable,
                         differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)
