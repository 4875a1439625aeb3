"""The neuron page driven offscreen through its presenter; assertions on the data
the widgets hold, not on pixels."""

from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtCore import QCoreApplication, Qt, QTranslator

from cnnviz.commands.export_neuron import render_neuron_png
from cnnviz.core.resources import resource_path
from cnnviz.presenters.neuron import NeuronPresenter
from cnnviz.views.neuron_page import NeuronPage


@pytest.fixture
def page(qtbot):
    p = NeuronPage(NeuronPresenter())
    qtbot.addWidget(p)
    p.resize(1260, 640)
    return p


def table_texts(page: NeuronPage) -> list[list[str]]:
    t = page.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def headers(page: NeuronPage) -> list[str]:
    t = page.table
    return [t.horizontalHeaderItem(c).text() for c in range(t.columnCount())]


def test_opens_on_the_articles_and_table(page):
    assert headers(page) == ["x1", "x2", "z", "g(z)"]
    assert table_texts(page) == [
        ["0", "0", "-30", "≈ 0"],
        ["0", "1", "-10", "≈ 0"],
        ["1", "0", "-10", "≈ 0"],
        ["1", "1", "10", "≈ 1"],
    ]
    assert page.sum_label.text() == "z = 20*1 + 20*1 + (-30) = 10"
    assert page.activation_label.text() == "a = sigmoid(10) ≈ 1"
    assert page.controls.preset_combo.currentData() == "and"
    assert [b.value() for b in page.controls.weight_boxes[:2]] == [20, 20]
    assert page.controls.bias_box.text() == "b = -30"
    assert page.windowTitle() == "Neuron"


def test_a_weight_typed_in_its_spin_box_changes_every_row(page, qtbot):
    box = page.controls.weight_boxes[1]
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "5")
    assert page.presenter.state.weights == (20, 5)
    assert [row[2] for row in table_texts(page)] == ["-30", "-25", "-10", "-5"]
    assert page.sum_label.text() == "z = 20*1 + 5*1 + (-30) = -5"
    assert page.controls.preset_combo.currentData() == "custom"


def test_bias_and_inputs_from_the_spin_boxes(page):
    page.controls.bias_box.setValue(-10)
    assert [row[2] for row in table_texts(page)] == ["-10", "10", "10", "30"]
    page.controls.input_boxes[0].setValue(0)
    assert page.sum_label.text() == "z = 20*0 + 20*1 + (-10) = 10"
    # the row matching the inputs (0, 1) is marked
    assert (
        page.table.item(1, 0).background().color().name() != page.table.item(0, 0).background().color().name()
    )


def test_preset_combo_loads_the_festival_perceptron(page, qtbot):
    combo = page.controls.preset_combo
    index = combo.findData("festival")
    assert combo.itemText(index) == "Music festival"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    assert table_texts(page) == [
        ["0", "0", "-5", "0"],
        ["0", "1", "-2", "0"],
        ["1", "0", "2", "1"],
        ["1", "1", "5", "1"],
    ]
    assert page.controls.activation_combo.currentData() == "step"
    assert "music festival" in page.note_label.text()


def test_activation_combo_and_derivative_switch(page, qtbot):
    combo = page.controls.activation_combo
    index = combo.findData("relu")
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    assert page.activation_label.text() == "a = relu(10) = 10"
    assert page.controls.formula_label.text() == "g(z) = max(0, z)"
    assert page.plot.dg_widget.isHidden()
    page.controls.derivative_check.setChecked(True)
    assert not page.plot.dg_widget.isHidden()
    assert page.derivative_label.text() == "g'(z) = relu'(10) = 1"
    ys = page.plot.dg_curve.getData()[1]
    assert set(ys.tolist()) == {0.0, 1.0}


def test_input_count_adds_rows_and_boxes(page):
    page.controls.count_spin.setValue(3)
    assert headers(page) == ["x1", "x2", "x3", "z", "g(z)"]
    assert page.table.rowCount() == 8
    assert not page.controls.input_boxes[2].isHidden() and page.controls.input_boxes[3].isHidden()


def test_plot_marks_z_and_shades_sigmoid_saturation(page):
    s = page.presenter.state
    assert page.plot.lines[0].value() == s.z == 10
    xs, ys = page.plot.rows_item.getData()
    assert xs.tolist() == [-30, -10, -10, 10]
    assert len(page.plot.regions) == 2 * len(s.saturated) == 4
    page.presenter.set_activation("identity")
    assert page.plot.regions == []


def test_refused_value_is_shown_and_cleared(page):
    page.presenter.set_bias(float("nan"))
    assert not page.error_label.isHidden() and "b must be a number" in page.error_label.text()
    assert page.controls.bias_box.value() == -30
    page.presenter.set_bias(-20.0)
    assert page.error_label.isHidden()


def test_chinese_page(page, qapp):
    translator = QTranslator()
    assert translator.load("cnnviz_zh_CN", str(resource_path("translations")))
    qapp.installTranslator(translator)
    try:
        QCoreApplication.processEvents()
        assert page.windowTitle() == "神经元"
        combo = page.controls.preset_combo
        assert combo.itemText(combo.findData("and")) == "与 (AND)"
        assert combo.itemText(combo.findData("festival")) == "音乐节"
        assert page.controls.activation_box.title() == "激活函数"
        assert page.note_label.text().startswith("文章中的")
        assert table_texts(page)[3] == ["1", "1", "10", "≈ 1"]
    finally:
        qapp.removeTranslator(translator)
        QCoreApplication.processEvents()
    assert page.windowTitle() == "Neuron"


def test_main_window_has_the_tab_and_opens_presets(qtbot, qapp):
    from cnnviz.app import LanguageSwitcher
    from cnnviz.views.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    index = w.tabs.indexOf(w.neuron_page)
    assert index > 0 and w.tabs.tabText(index) == "Neuron"
    assert w.show_neuron_preset("or")
    assert w.tabs.currentWidget() is w.neuron_page
    assert [row[-1] for row in table_texts(w.neuron_page)] == ["≈ 0", "≈ 1", "≈ 1", "≈ 1"]
    assert not w.show_neuron_preset("xor")
    assert "no preset called xor" in w.neuron_page.error_label.text()
    switcher = LanguageSwitcher(qapp)
    try:
        switcher.apply("zh_CN")
        QCoreApplication.processEvents()
        assert w.tabs.tabText(index) == "神经元"
    finally:
        switcher.apply("en")
        QCoreApplication.processEvents()
    assert w.tabs.tabText(index) == "Neuron"
    w.presenter.pause()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_render_neuron_png_writes_the_page(qapp, tmp_path, language):
    out = tmp_path / "and.png"
    render_neuron_png("and", out, language=language)
    with Image.open(out) as im:
        assert im.format == "PNG" and im.size == (1280, 720)
        # not blank: the page has text, curves and a table
        assert len(im.convert("RGB").getcolors(1 << 20)) > 50
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left
    assert QCoreApplication.translate("NeuronPage", "Neuron") == "Neuron"  # translator removed


def test_render_neuron_png_size_and_bad_names(qapp, tmp_path):
    out = tmp_path / "small.png"
    render_neuron_png("festival", out, size=(900, 560))
    with Image.open(out) as im:
        assert im.size == (900, 560)
    with pytest.raises(ValueError, match="and, or, not, festival"):
        render_neuron_png("xor", tmp_path / "x.png")
    with pytest.raises(ValueError, match="language"):
        render_neuron_png("and", tmp_path / "x.png", language="fr")
    with pytest.raises(ValueError, match="size"):
        render_neuron_png("and", tmp_path / "x.png", size=(10, 10))
    assert not (tmp_path / "x.png").exists()
    with pytest.raises(FileNotFoundError):
        render_neuron_png("and", tmp_path / "missing" / "x.png")


def test_table_cells_are_read_only_and_centred(page):
    item = page.table.item(0, 0)
    assert not item.flags() & Qt.ItemFlag.ItemIsEditable
    assert item.textAlignment() == Qt.AlignmentFlag.AlignCenter
    assert page.table.item(3, 3).toolTip() == "g(10) = 0.9999546"
