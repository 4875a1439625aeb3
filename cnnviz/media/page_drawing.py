"""Printable pages drawn with Pillow: fonts found deterministically, drawing
operations as plain records, PNG bytes with nothing that varies between runs.

A page is laid out as a :class:`Page` — a tuple of :class:`Text`, :class:`Box`
and :class:`Rule` records — and drawn by :func:`render_page`, so tests can read
what a page says (its tagged texts) without looking at pixels. Text styles
name a font role and size for Latin and for Chinese text: numbers and
arithmetic are drawn in DejaVu Sans, Chinese words in WenQuanYi Micro Hei.
Fonts are taken from their usual paths first (the same file on every run),
else from ``fc-match``; :class:`FontMissingError` says which one is missing
and which package has it.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from .atomic import atomic_output

RGB = tuple[int, int, int]

INK = (0, 0, 0)
WHITE = (255, 255, 255)
RULE = (190, 190, 190)

# -- fonts ---------------------------------------------------------------------


class FontMissingError(RuntimeError):
    """A font the page needs is not installed; the message says which and how to get it."""


@dataclass(frozen=True)
class FontSpec:
    """Where to look for one font: known paths first (deterministic), then ``fc-match``."""

    family: str
    pattern: str
    paths: tuple[str, ...]
    package: str


FONTS: dict[str, FontSpec] = {
    "sans": FontSpec(
        "DejaVu Sans", "DejaVu Sans:style=Book",
        ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf",
         "/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf"),
        "fonts-dejavu-core",
    ),
    "sans-bold": FontSpec(
        "DejaVu Sans", "DejaVu Sans:style=Bold",
        ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
         "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
         "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf"),
        "fonts-dejavu-core",
    ),
    "cjk": FontSpec(
        "WenQuanYi Micro Hei", "WenQuanYi Micro Hei",
        ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
         "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
         "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),
        "fonts-wqy-microhei",
    ),
}  # fmt: skip


def _fc_match(pattern: str) -> tuple[str, str] | None:
    """``(families, file)`` fontconfig picks for ``pattern``; None without fontconfig."""
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "-f", "%{family}\n%{file}", pattern],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    lines = out.stdout.splitlines()
    return (lines[0], lines[1]) if out.returncode == 0 and len(lines) >= 2 else None


def find_font(role: str) -> str:
    """The file of font ``role`` (``"sans"``, ``"sans-bold"``, ``"cjk"``).

    Raises
    ------
    FontMissingError
        When neither a known path nor ``fc-match`` finds that family
        (``fc-match`` answers with a substitute then, which is refused).
    """
    spec = FONTS[role]
    for path in spec.paths:
        if os.path.isfile(path):
            return path
    found = _fc_match(spec.pattern)
    if found is not None:
        families, path = found
        if spec.family.lower() in families.lower() and os.path.isfile(path):
            return path
    raise FontMissingError(
        f"the font {spec.family} is not installed (on Debian or Ubuntu: apt install {spec.package})"
    )


def fonts_for(lang: str) -> dict[str, str]:
    """Font files a page in ``lang`` needs, by role; raises :class:`FontMissingError`."""
    roles = ("sans", "sans-bold", "cjk") if lang == "zh_CN" else ("sans", "sans-bold")
    return {role: find_font(role) for role in roles}


@lru_cache(maxsize=64)
def load_font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


# text styles: (font role for English, for Chinese, size, faux bold for Chinese): the
# Chinese font has no bold, so bold Chinese text is drawn that many more times, each one
# pixel further right (a stroke all round fills the strokes of small characters in)
STYLES: dict[str, tuple[str, str, int, int]] = {
    "title": ("sans-bold", "cjk", 40, 2),
    "heading": ("sans-bold", "cjk", 24, 1),
    "body": ("sans", "cjk", 23, 0),
    "label": ("sans-bold", "cjk", 20, 1),
    "number": ("sans", "sans", 26, 0),
    "answer": ("sans-bold", "sans-bold", 26, 0),
    "letter": ("sans", "sans", 16, 0),
    "math": ("sans", "sans", 21, 0),
    "small": ("sans", "sans", 15, 0),
}


class PageFonts:
    """Style name → loaded font and faux-bold offset, for one language."""

    def __init__(self, lang: str) -> None:
        """Find the fonts ``lang`` needs; raises :class:`FontMissingError`."""
        self.files = fonts_for(lang)
        self.cjk = lang == "zh_CN"

    def get(self, style: str) -> tuple[ImageFont.FreeTypeFont, int]:
        en, zh, size, bold = STYLES[style]
        return load_font(self.files[zh if self.cjk else en], size), bold if self.cjk else 0

    def width(self, style: str, text: str) -> float:
        font, bold = self.get(style)
        return font.getlength(text) + bold


# -- drawing operations -----------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Text at ``(x, y)``; ``anchor`` as Pillow's (``"la"`` left/ascender, ``"mm"`` centred).
    ``tag`` names what the text is, for tests: ``"out:r,c"``, ``"work:a"``, ``"size"``."""

    x: float
    y: float
    text: str
    style: str
    fill: RGB = INK
    anchor: str = "la"
    tag: str = ""


@dataclass(frozen=True)
class Box:
    box: tuple[float, float, float, float]
    fill: RGB | None = None
    outline: RGB | None = INK
    width: int = 2


@dataclass(frozen=True)
class Rule:
    xy: tuple[float, float, float, float]
    fill: RGB = RULE
    width: int = 2


Op = Text | Box | Rule


@dataclass(frozen=True)
class Page:
    """What :func:`render_page` draws: size, language and the operations in order."""

    size: tuple[int, int]
    lang: str
    ops: tuple[Op, ...]

    def texts(self, prefix: str) -> dict[str, str]:
        """Tagged texts whose tag starts with ``prefix``, tag → text."""
        return {op.tag: op.text for op in self.ops if isinstance(op, Text) and op.tag.startswith(prefix)}


_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
#: closing punctuation never starts a line (kinsoku): it stays with the unit before it
_CLOSING = "。，、；：？！）」』》"
_UNITS = re.compile(rf"[{_CJK}][{_CLOSING}]*|[^\s{_CJK}]+[{_CLOSING}]*\s*|\s+")


def wrap(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Break ``text`` into lines that ``fits``: between words, or between any two
    Chinese characters; a word too long for a line gets a line of its own."""
    lines: list[str] = []
    line = ""
    for unit in _UNITS.findall(text):
        if line and not fits((line + unit).rstrip()):
            lines.append(line.rstrip())
            line = unit.lstrip()
        else:
            line += unit
    if line.strip():
        lines.append(line.rstrip())
    return lines


def wrap_equation(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Break an arithmetic line before a ``+`` where it does not fit; continuation
    lines start with ``+``."""
    terms = text.split(" + ")
    lines, line = [], terms[0]
    for term in terms[1:]:
        if fits(f"{line} + {term}"):
            line = f"{line} + {term}"
        else:
            lines.append(line)
            line = f"+ {term}"
    lines.append(line)
    return lines


def render_page(page: Page) -> Image.Image:
    """Draw ``page`` on a white RGB image of ``page.size``."""
    fonts = PageFonts(page.lang)
    image = Image.new("RGB", page.size, WHITE)
    draw = ImageDraw.Draw(image)
    for op in page.ops:
        if isinstance(op, Box):
            draw.rectangle(op.box, fill=op.fill, outline=op.outline, width=op.width)
        elif isinstance(op, Rule):
            draw.line(op.xy, fill=op.fill, width=op.width)
        else:
            font, bold = fonts.get(op.style)
            for dx in range(bold + 1):
                draw.text((op.x + dx, op.y), op.text, font=font, fill=op.fill, anchor=op.anchor)
    return image


def text_boxes(page: Page) -> list[tuple[Text, tuple[float, float, float, float]]]:
    """Every text of ``page`` with the box it covers when drawn (Pillow's ``textbbox``),
    for checks that nothing runs off the page or into the footer."""
    fonts = PageFonts(page.lang)
    draw = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    boxes = []
    for op in page.ops:
        if isinstance(op, Text):
            font, bold = fonts.get(op.style)
            x0, y0, x1, y1 = draw.textbbox((op.x, op.y), op.text, font=font, anchor=op.anchor)
            box = (x0, y0, x1 + bold, y1)
            boxes.append((op, box))
    return boxes


def png_bytes(image: Image.Image, dpi: int) -> bytes:
    """``image`` as PNG bytes; the only metadata is the resolution (no time, no software name)."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


def write_png(path: str | os.PathLike[str], data: bytes) -> None:
    """Write PNG bytes to ``path`` atomically, with the user's umask
    (:func:`cnnviz.media.atomic.atomic_output`)."""
    with atomic_output(path) as fh:
        fh.write(data)
