"""``torch.profiler``: the newer profiler, the same table as ``torch.autograd.profiler``'s
(`engine.profiler`), with PyTorch's activities and step schedule.

    with profile(activities=[ProfilerActivity.CPU], schedule=schedule(wait=1, warmup=1,
                 active=2), on_trace_ready=show) as prof:
        for batch in loader:
            train_step(batch)
            prof.step()

Without a schedule every op inside the ``with`` is timed.  With one, ``prof.step()`` moves to
the next step and the schedule says what that step does: nothing, warm up, or record; each
recording cycle starts a fresh table, times each step as a ``ProfilerStep*`` row as PyTorch,
and is handed to ``on_trace_ready(prof)`` when it ends (`tensorboard_trace_handler` writes
it as a Chrome trace where TensorBoard looks).  Only the CPU is timed.
"""

from __future__ import annotations

import enum
import os
import socket
import time
import warnings
from collections.abc import Callable, Iterable
from typing import Any

from gradviz.engine import autograd
from gradviz.engine import profiler as autograd_profiler
from gradviz.engine.profiler import record_function

__all__ = ["ProfilerAction", "ProfilerActivity", "profile", "record_function", "schedule",
           "supported_activities", "tensorboard_trace_handler"]


class ProfilerActivity(enum.Enum):
    CPU = 0
    XPU = 1
    MTIA = 4
    CUDA = 2
    HPU = 3
    PrivateUse1 = 5


class ProfilerAction(enum.Enum):
    NONE = 0
    WARMUP = 1
    RECORD = 2
    RECORD_AND_SAVE = 3
    DEVICE_STOPPED = 4


def supported_activities() -> set[ProfilerActivity]:
    from gradviz.engine.backend import is_cuda_available

    found = {ProfilerActivity.CPU}
    return found | {ProfilerActivity.CUDA} if is_cuda_available() else found


def schedule(*, wait: int, warmup: int, active: int, repeat: int = 0, skip_first: int = 0,
             skip_first_wait: int = 0) -> Callable[[int], ProfilerAction]:
    """PyTorch's cycle: skip `skip_first` steps, then wait, warm up, record `active` steps
    (the last one saved), `repeat` times (0: for ever)."""

    def schedule_fn(step: int) -> ProfilerAction:
        if step < 0:
            raise AssertionError(f"Step must be non-negative. Got {step}.")
        if step < skip_first:
            return ProfilerAction.NONE
        step -= skip_first
        if skip_first_wait != 0:
            step += wait
        num_steps = wait + warmup + active
        if repeat > 0 and step / num_steps >= repeat:
            return ProfilerAction.NONE
        mod_step = step % num_steps
        if mod_step < wait:
            return ProfilerAction.NONE
        if mod_step < wait + warmup:
            return ProfilerAction.WARMUP
        return (ProfilerAction.RECORD if mod_step < num_steps - 1
                else ProfilerAction.RECORD_AND_SAVE)

    if wait < 0 or warmup < 0 or active <= 0 or repeat < 0 or skip_first < 0:
        raise AssertionError(
            f"Invalid profiler schedule arguments. Got wait={wait} (need >= 0), warmup={warmup} "
            f"(need >= 0), active={active} (need > 0), repeat={repeat} (need >= 0), "
            f"skip_first={skip_first} (need >= 0).")
    if warmup == 0:
        warnings.warn("Profiler won't be using warmup, this can skew profiler results",
                      stacklevel=2)
    return schedule_fn


def tensorboard_trace_handler(dir_name: str, worker_name: str | None = None,
                              use_gzip: bool = False, use_python_export: bool = False
                              ) -> Callable[[Any], None]:
    """An ``on_trace_ready`` that writes each recorded cycle's Chrome trace into `dir_name`
    as ``{worker_name}.{time_ns}.pt.trace.json`` (``.gz``), where TensorBoard reads them."""

    def handler_fn(prof) -> None:
        nonlocal worker_name
        if not os.path.isdir(dir_name):
            try:
                os.makedirs(dir_name, exist_ok=True)
            except Exception as e:
                raise RuntimeError("Can't create directory: " + dir_name) from e
        if not worker_name:
            worker_name = f"{socket.gethostname()}_{os.getpid()}"
        file_name = f"{worker_name}.{time.time_ns()}.pt.trace.json"
        if use_gzip:
            file_name += ".gz"
        prof.export_chrome_trace(os.path.join(dir_name, file_name))

    return handler_fn


def _always_record(_: int) -> ProfilerAction:
    return ProfilerAction.RECORD


_N, _W, _R, _S = (ProfilerAction.NONE, ProfilerAction.WARMUP, ProfilerAction.RECORD,
                  ProfilerAction.RECORD_AND_SAVE)
# PyTorch's transitions between two steps' actions (None: the profile stops), by the names of
# the profile's methods they run; a string is a warning.
_TRANSITIONS: dict[tuple, tuple[str, ...]] = {
    (_N, _W): ("_prepare",), (_N, _R): ("_prepare", "_start"), (_N, _S): ("_prepare", "_start"),
    (_W, _N): ("Incorrect schedule: WARMUP followed by NONE", "_start", "_stop"),
    (_W, _R): ("_start",), (_W, _S): ("_start",),
    (_R, _N): ("Incorrect schedule: RECORD followed by NONE", "_stop"),
    (_R, _W): ("Incorrect schedule: RECORD followed by WARMUP", "_stop"),
    (_S, _N): ("_stop", "_trace_ready"), (_S, _W): ("_stop", "_trace_ready", "_prepare"),
    (_S, _R): ("_stop", "_trace_ready", "_prepare", "_start"),
    (_S, _S): ("_stop", "_trace_ready", "_prepare", "_start"),
    (_W, None): ("_start", "_stop"), (_R, None): ("_stop", "_trace_ready"),
    (_S, None): ("_stop", "_trace_ready"),
}


class profile(autograd_profiler.profile):  # noqa: N801 - PyTorch's name
    """``torch.profiler.profile``: a context manager (or ``start()``/``stop()``) that times
    the ops of the steps its schedule records."""

    def __init__(self, *, activities: Iterable[ProfilerActivity] | None = None,
                 schedule: Callable[[int], ProfilerAction] | None = None,
                 on_trace_ready: Callable[..., Any] | None = None, record_shapes: bool = False,
                 profile_memory: bool = False, with_stack: bool = False,
                 with_flops: bool = False, with_modules: bool = False,
                 experimental_config=None, execution_trace_observer=None,
                 acc_events: bool = False, use_cuda: bool | None = None,
                 custom_trace_id_callback=None, post_processing_timeout_s=None) -> None:
        super().__init__()
        self.activities = set(activities) if activities else supported_activities()
        self.record_steps = schedule is not None
        self.schedule = schedule or _always_record
        self.on_trace_ready = on_trace_ready
        self.record_shapes, self.profile_memory, self.with_stack = (record_shapes,
                                                                    profile_memory, with_stack)
        self.with_flops, self.with_modules = with_flops, with_modules
        self.step_num = 0
        self.current_action = self.schedule(0)
        self._recording = False
        self._step_rec_fn: record_function | None = None

    def __enter__(self) -> profile:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self._transit(ProfilerAction.NONE, self.current_action)
        self._enter_step()

    def stop(self) -> None:
        self._exit_step()
        self._transit(self.current_action, None)

    def step(self) -> None:
        """The next step begins: do what the schedule says for it."""
        self._exit_step()
        previous = self.current_action
        self.step_num += 1
        self.current_action = self.schedule(self.step_num)
        self._transit(previous, self.current_action)
        self._enter_step()

    def _enter_step(self) -> None:
        if self.record_steps:
            # PyTorch's ProfilerStep#N events, under the one row its key_averages() gives them
            self._step_rec_fn = record_function("ProfilerStep*")
            self._step_rec_fn.__enter__()

    def _exit_step(self) -> None:
        if self._step_rec_fn is not None:
            self._step_rec_fn.__exit__(None, None, None)
            self._step_rec_fn = None

    def _transit(self, previous, current) -> None:
        for action in _TRANSITIONS.get((previous, current), ()):
            if action.startswith("_"):
                getattr(self, action)()
            else:
                warnings.warn(action, stacklevel=3)

    def _prepare(self) -> None:
        self._rows, self._events = {}, []

    def _start(self) -> None:
        if not self._recording:
            self._outer = autograd.profiling(self)
            self._recording = True

    def _stop(self) -> None:
        if self._recording:
            autograd.profiling(self._outer)
            self._recording = False

    def _trace_ready(self) -> None:
        if self.on_trace_ready is not None:
            self.on_trace_ready(self)
