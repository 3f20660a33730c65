"""`Tensor`'s special and elementwise methods: ``t.erfinv()``, ``t.lgamma()``,
``t.polygamma(n)``, ``t.hypot(u)``, ``t.copysign(-1)``, ``t.logit(eps)``, ``t.xlogy(u)``, …,
and their in-place forms (``t.erfinv_()``), each `engine.special_api`'s function.

A mixin that `Tensor` inherits.  An in-place form keeps the tensor's dtype: an integer tensor
whose result would be a float is PyTorch's error.
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

from gradviz.engine.tensor_shape import torch_type_name

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor


def _api():
    from gradviz.engine import special_api

    return special_api


def _method(name: str):
    def method(self, *args, **kwargs):
        return getattr(_api(), name)(self, *args, **kwargs)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"``torch.{name}(self, …)``."
    return method


def _inplace(name: str):
    def method(self, *args, **kwargs):
        compute = getattr(_api(), name)
        if self._data.dtype.kind != "f":
            result = compute(self.detach(), *args, **kwargs)  # PyTorch's own errors first
            if result._data.dtype.kind == "f":
                raise RuntimeError(f"result type Float can't be cast to the desired output type "
                                   f"{torch_type_name(self.dtype)}")
        return self._inplace_result(lambda t: compute(t, *args, **kwargs))

    method.__name__ = method.__qualname__ = f"{name}_"
    method.__doc__ = f"``self.{name}(…)`` written into self."
    return method


_NAMES = ("erfc", "erfinv", "expm1", "lgamma", "digamma", "i0", "sinc", "hypot", "logaddexp",
          "logaddexp2", "heaviside", "frac", "signbit", "copysign", "nextafter", "deg2rad",
          "rad2deg", "logit")
_INPLACE = ("erfc", "erfinv", "expm1", "lgamma", "digamma", "i0", "sinc", "hypot", "heaviside",
            "frac", "copysign", "nextafter", "deg2rad", "rad2deg", "logit")


class SpecialMethods:
    __slots__ = ()

    def polygamma(self, n: builtins.int) -> Tensor:
        return _api().polygamma(n, self)

    def polygamma_(self, n: builtins.int) -> Tensor:
        return self._inplace_result(lambda t: _api().polygamma(n, t))

    def mvlgamma(self, p: builtins.int) -> Tensor:
        return _api().mvlgamma(self, p)

    def mvlgamma_(self, p: builtins.int) -> Tensor:
        return self._inplace_result(lambda t: _api().mvlgamma(t, p))

    def float_power(self, exponent) -> Tensor:
        return _api().float_power(self, exponent)

    def float_power_(self, exponent) -> Tensor:
        from gradviz.engine import dtypes as dt

        if self.dtype is not dt.float64:
            raise RuntimeError(f"the base given to float_power_ has dtype "
                               f"{torch_type_name(self.dtype)} but the operation's result "
                               "requires dtype Double")
        return self._inplace_result(lambda t: _api().float_power(t, exponent))

    def xlogy(self, other) -> Tensor:
        from gradviz.engine.functional_divergence import xlogy

        return xlogy(self, other)

    def xlogy_(self, other) -> Tensor:
        from gradviz.engine.functional_divergence import xlogy

        return self._inplace_result(lambda t: xlogy(t, other))


for _name in _NAMES:
    setattr(SpecialMethods, _name, _method(_name))
for _name in _INPLACE:
    setattr(SpecialMethods, f"{_name}_", _inplace(_name))
del _name
