"""The trainer's number of conv blocks: settings, the command line and the form."""

from __future__ import annotations

from cnnviz.cli import main
from cnnviz.core.checkpoint import load_model
from cnnviz.core.datasets import load_digits, split_dataset
from cnnviz.core.model import Conv2d
from cnnviz.presenters.trainer_session import TrainerSettings


def test_settings_blocks_reach_the_architecture():
    split = split_dataset(load_digits(), 0.2, seed=0)
    assert TrainerSettings().blocks == 1
    arch = TrainerSettings(blocks=3, filters=4).architecture(split)
    assert arch.blocks == 3
    model = arch.build(0)
    assert sum(isinstance(layer, Conv2d) for layer in model.layers) == 3


def test_cli_train_blocks_2_saves_a_two_block_model(tmp_path, capsys):
    path = tmp_path / "m.npz"
    rc = main(
        [
            "train",
            "--dataset",
            "shapes",
            "--size",
            "16",
            "--blocks",
            "2",
            "--epochs",
            "1",
            "--filters",
            "4",
            "--save",
            str(path),
        ]
    )
    out = capsys.readouterr().out
    assert rc == 0, out
    ck = load_model(path)
    assert ck.architecture.blocks == 2
    assert sum(isinstance(layer, Conv2d) for layer in ck.model.layers) == 2


def test_cli_train_blocks_outside_1_to_3_is_one_line_error(capsys):
    for bad in ("0", "4"):
        assert main(["train", "--blocks", bad]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("cnnviz: error: ")
        assert "blocks must be between 1 and 3" in err


def test_trainer_form_has_a_blocks_spin_box(qtbot):
    from cnnviz.views.trainer_controls import TrainerControls

    form = TrainerControls()
    qtbot.addWidget(form)
    assert (form.blocks.minimum(), form.blocks.maximum()) == (1, 3)
    form.blocks.setValue(3)
    assert form.settings().blocks == 3
    form.show_settings(TrainerSettings(blocks=2))
    assert form.blocks.value() == 2


def test_loading_a_two_block_model_in_the_trainer_keeps_its_blocks(qtbot, tmp_path):
    from cnnviz.core.checkpoint import save_model
    from cnnviz.presenters.trainer import TrainerPresenter

    trainer = TrainerPresenter()
    try:
        assert trainer.set_settings(TrainerSettings(filters=4))
        arch = TrainerSettings(filters=4, blocks=2).architecture(trainer.split)
        path = tmp_path / "two.npz"
        save_model(path, arch.build(1), arch, class_names=trainer.split.class_names, dataset="digits")
        assert trainer.load_model(str(path))
        assert trainer.settings.blocks == 2 and trainer.architecture == arch
    finally:
        trainer.shutdown()
