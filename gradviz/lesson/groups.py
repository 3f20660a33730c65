"""`[groups]`: values of a lesson drawn together in one labelled frame, a layer or a loss.

```toml
[groups]
capa1 = { label = "capa 1", values = ["z1", "a1"] }   # framed and titled "capa 1"
perdida = ["L"]                                      # a plain list: titled with the key
```

Every value is an input or a name the code assigns.  A group holds those value nodes, the
ops that produce them and the unnamed values only they use (the ``W1 @ x`` inside
``z1 = W1 @ x + b1``); `gradviz.graph.groups` finds those nodes in the recorded graph.  A
value is in one group at most, a group holds at least one value, and its label is one short
line, like a `[labels]` text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gradviz.catalog.lesson import Message, did_you_mean
from gradviz.lesson.labels import MAX_LABEL
from gradviz.lesson.values import MAX_REPORTED, code_name

GROUP_KEYS = ("label", "values")


@dataclass(frozen=True)
class GroupSpec:
    """One entry of `[groups]`: its key, the text its frame shows and its values' code names."""

    key: str
    label: str
    values: tuple[str, ...]


def read_groups(table: dict, defined: list[str], fail: Callable, problems: list
                ) -> tuple[GroupSpec, ...]:
    """The valid entries of `[groups]`, in file order; each bad one reported with `fail` at
    its key (or value, or the list item at fault)."""
    groups: list[GroupSpec] = []
    owner: dict[str, str] = {}  # value → the group that has it
    labels: dict[str, str] = {}  # label → the group that shows it
    for key, entry in table.items():
        path: tuple = ("groups", key)
        label, values = key, entry
        if isinstance(entry, dict):
            unknown = [k for k in entry if k not in GROUP_KEYS]
            for k in unknown:
                fail((*path, k), Message("unknown key '{key}' in {where}{hint}", key=k,
                                         where=f"[groups] {key}",
                                         hint=did_you_mean(k, GROUP_KEYS)))
            if unknown:
                continue
            if "values" not in entry:
                fail(path, Message("group '{group}' needs {values}, a list of names",
                                   group=key, values="values = [...]"))
                continue
            label, values, path = entry.get("label", key), entry["values"], (*path, "values")
            if not isinstance(label, str) or not label.strip():
                fail(("groups", key, "label"), Message("a label must be a non-empty string"),
                     at_value=True)
                continue
            if "\n" in label or len(label) > MAX_LABEL:
                fail(("groups", key, "label"), Message(
                    "a label is one line of at most {n} characters", n=MAX_LABEL), at_value=True)
                continue
        if not isinstance(values, list):
            fail(path, Message("group '{group}' must be a list of names or a table with "
                               "{keys}", group=key, keys="label, values"), at_value=True)
            continue
        if not values:
            fail(path, Message("group '{group}' is empty; list the values it holds",
                               group=key), at_value=True)
            continue
        names: list[str] = []
        for i, written in enumerate(values):
            where = (*path, i)
            if not isinstance(written, str):
                fail(where, Message("a group lists names as strings, such as {example}",
                                    example='"z1"'), at_value=True)
                continue
            name = code_name(written)
            if name not in defined:
                hint = did_you_mean(name, defined) if len(problems) < MAX_REPORTED else ""
                fail(where, Message("group '{group}' names unknown value '{name}'{hint}",
                                    group=key, name=written, hint=hint), at_value=True)
            elif name in owner:
                fail(where, Message("'{name}' is in group '{other}' already; a value belongs "
                                    "to one group", name=written, other=owner[name]),
                     at_value=True)
            else:
                owner[name] = key
                names.append(name)
        label = label.strip()
        if label in labels:
            fail(("groups", key), Message("groups '{group}' and '{other}' are both labelled "
                                          "'{label}'; give each its own", group=key,
                                          other=labels[label], label=label))
            continue
        labels[label] = key
        if names:
            groups.append(GroupSpec(key, label, tuple(names)))
    return tuple(groups)
