"""More of `torch.optim`, taking PyTorch's steps: Adamax, NAdam, RAdam, ASGD, Rprop, Adafactor
(and SparseAdam, which gradviz's gradients, all dense, never reach).

The same contract as `optim.py`: each update does the arithmetic of PyTorch's
``_single_tensor_*`` function in the same order with the same scalars, in place on the
backend arrays; groups carry PyTorch's keys in PyTorch's order; ``optimizer.state[p]`` holds
PyTorch's keys (``exp_inf``, ``mu_product``, ``eta``, ``ax``, ``step_size``, ``row_var``, …).
Scalars PyTorch keeps as float32 tensors (``step``, NAdam's ``mu_product``, ASGD's ``eta``
and ``mu``) are float32 here too, since their rounding is part of the trajectory.
"""

from __future__ import annotations

import numpy as np

from gradviz.engine.backend import array_module
from gradviz.engine.optim import (
    Optimizer,
    ParamsT,
    _advance,
    _check,
    _full_like,
    _lerp_,
    _step_counter,
)
from gradviz.engine.tensor import Tensor

__all__ = ["ASGD", "Adafactor", "Adamax", "NAdam", "RAdam", "Rprop", "SparseAdam"]


def _check_adam_like(lr: float, betas, eps: float, weight_decay: float) -> None:
    _check(lr >= 0.0, f"Invalid learning rate: {lr}")
    _check(eps >= 0.0, f"Invalid epsilon value: {eps}")
    _check(0.0 <= betas[0] < 1.0, f"Invalid beta parameter at index 0: {betas[0]}")
    _check(0.0 <= betas[1] < 1.0, f"Invalid beta parameter at index 1: {betas[1]}")
    _check(weight_decay >= 0.0, f"Invalid weight_decay value: {weight_decay}")


def _float32_scalar(value: float) -> Tensor:
    return Tensor._wrap(np.full((), value, dtype=np.float32))


def _moments(xp, exp_avg, exp_avg_sq, grad, beta1: float, beta2: float) -> None:
    """m ← lerp(m, g, 1−β₁), v ← β₂v + (1−β₂)·g·g, as PyTorch's lerp_ and addcmul_."""
    _lerp_(exp_avg, grad, 1 - beta1)
    exp_avg_sq *= beta2
    exp_avg_sq += xp.multiply(grad, 1 - beta2) * grad


def _decay(param, grad, lr: float, weight_decay: float, decoupled: bool):
    """L2 decay goes into the gradient; decoupled decay shrinks the parameter (AdamW's way)."""
    if weight_decay == 0:
        return grad
    if decoupled:
        param *= 1 - lr * weight_decay
        return grad
    return grad + weight_decay * param


class Adamax(Optimizer):
    """Adam with the infinity norm: u ← max(β₂u, |g| + eps), p ← p − lr/(1−β₁ᵗ)·m/u."""

    def __init__(self, params: ParamsT, lr: float = 2e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, foreach: bool | None = None, *,
                 maximize: bool = False, differentiable: bool = False,
                 capturable: bool = False) -> None:
        _check_adam_like(lr, betas, eps, weight_decay)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      foreach=foreach, maximize=maximize,
                                      differentiable=differentiable, capturable=capturable))

    def _update(self, param, grad, state, group) -> None:
        xp = array_module(param)
        beta1, beta2 = group["betas"]
        if not state:
            state.update(step=_step_counter(), exp_avg=_full_like(param),
                         exp_inf=_full_like(param))
        step = _advance(state)
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * param
        exp_avg, exp_inf = state["exp_avg"]._data, state["exp_inf"]._data
        _lerp_(exp_avg, grad, 1 - beta1)
        exp_inf *= beta2
        xp.maximum(exp_inf, xp.abs(grad) + group["eps"], out=exp_inf)
        clr = group["lr"] / (1 - beta1**step)
        param += xp.multiply(exp_avg, -clr) / exp_inf


class NAdam(Optimizer):
    """Adam with Nesterov momentum: the step looks ahead with μₜ₊₁, μ warming up as
    μₜ = β₁(1 − ½·0.96^(t·momentum_decay))."""

    def __init__(self, params: ParamsT, lr: float = 2e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, momentum_decay: float = 4e-3,
                 decoupled_weight_decay: bool = False, *, foreach: bool | None = None,
                 maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False) -> None:
        _check_adam_like(lr, betas, eps, weight_decay)
        _check(momentum_decay >= 0.0, f"Invalid momentum_decay value: {momentum_decay}")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      momentum_decay=momentum_decay,
                                      decoupled_weight_decay=decoupled_weight_decay,
                                      maximize=maximize, foreach=foreach,
                                      capturable=capturable, differentiable=differentiable))

    def _update(self, param, grad, state, group) -> None:
        xp = array_module(param)
        lr, (beta1, beta2), decay = group["lr"], group["betas"], group["momentum_decay"]
        if not state:
            state.update(step=_step_counter(), mu_product=_float32_scalar(1.0),
                         exp_avg=_full_like(param), exp_avg_sq=_full_like(param))
        step = _advance(state)
        bias_correction2 = 1 - beta2**step
        grad = _decay(param, grad, lr, group["weight_decay"], group["decoupled_weight_decay"])
        mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * decay)))
        mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * decay)))
        state["mu_product"]._data *= mu  # a float32 product, as PyTorch keeps it
        mu_product = float(state["mu_product"]._data)
        exp_avg, exp_avg_sq = state["exp_avg"]._data, state["exp_avg_sq"]._data
        _moments(xp, exp_avg, exp_avg_sq, grad, beta1, beta2)
        denom = xp.sqrt(exp_avg_sq / bias_correction2)
        denom += group["eps"]
        # the gradient's share (1 − μₜ) and the momentum's share μₜ₊₁, each bias-corrected
        # by the product of the μ's so far
        param += xp.multiply(grad, -lr * (1.0 - mu) / (1.0 - mu_product)) / denom
        param += xp.multiply(exp_avg, (-lr * mu_next) / (1.0 - mu_product * mu_next)) / denom


class RAdam(Optimizer):
    """Adam whose adaptive step is switched on, and rectified, once the variance estimate
    has enough samples (ρₜ > 5); before that it is SGD with bias-corrected momentum."""

    def __init__(self, params: ParamsT, lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, decoupled_weight_decay: bool = False, *,
                 foreach: bool | None = None, maximize: bool = False,
                 capturable: bool = False, differentiable: bool = False) -> None:
        _check_adam_like(lr, betas, eps, weight_decay)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      maximize=maximize, foreach=foreach,
                                      capturable=capturable,
                                      decoupled_weight_decay=decoupled_weight_decay,
                                      differentiable=differentiable))

    def _update(self, param, grad, state, group) -> None:
        xp = array_module(param)
        lr, (beta1, beta2) = group["lr"], group["betas"]
        if not state:
            state.update(step=_step_counter(), exp_avg=_full_like(param),
                         exp_avg_sq=_full_like(param))
        step = _advance(state)
        grad = _decay(param, grad, lr, group["weight_decay"], group["decoupled_weight_decay"])
        exp_avg, exp_avg_sq = state["exp_avg"]._data, state["exp_avg_sq"]._data
        _moments(xp, exp_avg, exp_avg_sq, grad, beta1, beta2)
        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        corrected = exp_avg / bias_correction1
        # ρ: the length of the simple moving average that the EMA of g² approximates
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2**step) / bias_correction2
        if rho_t > 5.0:
            rect = ((rho_t - 4) * (rho_t - 2) * rho_inf
                    / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
            root = xp.sqrt(exp_avg_sq)
            root += group["eps"]
            # c / tensor is reciprocal(tensor) · c in PyTorch: the same rounding here
            adaptive_lr = (1 / root) * bias_correction2**0.5
            param -= xp.multiply(corrected, lr) * adaptive_lr * rect
        else:
            param -= xp.multiply(corrected, lr)


class ASGD(Optimizer):
    """SGD with decaying steps ηₜ = lr/(1 + λ·lr·t)^α and, from step t0 on, a running
    average ``ax`` of the iterates (Polyak–Ruppert averaging)."""

    def __init__(self, params: ParamsT, lr: float = 1e-2, lambd: float = 1e-4,
                 alpha: float = 0.75, t0: float = 1e6, weight_decay: float = 0,
                 foreach: bool | None = None, maximize: bool = False,
                 differentiable: bool = False, capturable: bool = False) -> None:
        _check(lr >= 0.0, f"Invalid learning rate: {lr}")
        _check(weight_decay >= 0.0, f"Invalid weight_decay value: {weight_decay}")
        super().__init__(params, dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0,
                                      weight_decay=weight_decay, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable,
                                      capturable=capturable))

    def _update(self, param, grad, state, group) -> None:
        lr, lambd = group["lr"], group["lambd"]
        if not state:
            state.update(step=_step_counter(), eta=_float32_scalar(lr),
                         mu=_float32_scalar(1.0), ax=_full_like(param))
        step = _advance(state)
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * param
        eta = float(state["eta"]._data)
        param *= 1 - lambd * eta
        param += -eta * grad
        ax, mu = state["ax"]._data, float(state["mu"]._data)
        if mu != 1:  # averaging from step t0 on: ax ← ax + (p − ax)/max(1, t − t0)
            ax += (param - ax) * mu
        else:
            ax[...] = param
        state["eta"]._data[...] = lr / ((1 + lambd * lr * step) ** group["alpha"])
        state["mu"]._data[...] = 1 / max(1, step - group["t0"])


class Rprop(Optimizer):
    """Resilient backprop: only the sign of g is used; each coordinate's step grows by
    etas[1] while the sign holds, shrinks by etas[0] when it flips (and skips that step)."""

    def __init__(self, params: ParamsT, lr: float = 1e-2,
                 etas: tuple[float, float] = (0.5, 1.2),
                 step_sizes: tuple[float, float] = (1e-6, 50), *, capturable: bool = False,
                 foreach: bool | None = None, maximize: bool = False,
                 differentiable: bool = False) -> None:
        _check(lr >= 0.0, f"Invalid learning rate: {lr}")
        _check(0.0 < etas[0] < 1.0 < etas[1], f"Invalid eta values: {etas[0]}, {etas[1]}")
        super().__init__(params, dict(lr=lr, etas=etas, step_sizes=step_sizes,
                                      foreach=foreach, maximize=maximize,
                                      differentiable=differentiable, capturable=capturable))

    def _update(self, param, grad, state, group) -> None:
        xp = array_module(param)
        etaminus, etaplus = group["etas"]
        if not state:
            state.update(step=_step_counter(), prev=_full_like(param),
                         step_size=_full_like(param, group["lr"]))
        _advance(state)
        prev, step_size = state["prev"]._data, state["step_size"]._data
        factor = xp.sign(grad * prev, out=xp.empty_like(param))  # an array even 0-d
        factor[factor > 0] = etaplus
        factor[factor < 0] = etaminus
        factor[factor == 0] = 1
        step_size *= factor
        xp.clip(step_size, *group["step_sizes"], out=step_size)
        # after a sign flip the step is skipped and the flip forgotten (prev ← 0)
        grad = xp.array(grad, copy=True)
        grad[factor == etaminus] = 0
        param -= xp.sign(grad) * step_size
        prev[...] = grad


class Adafactor(Optimizer):
    """Adam-like steps with a factored second moment: for a matrix, a row and a column
    average of g² instead of a full v; steps scaled by the parameter's RMS and clipped."""

    def __init__(self, params: ParamsT, lr: float = 1e-2, beta2_decay: float = -0.8,
                 eps: tuple[float | None, float] = (None, 1e-3), d: float = 1.0,
                 weight_decay: float = 0.0, *, foreach: bool | None = None,
                 maximize: bool = False) -> None:
        _check(lr >= 0.0, f"Learning rate should be >= 0 but is: {lr}")
        _check(beta2_decay <= 0.0, f"beta2_decay should be <= 0 but is: {beta2_decay}")
        _check(eps[0] is None or eps[0] >= 0.0, f"epsilon1 should be >= 0 but is: {eps[0]}")
        _check(eps[1] >= 0.0, f"epsilon2 should be >= 0 but is: {eps[1]}")
        _check(d >= 1.0, f"Clipping threshold d should be >= 1 but is: {d}")
        _check(weight_decay >= 0.0, f"weight_decay should be >= 0 but is: {weight_decay}")
        super().__init__(params, dict(lr=lr, beta2_decay=beta2_decay, eps=eps, d=d,
                                      weight_decay=weight_decay, foreach=foreach,
                                      maximize=maximize))

    def _update(self, param, grad, state, group) -> None:
        xp = array_module(param)
        lr, (eps1, eps2) = group["lr"], group["eps"]
        if eps1 is None:
            eps1 = float(np.finfo(param.dtype).eps)
        if not state:
            state["step"] = _step_counter()
            if param.ndim > 1:
                state["row_var"] = Tensor._wrap(xp.zeros((*param.shape[:-1], 1), param.dtype))
                state["col_var"] = Tensor._wrap(
                    xp.zeros((*param.shape[:-2], 1, param.shape[-1]), param.dtype))
            else:
                state["variance"] = _full_like(param)
        step = _advance(state)
        one_minus_beta2 = step ** group["beta2_decay"]
        rho = min(lr, 1 / (step**0.5))
        alpha = max(eps2, float(_norm(xp, param)) / (param.size**0.5)) * rho
        if group["weight_decay"] != 0:
            param *= 1 - lr * group["weight_decay"]
        if param.ndim > 1:
            row_var, col_var = state["row_var"]._data, state["col_var"]._data
            # the mean of g² along a row (a column), as PyTorch takes it: a squared norm / n
            _lerp_(row_var, _norm(xp, grad, -1) ** 2 / grad.shape[-1], one_minus_beta2)
            _lerp_(col_var, _norm(xp, grad, -2) ** 2 / grad.shape[-2], one_minus_beta2)
            # v ≈ R·C / mean(R): the rank-one estimate of the full second moment
            var_estimate = row_var @ col_var
            var_estimate /= xp.maximum(row_var.mean(axis=-2, keepdims=True), eps1)
        else:
            variance = state["variance"]._data
            _lerp_(variance, grad * grad, one_minus_beta2)
            var_estimate = xp.array(variance, copy=True)
        update = 1 / xp.sqrt(xp.maximum(var_estimate, eps1 * eps1))
        update *= grad
        denom = max(1.0, float(_norm(xp, update)) / ((update.size**0.5) * group["d"]))
        param += (-alpha / denom) * update


class SparseAdam(Optimizer):
    """Adam for sparse gradients (an ``Embedding(sparse=True)``'s rows).  gradviz's
    gradients are all dense, and PyTorch's SparseAdam refuses a dense gradient: so does
    this, at ``step()``, with PyTorch's message."""

    def __init__(self, params: ParamsT, lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 maximize: bool = False) -> None:
        _check(lr > 0.0, f"Invalid learning rate: {lr}")
        _check(eps > 0.0, f"Invalid epsilon value: {eps}")
        _check(0.0 <= betas[0] < 1.0, f"Invalid beta parameter at index 0: {betas[0]}")
        _check(0.0 <= betas[1] < 1.0, f"Invalid beta parameter at index 1: {betas[1]}")
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, maximize=maximize))

    def _update(self, param, grad, state, group) -> None:
        raise RuntimeError("SparseAdam does not support dense gradients, please consider Adam "
                           "instead")


def _norm(xp, array, axis: int | None = None):
    """The 2-norm of the whole array or along one axis (kept).  A whole array's sum of
    squares is a BLAS dot, fused multiply-adds as torch.norm's are: the same bits for small
    parameters (numpy's pairwise sum differs from it in the last bit on a 2-vector)."""
    if axis is None:
        return xp.sqrt(xp.vdot(array, array))
    return xp.sqrt(xp.sum(array * array, axis=axis, keepdims=True))
