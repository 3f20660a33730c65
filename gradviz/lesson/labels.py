"""`[labels]`: the name a lesson's value is drawn with, in the course's notation.

```toml
[labels]
z2 = "z[2]"      # drawn z^[2], in the graph, the caption band and the inspector
logits = "z[2]"  # a name the code uses, shown as the course writes it
```

Every key is an input or a name the code assigns; the text is one short line.  Written
``W[1]`` (or a course name such as ``W1``, ``z2``) it is typeset with the layer raised.  Two
values drawn with the same text would be told apart by nothing, so that is an error too, as
is a label given to an input both here and with its own ``label =``.
"""

from __future__ import annotations

from collections.abc import Callable

from gradviz.catalog.lesson import Message, did_you_mean
from gradviz.lesson.values import MAX_REPORTED, code_name

MAX_LABEL = 24  # characters: a node's name, not a sentence


def read_labels(table: dict, defined: list[str], input_labels: dict[str, str],
                fail: Callable, problems: list) -> dict[str, str]:
    """The valid entries of `[labels]`, code name → text; each bad one reported with `fail`
    at its key (or value).  `input_labels`: each input's own ``label =``, where it has one."""
    labels: dict[str, str] = {}
    for written, label in table.items():
        name = code_name(written)
        path = ("labels", written)
        if name not in defined:
            hint = did_you_mean(name, defined) if len(problems) < MAX_REPORTED else ""
            fail(path, Message("label for unknown name '{name}'{hint}", name=written, hint=hint))
        elif not isinstance(label, str) or not label.strip():
            fail(path, Message("a label must be a non-empty string"), at_value=True)
        elif "\n" in label or len(label) > MAX_LABEL:
            fail(path, Message("a label is one line of at most {n} characters", n=MAX_LABEL),
                 at_value=True)
        elif name in input_labels:
            fail(path, Message("input '{name}' has a label already ({label}); give it once",
                               name=name, label=input_labels[name]))
        else:
            labels[name] = label.strip()
    # Drawn names must tell values apart.
    drawn: dict[str, str] = {}
    for name in defined:
        shown = labels.get(name) or input_labels.get(name) or name
        other = drawn.setdefault(shown, name)
        if other != name:
            culprit = name if name in labels else other
            if culprit in labels:
                fail(("labels", _written(table, culprit)), Message(
                    "label '{label}' would draw '{name}' and '{other}' alike; give each its "
                    "own", label=shown, name=culprit, other=other if culprit == name else name),
                    at_value=True)
                labels.pop(culprit)
    return labels


def _written(table: dict, name: str) -> str:
    return next(key for key in table if code_name(key) == name)
