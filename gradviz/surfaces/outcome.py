"""How a run stands at iteration k: still fine, outside the plotted range, or diverged.

One vocabulary for the plot's legend and marks and for ``gradviz optimize``::

    outcome(run, surface.range, k)   # Outcome("leaves", 21): outside the plot since 21
    outcome(run, surface.range)      # at the end of the run (the plot's last iteration)
    Outcome("diverged", 5).text("en")   # "diverged at iteration 5"

- ``"diverged"`` from the run's ``diverged_at`` on (its loss blew up or stopped being
  finite, see `gradviz.surfaces.runs`); never before it.
- ``"leaves"`` while the position shown at iteration k lies outside the plotted range; its
  iteration is the one at which the run went out (the first of its present stretch
  outside).  A run that comes back is fine again.  A run that escaped (went far off, still
  descending) in one jump from inside the range leaves it at ``escaped_at``.
- ``"ok"`` otherwise.

Leaving the plotted range is not divergence: on a surface unbounded below (a saddle) it is
the right answer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gradviz import catalog
from gradviz.catalog import marked
from gradviz.surfaces.functions import Range

OK, LEAVES, DIVERGED = "ok", "leaves", "diverged"

STATUS_TEXTS = {OK: "ok", LEAVES: marked("leaves the range"), DIVERGED: marked("diverged")}


def status_text(status: str, lang: str = "es") -> str:
    """What a status reads in `lang`: "leaves the range", "diverge"…"""
    return catalog.text(STATUS_TEXTS[status], lang)


@dataclass(frozen=True)
class Outcome:
    """``status`` (`OK`, `LEAVES` or `DIVERGED`) and the iteration it began (None if ok)."""

    status: str = OK
    at: int | None = None

    def text(self, lang: str = "es") -> str:
        """"ok", "leaves the range at iteration 21", "diverge en la iteración 5"…"""
        status = status_text(self.status, lang)
        if self.at is None:
            return status
        return catalog.text("{status} at iteration {k}", lang, status=status, k=self.at)


def outside_since(positions: np.ndarray, bounds: Range) -> np.ndarray:
    """For each point of a path, the index at which the path went outside ``bounds`` for
    the stretch that point is in; -1 for points inside."""
    positions = np.asarray(positions, dtype=float).reshape(-1, 2)
    (x0, x1), (y0, y1) = bounds
    xs, ys = positions[:, 0], positions[:, 1]
    out = ~((xs >= x0) & (xs <= x1) & (ys >= y0) & (ys <= y1))  # NaN: outside
    index = np.arange(len(out))
    starts = np.where(out & ~np.r_[False, out[:-1]], index, 0)
    return np.where(out, np.maximum.accumulate(starts) if len(out) else starts, -1)


def outcome(run, bounds: Range, k: int | None = None,
            since: np.ndarray | None = None) -> Outcome:
    """How ``run`` (anything with ``positions``, optionally ``diverged_at`` and
    ``escaped_at``) stands at iteration ``k`` (None: its end) on a plot of ``bounds``;
    ``since``: ``outside_since(run.positions, bounds)`` when the caller keeps it."""
    end = len(run.positions) - 1
    reached = float("inf") if k is None else max(0, int(k))
    diverged_at = getattr(run, "diverged_at", None)
    if diverged_at is not None and reached >= diverged_at:
        return Outcome(DIVERGED, int(diverged_at))
    since = outside_since(run.positions, bounds) if since is None else since
    went_out = int(since[min(reached, end)]) if end >= 0 else -1
    if went_out >= 0:
        return Outcome(LEAVES, went_out)
    escaped_at = getattr(run, "escaped_at", None)
    if escaped_at is not None and reached >= escaped_at:  # one jump from inside to far off
        return Outcome(LEAVES, int(escaped_at))
    return Outcome()


def last_iteration(run) -> int:
    """The scrubber's end for ``run``: its last point, or the iteration at which it
    diverged or escaped when that step was not recorded (one past its last point), so that
    the plot at its last iteration shows how the run ended."""
    ends = (len(run.positions) - 1, getattr(run, "diverged_at", None),
            getattr(run, "escaped_at", None))
    return max(int(end) for end in ends if end is not None)


def scene_end(runs) -> int:
    """The last iteration of a scene: the largest `last_iteration` of its runs (0 if none)."""
    return max((last_iteration(run) for run in runs), default=0)
