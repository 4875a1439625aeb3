"""Lesson files (``.cnnviz``): a zip archive of ``lesson.json`` and ``.npy`` arrays.

Layout (version 1), members in this order, stored uncompressed with fixed
timestamps so the same lesson always gives the same bytes (and diffs cleanly)::

    lesson.json   {"format": "cnnviz-lesson", "version": 1, "name", "stage", "step",
                   "speed", "convolution": {"stride", "padding", "dilation"[, variant]},
                   "pooling": {"mode", "size", "stride"}, "upstream", "note"}
    x.npy         input (C, H, W) float32
    w.npy         filters float32 as PyTorch lays them out: (F, C/groups, KH, KW), or
                  (C_in, C_out, KH, KW) for the transposed convolution
    b.npy         biases (F,) float32
    target.npy    the backward pass's target (F, OH, OW) float32, only when there is one

The convolution variant ``"padding_mode", "flip", "groups", "transposed",
"output_padding", "picture"`` (:mod:`cnnviz.core.lesson_variant`) is written,
all six keys, only when one differs from the article's convolution; each key is
optional when read, an absent one taking its default, so a lesson written before
the variants existed is read as it was.

Reading trusts nothing: the file's size, the zip directory's entry count
(:mod:`cnnviz.media.lesson_zip`), ``lesson.json``'s size, nesting and duplicate
keys, its format name and version (a newer version is refused before anything
else is looked at), the variant's settings, the member list, and every array's
header (dtype, shape, byte count, compression ratio;
:class:`cnnviz.core.safe_files.ArrayFile`) are checked before any array data is
read; pickles are never loaded; the arrays and settings are then checked as a
whole by :class:`cnnviz.core.lesson_data.Lesson`. Writing is atomic
(:func:`cnnviz.media.atomic.atomic_output`). Every refusal is a
:class:`~cnnviz.core.lesson_data.LessonError` with one phrase.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from cnnviz.core.lesson_data import Lesson, LessonError, check_shapes, check_step, example_lesson
from cnnviz.core.lesson_variant import VARIANT_FIELDS, Variant, check_variant
from cnnviz.core.safe_files import ArrayFile, ArrayFileError
from cnnviz.core.safe_json import JsonLimitError, loads_json

from .atomic import WriteProtectedError, atomic_output
from .lesson_zip import container_size, member_text

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "LESSON_SUFFIX",
    "Lesson",
    "LessonError",
    "check_step",
    "example_lesson",
    "lesson_meta",
    "lesson_to_bytes",
    "read_lesson",
    "write_lesson",
]

FORMAT_NAME = "cnnviz-lesson"
FORMAT_VERSION = 1
LESSON_SUFFIX = ".cnnviz"
META = "lesson.json"
#: the arrays a lesson holds; target is optional
ARRAYS = ("x", "w", "b", "target")
REQUIRED_ARRAYS = ("x", "w", "b")
#: lesson.json's size in bytes and nesting (a 20,000-character note fits many times over)
MAX_META_BYTES = 256 << 10
MAX_META_DEPTH = 4
#: one array's data: a 16-channel 1024×1024 input, or the target for 16 filters over it
MAX_ARRAY_BYTES = 72 << 20
MAX_TOTAL_BYTES = 2 * MAX_ARRAY_BYTES + (1 << 20)
MAX_FILE_BYTES = MAX_TOTAL_BYTES + MAX_META_BYTES + (1 << 20)
MAX_MEMBERS = 1 + len(ARRAYS)
#: a lesson's zip directory: five short names with room for other tools' extra fields
MAX_DIRECTORY_BYTES = 16 << 10
#: zip timestamps are fixed so that the same lesson gives the same bytes
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_FIELDS = (
    "format",
    "version",
    "name",
    "stage",
    "step",
    "speed",
    "convolution",
    "pooling",
    "upstream",
    "note",
)
_CONV_FIELDS = ("stride", "padding", "dilation")
_POOL_FIELDS = ("mode", "size", "stride")
_ARRAY_REASONS = {
    "missing": "missing",
    "folder": "folder",
    "unreadable": "unreadable",
    "pickle": "pickle",
    "too_large": "too_large",
    "not_array": "not_lesson",
}


# -- writing -----------------------------------------------------------------------------
def _npy(arr: np.ndarray) -> bytes:
    out = io.BytesIO()
    np.lib.format.write_array(out, np.ascontiguousarray(arr, dtype="<f4"), version=(1, 0), allow_pickle=False)
    return out.getvalue()


def _member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_STORED  # no zlib-version differences, and small anyway
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    return info


def lesson_meta(lesson: Lesson) -> dict[str, Any]:
    """The ``lesson.json`` object of ``lesson`` (everything but the arrays); the variant's
    fields only when it is not the article's convolution (so such a lesson's bytes
    are those it had before variants existed)."""
    conv: dict[str, Any] = {"stride": lesson.stride, "padding": lesson.padding, "dilation": lesson.dilation}
    variant = lesson.variant
    if not variant.default:
        conv.update({k: getattr(variant, k) for k in VARIANT_FIELDS})
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "name": lesson.name,
        "stage": lesson.stage,
        "step": lesson.step,
        "speed": lesson.speed,
        "convolution": conv,
        "pooling": {"mode": lesson.pool_mode, "size": lesson.pool_size, "stride": lesson.pool_stride},
        "upstream": lesson.upstream,
        "note": lesson.note,
    }


def lesson_to_bytes(lesson: Lesson) -> bytes:
    """The ``.cnnviz`` file of ``lesson``: the same bytes for the same lesson.

    Raises ``TypeError`` for anything but a :class:`Lesson` (which is valid by construction).
    """
    if not isinstance(lesson, Lesson):
        raise TypeError(f"expected a Lesson, got {type(lesson).__name__}")
    meta = json.dumps(lesson_meta(lesson), indent=2, ensure_ascii=False) + "\n"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(_member(META), meta.encode("utf-8"))
        for key in ARRAYS:
            arr = getattr(lesson, key)
            if arr is not None:
                zf.writestr(_member(f"{key}.npy"), _npy(arr))
    return out.getvalue()


def write_lesson(path: str | os.PathLike[str], lesson: Lesson) -> None:
    """Write ``lesson`` to ``path`` atomically: complete, or not at all.

    A new file gets the user's umask; an existing file keeps its permissions and is
    replaced; a write-protected one is refused and left as it is.

    Raises
    ------
    LessonError
        ``reason`` ``"write_protected"``, or ``"unwritable"`` for any other failure
        (missing folder, permission denied, disk full); nothing is left behind.
    """
    data = lesson_to_bytes(lesson)
    try:
        with atomic_output(path) as fh:
            fh.write(data)
    except WriteProtectedError:
        raise LessonError("the file is write-protected; it was left as it is", "write_protected") from None
    except OSError as exc:
        raise LessonError(f"it cannot be written ({exc.strerror or exc})", "unwritable") from None


# -- reading -----------------------------------------------------------------------------
def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: set[str] = set()
    for k, _ in pairs:
        if k in seen:
            raise LessonError(f"{META} gives the field {k[:40]!r} twice; it was tampered with", "damaged")
        seen.add(k)
    return dict(pairs)


def _fields(obj: Any, where: str, names: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise LessonError(f"{where} must be a JSON object, got {type(obj).__name__}", "invalid")
    for k in obj:
        if k not in names and k not in optional:
            raise LessonError(f"{where} has the unexpected field {str(k)[:40]!r}", "invalid")
    for k in names:
        if k not in obj:
            raise LessonError(f"{where} lacks the field {k!r}", "invalid")
    return obj


def _parse_meta(text: str) -> dict[str, Any]:
    """The checked settings of ``lesson.json`` (format and version first)."""
    try:
        loads_json(text, max_chars=MAX_META_BYTES, max_depth=MAX_META_DEPTH)
    except JsonLimitError as exc:
        raise LessonError(f"{META} is refused: {exc}", "damaged") from None
    obj = json.loads(text, object_pairs_hook=_no_duplicates)  # bounded above: cheap
    if not isinstance(obj, dict) or obj.get("format") != FORMAT_NAME:
        found = obj.get("format") if isinstance(obj, dict) else None
        said = f"its format is {str(found)[:40]!r}" if isinstance(found, str) else f"{META} names no format"
        raise LessonError(f"it is not a cnnviz lesson ({said})", "not_lesson")
    version = obj.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise LessonError(f"{META} gives no valid version ({str(version)[:40]})", "damaged")
    if version > FORMAT_VERSION:
        raise LessonError(
            f"it was made by a newer cnnviz (lesson version {version}); update cnnviz to open it", "newer"
        )
    _fields(obj, META, _FIELDS)
    _fields(obj["convolution"], f"{META}'s convolution", _CONV_FIELDS, VARIANT_FIELDS)
    _fields(obj["pooling"], f"{META}'s pooling", _POOL_FIELDS)
    return obj


def _read_arrays(
    path: Path, variant: Variant
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """x, w, b and target (or None), each header checked (for ``variant``'s layout)
    before its data is read."""
    try:
        with ArrayFile(
            path,
            what="cnnviz lesson",
            max_bytes=MAX_ARRAY_BYTES,
            max_total=MAX_TOTAL_BYTES,
            max_members=MAX_MEMBERS,
            kinds="f",
            others=(META,),
        ) as archive:
            heads = archive.headers
            for key in heads:
                if key not in ARRAYS:
                    raise LessonError(f"it holds the unexpected member {key[:40]}.npy", "damaged")
            for key in REQUIRED_ARRAYS:
                if key not in heads:
                    raise LessonError(f"the lesson has no {key}.npy; it is damaged", "damaged")
            for key, head in heads.items():
                if head.dtype.newbyteorder("=") != np.float32:
                    raise LessonError(f"{key}.npy must hold float32 numbers, not {head.dtype}", "invalid")
            target = heads.get("target")
            check_shapes(
                heads["x"].shape,
                heads["w"].shape,
                heads["b"].shape,
                None if target is None else target.shape,
                variant,
            )
            arrays = {key: archive.read(key).astype(np.float32, copy=False) for key in heads}
    except ArrayFileError as exc:
        raise LessonError(str(exc), _ARRAY_REASONS.get(exc.reason, "damaged")) from None
    return arrays["x"], arrays["w"], arrays["b"], arrays.get("target")


def read_lesson(path: str | os.PathLike[str]) -> Lesson:
    """The lesson in ``path``, checked in full.

    Returns
    -------
    Lesson
        Arrays x (C, H, W), w (F, C/groups, KH, KW) or, transposed, (C_in, C_out, KH, KW),
        b (F,), target (F, OH, OW) or None, float32, and every setting (the variant's
        absent ones at their defaults); its ``step`` is still to be checked against its
        stage's length (:func:`cnnviz.core.lesson_data.check_step`).

    Raises
    ------
    LessonError
        For a missing, unreadable, damaged, tampered, oversized or newer file, a
        pickled or non-float32 array, or any invalid setting; ``str(exc)`` is one
        phrase without the file's name, ``exc.reason`` one word (see :class:`LessonError`).
    """
    path = Path(path)
    container_size(path, MAX_FILE_BYTES, MAX_MEMBERS, MAX_DIRECTORY_BYTES)
    meta = _parse_meta(member_text(path, META, MAX_META_BYTES))
    conv, pool = meta["convolution"], meta["pooling"]
    variant = check_variant(**{k: conv[k] for k in VARIANT_FIELDS if k in conv})  # before any array
    x, w, b, target = _read_arrays(path, variant)
    return Lesson(
        x,
        w,
        b,
        stride=conv["stride"],
        padding=conv["padding"],
        dilation=conv["dilation"],
        stage=meta["stage"],
        pool_mode=pool["mode"],
        pool_size=pool["size"],
        pool_stride=pool["stride"],
        upstream=meta["upstream"],
        target=target,
        step=meta["step"],
        speed=meta["speed"],
        name=meta["name"],
        note=meta["note"],
        **{k: getattr(variant, k) for k in VARIANT_FIELDS},
    )
