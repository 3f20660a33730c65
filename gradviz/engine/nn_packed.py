"""`PackedSequence`, `pack_padded_sequence` and `pad_packed_sequence`, as
`torch.nn.utils.rnn` has them: a batch of sequences of different lengths kept as one (Σ Lᵢ, *)
tensor, step by step (each step holds the sequences still running, longest first), with the
number of them at each step (``batch_sizes``).

The recurrent layers take one: `padded_steps` lays it out as (T, B, *) again for them, and
they stop each sequence's state at its own length (`nn_recurrent`), so the numbers are
PyTorch's.  Every move is one index of a registry row, so gradients flow back to the data.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from gradviz.engine import creation, dtypes
from gradviz.engine.autograd import ShapeError
from gradviz.engine.printing import named_node
from gradviz.engine.tensor import Tensor
from gradviz.engine.tensor_functions import cat

__all__ = ["PackedSequence", "pack_padded_sequence", "pad_packed_sequence"]


class PackedSequence(NamedTuple):
    data: Tensor
    batch_sizes: Tensor
    sorted_indices: Tensor | None = None
    unsorted_indices: Tensor | None = None

    def to(self, *args, **kwargs) -> PackedSequence:
        """The data converted as ``Tensor.to`` converts it (itself where nothing changes), the
        sorting indices moved to its device; ``batch_sizes`` stays on the CPU."""
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self

        def moved(indices: Tensor | None) -> Tensor | None:
            return None if indices is None else indices.to(data.device)

        return PackedSequence(data, self.batch_sizes, moved(self.sorted_indices),
                              moved(self.unsorted_indices))

    def cuda(self, *args, **kwargs) -> PackedSequence:
        return self.to(*args, **{"device": "cuda", **kwargs})

    def cpu(self, *args, **kwargs) -> PackedSequence:
        return self.to(*args, **{"device": "cpu", **kwargs})

    @property
    def is_cuda(self) -> bool:
        return self.data.is_cuda

    def double(self) -> PackedSequence:
        return self.to(dtype=dtypes.float64)

    def float(self) -> PackedSequence:  # noqa: A003 - PyTorch's name
        return self.to(dtype=dtypes.float32)

    def half(self) -> PackedSequence:
        return self.to(dtype=dtypes.float16)

    def long(self) -> PackedSequence:
        return self.to(dtype=dtypes.int64)

    def int(self) -> PackedSequence:  # noqa: A003
        return self.to(dtype=dtypes.int32)

    def short(self) -> PackedSequence:
        return self.to(dtype=dtypes.int16)

    def char(self) -> PackedSequence:
        return self.to(dtype=dtypes.int8)

    def byte(self) -> PackedSequence:
        return self.to(dtype=dtypes.uint8)


def _positions(batch_sizes: np.ndarray) -> np.ndarray:
    """The flat (t·B + b) positions of a (T, B) layout that the packed rows fill, in order."""
    batch = int(batch_sizes[0]) if batch_sizes.size else 0
    return np.concatenate([t * batch + np.arange(n) for t, n in enumerate(batch_sizes)])


def pack_padded_sequence(input: Tensor, lengths, batch_first: bool = False,  # noqa: A002
                         enforce_sorted: bool = True) -> PackedSequence:
    """(T, B, *) (or (B, T, *)) sequences, each its length long, packed step by step."""
    lengths = np.asarray(lengths.cpu().numpy() if isinstance(lengths, Tensor) else lengths,
                         dtype=np.int64).reshape(-1)
    if enforce_sorted:
        if np.any(np.diff(lengths) > 0):
            raise RuntimeError(
                "`lengths` array must be sorted in decreasing order when `enforce_sorted` is "
                "True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or "
                "pack_sequence to sidestep this requirement if you do not need ONNX "
                "exportability.")
        order = None
    else:
        order = np.argsort(-lengths, kind="stable")
    steps = input.transpose(0, 1) if batch_first else input
    if lengths.size != steps.shape[1]:
        raise ShapeError(f"Expected `len(lengths)` to be equal to batch_size, but got "
                         f"{lengths.size} (batch_size={steps.shape[1]})")
    if lengths.size and (lengths.min() <= 0 or lengths.max() > steps.shape[0]):
        raise RuntimeError("Length of all samples has to be between 1 and the sequence "
                           f"length {steps.shape[0]}, got lengths {lengths.tolist()}")
    if order is not None:
        steps = steps[:, creation.tensor(order)]
        lengths = lengths[order]
    batch_sizes = (lengths[None, :] > np.arange(int(lengths.max()))[:, None]).sum(axis=1)
    flat = steps[:len(batch_sizes)].reshape(-1, *steps.shape[2:])
    data = flat[creation.tensor(_positions(batch_sizes))]
    if order is None:
        return PackedSequence(data, creation.tensor(batch_sizes))
    return PackedSequence(data, creation.tensor(batch_sizes), creation.tensor(order),
                          creation.tensor(np.argsort(order)))


def padded_steps(packed: PackedSequence, padding_value: float = 0.0
                 ) -> tuple[Tensor, np.ndarray]:
    """The packed rows laid out (T, B, *) in the packed (longest first) order, and each
    sequence's length."""
    batch_sizes = np.asarray(packed.batch_sizes.cpu().numpy(), dtype=np.int64)
    data = packed.data
    steps, batch = len(batch_sizes), int(batch_sizes[0])
    # every (t, b) reads its packed row, or the padding row after the last one
    where = np.full(steps * batch, data.shape[0], dtype=np.int64)
    where[_positions(batch_sizes)] = np.arange(data.shape[0])
    pad = creation.full((1, *data.shape[1:]), padding_value, dtype=data.dtype,
                        device=data.device)
    padded = cat([data, pad])[creation.tensor(where)].reshape(steps, batch, *data.shape[1:])
    lengths = (batch_sizes[None, :] > np.arange(batch)[:, None]).sum(axis=1)
    return padded, lengths


def repack(padded: Tensor, like: PackedSequence) -> PackedSequence:
    """(T, B, *) results of a packed input, packed as `like` is: each step's running
    sequences, joined (one ``cat``, as PyTorch's packed kernels join their steps)."""
    batch_sizes = np.asarray(like.batch_sizes.cpu().numpy(), dtype=np.int64)
    return like._replace(data=cat([padded[t, :int(n)] for t, n in enumerate(batch_sizes)]))


def pad_packed_sequence(sequence: PackedSequence, batch_first: bool = False,
                        padding_value: float = 0.0, total_length: int | None = None
                        ) -> tuple[Tensor, Tensor]:
    """The inverse of `pack_padded_sequence`: (T, B, *) (or (B, T, *)) in the original order,
    and the lengths."""
    padded, lengths = padded_steps(sequence, padding_value)
    if total_length is not None:
        if total_length < padded.shape[0]:
            raise ValueError(f"Expected total_length to be at least the length of the longest "
                             f"sequence in input, but got total_length={total_length} and max "
                             f"sequence length being {padded.shape[0]}")
        extra = creation.full((total_length - padded.shape[0], *padded.shape[1:]),
                              padding_value, dtype=padded.dtype, device=padded.device)
        padded = cat([padded, extra])
    if batch_first:
        padded = padded.transpose(0, 1)
    if sequence.unsorted_indices is None:
        # PyTorch's kernel copies the steps into a padded tensor of zeros: slices copied
        return (padded if batch_first else named_node(padded, "CopySlices", sequence.data),
                creation.tensor(lengths))
    order = np.asarray(sequence.unsorted_indices.cpu().numpy())
    padded = padded.index_select(0 if batch_first else 1, creation.tensor(order))
    return padded, creation.tensor(lengths[order])
