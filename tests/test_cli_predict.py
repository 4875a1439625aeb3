"""``cnnviz predict`` and ``cnnviz export --network``: outputs and exit codes."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from cnnviz.cli import main
from cnnviz.core import predict
from cnnviz.core.checkpoint import load_model, save_model
from cnnviz.core.datasets import load_digits, split_dataset
from cnnviz.core.train import Architecture, TrainConfig, make_optimizer, train_steps


@pytest.fixture(scope="module")
def digits_model(tmp_path_factory):
    """A two-block digits model trained for one epoch, saved; and its split."""
    split = split_dataset(load_digits(), 0.2, seed=0)
    arch = Architecture(split.input_shape, split.num_classes, filters=6, kernel_size=3, blocks=2, hidden=16)
    model = arch.build(0)
    config = TrainConfig(epochs=1, lr=0.01)
    for _ in train_steps(model, make_optimizer(model, config), split, config):
        pass
    path = tmp_path_factory.mktemp("model") / "digits.npz"
    save_model(
        path, model, arch, class_names=split.class_names, dataset="digits", mean=split.mean, std=split.std
    )
    return path, split


def _png(path, raw):
    Image.fromarray(np.round(raw * 255).astype(np.uint8), mode="L").save(path)
    return str(path)


def test_predict_prints_the_top_three_classes_per_image(digits_model, tmp_path, capsys):
    path, split = digits_model
    raws = [split.x_val[k, 0] * split.std + split.mean for k in (2, 5)]
    images = [_png(tmp_path / f"d{k}.png", np.clip(r, 0, 1)) for k, r in enumerate(raws)]
    assert main(["predict", "--model", str(path), *images]) == 0
    lines = capsys.readouterr().out.splitlines()
    ck = load_model(path)
    fed = []
    for image in images:  # the trainer's preparation: grey in [0, 1], then (x - mean) / std
        raw = np.asarray(Image.open(image), np.float32) / 255.0
        fed.append(((raw - ck.mean) / ck.std)[None])
    probs = predict(ck.model, np.stack(fed).astype(np.float32))
    assert len(lines) == 2
    for line, image, p in zip(lines, images, probs):
        order = np.argsort(-p, kind="stable")[:3]
        assert line == f"{image}: " + ", ".join(f"{ck.class_names[j]} ({p[j]:.2f})" for j in order)
    assert lines[0].startswith(images[0] + ": ") and lines[0].count("(") == 3


def test_predict_top_n(digits_model, tmp_path, capsys):
    path, split = digits_model
    image = _png(tmp_path / "a.png", np.clip(split.x_val[0, 0] * split.std + split.mean, 0, 1))
    assert main(["predict", "--model", str(path), "--top", "1", image]) == 0
    assert capsys.readouterr().out.count("(") == 1
    assert main(["predict", "--model", str(path), "--top", "11", image]) == 2
    assert "--top must be between 1 and 10" in capsys.readouterr().err


@pytest.mark.parametrize("what", ["missing model", "not a model", "missing image", "not an image"])
def test_predict_bad_files_exit_2_with_one_line(digits_model, tmp_path, capsys, what):
    path, split = digits_model
    good = _png(tmp_path / "ok.png", np.clip(split.x_val[0, 0] * split.std + split.mean, 0, 1))
    junk = tmp_path / "junk.png"
    junk.write_text("not a picture")
    model, image = str(path), good
    if what == "missing model":
        model = str(tmp_path / "none.npz")
    elif what == "not a model":
        model = str(junk)
    elif what == "missing image":
        image = str(tmp_path / "none.png")
    else:
        image = str(junk)
    assert main(["predict", "--model", model, good, image]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing printed for the good image either
    assert captured.err.count("\n") == 1 and captured.err.startswith("cnnviz: error: ")
    assert "Traceback" not in captured.err


def test_export_network_writes_the_overview_as_a_png(digits_model, tmp_path, capsys):
    path, split = digits_model
    out = tmp_path / "net.png"
    assert main(["export", "--model", str(path), "--network", "--sample", "3", "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "validation sample 3" in said and str(out) in said
    with Image.open(out) as im:
        assert im.format == "PNG" and im.width > 600 and im.height >= 400
    image = _png(tmp_path / "d.png", np.clip(split.x_val[1, 0] * split.std + split.mean, 0, 1))
    out2 = tmp_path / "net2.png"
    assert main(["export", "--model", str(path), "--network", "--image", image, "-o", str(out2)]) == 0
    assert "image file d.png" in capsys.readouterr().out and out2.stat().st_size > 0


@pytest.mark.parametrize(
    "extra, words",
    [
        (["--sample", "17"], "no validation sample 17"),
        (["--sample", "1", "--stage", "relu"], "leave out --stage"),
        (["--sample", "1", "-o", "net.gif"], "ending in .png"),
    ],
)
def test_export_network_refusals_exit_2(digits_model, tmp_path, capsys, extra, words):
    path, _ = digits_model
    args = ["export", "--model", str(path), "--network", "-o", str(tmp_path / "n.png"), *extra]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("cnnviz: error: ") and words in err
    assert not (tmp_path / "n.png").exists()


def test_export_network_needs_a_model(tmp_path, capsys):
    assert main(["export", "--network", "--sample", "1", "-o", str(tmp_path / "n.png")]) == 2
    assert "--network, --model and --sample go together" in capsys.readouterr().err
