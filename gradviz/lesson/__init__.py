"""Lesson files (``.toml``): read, check and run them, and prepare what every command shows.

`parser` reads a file into a checked `Lesson` whose `kind` (`kinds`: graph, optimizer scene,
training to come) its sections decide; `source` finds the line and column of every key,
`inputs` reads ``[inputs]``, `expr` checks the ``code`` and `functions` is the table of what
it may call.  `program` runs a graph lesson on the engine, `scene` reads an optimizer scene,
and `prepare` is the one path from a file to what the window, the exporter and every
command show.
"""
