"""The corpus harness's import rewrite (`test_torch_corpus.gradviz_source`): a program's import
lines pointed at gradviz, every name bound as the program binds it, nothing else changed."""

from __future__ import annotations

import pytest
from test_torch_corpus import gradviz_source


@pytest.mark.parametrize(("line", "pointed"), [
    ("import torch", "import gradviz as torch"),
    ("import torch, time, gc", "import gradviz as torch, time, gc"),
    ("import time, torch", "import time, gradviz as torch"),
    ("import torch as th", "import gradviz as th"),
    ("import torch.nn as nn", "import gradviz.nn as nn"),
    ("import torch.nn.functional as F, numpy as np",
     "import gradviz.nn.functional as F, numpy as np"),
    ("import torch  # the engine", "import gradviz as torch  # the engine"),
    ("from torch import nn", "from gradviz import nn"),
    ("from torch.optim import Adam", "from gradviz.optim import Adam"),
    ("import torchvision", "import torchvision"),
    ("import numpy as np", "import numpy as np"),
    ("x = torch.ones(2)  # import torch", "x = torch.ones(2)  # import torch"),
    ("    import torch", "    import torch"),  # only the program's own top-level imports
])
def test_import_lines_are_pointed_at_gradviz(line, pointed):
    assert gradviz_source(line) == pointed


def test_other_lines_are_kept():
    source = "import torch\n\nprint(torch.ones(2))\n"
    assert gradviz_source(source) == "import gradviz as torch\n\nprint(torch.ones(2))"
