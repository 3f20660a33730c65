"""Spanish for the words of `torch.autograd`'s extensions and of saved files (see
`gradviz.catalog`): a user's ``autograd.Function`` row and `torch.save`/`torch.load` errors."""

SPANISH: dict[str, str] = {
    # engine/autograd_function.py: the registry row of a user's autograd.Function
    "y = forward(x): the user's autograd.Function":
        "y = forward(x): la autograd.Function del usuario",
    "G · ∂y/∂x: the user's backward": "G · ∂y/∂x: el backward del usuario",
}
