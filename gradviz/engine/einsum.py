"""`gradviz.einsum`: Einstein summation, built from permute, reshape, matmul and sum.

``einsum("ij,jk->ik", a, b)`` is one matmul node; ``"bij,bjk->bik"`` a batched one;
``"ij->ji"`` a permute; ``"i,j->ij"`` an outer product.  Operands are joined left to right,
two at a time: subscripts needed later are kept, the others summed away (inside a matmul
where both operands have them).  A subscript repeated within one operand (``"ii->i"``, ``"ii"``
a trace, ``"NMKK->NM"``) first takes that operand's diagonal over the two dimensions;
``...`` stands for the dimensions no letter names.
"""

from __future__ import annotations

import math
import string

from gradviz.engine.tensor import Tensor


def einsum(equation: str, *operands: Tensor) -> Tensor:
    if len(operands) == 1 and isinstance(operands[0], list | tuple):
        operands = tuple(operands[0])
    terms, output = _parse(equation.replace(" ", ""), operands)
    operands, terms = zip(*(_diagonals(t, term) for t, term in zip(operands, terms, strict=True)),
                          strict=True)
    tensor, term = _sum_unused(operands[0], terms[0], _later(terms, 1, output))
    for k in range(1, len(terms)):
        keep = _later(terms, k + 1, output)
        other, other_term = _sum_unused(operands[k], terms[k], keep | set(term))
        tensor, term = _contract(tensor, term, other, other_term, keep)
    return _arrange(tensor, term, output)


def _without_ellipsis(equation: str, operands) -> str:
    """The equation with each ``...`` written out as letters of its own: an operand's
    ``...`` stands for its dimensions no letter names, the last of them aligned with the
    others' (PyTorch's broadcasting of the ellipsis); without ``->`` the output keeps them
    first, then the letters seen once in alphabetical order."""
    lhs, arrow, output = equation.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(operands):
        return equation  # _parse says how many operands the equation wants
    counts = [t.dim() - (len(term) - 3) if "..." in term else 0
              for term, t in zip(terms, operands, strict=True)]
    free = iter(c for c in string.ascii_letters if c not in equation)
    letters = "".join(next(free) for _ in range(max(max(counts), 0)))
    terms = [term.replace("...", letters[len(letters) - k:] if k > 0 else "")
             for term, k in zip(terms, counts, strict=True)]
    if arrow:
        return ",".join(terms) + "->" + output.replace("...", letters)
    named = "".join(terms)
    singles = sorted(c for c in set(named) if c not in letters and named.count(c) == 1)
    return ",".join(terms) + "->" + letters + "".join(singles)


def _parse(equation: str, operands) -> tuple[list[str], str]:
    if "..." in equation:
        equation = _without_ellipsis(equation, operands)
    lhs, arrow, output = equation.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(operands):
        more = "more" if len(operands) > len(terms) else "fewer"
        raise RuntimeError(f"einsum(): {more} operands were provided than specified in the "
                           "equation")
    sizes: dict[str, int] = {}
    for i, (term, t) in enumerate(zip(terms, operands, strict=True)):
        if not all(c.isalpha() for c in term):
            raise RuntimeError(f"einsum(): invalid subscript given in the equation: {term!r}")
        if len(term) != t.dim():
            raise RuntimeError(
                f"einsum(): the number of subscripts in the equation ({len(term)}) does not "
                f"match the number of dimensions ({t.dim()}) for operand {i} and no ellipsis "
                "was given")
        own: dict[str, int] = {}
        for c, n in zip(term, t.shape, strict=True):
            if own.setdefault(c, n) != n:
                raise RuntimeError(f"einsum(): subscript {c} is repeated for operand {i} but "
                                   f"the sizes don't match, {n} != {own[c]}")
        for c, n in zip(term, t.shape, strict=True):
            if sizes.setdefault(c, n) != n:
                raise RuntimeError(f"einsum(): subscript {c} has size {n} for operand {i} "
                                   f"which does not broadcast with previously seen size "
                                   f"{sizes[c]}")
    if not arrow:  # implicit output: the subscripts seen once, in alphabetical order
        output = "".join(sorted(c for c in sizes if lhs.count(c) == 1))
    for c in output:
        if c not in sizes:
            raise RuntimeError(f"einsum(): output subscript {c} does not appear in the equation "
                               "for any input operand")
        if output.count(c) > 1:
            raise RuntimeError(f"einsum(): output subscript {c} appears more than once in the "
                               "output")
    return terms, output


def _diagonals(t: Tensor, term: str) -> tuple[Tensor, str]:
    """Operand `t` with each subscript its `term` repeats taken along the diagonal of those two
    dimensions (``torch.diagonal``: one dimension, last, in their place)."""
    while len(set(term)) != len(term):
        c = next(c for c in term if term.count(c) > 1)
        first = term.index(c)
        second = term.index(c, first + 1)
        t = t.diagonal(0, first, second)
        term = term[:first] + term[first + 1:second] + term[second + 1:] + c
    return t, term


def _later(terms: list[str], start: int, output: str) -> set[str]:
    return set(output).union(*terms[start:])


def _sum_unused(t: Tensor, term: str, keep: set[str]) -> tuple[Tensor, str]:
    """Sum over the subscripts of `t` that nothing later needs."""
    dims = tuple(i for i, c in enumerate(term) if c not in keep)
    if not dims:
        return t, term
    return t.sum(dims), "".join(c for c in term if c in keep)


def _arrange(t: Tensor, term: str, order: str) -> Tensor:
    if term == order:
        return t
    return t.permute(*(term.index(c) for c in order))


def _reshape(t: Tensor, shape: list[int]) -> Tensor:
    return t if tuple(t.shape) == tuple(shape) else t.reshape(shape)


def _contract(a: Tensor, ta: str, b: Tensor, tb: str, keep: set[str]) -> tuple[Tensor, str]:
    """a and b joined as one matmul: shared subscripts kept are batch dims, the rest summed."""
    batch = [c for c in ta if c in tb and c in keep]
    summed = [c for c in ta if c in tb and c not in keep]
    left = [c for c in ta if c not in tb]
    right = [c for c in tb if c not in ta]
    size = dict(zip(ta, a.shape, strict=True)) | dict(zip(tb, b.shape, strict=True))

    def n(letters):
        return math.prod(size[c] for c in letters)

    a = _arrange(a, ta, "".join(batch + left + summed))
    b = _arrange(b, tb, "".join(batch + summed + right))
    if batch:
        a = _reshape(a, [n(batch), n(left), n(summed)])
        b = _reshape(b, [n(batch), n(summed), n(right)])
    else:  # plain matmul; a missing side is a 1-D operand
        a = _reshape(a, [n(left)] * bool(left) + [n(summed)])
        b = _reshape(b, [n(summed)] + [n(right)] * bool(right))
    out = a @ b
    letters = batch + left + right
    return _reshape(out, [size[c] for c in letters]), "".join(letters)
