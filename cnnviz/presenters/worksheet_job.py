"""Write one worksheet and its answer key for File → Make worksheet….

The same pages as ``cnnviz worksheet --seed S --level L --lang LANG -o SHEET
--answers KEY``: :func:`cnnviz.core.worksheet.make_exercise` draws the exercise,
:func:`cnnviz.media.worksheet_page.page_png` the pages and
:func:`cnnviz.media.worksheet_page.write_png` writes them atomically. Both
targets are checked and both pages drawn before anything is written.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from cnnviz.core.worksheet import LEVELS, SEED_RANGE, make_exercise
from cnnviz.media.atomic import target_problem

__all__ = ["LEVELS", "SEED_RANGE", "WorksheetError", "default_names", "write_worksheet"]

LANGS = ("en", "zh_CN")
# target_problem's fixed phrases, listed so that they are translated
_PHRASES = (
    QT_TRANSLATE_NOOP("WorksheetJob", "it is a folder"),
    QT_TRANSLATE_NOOP("WorksheetJob", "the file is write-protected (it was left as it is)"),
)


class WorksheetError(Exception):
    """Why the worksheet was not written, in the interface's language."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("WorksheetJob", text)


def default_names(seed: int) -> tuple[str, str]:
    """``("sheet_<seed>.png", "key_<seed>.png")``, the names ``--seeds`` uses too."""
    return f"sheet_{seed}.png", f"key_{seed}.png"


def check_targets(sheet: Path, key: Path) -> None:
    """Raise :class:`WorksheetError` if either file cannot be written; touches no file."""
    for path in (sheet, key):
        if not path.name:
            raise WorksheetError(
                QCoreApplication.translate(
                    "WorksheetJob", "Choose a file name for the sheet and for the answer key."
                )
            )
        if path.suffix.lower() != ".png":
            raise WorksheetError(
                QCoreApplication.translate("WorksheetJob", "{0}: the file name must end in .png").format(path)
            )
    if sheet.resolve() == key.resolve():
        raise WorksheetError(
            QCoreApplication.translate(
                "WorksheetJob", "The sheet and the answer key must be two different files."
            )
        )
    for path in (sheet, key):
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise WorksheetError(
                QCoreApplication.translate(
                    "WorksheetJob", "Cannot write {0}: the folder {1} does not exist."
                ).format(path, folder)
            )
        if problem := target_problem(path):  # the fixed phrases are translated, the rest stay as they are
            raise WorksheetError(
                QCoreApplication.translate("WorksheetJob", "Cannot write {0}: {1}").format(path, _tr(problem))
            )


def write_worksheet(seed: int, level: int, lang: str, sheet: Path, key: Path) -> tuple[Path, Path]:
    """Write the sheet and the key for ``seed`` at ``level`` in ``lang``.

    Parameters
    ----------
    seed, level : int
        The exercise, as ``cnnviz worksheet --seed --level``.
    lang : str
        ``"en"`` or ``"zh_CN"``, the language on the page.
    sheet, key : Path
        The two PNG files to write.

    Returns
    -------
    tuple of Path
        ``(sheet, key)``.

    Raises
    ------
    WorksheetError
        With the reason in words; nothing is written when a check fails.
    """
    from cnnviz.media.worksheet_page import FontMissingError, fonts_for, page_png, write_png

    if not SEED_RANGE[0] <= seed <= SEED_RANGE[1] or level not in LEVELS or lang not in LANGS:
        raise WorksheetError(
            QCoreApplication.translate("WorksheetJob", "Seed, level or language out of range.")
        )
    sheet, key = Path(sheet), Path(key)
    check_targets(sheet, key)
    try:
        fonts_for(lang)
    except FontMissingError as exc:
        raise WorksheetError(
            QCoreApplication.translate("WorksheetJob", "Cannot draw the worksheet: {0}").format(exc)
        ) from None
    exercise = make_exercise(seed, level)
    pages = [(sheet, page_png(exercise, lang, answers=False)), (key, page_png(exercise, lang, answers=True))]
    for path, data in pages:
        try:
            write_png(path, data)
        except OSError as exc:
            raise WorksheetError(
                QCoreApplication.translate("WorksheetJob", "Cannot write {0}: {1}").format(
                    path, exc.strerror or exc
                )
            ) from None
    return sheet, key
