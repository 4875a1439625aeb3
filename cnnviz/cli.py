"""Command line: ``cnnviz`` launches the window; subcommands work headless.

Exit status: 0 success, 1 a run that failed on its own terms (e.g. diverging
training), 2 bad usage or bad input, with one ``cnnviz: error: …`` line.
A subcommand stopped by SIGINT, SIGTERM or SIGHUP cleans up and exits
128 + the signal's number (130, 143, 129) with one ``cnnviz: interrupted``
line. When whoever reads stdout goes away (``cnnviz train | head -1``) the
command ends quietly with 141, the status of a Unix tool ended by SIGPIPE,
so that ``set -o pipefail`` still sees the output was cut short.
"""

from __future__ import annotations

import argparse
import inspect
import os
import sys
from collections.abc import Sequence

from cnnviz import __version__
from cnnviz.commands.errors import UsageError
from cnnviz.commands.interrupts import Interrupted, stop_on_signals

__all__ = ["UsageError", "build_parser", "main"]

#: exit status after a closed stdout: 128 + SIGPIPE, as the shell reports ``yes | head -1``'s yes
EXIT_BROKEN_PIPE = 141


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cnnviz",
        usage="%(prog)s [-h] [--version] [FILE]\n       %(prog)s COMMAND [options]",
        description="See how a convolutional neural network computes, step by step.\n\n"
        "Plain `cnnviz` opens the window on the article's 7×7×3 demo; `cnnviz FILE` opens it\n"
        "with a lesson (.cnnviz) or a picture (PNG, JPEG, BMP, GIF, WebP, TIFF).\n"
        "The commands below work without a window.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"cnnviz {__version__}")
    parser.add_argument(
        "file", nargs="?", metavar="FILE", help="a lesson (.cnnviz) or a picture to open the window with"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", prog="cnnviz")
    __import__("cnnviz.commands.train", fromlist=["register"]).register(subparsers)
    __import__("cnnviz.commands.export", fromlist=["register"]).register(subparsers)
    __import__("cnnviz.commands.worksheet", fromlist=["register"]).register(subparsers)
    __import__("cnnviz.commands.predict", fromlist=["register"]).register(subparsers)
    return parser


def _split_file(argv: list[str], commands: Sequence[str]) -> tuple[str | None, list[str]]:
    """``cnnviz FILE``: the first argument that is neither an option nor a command, and the
    rest (argparse alone would take any first word for a command; ``--`` precedes a file
    whose name starts with ``-``)."""
    for i, arg in enumerate(argv):
        if arg == "--" and i + 1 < len(argv):
            return argv[i + 1], argv[:i] + argv[i + 2 :]
        if arg.startswith("-"):
            continue
        return (None, argv) if arg in commands else (arg, argv[:i] + argv[i + 1 :])
    return None, argv


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    commands = next(a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    file, rest = _split_file(words, tuple(commands))
    if file is not None and "." not in os.path.basename(file) and not os.path.exists(file):
        choices = ", ".join(map(repr, commands))
        parser.error(f"{file!r} is neither a command ({choices}) nor a file")  # a mistyped command
    after = next((w for w in rest if not w.startswith("-")), None)
    if file is not None and after is not None:
        both = f"give a file to open or a command, not both ({file!r} and {after!r})"
        parser.error(both if after in commands else "cnnviz opens one file at a time")
    args = parser.parse_args(rest)
    args.file = file
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            from cnnviz.display_check import display_problem

            problem = display_problem()
            if problem:
                raise UsageError(problem)
            from cnnviz.app import run_app

            return run_app(file=args.file)
        with stop_on_signals() as stop:
            try:
                takes_stop = "stop" in inspect.signature(handler).parameters
                status = int(handler(args, stop=stop) if takes_stop else handler(args))
                sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
                return status
            except Interrupted as exc:  # raised by stop.check() in plain Python code, never in Qt
                print(f"cnnviz: {exc.message}", file=sys.stderr)
                return exc.exit_status
    except UsageError as exc:
        print(f"cnnviz: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cnnviz: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE


def _silence_stdout() -> None:
    """Point stdout at the null device, so that the interpreter's final flush of
    what is still buffered does not fail a second time (Python's documented recipe)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout is not a file (e.g. in tests)
        pass


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
