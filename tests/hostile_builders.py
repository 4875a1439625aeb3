"""Small builders for hostile array files (zip bombs, lying headers), shared by tests."""

from __future__ import annotations

import io
import struct
import zipfile

import numpy as np


def npy_header(shape: tuple[int, ...], descr: str = "<f4") -> bytes:
    """Just the .npy header of an array of ``shape`` (no data)."""
    out = io.BytesIO()
    np.lib.format.write_array_header_1_0(out, {"descr": descr, "fortran_order": False, "shape": shape})
    return out.getvalue()


def npz_with(path, members: dict[str, bytes], compress: bool = False):
    """A zip of raw member bytes (each should be a .npy file, or a lie)."""
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name + ".npy", data)
    return path


def forge_declared_size(path, size: int):
    """Rewrite every central-directory entry's uncompressed size to ``size`` (< 4 GiB)."""
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at != -1:
        struct.pack_into("<I", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def zeros_bomb(path, nbytes: int, name: str = "w"):
    """A real bomb: a consistent member of ``nbytes`` zeros, deflated ~1000:1."""
    count = nbytes // 4 // 27
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open(name + ".npy", "w") as fh:
            fh.write(npy_header((count, 3, 3, 3)))
            block = bytes(1 << 20)
            left = count * 27 * 4
            while left:
                fh.write(block[: min(left, len(block))])
                left -= min(left, len(block))
    return path
