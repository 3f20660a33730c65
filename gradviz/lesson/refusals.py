"""What an optimizer refuses in a lesson, said in the lesson's words.

`gradviz.optim` checks its hyper-parameters as ``torch.optim`` does and says so in PyTorch's
English (``Invalid learning rate: -1.0``): right for the Python API.  A lesson's user wrote
``lr = -1.0`` in a file, so `refusal` says it as a catalog `Message` that names the key
(``lr must be at least 0, not -1.0``), and `blamed_key` finds the key to point at.  A message
it does not know is said inside "the optimizer refuses this: …", as the engine wrote it.
"""

from __future__ import annotations

import re

from gradviz.catalog.lesson import Message

# Words in `gradviz.optim`'s messages -> the key they are about (to point at its value).
_BLAME = (("learning rate", "lr"), ("lr_decay", "lr_decay"), ("Nesterov", "nesterov"),
          ("momentum", "momentum"), ("beta", "betas"), ("epsilon", "eps"), ("rho", "rho"),
          ("weight_decay", "weight_decay"), ("alpha", "alpha"),
          ("initial_accumulator_value", "initial_accumulator_value"))
# the name a message gives a hyper-parameter -> its key in a lesson
_KEYS = {"learning rate": "lr", "epsilon": "eps"}


def blamed_key(message: str, table: dict) -> str | None:
    """The key of `table` an optimizer's own `message` is about, if it names one."""
    for words, key in _BLAME:
        if words in message and key in table:
            return key
    return None


def refusal(message: str) -> Message:
    """`gradviz.optim`'s refusal (``"adam: Invalid beta parameter at index 1: 2"``) as the
    lesson's words."""
    text = re.sub(r"^\w+: ", "", message)  # the run's "sgd: " before the optimizer's words
    beta = re.fullmatch(r"Invalid beta parameter at index (\d): (.+)", text)
    if beta:
        return Message("betas[{i}] must be from 0 to below 1, not {value}", i=beta.group(1),
                       value=beta.group(2))
    rho = re.fullmatch(r"Invalid rho value: (.+)", text)
    if rho:
        return Message("{key} must be from 0 to 1, not {value}", key="rho", value=rho.group(1))
    negative = re.fullmatch(r"Invalid (learning rate|\w+)(?: value)?: (.+)", text)
    if negative:
        key = _KEYS.get(negative.group(1), negative.group(1))
        return Message("{key} must be at least 0, not {value}", key=key,
                       value=negative.group(2))
    if text.startswith("Nesterov momentum requires"):
        return Message("nesterov = true needs momentum above 0 and dampening = 0")
    return Message("the optimizer refuses this: {error}", error=message)
