"""The data sets a training lesson learns from, as plain numpy arrays.

``generated("spiral", n=400, noise=0.2, seed=0)`` draws a 2-D set (xor, circles, moons,
spiral, blobs); ``xor_table()`` is the workshop's truth table (seed 004: inputs x1, x2 and a
constant 1, one output); ``digits()`` the 8×8 handwritten digits shipped in ``assets/``;
``load_file(path)`` reads a lecturer's CSV, NPZ or IDX file (a local MNIST copy works).
``split(data, 0.2, seed)`` holds out a validation set.  Every problem with a file is a
`DataError` whose message names the file and what was expected, a catalog `Message` said in
the lesson's language when it is shown.
"""

from __future__ import annotations

import gzip
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gradviz.catalog.lesson import Message, SaidError

GENERATED = ("xor", "circles", "moons", "spiral", "blobs")
MAX_RECORDS = 1_000_000
MAX_VALUES = 100_000_000  # records × features read from one file
MAX_CSV_BYTES = 256 * 2**20  # a CSV is read whole: a bigger one is refused before reading
MAX_CLASSES = 1000  # labels 0 … 999: a label past that is a mistake, not a class


class DataError(SaidError):
    """A data set that cannot be made or read; the message says what and where.

    ``str(e)`` is the English; ``e.said`` the `Message`, to be said in a lesson's language.
    """


@dataclass(frozen=True, eq=False)
class Dataset:
    """Records for a classifier.

    ``x``: float64 (n, d), one record per row; ``y``: int64 (n,), class labels 0 … classes−1;
    ``classes``: how many labels there are (2 for the binary sets); ``image_shape``: (8, 8)
    or (28, 28) when each row is an image, else None; ``name``: what the lesson called it.
    """

    name: str
    x: np.ndarray
    y: np.ndarray
    classes: int
    image_shape: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        for array in (self.x, self.y):
            array.setflags(write=False)

    def __len__(self) -> int:
        return int(self.x.shape[0])

    @property
    def features(self) -> int:
        return int(self.x.shape[1])

    def take(self, indices: np.ndarray) -> Dataset:
        """The records at ``indices``, in that order (a copy)."""
        return Dataset(self.name, self.x[indices], self.y[indices], self.classes,
                       self.image_shape)


def _dataset(name: str, x, y, classes: int | None = None, image_shape=None) -> Dataset:
    y = np.asarray(y, dtype=np.int64)
    return Dataset(name, np.ascontiguousarray(x, dtype=np.float64), y,
                   int(classes if classes is not None else y.max() + 1), image_shape)


def generated(name: str, n: int = 200, noise: float = 0.1, seed: int = 0,
              classes: int = 3) -> Dataset:
    """A 2-D set of ``n`` points (``x`` in roughly [-1, 1]², labels 0/1; ``blobs`` has
    ``classes`` labels).  ``noise`` is the standard deviation of the Gaussian jitter."""
    if name not in GENERATED:
        raise DataError(Message("unknown data set '{name}'; choose one of {names}", name=name,
                                names=", ".join(GENERATED)))
    rng = np.random.default_rng(seed)
    half = np.arange(n) % 2
    if name == "xor":
        x = rng.uniform(-1, 1, size=(n, 2))
        y = (x[:, 0] * x[:, 1] < 0).astype(np.int64)
    elif name == "circles":
        angle = rng.uniform(0, 2 * np.pi, n)
        radius = np.where(half == 1, 0.45, 0.95)
        x, y = np.c_[radius * np.cos(angle), radius * np.sin(angle)], half
    elif name == "moons":
        angle = rng.uniform(0, np.pi, n)
        upper = np.c_[np.cos(angle) - 0.5, np.sin(angle) - 0.25]
        lower = np.c_[0.5 - np.cos(angle), 0.25 - np.sin(angle)]
        x, y = np.where(half[:, None] == 1, lower, upper) * 0.8, half
    elif name == "spiral":
        # two arms a half-turn apart, 1.75 turns each, radius growing with the angle
        t = rng.uniform(0.05, 1.0, n)
        angle = t * 3.5 * np.pi + half * np.pi
        x, y = np.c_[t * np.cos(angle), t * np.sin(angle)], half
    else:
        label = np.arange(n) % classes
        centres = 0.6 * np.c_[np.cos(2 * np.pi * np.arange(classes) / classes),
                              np.sin(2 * np.pi * np.arange(classes) / classes)]
        x, y = centres[label], label
    x = x + rng.normal(0.0, noise, size=(n, 2)) if noise else x
    return _dataset(name, x, y, classes if name == "blobs" else 2)


def xor_table() -> Dataset:
    """The four XOR records of the workshop: x1, x2 and a constant 1 (the bias the net lacks)."""
    x = [[0.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]]
    return _dataset("xor_table", x, [0, 1, 1, 0], 2)


def asset_path(name: str) -> Path | None:
    """A file of ``assets/``: in the checkout (an editable install) or where a wheel put it."""
    here = Path(__file__).resolve().parents[2] / "assets" / name
    installed = Path(sys.prefix, "share", "gradviz", name)
    return next((p for p in (here, installed) if p.is_file()), None)


def digits() -> Dataset:
    """The 1,797 8×8 handwritten digits (UCI, see ``assets/digits_8x8.md``), pixels / 16."""
    path = asset_path("digits_8x8.npz")
    if path is None:
        raise DataError(Message("the digits data set ({file}) is not installed",
                                file="assets/digits_8x8.npz"))
    with np.load(path) as stored:
        return _dataset("digits", stored["images"] / 16.0, stored["labels"], 10, (8, 8))


def split(data: Dataset, fraction: float, seed: int = 0) -> tuple[Dataset, Dataset | None]:
    """(training, validation): a shuffled ``fraction`` of the records is held out
    (None when ``fraction`` is 0).  The same seed holds out the same records."""
    if not 0 <= fraction < 1:
        raise DataError(Message("the validation fraction must be from 0 to below 1, not "
                                "{fraction}", fraction=fraction))
    held = int(round(len(data) * fraction))
    if held == 0:
        return data, None
    if held >= len(data):
        raise DataError(Message("a validation fraction of {fraction} leaves no training "
                                "records", fraction=fraction))
    order = np.random.default_rng(seed).permutation(len(data))
    return data.take(np.sort(order[held:])), data.take(np.sort(order[:held]))


# -- files -------------------------------------------------------------------------------

def load_file(path: str | Path, labels: str | Path | None = None, scale: float = 1.0
              ) -> Dataset:
    """Read records from a file: ``.csv`` (numbers, the last column the label; one header
    line is skipped), ``.npz`` (arrays ``x`` and ``y``), or IDX (MNIST's format, maybe
    gzipped) with the labels in a second IDX file ``labels``.  ``x`` is multiplied by
    ``scale`` (1/255 for MNIST's bytes)."""
    path = Path(path)
    _regular_file(path)
    if labels is not None:
        _regular_file(Path(labels))
    suffixes = [s.lower() for s in path.suffixes]
    try:
        if suffixes[-1:] == [".csv"]:
            x, y, shape = (*_read_csv(path), None)
        elif suffixes[-1:] == [".npz"]:
            x, y, shape = _read_npz(path)
        else:
            if labels is None:
                raise DataError(Message("{path}: an IDX file of images needs its labels file "
                                        "too", path=str(path)))
            x, shape = _read_idx(path)
            y, _ = _read_idx(Path(labels))
            y = y.reshape(-1)
    except (OSError, ValueError, EOFError) as e:
        if isinstance(e, DataError):
            raise
        raise DataError(Message("{path}: cannot be read: {error}", path=str(path),
                                error=str(e))) from None
    if x.ndim != 2 or len(x) != len(y) or len(x) == 0:
        raise DataError(Message("{path}: expected as many labels as records, got {records} "
                                "records and {labels} labels", path=str(path),
                                records=len(x), labels=len(y)))
    if not np.all(np.isfinite(x)):
        raise DataError(Message("{path}: every value must be a finite number", path=str(path)))
    if not np.all((y >= 0) & (y == np.round(y))):
        raise DataError(Message("{path}: labels must be whole numbers 0, 1, 2, …",
                                path=str(path)))
    if y.max() >= MAX_CLASSES:  # before the cast: 1e300 is no int64
        raise DataError(Message("{path}: a label of {label:g} is more than {most}; labels "
                                "number the classes 0, 1, 2, …", path=str(path),
                                label=float(y.max()), most=MAX_CLASSES - 1))
    return _dataset(path.name, x * scale, y.astype(np.int64), None, shape)


def _regular_file(path: Path) -> None:
    """A `DataError` unless `path` is a file that can be read to its end (not a folder, a
    device such as /dev/zero, a FIFO, or a name the system refuses)."""
    import stat

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise DataError(Message("{file}: no such file", file=str(path))) from None
    except (OSError, ValueError) as e:  # a name too long, a NUL in it, no permission
        raise DataError(Message("{path}: cannot be opened: {error}", path=str(path),
                                error=str(getattr(e, "strerror", None) or e))) from None
    if stat.S_ISDIR(mode):
        raise DataError(Message("{path}: is a folder, not a data file", path=str(path)))
    if not stat.S_ISREG(mode):
        raise DataError(Message("{path}: is not a regular file (a device or a pipe); give a "
                                "data file", path=str(path)))


def _read_csv(path: Path) -> tuple[np.ndarray, np.ndarray]:
    if path.stat().st_size > MAX_CSV_BYTES:
        raise DataError(Message("{path}: more than {mib} MiB; a CSV is read whole, save a "
                                "bigger data set as .npz", path=str(path),
                                mib=MAX_CSV_BYTES // 2**20))
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [line for line in lines if line.strip()]
    try:
        float(rows[0].split(",")[0])
    except (ValueError, IndexError):
        rows = rows[1:]  # a header
    if not rows:
        raise DataError(Message("{path}: no records; expected lines of numbers, the label last",
                                path=str(path)))
    table = np.loadtxt(rows, delimiter=",", ndmin=2)
    if table.shape[1] < 2 or table.size > MAX_VALUES:
        raise DataError(Message("{path}: expected at least two columns (features, then the "
                                "label)", path=str(path)))
    return table[:, :-1], table[:, -1]


def _read_npz(path: Path):
    with np.load(path, allow_pickle=False) as stored:
        if "x" not in stored or "y" not in stored:
            if not stored.files:
                raise DataError(Message("{path}: expected arrays named x and y, found none",
                                        path=str(path)))
            raise DataError(Message("{path}: expected arrays named x and y, found {names}",
                                    path=str(path), names=", ".join(stored.files)))
        for name in ("x", "y"):
            if stored[name].dtype.kind not in "biuf":
                raise DataError(Message("{path}: {name} holds {dtype} values; expected real "
                                        "numbers", path=str(path), name=name,
                                        dtype=str(stored[name].dtype)))
        x, y = np.asarray(stored["x"], dtype=np.float64), np.asarray(stored["y"]).reshape(-1)
    if x.ndim == 0:
        raise DataError(Message("{path}: x is one number; expected one record per row",
                                path=str(path)))
    shape = tuple(x.shape[1:]) if x.ndim == 3 else None
    return x.reshape(len(x), -1), y, shape


_IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4",
              0x0E: ">f8"}


def _read_idx(path: Path) -> tuple[np.ndarray, tuple[int, int] | None]:
    """An IDX file (LeCun's MNIST format): magic 0 0 type ndim, ndim big-endian sizes."""
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    with opener(path, "rb") as f:
        raw = f.read(MAX_VALUES + 1024)
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_TYPES:
        raise DataError(Message("{path}: not an IDX file (its first bytes are not 0 0 type "
                                "ndim)", path=str(path)))
    ndim = raw[3]
    sizes = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    dtype = np.dtype(_IDX_TYPES[raw[2]])
    count = int(np.prod(sizes)) if sizes else 0
    body = raw[4 + 4 * ndim:]
    if not sizes or sizes[0] > MAX_RECORDS or count * dtype.itemsize != len(body):
        raise DataError(Message("{path}: its header says {sizes} values of {dtype}, but "
                                "{count} bytes follow", path=str(path), sizes=str(sizes),
                                dtype=str(dtype), count=len(body)))
    values = np.frombuffer(body, dtype=dtype).astype(np.float64).reshape(sizes)
    shape = (sizes[1], sizes[2]) if ndim == 3 else None
    return values.reshape(sizes[0], -1) if ndim > 1 else values, shape
