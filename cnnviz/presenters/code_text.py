"""The session written as code: a runnable NumPy + ``cnnviz.core`` snippet and the
equivalent PyTorch calls, built from the session's numbers alone.

Small arrays are written out in full (every float32 exactly: the shortest
decimal that reads back as the same float32); a large one is loaded from a file:
the lesson file the window saves (``np.load("lesson.cnnviz")`` reads its
``.npy`` members, no pickles), or for a convolution variant an ``.npz`` the
comment says how to write. The snippet ends by
printing the current stage's result, which equals what the window shows
(``tests/presenters/test_code_text.py`` runs it in a fresh interpreter and compares).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QCoreApplication

from cnnviz.core.lesson_data import Lesson
from cnnviz.core.shapes import conv_geometry

from .lesson_session import lesson_settings, shown_name
from .session_params import Params, PoolSettings
from .variant_queries import is_plain

__all__ = ["MAX_WRITTEN", "CodeSetting", "CodeText", "array_literal", "lesson_code", "session_code"]

#: an array with more numbers than this is loaded from a file, not written out
MAX_WRITTEN = 256
DATA_FILE = "lesson.cnnviz"
VARIANT_FILE = "arrays.npz"


@dataclass(frozen=True)
class CodeText:
    """``numpy``: a runnable snippet; ``torch``: the same computation in PyTorch, to run
    after it; ``data_file``: the file the snippet loads large arrays from, or None."""

    numpy: str
    torch: str
    data_file: str | None


@dataclass(frozen=True)
class CodeSetting:
    """What the code writes out: the session's arrays and settings, and the shapes its
    traces gave (the code computes nothing).

    x (C, H, W); w as PyTorch lays it out for the variant, (F, C/groups, KH, KW) or
    (C_in, C_out, KH, KW) when ``transposed``; b (F,); target (F, OH, OW) or None;
    ``out`` the convolution's output shape (F, OH, OW); ``params`` and ``pool`` the
    session's convolution and pooling settings; ``pooled`` the pooling stage's shape.
    """

    x: np.ndarray
    w: np.ndarray
    b: np.ndarray
    out: tuple[int, ...]
    stage: str = "conv"
    params: Params = Params()
    pool: PoolSettings = PoolSettings()
    pooled: tuple[int, ...] = ()
    upstream: str = "ones"
    target: np.ndarray | None = None
    name: str = ""


def _number(v: np.float32) -> str:
    """The shortest decimal that reads back as exactly ``v`` (float32); whole numbers bare."""
    if v == np.trunc(v) and abs(v) < 1e6:
        return str(int(v))
    if 1e-4 <= abs(float(v)) < 1e6:
        return np.format_float_positional(v, unique=True, trim="-")
    return np.format_float_scientific(v, unique=True, trim="-")


def array_literal(a: np.ndarray, prefix: str) -> str:
    """``np.array([...], dtype=np.float32)`` for float32 ``a`` (any shape), its rows aligned
    under ``prefix`` (the text before it on the first line)."""
    a = np.asarray(a, np.float32)
    width = max((len(_number(v)) for v in a.ravel()), default=1)
    body = np.array2string(
        a,
        separator=", ",
        formatter={"float_kind": lambda v: _number(np.float32(v)).rjust(width)},
        threshold=sys.maxsize,
        max_line_width=100,
        prefix=prefix + "np.array(",
    )
    return f"np.array({body}, dtype=np.float32)"


def _shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def _assign(name: str, a: np.ndarray, label: str, key: str) -> str:
    """``name = …  # label = shape``: written out, or read from the data file when large."""
    comment = f"  # {label} = {_shape(a.shape)}"
    if a.size > MAX_WRITTEN:
        return f'{name} = data["{key}"]{comment}'
    return f"{name} = {array_literal(a, name + ' = ')}{comment}"


def _conv_call(s: CodeSetting) -> tuple[str, str]:
    """The cnnviz.core function and its call on x, w, b."""
    prm = s.params
    if prm.transposed:
        kw = f"stride={prm.stride}, padding={prm.padding}, output_padding={prm.output_padding}"
        kw += f", dilation={prm.dilation}"
        return "conv_transpose2d", f"conv_transpose2d(x[None], w, b, {kw})[0]"
    kw = f"stride={prm.stride}, padding={prm.padding}, dilation={prm.dilation}"
    kw += f", groups={prm.groups}" if prm.groups != 1 else ""
    kw += f', padding_mode="{prm.padding_mode}"' if prm.padding_mode != "zeros" else ""
    kw += ", flip=True" if prm.flip else ""
    return "conv2d", f"conv2d(x[None], w, b, {kw})[0]"


def setting_code(s: CodeSetting, data_file: str = DATA_FILE) -> CodeText:
    """The code of setting ``s`` (its stage decides how far the snippet goes)."""
    stage = s.stage
    backward = stage.startswith("grad_")
    pool = f"{s.pool.mode}_pool2d"
    conv, call = _conv_call(s)
    names = [conv] + (["relu"] if stage in ("relu", "pool") else []) + ([pool] if stage == "pool" else [])
    names += ["conv2d_backward"] if backward else []
    use_target = backward and s.upstream == "target"
    arrays = [s.x, s.w, s.b] + ([s.target] if use_target and s.target is not None else [])
    large = any(a.size > MAX_WRITTEN for a in arrays)
    data_file = data_file if is_plain(s.params) else VARIANT_FILE
    target_label = QCoreApplication.translate("CodeText", "target (F, OH, OW)")
    out_label = QCoreApplication.translate("CodeText", "output (F, OH, OW)")
    title = QCoreApplication.translate(
        "CodeText", "{0}: the {1} stage, as cnnviz computes it (run it with python3)"
    )
    lines = [
        "# " + title.format(s.name or QCoreApplication.translate("CodeText", "this session"), stage),
        "import numpy as np",
        f"from cnnviz.core import {', '.join(names)}",
        "",
    ]
    if large:
        hint = (
            QCoreApplication.translate(
                "CodeText", "File → Save lesson… writes it: its x.npy, w.npy, b.npy are these arrays"
            )
            if is_plain(s.params)
            else QCoreApplication.translate(
                "CodeText", "written by np.savez(file, x=x, w=w, b=b) with the arrays this session shows"
            )
        )
        lines.append(f'data = np.load("{data_file}")  # {hint}')
    w_label = (
        QCoreApplication.translate("CodeText", "filters (C_in, C_out, KH, KW)")
        if s.params.transposed
        else QCoreApplication.translate("CodeText", "filters (F, C, KH, KW)")
    )
    if s.params.groups != 1:
        w_label = QCoreApplication.translate("CodeText", "filters (F, C/groups, KH, KW)")
    lines += [
        _assign("x", s.x, QCoreApplication.translate("CodeText", "input (C, H, W)"), "x"),
        _assign("w", s.w, w_label, "w"),
        _assign("b", s.b, QCoreApplication.translate("CodeText", "biases (F,)"), "b"),
        "",
        f"y = {call}  # {out_label} = {_shape(s.out)}",
    ]
    result = "y"
    if stage in ("relu", "pool"):
        lines.append("a = relu(y)  # max(0, y)")
        result = "a"
    if stage == "pool":
        lines.append(f"p = {pool}(a[None], {s.pool.size}, stride={s.pool.stride})[0]  # {_shape(s.pooled)}")
        result = "p"
    if backward:
        if not use_target:
            lines.append("dy = np.ones_like(y)  # ∂L/∂y, L = Σ y")
        elif s.target is None:
            lines.append(f"t = np.zeros_like(y)  # {target_label} = {_shape(s.out)}")
        else:
            lines.append(_assign("t", s.target, target_label, "target"))
        if use_target:
            lines.append("dy = y - t  # ∂L/∂y, L = ½ Σ (y − t)²")
        kw = f"stride={s.params.stride}, padding={s.params.padding}, dilation={s.params.dilation}"
        lines.append(f"dx, dw, db = conv2d_backward(dy[None], x[None], w, {kw})")
        result = {"grad_w": "dw", "grad_b": "db", "grad_x": "dx[0]"}[stage]
    lines.append(f"print({result})")
    return CodeText("\n".join(lines) + "\n", _torch_text(s), data_file if large else None)


def _torch_conv(s: CodeSetting) -> list[str]:
    """The PyTorch lines computing y from x, w, b; PyTorch's defaults left out."""
    out = _shape((1, *s.out))
    prm = s.params
    if prm.transposed:
        kw = [("stride", prm.stride, 1), ("padding", prm.padding, 0)]
        kw += [("output_padding", prm.output_padding, 0), ("dilation", prm.dilation, 1)]
        args = "".join(f", {k}={v}" for k, v, d in kw if v != d)
        return [f"y = torch.nn.functional.conv_transpose2d(x, w, b{args})  # {out}"]
    lines = []
    padding = prm.padding
    if prm.padding_mode != "zeros" and padding:
        p = padding
        lines.append(f'x = torch.nn.functional.pad(x, ({p}, {p}, {p}, {p}), mode="{prm.padding_mode}")')
        padding = 0  # padded above, as torch.nn.Conv2d(padding_mode=...) does
    if prm.flip:
        lines.append(
            "w = w.flip(-2, -1)  # "
            + QCoreApplication.translate("CodeText", "true convolution: the kernel turned by 180°")
        )
    kw = [
        ("stride", prm.stride, 1),
        ("padding", padding, 0),
        ("dilation", prm.dilation, 1),
        ("groups", prm.groups, 1),
    ]
    args = "".join(f", {k}={v}" for k, v, d in kw if v != d)
    lines.append(f"y = torch.nn.functional.conv2d(x, w, b{args})  # {out}")
    return lines


def _torch_text(s: CodeSetting) -> str:
    """The PyTorch calls for the same stage, using x, w, b (and t) from the NumPy snippet."""
    stage = s.stage
    backward = stage.startswith("grad_")
    grad = ".requires_grad_()" if backward else ""
    lines = [
        "# "
        + QCoreApplication.translate(
            "CodeText", "the same in PyTorch, after the NumPy code (x, w, b as defined there)"
        ),
        "import torch",
        "",
        f"x = torch.from_numpy(x)[None]{grad}  # {_shape((1, *s.x.shape))}",
        f"w = torch.from_numpy(w){grad}  # {_shape(s.w.shape)}",
        f"b = torch.from_numpy(b){grad}  # {_shape(s.b.shape)}",
        *_torch_conv(s),
    ]
    if stage in ("relu", "pool"):
        lines.append(f"a = torch.relu(y)  # {_shape((1, *s.out))}")
    if stage == "pool":
        call = f"torch.nn.functional.{s.pool.mode}_pool2d(a, {s.pool.size}, stride={s.pool.stride})"
        lines.append(f"p = {call}  # {_shape((1, *s.pooled))}")
    if backward:
        if s.upstream == "target":
            lines.append("loss = 0.5 * ((y - torch.from_numpy(t)[None]) ** 2).sum()  # L = ½ Σ (y − t)²")
            lines.append("loss.backward()")
        else:
            lines.append("y.backward(torch.ones_like(y))  # L = Σ y")
        shown = {"grad_w": ("w.grad", s.w.shape), "grad_b": ("b.grad", s.b.shape)}
        name, shape = shown.get(stage, ("x.grad[0]", s.x.shape))
        lines.append(f"print({name})  # {_shape(shape)}")
    else:
        lines.append(f"print({ {'conv': 'y', 'relu': 'a', 'pool': 'p'}[stage] }[0])")
    return "\n".join(lines) + "\n"


def lesson_code(lesson: Lesson, data_file: str = DATA_FILE) -> CodeText:
    """The code of a lesson, its convolution variant included."""
    params, pool = lesson_settings(lesson)
    k, out = pool.size, lesson.out_shape
    pooled = (out[0], *conv_geometry(out[1:], (k, k), pool.stride).out) if min(out[1:]) >= k else ()
    setting = CodeSetting(
        lesson.x,
        lesson.w,
        lesson.b,
        out,
        stage=lesson.stage,
        params=params,
        pool=pool,
        pooled=pooled,
        upstream=lesson.upstream,
        target=lesson.target,
        name=lesson.name,
    )
    return setting_code(setting, data_file)


def setting_of(presenter) -> CodeSetting:
    """The :class:`CodeSetting` of a :class:`~cnnviz.presenters.ConvSessionPresenter` now."""
    transposed = presenter.transposed_trace
    conv_out = (presenter.trace if transposed is None else transposed).output
    stage = presenter.stage
    target = None
    network = presenter.upstream_mode == "network"
    if stage.startswith("grad_") and presenter.upstream_mode in ("target", "network"):
        # the network's gradient as the target t = y − ∂L/∂y, whose ½ Σ (y − t)² has it here
        t = np.asarray(presenter.upstream_as_target(), np.float32)
        target = None if t.tobytes() == bytes(t.nbytes) else t
    return CodeSetting(
        np.asarray(presenter.input_x, np.float32),
        np.asarray(presenter.weights, np.float32),
        np.asarray(presenter.biases, np.float32),
        tuple(conv_out.shape),
        stage=stage,
        params=presenter.params,
        pool=presenter.pool_settings,
        pooled=tuple(presenter.stage_trace.output.shape) if stage == "pool" else (),
        upstream="target" if network else presenter.upstream_mode,
        target=target,
        name=shown_name(presenter.input_name),
    )


def session_code(presenter, data_file: str = DATA_FILE) -> CodeText:
    """The code of ``presenter``'s session now: its stage, its variant."""
    return setting_code(setting_of(presenter), data_file)
