"""Which of several equal values PyTorch's CPU kernels return the index of.

``kthvalue`` selects with the quickselect PyTorch took from Sedgewick (1978) (a median of
three pivot, NaN larger than every number); ``mode`` sorts (value, index) pairs with the C++
library's introsort and reports the last pair of the most frequent run.  Neither is stable,
so where values tie the index depends on the algorithm's swaps; these are those algorithms,
step for step, run on one lane of numbers, so the index (and with it the element the
gradient goes to) is PyTorch's.  ``median`` needs none of this: PyTorch breaks its ties by
index, which a stable sort reproduces.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence


class DepthExceeded(Exception):
    """The introsort fell back to heapsort, which is not reproduced here."""


def _greater_or_nan(x: float, y: float) -> bool:
    return (x != x and y == y) or x > y


def kth_index(values: Sequence[float], k: int) -> int:
    """The index PyTorch's kthvalue reports for the (k+1)-th smallest of `values`."""
    a, idx = list(values), list(range(len(values)))

    def swap(i: int, j: int) -> None:
        a[i], a[j] = a[j], a[i]
        idx[i], idx[j] = idx[j], idx[i]

    low, high = 0, len(a) - 1
    while True:
        if high <= low:
            return idx[k]
        if high == low + 1:
            if _greater_or_nan(a[low], a[high]):
                swap(low, high)
            return idx[k]
        swap((low + high) >> 1, low + 1)
        if _greater_or_nan(a[low + 1], a[high]):
            swap(low + 1, high)
        if _greater_or_nan(a[low], a[high]):
            swap(low, high)
        if _greater_or_nan(a[low + 1], a[low]):
            swap(low + 1, low)
        i, j, pivot = low + 1, high, a[low]
        while True:
            i += 1
            while _greater_or_nan(pivot, a[i]):
                i += 1
            j -= 1
            while _greater_or_nan(a[j], pivot):
                j -= 1
            if j < i:
                break
            swap(i, j)
        swap(low, j)
        if j <= k:
            low = i
        if j >= k:
            high = j - 1


# ── the C++ library's introsort (libstdc++'s std::sort), on a list of indices ─────────────
Less = Callable[[int, int], bool]


def _median_to_first(s: list[int], result: int, a: int, b: int, c: int, less: Less) -> None:
    if less(s[a], s[b]):
        pick = b if less(s[b], s[c]) else c if less(s[a], s[c]) else a
    else:
        pick = a if less(s[a], s[c]) else c if less(s[b], s[c]) else b
    s[result], s[pick] = s[pick], s[result]


def _partition(s: list[int], first: int, last: int, pivot: int, less: Less) -> int:
    while True:
        while less(s[first], s[pivot]):
            first += 1
        last -= 1
        while less(s[pivot], s[last]):
            last -= 1
        if not first < last:
            return first
        s[first], s[last] = s[last], s[first]
        first += 1


def _linear_insert(s: list[int], i: int, less: Less) -> None:
    value, before = s[i], i - 1
    while less(value, s[before]):
        s[i] = s[before]
        i, before = before, before - 1
    s[i] = value


def _insertion_sort(s: list[int], first: int, last: int, less: Less) -> None:
    for i in range(first + 1, last):
        if less(s[i], s[first]):
            value = s[i]
            s[first + 1:i + 1] = s[first:i]
            s[first] = value
        else:
            _linear_insert(s, i, less)


def introsort(n: int, less: Less) -> list[int]:
    """range(n) sorted by `less` exactly as std::sort orders it (DepthExceeded where it would
    switch to heapsort)."""
    s = list(range(n))

    def loop(first: int, last: int, depth: int) -> None:
        while last - first > 16:
            if depth == 0:
                raise DepthExceeded
            depth -= 1
            mid = first + (last - first) // 2
            _median_to_first(s, first, first + 1, mid, last - 1, less)
            cut = _partition(s, first + 1, last, first, less)
            loop(cut, last, depth)
            last = cut

    if n > 1:
        loop(0, n, 2 * (n.bit_length() - 1))
        _insertion_sort(s, 0, min(n, 16), less)
        for i in range(16, n):
            _linear_insert(s, i, less)
    return s


def mode_index(values: Sequence[float]) -> int:
    """The index PyTorch's mode reports: of the most frequent value (the smallest of
    several), the last of its run once the (value, index) pairs are introsorted."""
    order = introsort(len(values), lambda i, j: values[i] < values[j])
    best, run, most = 0, 0, 0
    for at, i in enumerate(order):
        run += 1
        if at == len(order) - 1 or values[i] != values[order[at + 1]]:
            if run > most:
                best, most = i, run
            run = 0
    return best
