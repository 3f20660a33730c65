"""Lesson files (``.toml``): read, check and run them, and prepare what every command shows.

`parser` reads a file into a checked `Lesson` (`source` finds line and column of every key,
`inputs` reads ``[inputs]``, `expr` checks the ``code``, `functions` lists what it may call),
`program` runs it on the engine, `scene` reads an optimizer scene, and `prepare` turns a
lesson into what the window, the exporter and the command line show.
"""
