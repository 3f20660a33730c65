"""`Tensor`'s remaining in-place forms: ``x.floor_()``, ``x.clamp_min_(0)``, ``x.eq_(y)``,
``x.logical_not_()``, ``x.tril_()``, ``x.swapaxes_(0, 1)``, ``x.cumsum_(0)``, ``x.divide_(y)``…

A mixin that `Tensor` inherits.  Each is its out-of-place method written into x through
`engine.inplace` (the version counter, a recorded change, PyTorch's error for a leaf that
requires grad); what PyTorch refuses before anything changes is refused here too: a result
of a floating dtype written into an integer tensor (``torch.tensor([1, 2]).sqrt_()``), a
result wider than x.  A comparison or logical form keeps x's dtype: ``x.eq_(y)`` writes 1.0
and 0.0 into a float x.
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

from gradviz.engine.inplace import written_into

if TYPE_CHECKING:
    from gradviz.engine.tensor import Tensor


def _form(name: str, owner: str = "InplaceForms"):
    """``x.name_(*args, **kwargs)``: ``x.name(*args, **kwargs)`` written into x."""
    def method(self, *args, **kwargs):
        return written_into(self, lambda t: getattr(t, name)(*args, **kwargs))

    method.__name__, method.__qualname__ = f"{name}_", f"{owner}.{name}_"
    method.__doc__ = f"``x.{name}_(…)``: ``x.{name}(…)`` written into x, as PyTorch's."
    return method


# The methods whose in-place form is the method written into x (one table, not a method each).
FORMS = ("acos", "asin", "atan", "ceil", "floor", "round", "trunc", "erf", "exp2", "log10",
         "log1p", "log2", "rsqrt", "sign", "sgn", "cumsum", "cumprod", "negative", "nan_to_num",
         "clamp_min", "clamp_max", "tril", "triu", "renorm", "eq", "ne", "lt", "le", "gt", "ge",
         "logical_and", "logical_or", "logical_xor", "logical_not", "bitwise_and",
         "bitwise_or", "bitwise_xor", "bitwise_not", "bitwise_left_shift",
         "bitwise_right_shift", "gcd", "lcm", "ldexp")
# PyTorch's second names of some of them: ``x.arccos_()`` is ``x.acos_()``.
ALIASES = {"arccos_": "acos_", "arcsin_": "asin_", "arctan_": "atan_", "fix_": "trunc_",
           "not_equal_": "ne_", "less_": "lt_", "less_equal_": "le_", "greater_": "gt_",
           "greater_equal_": "ge_"}


class InplaceForms:
    __slots__ = ()

    def divide_(self, other, *, rounding_mode: str | None = None) -> Tensor:
        if rounding_mode is None and self._data.dtype.kind == "f":
            return self._inplace("div", other)
        return written_into(self, lambda t: t.div(other, rounding_mode=rounding_mode))

    true_divide_ = divide_

    def multiply_(self, other) -> Tensor:
        return self.mul_(other)

    def subtract_(self, other, *, alpha: builtins.float = 1) -> Tensor:
        return self.sub_(other, alpha=alpha)

    def swapaxes_(self, axis0: builtins.int, axis1: builtins.int) -> Tensor:
        return self.transpose_(axis0, axis1)

    def swapdims_(self, dim0: builtins.int, dim1: builtins.int) -> Tensor:
        return self.transpose_(dim0, dim1)

    def resize_as_(self, the_template: Tensor, *, memory_format=None) -> Tensor:
        return self.resize_(*the_template.shape)


for _name in FORMS:
    setattr(InplaceForms, f"{_name}_", _form(_name))
for _alias, _name in ALIASES.items():
    setattr(InplaceForms, _alias, getattr(InplaceForms, _name))
del _alias, _name
