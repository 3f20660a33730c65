"""`gradviz.nn.utils.rnn`: a batch of sequences of different lengths, padded to one tensor,
as `torch.nn.utils.rnn.pad_sequence` pads them (the gradient flows back to each sequence), or
packed (`pack_padded_sequence`, `pad_packed_sequence`, `PackedSequence`: `engine.nn_packed`)
for the recurrent layers; `pack_sequence` packs a list at once, `unpack_sequence` and
`unpad_sequence` give the list back.
"""

from __future__ import annotations

from collections.abc import Sequence

from gradviz.engine import creation
from gradviz.engine.autograd import ShapeError
from gradviz.engine.nn_packed import PackedSequence, pack_padded_sequence, pad_packed_sequence
from gradviz.engine.tensor import Tensor

__all__ = ["PackedSequence", "invert_permutation", "pack_padded_sequence", "pack_sequence",
           "pad_packed_sequence", "pad_sequence", "unpack_sequence", "unpad_sequence"]


def pad_sequence(sequences: Tensor | Sequence[Tensor], batch_first: bool = False,
                 padding_value: float = 0.0, padding_side: str = "right") -> Tensor:
    """Sequences (Lᵢ, *) stacked into (L_max, B, *), or (B, L_max, *) with batch_first, the
    missing steps filled with `padding_value` after each sequence (before, with
    padding_side='left')."""
    if padding_side not in ("left", "right"):
        raise ValueError(f"Expected padding_side to be one of left or right, but got "
                         f"{padding_side}.")
    sequences = list(sequences.unbind(0) if isinstance(sequences, Tensor) else sequences)
    if not sequences:
        raise RuntimeError("received an empty list of sequences")
    first = sequences[0]
    rest = tuple(first.shape[1:])
    for s in sequences:
        if tuple(s.shape[1:]) != rest:
            raise ShapeError(f"The size of tensor a ({rest}) must match the size of tensor b "
                             f"({tuple(s.shape[1:])}) at non-singleton dimension 1")
    longest = max(s.shape[0] for s in sequences)
    batch = len(sequences)
    shape = (batch, longest) if batch_first else (longest, batch)
    out = creation.full((*shape, *rest), padding_value, dtype=first.dtype, device=first.device)
    for i, s in enumerate(sequences):  # each written into its place, as torch copies them
        n = s.shape[0]
        steps = slice(0, n) if padding_side == "right" else slice(longest - n, longest)
        out[(i, steps) if batch_first else (steps, i)] = s
    return out


def pack_sequence(sequences: Sequence[Tensor], enforce_sorted: bool = True) -> PackedSequence:
    """Sequences (Lᵢ, *) packed at once: `pad_sequence`, then `pack_padded_sequence` with
    their lengths (longest first, unless ``enforce_sorted=False``)."""
    lengths = creation.as_tensor([v.size(0) for v in sequences])
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpad_sequence(padded_sequences: Tensor, lengths: Tensor, batch_first: bool = False
                   ) -> list[Tensor]:
    """The padded batch cut back into its sequences, each its length long.  Without
    `batch_first` the batch is transposed in place first, as PyTorch does."""
    if not batch_first:
        padded_sequences.transpose_(0, 1)
    idx = creation.arange(padded_sequences.shape[1], device=lengths.device)
    return [seq[idx < length] for seq, length in zip(padded_sequences, lengths, strict=True)]


def unpack_sequence(packed_sequences: PackedSequence) -> list[Tensor]:
    """A PackedSequence back to its list of sequences, in their first order."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)


def invert_permutation(permutation: Tensor | None) -> Tensor | None:
    """The inverse of a permutation (sorted ↔ unsorted indices of a PackedSequence)."""
    if permutation is None:
        return None
    output = creation.empty_like(permutation)
    output.scatter_(0, permutation, creation.arange(0, permutation.numel(),
                                                    device=permutation.device))
    return output
