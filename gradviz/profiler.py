"""`gradviz.profiler`: ``torch.profiler``'s ``profile`` (with activities and a step
schedule), ``record_function``, ``ProfilerActivity``, ``ProfilerAction``, ``schedule`` and
``tensorboard_trace_handler``."""

from gradviz.engine.profiler_schedule import (
    ProfilerAction,
    ProfilerActivity,
    profile,
    record_function,
    schedule,
    supported_activities,
    tensorboard_trace_handler,
)

__all__ = ["ProfilerAction", "ProfilerActivity", "profile", "record_function", "schedule",
           "supported_activities", "tensorboard_trace_handler"]
