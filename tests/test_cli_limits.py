"""Command-line parameters get the window's caps: refused with one line, exit 2, before
anything is loaded or allocated."""

from __future__ import annotations

import pytest
from cli_helpers import run_cli

from cnnviz.core import limits


def _never(*args, **kwargs):
    raise AssertionError("the input was loaded before the parameters were checked")


EXPORT_CASES = [
    (["--stride", "1e20"], "argument --stride: invalid int value: '1e20' (give a whole number)"),
    (["--stride", "100000000000000000000"], "--stride must be between 1 and 16, got 100000000000000000000"),
    (["--stride", "17"], "--stride must be between 1 and 16, got 17"),
    (["--stride", "0"], "--stride must be at least 1, got 0"),
    (["--stride", "-3"], "--stride must be at least 1, got -3"),
    (["--padding", "1e6"], "argument --padding: invalid int value: '1e6' (give a whole number)"),
    (["--padding", "1000000"], "--padding must be between 0 and 16, got 1000000"),
    (["--padding", "10000"], "--padding must be between 0 and 16, got 10000"),
    (["--padding", "1" + "0" * 40], "--padding must be between 0 and 16, got 1" + "0" * 19 + "… (41 digits)"),
    (["--padding", "-1"], "--padding must be at least 0, got -1"),
    (["--dilation", "9"], "--dilation must be between 1 and 8, got 9"),
    (["--dilation", "0"], "--dilation must be at least 1, got 0"),
    (["--kernel", "16"], "--kernel must be between 1 and 15, got 16"),
    (["--filters", "17"], "--filters must be between 1 and 16, got 17"),
    (["--filters", "0"], "--filters must be at least 1, got 0"),
]


@pytest.mark.parametrize("flags, message", EXPORT_CASES, ids=[" ".join(c[0])[:30] for c in EXPORT_CASES])
def test_export_refuses_what_the_window_refuses(tmp_path, capsys, monkeypatch, flags, message):
    from cnnviz.commands import export

    monkeypatch.setattr(export, "session_arrays", _never)
    code, out, err = run_cli(capsys, "export", "--demo", *flags, "-o", str(tmp_path / "x.gif"))
    assert code == 2 and out == ""
    assert err == f"cnnviz: error: {message}\n"
    assert list(tmp_path.iterdir()) == []


def test_export_image_size_is_capped_like_the_input_panel(tmp_path, capsys, monkeypatch):
    from cnnviz.commands import export_inputs

    monkeypatch.setattr(export_inputs, "_load_image", _never)
    for size, message in (("5000", "between 8 and 1024, got 5000"), ("4", "at least 8, got 4")):
        out = str(tmp_path / "x.gif")
        code, _, err = run_cli(capsys, "export", "--image", "x.png", "--size", size, "-o", out)
        assert code == 2 and err == f"cnnviz: error: --size must be {message}\n"


TRAIN_CASES = [
    (["--epochs", "1e20"], "argument --epochs: invalid int value: '1e20' (give a whole number)"),
    (["--epochs", "1001"], "epochs must be between 1 and 1000, got 1001"),
    (["--epochs", "0"], "epochs must be between 1 and 1000, got 0"),
    (["--batch", "1" + "0" * 20], "batch size must be between 1 and 4096, got 1" + "0" * 20),
    (["--batch", "-1"], "batch size must be between 1 and 4096, got -1"),
    (["--lr", "1e300"], "learning rate must be between 0.0001 and 1000, got 1e+300"),
    (["--lr", "nan"], "learning rate must be between 0.0001 and 1000, got nan"),
    (["--lr", "-0.1"], "learning rate must be between 0.0001 and 1000, got -0.1"),
    (["--lr", "0"], "learning rate must be between 0.0001 and 1000, got 0"),
    (["--size", "100000"], "image size must be between 4 and 64, got 100000"),
    (["--seed", "-1"], "seed must be between 0 and 999999, got -1"),
    (["--seed", "1" + "0" * 30], "seed must be between 0 and 999999, got 1" + "0" * 19 + "… (31 digits)"),
    (["--filters", "33"], "filters must be between 1 and 32, got 33"),
    (["--hidden", "100000"], "hidden units must be between 0 and 256, got 100000"),
    (["--kernel", "9"], "kernel size must be 1, 3, 5 or 7, got 9"),
]


@pytest.mark.parametrize("flags, message", TRAIN_CASES, ids=[" ".join(c[0])[:30] for c in TRAIN_CASES])
def test_train_refuses_what_the_trainer_panel_refuses(capsys, monkeypatch, flags, message):
    from cnnviz.commands import train

    monkeypatch.setattr(train, "load_dataset", _never)
    code, out, err = run_cli(capsys, "train", "--dataset", "shapes", *flags)
    assert code == 2 and out == ""
    assert err == f"cnnviz: error: {message}\n"


def test_the_window_uses_the_same_limits(qtbot):
    from cnnviz.presenters import ConvSessionPresenter, conv_session
    from cnnviz.views.input_panel import InputPanel
    from cnnviz.views.params_panel import ParametersPanel
    from cnnviz.views.trainer_controls import TrainerControls

    presenter = ConvSessionPresenter()
    params = ParametersPanel(presenter)
    qtbot.addWidget(params)
    boxes = (("stride", params.stride), ("padding", params.padding), ("dilation", params.dilation))
    spans = {name: (w.minimum(), w.maximum()) for name, w in boxes}
    assert spans == {"stride": limits.STRIDE_RANGE, "padding": limits.PADDING_RANGE,
                     "dilation": limits.DILATION_RANGE}  # fmt: skip
    assert (params.kernel_h.maximum(), params.filters.maximum()) == (limits.MAX_KERNEL, limits.MAX_FILTERS)
    assert (conv_session.MAX_KERNEL, conv_session.MAX_FILTERS) == (limits.MAX_KERNEL, limits.MAX_FILTERS)
    inputs = InputPanel(presenter)
    qtbot.addWidget(inputs)
    assert (inputs.size_spin.minimum(), inputs.size_spin.maximum()) == limits.IMAGE_SIZE_RANGE
    c = TrainerControls()
    qtbot.addWidget(c)
    for widget, span in ((c.size, limits.TRAIN_SIZE_RANGE), (c.filters, limits.TRAIN_FILTERS_RANGE),
                         (c.hidden, limits.TRAIN_HIDDEN_RANGE), (c.lr, limits.TRAIN_LR_RANGE),
                         (c.batch, limits.TRAIN_BATCH_RANGE), (c.epochs, limits.TRAIN_EPOCHS_RANGE),
                         (c.seed, limits.TRAIN_SEED_RANGE)):  # fmt: skip
        assert (widget.minimum(), widget.maximum()) == span
    assert tuple(c.kernel.itemData(i) for i in range(c.kernel.count())) == limits.TRAIN_KERNELS


def test_the_commands_do_not_import_the_cli_back():
    """``cnnviz.cli`` imports the commands; they take ``UsageError`` from a module of their own."""
    import subprocess
    import sys

    probe = (
        "import sys, cnnviz.commands.export, cnnviz.commands.train, cnnviz.commands.export_inputs; "
        "assert 'cnnviz.cli' not in sys.modules, 'a command imported cnnviz.cli'; "
        "from cnnviz.cli import UsageError; from cnnviz.commands.errors import UsageError as E; "
        "assert UsageError is E"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
