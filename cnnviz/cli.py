"""Command line: ``cnnviz`` launches the window; subcommands work headless.

Exit status: 0 success, 1 a run that failed on its own terms (e.g. diverging
training), 2 bad usage or bad input, with one ``cnnviz: error: …`` line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cnnviz import __version__


class UsageError(Exception):
    """Bad input found after parsing; reported like an argparse error (exit 2)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cnnviz",
        description="See how a convolutional neural network computes, step by step.",
    )
    parser.add_argument("--version", action="version", version=f"cnnviz {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    __import__("cnnviz.commands.train", fromlist=["register"]).register(subparsers)
    __import__("cnnviz.commands.export", fromlist=["register"]).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            from cnnviz.display_check import display_problem

            problem = display_problem()
            if problem:
                raise UsageError(problem)
            from cnnviz.app import run_app

            return run_app()
        return int(handler(args))
    except UsageError as exc:
        print(f"cnnviz: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cnnviz: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
