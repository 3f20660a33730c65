"""``torch.autograd.profiler.profile``: which ops a block of code ran, how often, how long.

Inside ``with profile() as prof:`` every registry op the engine runs is timed (the forward,
as `autograd.apply` runs it); ``prof.key_averages().table()`` prints one row per op, the
slowest first, in PyTorch's column names; ``prof.export_chrome_trace(path)`` writes each call
as an event of a Chrome trace.  ``record_function("name")`` adds a row for a
block of its own.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import time
from dataclasses import dataclass

from gradviz.engine import autograd


@dataclass
class FunctionEventAvg:
    """One row of the table: an op's name, calls and total time (microseconds)."""

    key: str
    count: int = 0
    cpu_time_total: float = 0.0

    @property
    def cpu_time(self) -> float:
        return self.cpu_time_total / self.count if self.count else 0.0


class EventList(list):
    """The rows, with PyTorch's ``table()``."""

    def table(self, sort_by: str | None = "cpu_time_total", row_limit: int = 100,
              **_options) -> str:
        rows = sorted(self, key=lambda r: -getattr(r, sort_by or "cpu_time_total", 0.0))
        rows = rows[:row_limit] if row_limit and row_limit > 0 else rows
        total = sum(r.cpu_time_total for r in self) or 1.0
        width = max([len("Name"), *(len(r.key) for r in rows)]) + 2
        header = f"{'Name':<{width}}{'CPU total %':>13}{'CPU total':>13}{'CPU time avg':>14}" \
                 f"{'# of Calls':>12}"
        rule = "-" * len(header)
        lines = [rule, header, rule]
        for r in rows:
            lines.append(f"{r.key:<{width}}{100 * r.cpu_time_total / total:>12.2f}%"
                         f"{_us(r.cpu_time_total):>13}{_us(r.cpu_time):>14}{r.count:>12}")
        lines += [rule, f"Self CPU time total: {_us(total if self else 0.0)}"]
        return "\n".join(lines)

    def total_average(self) -> FunctionEventAvg:
        return FunctionEventAvg("Total", sum(r.count for r in self),
                                sum(r.cpu_time_total for r in self))


def _us(microseconds: float) -> str:
    if microseconds >= 1e6:
        return f"{microseconds / 1e6:.3f}s"
    if microseconds >= 1e3:
        return f"{microseconds / 1e3:.3f}ms"
    return f"{microseconds:.3f}us"


class profile:  # noqa: N801 - PyTorch's name
    """Context manager: time every op run inside it (options PyTorch takes are accepted)."""

    def __init__(self, enabled: bool = True, **_options) -> None:
        self.enabled = enabled
        self._rows: dict[str, FunctionEventAvg] = {}
        self._events: list[tuple[str, float, float]] = []  # (name, start µs, duration µs)
        self._outer = None

    def __enter__(self) -> profile:
        if self.enabled:
            self._outer = autograd.profiling(self)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            autograd.profiling(self._outer)

    def add(self, name: str, seconds: float) -> None:
        row = self._rows.setdefault(name, FunctionEventAvg(name))
        row.count += 1
        row.cpu_time_total += seconds * 1e6
        self._events.append((name, time.time() * 1e6 - seconds * 1e6, seconds * 1e6))
        if self._outer is not None:
            self._outer.add(name, seconds)

    def key_averages(self, group_by_input_shape: bool = False) -> EventList:
        return EventList(self._rows.values())

    def table(self, **options) -> str:
        return self.key_averages().table(**options)

    def export_chrome_trace(self, path: str, **_options) -> None:
        """Every timed op and block as an event of a Chrome trace (chrome://tracing,
        Perfetto, TensorBoard's profiler), as PyTorch writes one; a path ending in .gz is
        compressed."""
        pid = os.getpid()
        events = [{"ph": "X", "cat": "user_annotation" if not name.startswith("aten::")
                   else "cpu_op", "name": name, "pid": pid, "tid": pid, "ts": start,
                   "dur": duration, "args": {"Ev Idx": i}}
                  for i, (name, start, duration) in enumerate(self._events)]
        trace = {"schemaVersion": 1, "deviceProperties": [], "displayTimeUnit": "ms",
                 "traceEvents": events, "traceName": path}
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "wt") as file:
            json.dump(trace, file)

    def __str__(self) -> str:
        return self.table()


class record_function(contextlib.ContextDecorator):  # noqa: N801
    """A named block whose time is a row of the profile running around it (if any); as a
    decorator, each call of the function is such a block."""

    def __init__(self, name: str, args: str | None = None) -> None:
        self.name = name

    def __enter__(self) -> record_function:
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        active = autograd.active_profile()
        if active is not None:
            active.add(self.name, time.perf_counter() - self._start)
