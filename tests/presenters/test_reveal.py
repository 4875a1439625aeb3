"""Predict, then reveal: the presenter hides the current result until it is revealed,
every stage's view writes "?" for it, and playback holds at each hidden result."""

from __future__ import annotations

import pytest

from cnnviz.presenters import ConvSessionPresenter
from cnnviz.presenters.reveal import hidden_result


@pytest.fixture
def presenter(qtbot):
    p = ConvSessionPresenter()
    yield p
    p.pause()


def test_hidden_result_keeps_the_terms_and_hides_the_sign_and_value():
    assert hidden_result("1*0 + 0*1 = 1") == "1*0 + 0*1 = ?"
    assert hidden_result("(1 + 0 + 0) / 3 ≈ 0.333") == "(1 + 0 + 0) / 3 = ?"  # ≈ would give a hint
    assert hidden_result("∂L/∂w = 1*0 + 1*2 = 2") == "∂L/∂w = 1*0 + 1*2 = ?"
    assert hidden_result("no equation") == "?"


def test_predict_mode_hides_each_step_until_revealed(presenter, qtbot):
    p = presenter
    assert not p.predict_mode and p.revealed and not p.value_hidden
    with qtbot.waitSignals([p.predict_mode_changed, p.revealed_changed]):
        p.set_predict_mode(True)
    assert p.value_hidden and p.output_pending
    with qtbot.waitSignal(p.revealed_changed) as blocker:
        assert p.reveal()
    assert blocker.args == [True]
    assert p.revealed and not p.value_hidden and not p.reveal()  # nothing left to reveal
    p.seek(5)
    assert p.value_hidden  # a new step asks again
    p.seek(0)
    assert p.value_hidden  # and so does coming back
    p.set_predict_mode(False)
    assert p.revealed and not p.output_pending


def test_next_reveals_first_then_steps(presenter):
    """→ and a clicker's Page Down: the first press shows the answer, the second moves on."""
    p = presenter
    p.set_predict_mode(True)
    p.step()
    assert (p.step_index, p.revealed) == (0, True)
    p.step()
    assert (p.step_index, p.value_hidden) == (1, True)
    p.step_back()  # going back never reveals
    assert (p.step_index, p.value_hidden) == (0, True)


def test_editing_a_weight_hides_a_revealed_result_again(presenter):
    p = presenter
    p.set_predict_mode(True)
    p.reveal()
    assert p.set_bias(0, 5.0)
    assert p.value_hidden


def test_playback_holds_at_each_hidden_value(presenter, qtbot):
    p = presenter
    p.set_speed(60)
    p.set_predict_mode(True)
    p.play()
    qtbot.wait(120)  # several intervals: it must not move while the value is hidden
    assert p.is_playing and p.step_index == 0 and p.value_hidden
    p.reveal()
    qtbot.waitUntil(lambda: p.step_index == 1, timeout=2000)
    qtbot.wait(120)
    assert p.step_index == 1 and p.value_hidden and p.is_playing  # held again
    p.pause()


def test_every_stage_is_hidden_and_revealed(presenter):
    p = presenter
    p.set_predict_mode(True)
    for stage in ("conv", "relu", "pool", "grad_w", "grad_b", "grad_x"):
        assert p.set_stage(stage)
        assert p.value_hidden, stage
        assert p.reveal() and p.revealed, stage


# -- the views ask the presenter ---------------------------------------------------------


@pytest.fixture
def stage_view(qtbot, presenter):
    from cnnviz.views.stage_view import StageView

    view = StageView(presenter)
    qtbot.addWidget(view)
    view.resize(1100, 800)
    return view


def test_convolution_view_writes_question_marks_then_the_value(stage_view):
    from cnnviz.views.reveal_items import question_cells

    p, conv = stage_view.presenter, stage_view.conv_view
    arithmetic = conv.arithmetic_view
    p.set_predict_mode(True)
    assert arithmetic.channel_lines[0] == "1*0 + 1*0 + -1*0 + -1*0 + 0*0 + 1*1 + -1*0 + -1*0 + 0*1 = ?"
    assert arithmetic.total_line == "? + ? + ? + 1 (bias) = ?"  # the products and the bias stay
    assert question_cells(conv.output_view) == [(0, 0, 0)]
    assert conv.output_view.panels[0].grid.text_at(0, 0) == ""  # the number is not drawn under it
    p.reveal()
    assert arithmetic.channel_lines[0].endswith("0*1 = 1")
    assert arithmetic.total_line == "1 + (-1) + 0 + 1 (bias) = 1"
    assert question_cells(conv.output_view) == []
    assert conv.output_view.panels[0].grid.text_at(0, 0) == "1"
    assert "?" not in arithmetic.latex_text()


@pytest.mark.parametrize("stage", ["relu", "pool"])
def test_relu_and_pool_formulas_hide_their_result(stage_view, stage):
    from cnnviz.views.reveal_items import question_cells

    p = stage_view.presenter
    p.set_predict_mode(True)
    p.set_stage(stage)
    page = stage_view.current_page
    assert page.formula_label.text().startswith("max(") and page.formula_label.text().endswith(" = ?")
    assert page.note_label.text() == ""  # "a negative value becomes 0" would answer it
    assert question_cells(page.output_view) == [(0, 0, 0)]
    p.reveal()
    assert not page.formula_label.text().endswith("?")
    assert question_cells(page.output_view) == []


@pytest.mark.parametrize("stage", ["grad_w", "grad_b", "grad_x"])
def test_backward_formulas_hide_their_result(stage_view, stage):
    from cnnviz.views.reveal_items import question_cells

    p = stage_view.presenter
    p.set_predict_mode(True)
    p.set_stage(stage)
    p.seek(1)
    page = stage_view.current_page
    text = page.formula_label.text()
    assert text.startswith("∂L/∂") and text.endswith(" = ?")
    cells = question_cells(page.right_view)
    assert len(cells) == 1
    p.reveal()
    assert not page.formula_label.text().endswith("?") and question_cells(page.right_view) == []
