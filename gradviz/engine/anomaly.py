"""``torch.autograd``'s anomaly mode: find the op whose backward made a NaN.

With it on (``with torch.autograd.detect_anomaly():``, or ``set_detect_anomaly(True)`` as a
function or a ``with``), every recorded op keeps the stack of the line that ran it, and the
backward pass tests each gradient an op computes: the first with a NaN raises PyTorch's
``RuntimeError: Function 'DivBackward0' returned nan values in its 1th output.``, after a
warning that shows where that op was run (the recorded ``create_graph=True`` pass too).
A NaN that only appears where a leaf's gradients are summed (∞ − ∞) is no node's, and is let
through, as in PyTorch.
"""

from __future__ import annotations

import warnings

from gradviz.engine import autograd

__all__ = ["detect_anomaly", "is_anomaly_check_nan_enabled", "is_anomaly_enabled",
           "set_anomaly_enabled", "set_detect_anomaly"]

is_anomaly_enabled = autograd.is_anomaly_enabled
is_anomaly_check_nan_enabled = autograd.is_anomaly_check_nan_enabled
set_anomaly_enabled = autograd.set_anomaly_enabled


class detect_anomaly:  # noqa: N801 - PyTorch's name
    """Context manager: anomaly mode on inside (NaN checks unless ``check_nan=False``)."""

    def __init__(self, check_nan: bool = True) -> None:
        self.prev = is_anomaly_enabled()
        self.check_nan = check_nan
        self.prev_check_nan = is_anomaly_check_nan_enabled()
        warnings.warn("Anomaly Detection has been enabled. This mode will increase the runtime "
                      "and should only be enabled for debugging.", stacklevel=2)

    def __enter__(self) -> None:
        set_anomaly_enabled(True, self.check_nan)

    def __exit__(self, *args: object) -> None:
        set_anomaly_enabled(self.prev, self.prev_check_nan)


class set_detect_anomaly:  # noqa: N801
    """Anomaly mode on or off from now, or only inside a ``with`` block."""

    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        self.prev = is_anomaly_enabled()
        self.prev_check_nan = is_anomaly_check_nan_enabled()
        set_anomaly_enabled(mode, check_nan)

    def __enter__(self) -> None:
        pass

    def __exit__(self, *args: object) -> None:
        set_anomaly_enabled(self.prev, self.prev_check_nan)
