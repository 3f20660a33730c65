"""``torch.backends.cudnn``: its flags, kept and read back; gradviz has no cuDNN."""

deterministic = False
benchmark = False
enabled = True
allow_tf32 = True


def is_available() -> bool:
    return False


def version() -> None:
    return None
