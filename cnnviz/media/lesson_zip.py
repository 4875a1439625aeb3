"""The zip container of a lesson file, opened through bounds before anything is unpacked.

:func:`container_size` checks the file itself (a regular file, a zip archive, its
size, its directory's size and entry count); :func:`member_text` reads one small
text member through a size bound. Every refusal is a
:class:`~cnnviz.core.lesson_data.LessonError` with one phrase.
"""

from __future__ import annotations

import stat
import struct
import zipfile
import zlib
from pathlib import Path

from cnnviz.core._sniff import describe_content
from cnnviz.core.lesson_checks import LessonError
from cnnviz.core.safe_files import human_bytes

__all__ = ["container_size", "member_text"]

_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_EOCD = b"PK\x05\x06"


def container_size(path: Path, max_file_bytes: int, max_members: int, max_directory_bytes: int) -> int:
    """The file's size after checking it is a regular file holding a zip archive of at most
    ``max_file_bytes``, ``max_members`` entries and a ``max_directory_bytes`` directory
    (read from the zip's end record, before :mod:`zipfile` builds one object per entry).

    Raises
    ------
    LessonError
        reason ``missing``, ``folder``, ``unreadable``, ``not_lesson``, ``too_large`` or ``damaged``.
    """
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(st.st_mode):  # a pipe or a device: opening it could block forever
            raise LessonError("it is not a regular file", "unreadable")
        size = st.st_size
        with open(path, "rb") as fh:
            head = fh.read(512)
            tail_len = min(size, 22 + 0xFFFF)
            fh.seek(size - tail_len)
            tail = fh.read(tail_len)
    except FileNotFoundError:
        raise LessonError("the file does not exist", "missing") from None
    except IsADirectoryError:
        raise LessonError("it is a folder, not a file", "folder") from None
    except OSError as exc:
        raise LessonError(f"the file cannot be read ({exc.strerror or exc})", "unreadable") from None
    if not head.startswith(_ZIP_MAGICS):
        raise LessonError(f"it is not a cnnviz lesson ({describe_content(head)})", "not_lesson")
    if size > max_file_bytes:
        raise LessonError(
            f"the file is {human_bytes(size)}, more than the {human_bytes(max_file_bytes)} a lesson may be",
            "too_large",
        )
    # the entry count from the zip's end record, before zipfile builds one object per entry
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        raise LessonError("the file is damaged (its zip directory is missing)", "damaged")
    entries, directory = struct.unpack_from("<HI", tail, at + 10)
    if directory > max_directory_bytes:  # zipfile reads the whole directory, whatever the count says
        raise LessonError(
            f"its zip directory takes {human_bytes(directory)}, far more than a lesson's; "
            "it was tampered with",
            "damaged",
        )
    if entries > max_members:
        raise LessonError(
            f"it holds {entries:,} files, more than the {max_members} a lesson has; it was tampered with",
            "too_large" if entries == 0xFFFF else "damaged",
        )
    return size


def member_text(path: Path, name: str, max_bytes: int) -> str:
    """The UTF-8 text of member ``name``, read through a bound of ``max_bytes``.

    Raises
    ------
    LessonError
        reason ``not_lesson`` (no such member), ``too_large`` or ``damaged``.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            try:
                info = zf.getinfo(name)
            except KeyError:
                raise LessonError(f"it is not a cnnviz lesson (it has no {name})", "not_lesson") from None
            if info.flag_bits & 0x1:
                raise LessonError(f"{name} is encrypted", "damaged")
            if info.file_size > max_bytes:
                raise LessonError(
                    f"{name} would unpack to {human_bytes(info.file_size)}, more than the "
                    f"{human_bytes(max_bytes)} a lesson's settings take",
                    "too_large",
                )
            with zf.open(info) as fh:
                raw = fh.read(max_bytes + 1)
    except LessonError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        NotImplementedError,
        EOFError,
        ValueError,
        OSError,
    ) as exc:
        raise LessonError(f"the file is damaged ({_first_line(exc)})", "damaged") from None
    if len(raw) > max_bytes:
        raise LessonError(f"{name} is larger than its zip entry says; it was tampered with", "damaged")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LessonError(f"{name} is not UTF-8 text", "damaged") from None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
