"""Read ``.npy``/``.npz`` arrays without trusting what they declare.

A file from a student's disk may lie: a zip member that inflates to gigabytes,
an ``.npy`` header that promises 10¹⁴ bytes, pickled objects, a text file with
the wrong name. :class:`ArrayFile` reads every array's header first
(shape, dtype, byte count), checks it against the zip directory and a byte
limit, and lets the caller check it against what it expects *before* any
data is read; it never unpickles (JSON is bounded in :mod:`cnnviz.core.safe_json`).
Every refusal is an :class:`ArrayFileError` with one plain phrase, without
the file's name, so the caller can put its own words in front.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

import numpy as np

from ._sniff import describe_content

NPY_MAGIC = b"\x93NUMPY"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
#: an .npy header longer than this is refused (numpy writes < 200 bytes for real arrays)
MAX_HEADER = 10_000
#: more dimensions than this is not an array cnnviz could use
MAX_NDIM = 32
#: a member bigger than this must not compress better than MAX_RATIO : 1
RATIO_FLOOR = 1 << 20
MAX_RATIO = 100
_CHUNK = 1 << 20
_KINDS = "biufU"


class ArrayFileError(ValueError):
    """An array file refused; ``str(exc)`` is one phrase for a person.

    ``reason`` is one of ``missing, folder, unreadable, not_array, pickle, damaged,
    too_large, unsupported``.
    """

    def __init__(self, message: str, reason: str = "damaged") -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class ArrayHeader:
    """What one array declares: ``shape``, ``dtype``, ``fortran`` order and ``nbytes`` of data."""

    key: str
    shape: tuple[int, ...]
    dtype: np.dtype
    fortran: bool
    nbytes: int

    def describe(self) -> str:
        """E.g. ``w of shape (4, 3, 3, 3) float32``."""
        return f"{self.key or 'the array'} of shape {self.shape} {self.dtype}"


def human_bytes(n: float) -> str:
    """``1536`` → ``"1.5 KiB"``; ``1.2e14`` → ``"109.1 TiB"``."""
    units = ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB")
    k = 0
    while n >= 1024 and k < len(units) - 1:
        n /= 1024
        k += 1
    return f"{int(n)} bytes" if k == 0 else f"{n:.1f} {units[k]}"


class _Counting:
    """A read-only wrapper that counts the bytes read through it."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh, self.count = fh, 0

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(n)
        self.count += len(data)
        return data


def _header(fh: IO[bytes], key: str, max_bytes: int, kinds: str, what: str) -> tuple[ArrayHeader, int]:
    """Parse one .npy header from ``fh``: the header and its length in bytes."""
    label = key or "the array"
    counting = _Counting(fh)
    try:
        version = np.lib.format.read_magic(counting)  # type: ignore[arg-type]
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(counting, MAX_HEADER)  # type: ignore[arg-type]
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(counting, MAX_HEADER)  # type: ignore[arg-type]
        else:
            raise ArrayFileError(
                f"{label} uses .npy format version {version}, which cnnviz does not read", "unsupported"
            )
    except (ValueError, EOFError, SyntaxError, TypeError) as exc:
        if isinstance(exc, ArrayFileError):
            raise
        raise ArrayFileError(f"{label} has a damaged .npy header ({_first_line(exc)})") from None
    if dtype.hasobject:
        raise ArrayFileError(
            f"not a valid {what} file ({label} holds pickled Python objects; cnnviz never unpickles, "
            "because that can run code)",
            "pickle",
        )
    if dtype.fields is not None or dtype.subdtype is not None or dtype.kind not in kinds:
        raise ArrayFileError(f"{label} has the data type {dtype}, which cnnviz does not read", "unsupported")
    if len(shape) > MAX_NDIM or any(not isinstance(d, int) or d < 0 for d in shape):
        raise ArrayFileError(f"{label} declares the impossible shape {shape}")
    nbytes = int(np.prod(shape, dtype=object)) * dtype.itemsize  # Python ints: no overflow
    head = ArrayHeader(key, tuple(shape), dtype, bool(fortran), nbytes)
    if nbytes > max_bytes:
        raise ArrayFileError(
            f"{head.describe()} declares {human_bytes(nbytes)} of data, more than the "
            f"{human_bytes(max_bytes)} cnnviz reads",
            "too_large",
        )
    return head, counting.count


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def _read_data(fh: IO[bytes], head: ArrayHeader) -> np.ndarray:
    """Exactly ``head.nbytes`` from ``fh`` as the declared array (never more)."""
    buf = bytearray(head.nbytes)
    view, pos = memoryview(buf), 0
    while pos < head.nbytes:
        chunk = fh.read(min(_CHUNK, head.nbytes - pos))
        if not chunk:
            raise ArrayFileError(f"{head.key or 'the array'} is truncated")
        view[pos : pos + len(chunk)] = chunk
        pos += len(chunk)
    flat = np.frombuffer(buf, dtype=head.dtype)
    return flat.reshape(head.shape, order="F" if head.fortran else "C")


class ArrayFile:
    """An ``.npy`` or ``.npz`` file whose array headers have been read and checked.

    Parameters
    ----------
    path : the file.
    what : how to name the expected format in messages, e.g. ``".npy/.npz"``.
    max_bytes : the most bytes of data any one array may declare.
    max_total : the most bytes all arrays together may declare.
    max_members : the most arrays an .npz may hold.
    kinds : dtype kinds accepted (``numpy.dtype.kind`` letters).
    others : names of .npz members that are not arrays and are let through unread
        (e.g. ``lesson.json``); the caller reads and bounds them. Each still counts
        towards ``max_members`` and may unpack to at most ``max_bytes``.

    ``headers`` maps each key (the .npz member name without ``.npy``; ``""`` for a
    lone .npy) to its :class:`ArrayHeader`; ``single`` is True for an .npy file.
    Use as a context manager; :meth:`read` returns one array, shape ``header.shape``.
    Raises :class:`ArrayFileError` for anything wrong with the file.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        what: str = ".npy/.npz",
        max_bytes: int = 64 << 20,
        max_total: int | None = None,
        max_members: int = 64,
        kinds: str = _KINDS,
        others: Collection[str] = (),
    ) -> None:
        self.path, self.what = Path(path), what
        self.others = frozenset(others)
        self.max_bytes, self.kinds = max_bytes, kinds
        self.max_total = max_bytes if max_total is None else max_total
        self.max_members = max_members
        self.headers: dict[str, ArrayHeader] = {}
        self._zip: zipfile.ZipFile | None = None
        self._infos: dict[str, zipfile.ZipInfo] = {}
        self._offset = 0
        self._open()

    # -- opening ----------------------------------------------------------------------
    def _open(self) -> None:
        p = self.path
        try:
            size = p.stat().st_size
            with open(p, "rb") as fh:
                head = fh.read(512)
        except FileNotFoundError:
            raise ArrayFileError("the file does not exist", "missing") from None
        except IsADirectoryError:
            raise ArrayFileError("it is a folder, not a file", "folder") from None
        except OSError as exc:
            raise ArrayFileError(f"the file cannot be read ({exc.strerror or exc})", "unreadable") from None
        if head.startswith(NPY_MAGIC):
            self._open_npy(size)
        elif head.startswith(ZIP_MAGICS):
            self._open_npz(size)
        else:
            reason = "pickle" if describe_content(head).startswith("it is pickled") else "not_array"
            raise ArrayFileError(f"not a valid {self.what} file ({describe_content(head)})", reason)

    def _open_npy(self, size: int) -> None:
        with open(self.path, "rb") as fh:
            head, hlen = _header(fh, "", self.max_bytes, self.kinds, self.what)
        if hlen + head.nbytes != size:
            raise ArrayFileError(
                f"{head.describe()} needs {human_bytes(head.nbytes)} of data but the file holds "
                f"{human_bytes(max(size - hlen, 0))}; it is damaged or forged"
            )
        self.headers[""], self._offset = head, hlen

    def _open_npz(self, size: int) -> None:
        if size > self.max_total + self.max_members * (MAX_HEADER + 1024) + (1 << 20):
            raise ArrayFileError(
                f"the file is {human_bytes(size)}, more than the {human_bytes(self.max_total)} "
                "of arrays cnnviz reads",
                "too_large",
            )
        try:
            self._zip = zipfile.ZipFile(self.path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError) as exc:
            self.close()
            raise ArrayFileError(
                f"not a valid {self.what} file (a damaged zip archive: {_first_line(exc)})"
            ) from None
        try:
            self._check_members(infos)
        except BaseException:
            self.close()
            raise

    def _check_members(self, infos: list[zipfile.ZipInfo]) -> None:
        if len(infos) > self.max_members:
            raise ArrayFileError(
                f"it holds {len(infos)} arrays, more than the {self.max_members} cnnviz reads", "too_large"
            )
        total = 0
        seen: set[str] = set()
        for info in infos:
            name = info.filename
            if name in seen:
                raise ArrayFileError(
                    f"not a valid {self.what} file (it holds {name!r} twice; it was tampered with)"
                )
            seen.add(name)
            if name in self.others and not info.is_dir():
                if info.flag_bits & 0x1:
                    raise ArrayFileError(f"{name} is encrypted", "unsupported")
                if info.file_size > self.max_bytes:
                    raise ArrayFileError(
                        f"{name} would unpack to {human_bytes(info.file_size)}, more than the "
                        f"{human_bytes(self.max_bytes)} cnnviz reads",
                        "too_large",
                    )
                continue
            if not name.endswith(".npy") or info.is_dir():
                raise ArrayFileError(
                    f"not a valid {self.what} file (it holds {name!r}, which is not an array)"
                )
            key = name[: -len(".npy")]
            if info.flag_bits & 0x1:
                raise ArrayFileError(f"{key} is encrypted", "unsupported")
            limit = self.max_bytes + MAX_HEADER
            if info.file_size > limit:
                raise ArrayFileError(
                    f"{key} would unpack to {human_bytes(info.file_size)}, more than the "
                    f"{human_bytes(self.max_bytes)} cnnviz reads",
                    "too_large",
                )
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
                raise ArrayFileError(
                    f"{key} would unpack {ratio:.0f} times larger than it is stored, "
                    "which real arrays never do (a zip bomb?)",
                    "too_large",
                )
            try:
                with self._member(info) as fh:
                    head, hlen = _header(fh, key, self.max_bytes, self.kinds, self.what)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:  # e.g. a bad CRC
                raise ArrayFileError(f"{key} is damaged ({_first_line(exc)})") from None
            if hlen + head.nbytes != info.file_size:
                raise ArrayFileError(
                    f"{head.describe()} needs {human_bytes(head.nbytes)} of data but the archive "
                    f"says it holds {human_bytes(max(info.file_size - hlen, 0))}; it is damaged or forged"
                )
            total += head.nbytes
            if total > self.max_total:
                raise ArrayFileError(
                    f"its arrays would unpack to more than the {human_bytes(self.max_total)} cnnviz reads",
                    "too_large",
                )
            self.headers[key] = head
            self._infos[key] = info

    def _member(self, info: zipfile.ZipInfo) -> IO[bytes]:
        assert self._zip is not None
        try:
            return self._zip.open(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError) as exc:
            raise ArrayFileError(f"{info.filename} cannot be unpacked ({_first_line(exc)})") from None

    # -- reading ----------------------------------------------------------------------
    @property
    def single(self) -> bool:
        """True for a lone .npy file (its key is ``""``)."""
        return self._zip is None

    def read(self, key: str) -> np.ndarray:
        """The array ``key`` with its declared shape and dtype; the header was checked on opening."""
        head = self.headers[key]
        try:
            if self._zip is None:
                with open(self.path, "rb") as fh:
                    fh.seek(self._offset)
                    return _read_data(fh, head)
            with self._member(self._infos[key]) as fh:
                _header(fh, key, self.max_bytes, self.kinds, self.what)
                return _read_data(fh, head)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            if isinstance(exc, ArrayFileError):
                raise
            raise ArrayFileError(f"{key or 'the array'} is damaged ({_first_line(exc)})") from None

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> ArrayFile:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
