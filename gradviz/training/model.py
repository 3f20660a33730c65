"""The network a training lesson trains, written like ``nn.Sequential``.

``parse_layer("Linear(3, 4, bias=False)")`` reads one layer of ``[model] layers`` into a
`LayerSpec` (plain data; a `ModelError` says what is wrong with the text); a `ModelSpec`
is the layers plus how the weights start (``init``, ``seed``).  ``build_model(spec,
"float64")`` makes the `gradviz.engine.nn.Sequential`, its weights drawn from the spec's own
seed (not the global generator), so the same spec always starts from the same weights.
``with_activation`` and ``with_hidden`` give the spec a live control changes to.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field, replace

import numpy as np

from gradviz.catalog.lesson import Message, SaidError, odd_letter
from gradviz.engine import api as gv
from gradviz.engine import nn

# layer name -> (module class, positional parameters, keyword parameters and defaults)
LAYERS: dict[str, tuple[type, tuple[str, ...], dict[str, object]]] = {
    "Linear": (nn.Linear, ("in_features", "out_features"), {"bias": True}),
    "ReLU": (nn.ReLU, (), {}),
    "Sigmoid": (nn.Sigmoid, (), {}),
    "Tanh": (nn.Tanh, (), {}),
    "LeakyReLU": (nn.LeakyReLU, (), {"negative_slope": 0.01}),
    "ELU": (nn.ELU, (), {"alpha": 1.0}),
    "GELU": (nn.GELU, (), {}),
    "SiLU": (nn.SiLU, (), {}),
}
ACTIVATIONS = tuple(name for name in LAYERS if name != "Linear")
# init -> how W (out, in) is drawn; biases start at 0 except for "uniform" (PyTorch's own)
INITS = ("uniform", "normal", "xavier", "he")
MAX_WIDTH = 4096


class ModelError(SaidError):
    """A ``[model]`` the engine cannot build; the message says what was expected.

    ``str(e)`` is the English; ``e.said`` the `Message`, to be said in a lesson's language.
    """


@dataclass(frozen=True)
class LayerSpec:
    """One module: ``kind`` in `LAYERS`, its arguments by name (``{"in_features": 3,
    "out_features": 4, "bias": False}``), all of them filled in."""

    kind: str
    args: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        """As the lesson writes it: ``Linear(3, 4, bias=False)``."""
        positional, keywords = LAYERS[self.kind][1:]
        parts = [str(self.args[name]) for name in positional]
        parts += [f"{k}={self.args[k]}" for k, default in keywords.items()
                  if self.args[k] != default]
        return f"{self.kind}({', '.join(parts)})"


@dataclass(frozen=True)
class ModelSpec:
    """The layers in order, ``init`` in `INITS`, ``seed`` for the initial weights."""

    layers: tuple[LayerSpec, ...]
    init: str = "uniform"
    seed: int = 0

    @property
    def linears(self) -> tuple[LayerSpec, ...]:
        return tuple(layer for layer in self.layers if layer.kind == "Linear")

    @property
    def sizes(self) -> tuple[int, ...]:
        """Inputs, then each Linear's outputs: (3, 4, 1) for the XOR net."""
        linears = self.linears
        return (linears[0].args["in_features"], *(lin.args["out_features"] for lin in linears))

    @property
    def hidden_activation(self) -> str | None:
        """The first activation before the last Linear (what the activation control shows)."""
        last = max(i for i, layer in enumerate(self.layers) if layer.kind == "Linear")
        return next((layer.kind for layer in self.layers[:last] if layer.kind != "Linear"),
                    None)

    @property
    def text(self) -> str:
        return "Sequential(" + ", ".join(layer.text for layer in self.layers) + ")"


def _shown(text: str, most: int = 60) -> str:
    """`text` in quotes for a message, cut to `most` characters (a 5,000-digit width)."""
    return repr(text if len(text) <= most else text[:most] + "…")


def parse_layer(text: str) -> LayerSpec:
    """One layer from its text, e.g. ``"Linear(64, 128)"``, ``"ReLU()"``."""
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # a NUL, a deep nesting
        raise ModelError(Message("cannot read {text}: write a layer like Linear(3, 4) or "
                                 "ReLU()", text=_shown(text))) from None
    if isinstance(node, ast.Name):  # "ReLU" for "ReLU()"
        node = ast.Call(node, [], [])
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
        raise ModelError(Message("cannot read {text}: write a layer like Linear(3, 4) or "
                                 "ReLU()", text=_shown(text)))
    name = node.func.id
    if name not in LAYERS:
        raise ModelError(Message("unknown layer {name}{odd}; choose one of {names}",
                                 name=_shown(name), odd=odd_letter(name),
                                 names=", ".join(LAYERS)))
    _, positional, keywords = LAYERS[name]
    if len(node.args) > len(positional):
        raise ModelError(Message("{name} takes {n} numbers in parentheses", name=name,
                                 n=len(positional)))
    args = dict(keywords)
    for key, value in zip(positional, node.args, strict=False):
        args[key] = _literal(value, name, key)
    for keyword in node.keywords:
        if keyword.arg not in positional and keyword.arg not in keywords:
            allowed = ", ".join((*positional, *keywords))
            if not allowed:
                raise ModelError(Message("{name} has no argument '{arg}'; it takes nothing",
                                         name=name, arg=keyword.arg))
            raise ModelError(Message("{name} has no argument '{arg}'; it takes {allowed}",
                                     name=name, arg=keyword.arg, allowed=allowed))
        args[keyword.arg] = _literal(keyword.value, name, keyword.arg)
    missing = [key for key in positional if key not in args]
    if missing:
        raise ModelError(Message("{name} needs {missing}, e.g. {example}", name=name,
                                 missing=", ".join(missing), example="Linear(3, 4)"))
    for key in positional:
        if not (isinstance(args[key], int) and not isinstance(args[key], bool)
                and 1 <= args[key] <= MAX_WIDTH):
            raise ModelError(Message("{name} {key} must be a whole number from 1 to {most}",
                                     name=name, key=key, most=MAX_WIDTH))
    if "bias" in args and not isinstance(args["bias"], bool):
        raise ModelError(Message("{name} bias must be True or False", name=name))
    return LayerSpec(name, args)


def _literal(node: ast.expr, name: str, key: str):
    try:
        value = ast.literal_eval(node)
    except ValueError:
        raise ModelError(Message("{name} {key} must be a number (or True/False)", name=name,
                                 key=key)) from None
    if not isinstance(value, int | float | bool) or (
            isinstance(value, float) and not math.isfinite(value)):
        raise ModelError(Message("{name} {key} must be a number (or True/False)", name=name,
                                 key=key))
    return value


def check_model(spec: ModelSpec) -> None:
    """Raise `ModelError` unless the layers chain: each Linear takes what the last gave."""
    if not spec.linears:
        raise ModelError(Message("a model needs at least one Linear layer"))
    if spec.init not in INITS:
        raise ModelError(Message("unknown init '{name}'; choose one of {names}",
                                 name=spec.init, names=", ".join(INITS)))
    width = None
    for i, layer in enumerate(spec.layers):
        if layer.kind != "Linear":
            continue
        if width is not None and layer.args["in_features"] != width:
            raise ModelError(Message("layer {i} {layer} takes {n} inputs, but the layer before "
                                     "gives {width}", i=i + 1, layer=layer.text,
                                     n=layer.args["in_features"], width=width))
        width = layer.args["out_features"]


def build_model(spec: ModelSpec, dtype: str = "float32") -> nn.Sequential:
    """The engine's network for ``spec``; weights drawn from ``default_rng(spec.seed)``."""
    check_model(spec)
    rng = np.random.default_rng(spec.seed)
    modules = []
    for layer in spec.layers:
        cls, _, _ = LAYERS[layer.kind]
        module = cls(**layer.args) if layer.args else cls()
        if layer.kind == "Linear":
            _initialise(module, spec.init, rng, dtype)
        modules.append(module)
    return nn.Sequential(*modules)


def _initialise(linear: nn.Linear, init: str, rng: np.random.Generator, dtype: str) -> None:
    out, fan_in = linear.out_features, linear.in_features
    if init == "uniform":  # PyTorch's default: U(−1/√in, 1/√in) for W and b
        bound = 1 / math.sqrt(fan_in)
        weight = rng.uniform(-bound, bound, (out, fan_in))
        bias = rng.uniform(-bound, bound, out)
    else:
        if init == "normal":  # the workshops' np.random.randn
            weight = rng.standard_normal((out, fan_in))
        elif init == "xavier":  # Glorot: U(±√(6/(in+out)))
            bound = math.sqrt(6 / (fan_in + out))
            weight = rng.uniform(-bound, bound, (out, fan_in))
        else:  # he: N(0, 2/in)
            weight = rng.standard_normal((out, fan_in)) * math.sqrt(2 / fan_in)
        bias = np.zeros(out)
    linear.weight = nn.Parameter(gv.tensor(weight, dtype=getattr(gv, dtype)))
    if linear.bias is not None:
        linear.bias = nn.Parameter(gv.tensor(bias, dtype=getattr(gv, dtype)))


def with_activation(spec: ModelSpec, name: str) -> ModelSpec:
    """Every activation before the last Linear becomes ``name`` (the output's stays)."""
    if name not in ACTIVATIONS:
        raise ModelError(Message("unknown activation '{name}'; choose one of {names}",
                                 name=name, names=", ".join(ACTIVATIONS)))
    last = max(i for i, layer in enumerate(spec.layers) if layer.kind == "Linear")
    layers = tuple(LayerSpec(name, dict(LAYERS[name][2]))
                   if i < last and layer.kind != "Linear" else layer
                   for i, layer in enumerate(spec.layers))
    return replace(spec, layers=layers)


def with_hidden(spec: ModelSpec, width: int) -> ModelSpec:
    """Every hidden layer (between the first and the last Linear) gets ``width`` neurons."""
    if not (isinstance(width, int) and 1 <= width <= MAX_WIDTH):
        raise ModelError(Message("the hidden size must be a whole number from 1 to {most}",
                                 most=MAX_WIDTH))
    count = len(spec.linears)
    layers, seen = [], 0
    for layer in spec.layers:
        if layer.kind == "Linear":
            args = dict(layer.args)
            if seen > 0:
                args["in_features"] = width
            if seen < count - 1:
                args["out_features"] = width
            layer, seen = LayerSpec("Linear", args), seen + 1
        layers.append(layer)
    return replace(spec, layers=tuple(layers))
