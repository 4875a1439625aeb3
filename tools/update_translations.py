#!/usr/bin/env python3
"""Rebuild cnnviz's translation files.

1. ``pyside6-lupdate`` collects every ``self.tr(...)`` / ``QCoreApplication.translate(...)``
   string under ``cnnviz/`` into ``resources/translations/cnnviz_zh_CN.ts``.
2. The Chinese texts come from ``resources/translations/zh_CN/*.json`` (one file
   per area, so engineers never edit the same file): ``{"Context": {"source": "译文"}}``.
   Every source string found is filled in; one without a translation stays
   ``unfinished`` and is listed.
3. ``pyside6-lrelease`` compiles the ``.ts`` into the ``.qm`` the app loads.

Usage::

    python3 tools/update_translations.py          # rewrite .ts and .qm
    python3 tools/update_translations.py --check  # exit 1 if anything is missing or stale

Both the ``.ts`` and the ``.qm`` are committed.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)


def _run(*cmd: str) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"{cmd[0]} failed (exit {result.returncode})")


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "cnnviz").rglob("*.py"))


def load_texts(language: str) -> dict[str, dict[str, str]]:
    """Merge ``<language>/*.json`` into ``{context: {source: translation}}``."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted((TRANSLATIONS / language).glob("*.json")):
        with open(path, encoding="utf-8") as fh:
            for context, texts in json.load(fh).items():
                merged.setdefault(context, {}).update(texts)
    return merged


def fill(ts_path: Path, texts: dict[str, dict[str, str]]) -> list[str]:
    """Write translations into ``ts_path``; returns ``context: source`` of the missing ones."""
    tree = ET.parse(ts_path)
    missing = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            # lupdate reads nearby '#:' code comments as notes; they churn the .ts
            # whenever code comments change and are not needed to translate
            for note in message.findall("extracomment"):
                message.remove(note)
            source = message.findtext("source", "")
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            text = texts.get(name, {}).get(source)
            if text:
                translation.text = text
                translation.attrib.pop("type", None)
            elif translation.get("type") != "vanished":
                translation.text = None
                translation.set("type", "unfinished")
                missing.append(f"{name}: {source}")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts_path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return missing


def build(out_dir: Path) -> list[str]:
    """Write ``cnnviz_<lang>.ts`` and ``.qm`` into ``out_dir``; returns what is untranslated."""
    missing: list[str] = []
    for language in LANGUAGES:
        ts = out_dir / f"cnnviz_{language}.ts"
        committed = TRANSLATIONS / ts.name
        if committed.exists() and committed != ts:
            shutil.copyfile(committed, ts)
        _run(
            "pyside6-lupdate",
            "-no-obsolete",
            "-locations",
            "none",
            "-target-language",
            language,
            *sources(),
            "-ts",
            str(ts),
        )
        missing += [f"{language} {m}" for m in fill(ts, load_texts(language))]
        _run("pyside6-lrelease", "-silent", str(ts), "-qm", str(ts.with_suffix(".qm")))
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; fail if stale or incomplete")
    args = parser.parse_args(argv)
    import os

    os.chdir(ROOT)  # lupdate records paths relative to the working directory
    if not args.check:
        missing = build(TRANSLATIONS)
        for m in missing:
            print(f"untranslated: {m}")
        print(
            f"wrote {', '.join(f'cnnviz_{lang}.ts/.qm' for lang in LANGUAGES)}; {len(missing)} untranslated"
        )
        return 1 if missing else 0
    with tempfile.TemporaryDirectory() as tmp:
        missing = build(Path(tmp))
        stale = [
            name
            for lang in LANGUAGES
            for name in (f"cnnviz_{lang}.ts", f"cnnviz_{lang}.qm")
            if not (TRANSLATIONS / name).exists()
            or not filecmp.cmp(Path(tmp) / name, TRANSLATIONS / name, shallow=False)
        ]
    for m in missing:
        print(f"untranslated: {m}")
    for name in stale:
        print(
            f"stale: resources/translations/{name} differs from a rebuild; run tools/update_translations.py"
        )
    return 1 if missing or stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
