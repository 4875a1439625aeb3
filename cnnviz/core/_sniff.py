"""Say in words what a file's first bytes look like, for messages about the wrong kind of file."""

from __future__ import annotations

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "it is a PNG image"),
    (b"\xff\xd8\xff", "it is a JPEG image"),
    (b"GIF8", "it is a GIF image"),
    (b"%PDF", "it is a PDF document"),
    (b"\x1f\x8b", "it is a gzip-compressed file"),
    (b"BZh", "it is a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "it is an xz-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "it is a 7-Zip archive"),
    (b"Rar!", "it is a RAR archive"),
    (b"\x89HDF\r\n\x1a\n", "it is an HDF5 file"),
    (b"\x7fELF", "it is a program (ELF executable)"),
    (b"\x93NUMPY", "it is a NumPy .npy array"),
    (b"PK\x03\x04", "it is a zip archive"),
)
_TEXT_CONTROLS = set(b"\t\n\r\f\b")


def describe_content(head: bytes) -> str:
    """A phrase for what ``head`` (a file's first few hundred bytes) is.

    E.g. ``"it is empty"``, ``"it looks like text"``, ``"it is pickled Python data, …"``,
    ``"it is a PNG image"``, ``"it holds unrecognised binary data"``.
    """
    if not head:
        return "it is empty"
    if head[0] == 0x80 and len(head) > 1 and 2 <= head[1] <= 5:
        return "it is pickled Python data, which cnnviz never loads, because unpickling can run code"
    for magic, words in _SIGNATURES:
        if head.startswith(magic):
            return words
    if _looks_like_text(head):
        return "it looks like text"
    return "it holds unrecognised binary data"


def _looks_like_text(head: bytes) -> bool:
    """UTF-8 (a character cut at the end is allowed) without control bytes other than whitespace."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:
            return False
    return all(b >= 32 or b in _TEXT_CONTROLS for b in head)
