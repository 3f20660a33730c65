"""`gradviz.profiler`: ``torch.profiler``'s ``profile`` (with activities and a step
schedule), ``record_function``, ``ProfilerActivity``, ``ProfilerAction`` and ``schedule``."""

from gradviz.engine.profiler_schedule import (
    ProfilerAction,
    ProfilerActivity,
    profile,
    record_function,
    schedule,
    supported_activities,
)

__all__ = ["ProfilerAction", "ProfilerActivity", "profile", "record_function", "schedule",
           "supported_activities"]
