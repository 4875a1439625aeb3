"""One multiply-add at a time: the tap walk through the presenter, its running sums
against the trace's own products, and what the convolution view shows for a tap."""

from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core.formatting import format_number, format_running_sum, running_taps, split_equation
from cnnviz.presenters import ConvSessionPresenter


@pytest.fixture
def presenter(qtbot):
    p = ConvSessionPresenter()
    yield p
    p.pause()


def _value(text: str) -> str:
    return split_equation(text)[2]


def test_the_article_first_channel_reads_as_a_running_sum(presenter):
    step = presenter.conv_step
    pieces = [format_running_sum(step, t) for t in range(9)]
    assert pieces == [
        "1*0 = 0", "+ 1*0 = 0", "+ -1*0 = 0", "+ -1*0 = 0", "+ 0*0 = 0",
        "+ 1*1 = 1", "+ -1*0 = 1", "+ -1*0 = 1", "+ 0*1 = 1",
    ]  # fmt: skip
    assert running_taps(step) == 3 * 9 + 1
    assert format_running_sum(step, 27, bias_label="bias") == "1 + (-1) + 0 + 1 (bias) = 1"
    with pytest.raises(IndexError):
        format_running_sum(step, 28)


def test_walking_every_tap_gives_the_partial_sums_of_the_trace(presenter, qtbot):
    p = presenter
    p.load_sample(next(iter(__import__("cnnviz.core.samples", fromlist=["SAMPLES"]).SAMPLES)))
    p.seek(3)
    step = p.conv_step
    channels, kh, kw = step.weights.shape
    assert p.num_taps == channels * kh * kw + 1 and p.tap == -1
    for c in range(channels):
        partial = np.cumsum(np.asarray(step.products[c], np.float64).ravel())
        for q in range(kh * kw):
            with qtbot.waitSignal(p.tap_changed):
                p.tap_forward()
            assert p.tap == c * kh * kw + q
            assert p.tap_position == (c, q // kw, q % kw)
            assert _value(p.running_sum_text()) == format_number(partial[q])
        assert _value(p.running_sum_text()) == format_number(step.channel_sums[c])  # the channel's sum
    p.tap_forward()
    assert p.tap_position is None and p.tap == p.num_taps - 1
    text = p.running_sum_text(bias_label="bias")
    assert f"{format_number(step.bias)} (bias)" in text and _value(text) == format_number(step.value)


def test_the_walk_runs_on_across_steps_and_whole_steps_leave_it(presenter):
    p = presenter
    last = p.num_taps - 1
    p.tap_back()  # from the whole step: its bias
    assert (p.step_index, p.tap) == (0, last)
    p.set_tap(last)
    p.tap_forward()  # after the bias: the next step's first tap
    assert (p.step_index, p.tap) == (1, 0)
    p.tap_back()
    assert (p.step_index, p.tap) == (0, last)
    p.step()  # a whole step leaves the walk
    assert (p.step_index, p.tap) == (1, -1)
    p.set_tap(3)
    p.set_stage("relu")
    assert p.tap == -1 and p.num_taps == 0
    p.tap_forward()  # nothing to walk on ReLU
    assert p.tap == -1


def test_predict_mode_hides_each_running_sum(presenter):
    p = presenter
    p.set_predict_mode(True)
    p.reveal()
    p.tap_forward()
    assert p.tap == 0 and p.value_hidden  # this tap's sum is asked for
    p.tap_forward()  # reveals first
    assert p.tap == 0 and p.revealed
    p.tap_forward()
    assert p.tap == 1 and p.value_hidden


def test_the_convolution_view_shows_the_tap_its_weight_and_the_running_sum(qtbot, presenter):
    from cnnviz.views.convolution_view import ConvolutionView
    from cnnviz.views.reveal_items import question_cells

    view = ConvolutionView(presenter)
    qtbot.addWidget(view)
    view.resize(1100, 800)
    p, arithmetic = presenter, view.arithmetic_view
    for _ in range(14):  # channel 1, tap (1, 1)
        p.tap_forward()
    assert p.tap_position == (1, 1, 1)
    assert arithmetic.channel_lines[1] == "-1*0 = 0   + 0*0 = 0   + -1*0 = 0   + 0*0 = 0   + 0*1 = 0"
    assert arithmetic.channel_lines[0].endswith("= 1") and arithmetic.channel_lines[2] == ""
    assert arithmetic.total_line == ""  # the bias comes last
    step = p.conv_step
    marks = view.input_view.panels[1].marks.marks
    row, col = step.taps_rows[1], step.taps_cols[1]
    assert any((m.row, m.col, m.pen_width) == (row - 0.15, col - 0.15, 4.0) for m in marks)
    weight = view._weight_marks[id(view.filter_panel.channel_grids[1])]
    assert weight.cell == (1, 1) and not weight.isHidden()
    assert question_cells(view.output_view) == [(0, 0, 0)]  # not summed yet
    p.set_tap(p.num_taps - 1)
    assert arithmetic.total_line == "1 + (-1) + 0 + 1 (bias) = 1"
    assert question_cells(view.output_view) == [] and weight.isHidden()
    assert view.output_view.panels[0].grid.text_at(0, 0) == "1"


def test_latex_keeps_the_written_numbers_and_the_rounding_sign():
    from cnnviz.core.formatting import format_latex

    latex = format_latex([("channel 0:", "0.5*-2 + 1*0.333 ≈ -0.667"), ("", "? + 1 (bias) = ?")])
    assert latex.splitlines() == [
        "\\begin{aligned}",
        "\\text{channel 0:} \\quad & 0.5 \\cdot (-2) + 1 \\cdot 0.333 \\approx -0.667 \\\\",
        "& \\,?\\, + 1\\ \\text{(bias)} = \\,?\\,",
        "\\end{aligned}",
    ]
