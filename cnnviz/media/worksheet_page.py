"""A worksheet page and its answer key, drawn with Pillow as a printable PNG.

The page is A4 portrait at 150 dpi (1240 × 1754 px). :func:`layout_page` turns
an :class:`~cnnviz.core.worksheet.Exercise` into a :class:`Page` of drawing
operations (:mod:`cnnviz.media.page_drawing`), :func:`page_png` draws and
encodes it. The same exercise, language and fonts give the same bytes: no
timestamps or other varying metadata are written, only the resolution.

The key is the sheet with every blank filled in (in red) and the working
written out, taken from :func:`cnnviz.core.worksheet.answer_key`, so every
number on it is the trace's.

Words on the page come from :data:`WORDS` (English and Simplified Chinese),
since this layer does not use Qt's translator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cnnviz.core.worksheet import AnswerKey, Exercise, answer_key

from .page_drawing import (
    INK,
    RGB,
    RULE,
    WHITE,
    Box,
    FontMissingError,
    Op,
    Page,
    PageFonts,
    Rule,
    Text,
    fonts_for,
    png_bytes,
    render_page,
    text_boxes,
    wrap,
    wrap_equation,
    write_png,
)

__all__ = [
    "LANGS",
    "PAGE_SIZE",
    "WORDS",
    "FontMissingError",
    "Page",
    "fonts_for",
    "layout_page",
    "page_png",
    "render_page",
    "text_boxes",
    "write_png",
]

PAGE_SIZE = (1240, 1754)
DPI = 150
MARGIN = 90
LANGS = ("en", "zh_CN")

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Convolution worksheet",
        "answers": "Answer key",
        "level_seed": "Level {level} · Seed {seed}",
        "name": "Name: ______________________    Date: ____________",
        "task_fill": "1. Fill in the output cells {letters}. Put the filter on the input window of "
        "each cell, multiply the numbers that lie on top of each other, add up all the products, "
        "then add the bias.",
        "two_channels": "Both channels count: add the products of channel 0 and of channel 1.",
        "padding_note": "The grey zeros around the input are the padding.",
        "stride_note": "The filter moves {stride} cells at a time.",
        "params": "Stride {stride}     Padding {padding}     Bias {bias}",
        "input": "Input",
        "input_ch": "Input, channel {c}",
        "filter": "Filter",
        "filter_ch": "Filter, channel {c}",
        "bias": "Bias",
        "output": "Output",
        "task_size": "2. An input of {n} × {n} is convolved with a {k} × {k} filter, stride {stride}, "
        "padding {padding}. How big is the output?",
        "size_blank": "The output is ______ × ______.",
        "size_answer": "The output is {m} × {m}.",
        "working": "Working",
        "channel": "channel {c}",
        "sum": "sum",
        "plus_bias": "+ bias",
    },
    "zh_CN": {
        "title": "卷积练习",
        "answers": "答案",
        "level_seed": "第 {level} 级 · 种子 {seed}",
        "name": "姓名：______________________    日期：____________",
        "task_fill": "1. 填写输出格 {letters}：把滤波器放在该格对应的输入窗口上，把上下重叠的两个数相乘，"
        "把所有乘积相加，再加上偏置。",
        "two_channels": "两个通道都要算：把通道 0 和通道 1 的乘积全部相加。",
        "padding_note": "输入四周灰色的 0 是填充。",
        "stride_note": "滤波器每次移动 {stride} 格。",
        "params": "步长 {stride}     填充 {padding}     偏置 {bias}",
        "input": "输入",
        "input_ch": "输入 · 通道 {c}",
        "filter": "滤波器",
        "filter_ch": "滤波器 · 通道 {c}",
        "bias": "偏置",
        "output": "输出",
        "task_size": "2. 输入为 {n} × {n}，滤波器为 {k} × {k}，步长 {stride}，填充 {padding}。输出有多大？",
        "size_blank": "输出为 ______ × ______。",
        "size_answer": "输出为 {m} × {m}。",
        "working": "计算过程",
        "channel": "通道 {c}",
        "sum": "乘积之和",
        "plus_bias": "加偏置",
    },
}

# colours: black text on white; red answers; light tints that survive a grey printer
GREY = (110, 110, 110)
ANSWER = (176, 0, 32)
PAD_FILL = (225, 225, 225)
FILTER_FILL = (226, 236, 250)
BIAS_FILL = (250, 238, 214)


class _Layout:
    """Appends drawing operations top to bottom; ``y`` is the next free line."""

    def __init__(self, fonts: PageFonts) -> None:
        self.fonts = fonts
        self.ops: list[Op] = []
        self.y = float(MARGIN)
        self.left, self.right = float(MARGIN), float(PAGE_SIZE[0] - MARGIN)

    def text(self, x: float, y: float, text: str, style: str, **kw: object) -> None:
        self.ops.append(Text(x, y, text, style, **kw))  # type: ignore[arg-type]

    def paragraph(
        self, text: str, style: str = "body", *, indent: float = 0, line: float = 34, **kw: object
    ) -> None:
        width = self.right - self.left - indent
        for part in wrap(text, lambda t: self.fonts.width(style, t) <= width):
            self.text(self.left + indent, self.y, part, style, **kw)
            self.y += line

    def grid(
        self,
        x: float,
        y: float,
        values: list[list[str]],
        cell: float,
        *,
        fill: Callable[[int, int], RGB] | None = None,
        text_fill: Callable[[int, int], RGB] | None = None,
        tags: Callable[[int, int], str] | None = None,
        style: Callable[[int, int], str] | None = None,
    ) -> None:
        """A table of numbers, top-left at ``(x, y)``; empty strings draw an empty cell.
        ``fill``, ``text_fill``, ``tags`` and ``style`` are per cell ``(row, col)``."""
        for r, row in enumerate(values):
            for c, value in enumerate(row):
                x0, y0 = x + c * cell, y + r * cell
                self.ops.append(Box((x0, y0, x0 + cell, y0 + cell), fill(r, c) if fill else WHITE, INK, 2))
                if value:
                    colour = text_fill(r, c) if text_fill else INK
                    tag = tags(r, c) if tags else ""
                    look = style(r, c) if style else "number"
                    self.text(x0 + cell / 2, y0 + cell / 2, value, look, fill=colour, anchor="mm", tag=tag)


@dataclass
class _Block:
    """A labelled grid in the row of grids: its size and how to draw it at ``(x, y)``."""

    label: str
    width: float
    height: float
    draw: Callable[[float, float], None]
    row_break: bool = False  # start a new row after this block


LABEL_HEIGHT = 34
CELL_SIZES = {1: 60, 2: 50, 3: 44}
OUTPUT_CELL = 64
GAP = 44


def _level_words(ex: Exercise, words: dict[str, str]) -> str:
    notes = []
    if ex.channels > 1:
        notes.append(words["two_channels"])
    if ex.padding:
        notes.append(words["padding_note"])
    if ex.stride > 1:
        notes.append(words["stride_note"].format(stride=ex.stride))
    return ("" if words is WORDS["zh_CN"] else " ").join(notes)


def _blocks(lay: _Layout, ex: Exercise, key: AnswerKey, words: dict[str, str], answers: bool) -> list[_Block]:
    cell = CELL_SIZES[ex.level]
    p, c_count = ex.padding, ex.channels
    blocks = []
    n = ex.x.shape[1] + 2 * p

    def input_grid(ch: int) -> Callable[[float, float], None]:
        values = [["0" if not (p <= r < n - p and p <= c < n - p) else str(int(ex.x[ch, r - p, c - p]))
                   for c in range(n)] for r in range(n)]  # fmt: skip

        def is_pad(r: int, c: int) -> bool:
            return not (p <= r < n - p and p <= c < n - p)

        return lambda x, y: lay.grid(
            x,
            y,
            values,
            cell,
            fill=lambda r, c: PAD_FILL if is_pad(r, c) else WHITE,
            text_fill=lambda r, c: GREY if is_pad(r, c) else INK,
            tags=lambda r, c: f"in:{ch},{r},{c}",
        )

    def filter_grid(ch: int) -> Callable[[float, float], None]:
        values = [[str(int(v)) for v in row] for row in ex.w[0, ch]]
        return lambda x, y: lay.grid(
            x, y, values, cell, fill=lambda r, c: FILTER_FILL, tags=lambda r, c: f"w:{ch},{r},{c}"
        )

    for ch in range(c_count):
        label = words["input_ch"].format(c=ch) if c_count > 1 else words["input"]
        blocks.append(
            _Block(label, n * cell, n * cell, input_grid(ch), row_break=c_count > 1 and ch == c_count - 1)
        )
    k = ex.w.shape[2]
    for ch in range(c_count):
        label = words["filter_ch"].format(c=ch) if c_count > 1 else words["filter"]
        blocks.append(_Block(label, k * cell, k * cell, filter_grid(ch)))
    bias = [[str(int(ex.b[0]))]]
    blocks.append(
        _Block(
            words["bias"],
            OUTPUT_CELL,
            OUTPUT_CELL,
            lambda x, y: lay.grid(
                x, y, bias, OUTPUT_CELL, fill=lambda r, c: BIAS_FILL, tags=lambda r, c: "bias"
            ),
        )
    )
    oh, ow = ex.out_shape
    letters = {(w.row, w.col): w.label for w in key.working}

    def output_grid(x: float, y: float) -> None:
        shown = [[key.values[(r, c)] if answers or (r, c) not in letters else "" for c in range(ow)]
                 for r in range(oh)]  # fmt: skip
        lay.grid(
            x,
            y,
            shown,
            OUTPUT_CELL,
            fill=None,
            text_fill=lambda r, c: ANSWER if (r, c) in letters else INK,
            tags=lambda r, c: f"out:{r},{c}",
            style=lambda r, c: "answer" if (r, c) in letters else "number",
        )
        for (r, c), letter in letters.items():
            lay.text(x + c * OUTPUT_CELL + 6, y + r * OUTPUT_CELL + 3, letter, "letter", fill=GREY)

    blocks.append(_Block(words["output"], ow * OUTPUT_CELL, oh * OUTPUT_CELL, output_grid))
    for b in blocks:
        b.width = max(b.width, lay.fonts.width("label", b.label))
    return blocks


def _place_blocks(lay: _Layout, blocks: list[_Block]) -> None:
    """Left to right, wrapping to a new row where the next block does not fit."""
    rows: list[list[_Block]] = [[]]
    used = 0.0
    for b in blocks:
        need = b.width + (GAP if rows[-1] else 0)
        if rows[-1] and used + need > lay.right - lay.left:
            rows.append([])
            used, need = 0.0, b.width
        rows[-1].append(b)
        used += need
        if b.row_break:
            rows.append([])
            used = 0.0
    for row in filter(None, rows):
        x = lay.left
        for b in row:
            lay.text(x, lay.y, b.label, "label")
            b.draw(x, lay.y + LABEL_HEIGHT)
            x += b.width + GAP
        lay.y += LABEL_HEIGHT + max(b.height for b in row) + 30


def _working(lay: _Layout, ex: Exercise, key: AnswerKey, words: dict[str, str], answers: bool) -> None:
    """The working: on the key one line per channel and the total for each blank,
    on the sheet as many ruled lines for the student."""
    line = 32
    lay.text(lay.left, lay.y, words["working"], "heading")
    lay.y += 44
    label_x = lay.left + 40
    labels = [words["channel"].format(c=c) for c in range(ex.channels)] if ex.channels > 1 else [words["sum"]]
    labels.append(words["plus_bias"])
    math_x = label_x + max(lay.fonts.width("body", t) for t in labels) + 24
    width = lay.right - math_x
    bottom = PAGE_SIZE[1] - MARGIN - 40
    if not answers:
        y = lay.y + line - 6
        while y <= bottom:  # ruled to the foot of the page: room for the student's sums
            lay.ops.append(Rule((lay.left, y, lay.right, y), RULE, 1))
            y += line
        lay.y = y
        return
    for w in key.working:
        lay.text(lay.left, lay.y, w.label, "heading", fill=ANSWER, tag=f"work:{w.label}")
        for i, eq in enumerate((*w.channel_lines, w.total_line)):
            lay.text(label_x, lay.y + 2, labels[i], "body", fill=GREY)
            parts = wrap_equation(eq, lambda t: lay.fonts.width("math", t) <= width)
            for j, part in enumerate(parts):
                lay.text(math_x, lay.y + 3, part, "math", tag=f"work:{w.label}:{i}:{j}")
                lay.y += line
        lay.y += 8


def layout_page(exercise: Exercise, lang: str = "en", *, answers: bool = False) -> Page:
    """The sheet (``answers=False``) or its key for ``exercise`` in ``lang``.

    Raises
    ------
    ValueError
        For a language outside :data:`LANGS`.
    FontMissingError
        When a font the page needs is not installed.
    """
    if lang not in WORDS:
        raise ValueError(f"language must be one of {', '.join(LANGS)}, got {lang!r}")
    words = WORDS[lang]
    lay = _Layout(PageFonts(lang))
    ex, key = exercise, answer_key(exercise)
    # heading
    lay.text(lay.left, lay.y, words["title"], "title")
    level_seed = words["level_seed"].format(level=ex.level, seed=ex.seed)
    lay.text(lay.right, lay.y + 12, level_seed, "body", fill=GREY, anchor="ra")
    lay.y += 66
    if answers:
        lay.text(lay.left, lay.y, words["answers"], "heading", fill=ANSWER, tag="answers")
    else:
        lay.text(lay.left, lay.y, words["name"], "body")
    lay.y += 44
    lay.ops.append(Rule((lay.left, lay.y, lay.right, lay.y), INK, 2))
    lay.y += 22
    # task 1
    letters = key.working[0].label + (f"–{key.working[-1].label}" if len(key.working) > 1 else "")
    lay.paragraph(words["task_fill"].format(letters=letters))
    notes = _level_words(ex, words)
    if notes:
        lay.paragraph(notes, fill=GREY)
    lay.y += 6
    params = words["params"].format(stride=ex.stride, padding=ex.padding, bias=int(ex.b[0]))
    lay.text(lay.left, lay.y, params, "heading", tag="params")
    lay.y += 48
    _place_blocks(lay, _blocks(lay, ex, key, words, answers))
    # task 2
    q = ex.question
    lay.paragraph(words["task_size"].format(n=q.n, k=q.k, stride=q.stride, padding=q.padding))
    lay.y += 4
    if answers:
        lay.text(lay.left + 30, lay.y, key.size_line, "math", fill=ANSWER, tag="size")
        lay.y += 36
        lay.text(
            lay.left + 30,
            lay.y,
            words["size_answer"].format(m=q.answer),
            "body",
            fill=ANSWER,
            tag="size_answer",
        )
    else:
        lay.text(lay.left + 30, lay.y, "(n + 2p − k) / s + 1 = ______________________", "math", tag="size")
        lay.y += 36
        lay.text(lay.left + 30, lay.y, words["size_blank"], "body")
    lay.y += 50
    _working(lay, ex, key, words, answers)
    footer = f"cnnviz worksheet --seed {ex.seed} --level {ex.level}" + (
        "" if lang == "en" else f" --lang {lang}"
    )
    lay.text(PAGE_SIZE[0] / 2, PAGE_SIZE[1] - MARGIN + 20, footer, "small", fill=GREY, anchor="ma")
    return Page(PAGE_SIZE, lang, tuple(lay.ops))


def page_png(exercise: Exercise, lang: str = "en", *, answers: bool = False) -> bytes:
    """The page as PNG bytes (resolution 150 dpi, nothing else in the metadata)."""
    return png_bytes(render_page(layout_page(exercise, lang, answers=answers)), DPI)
