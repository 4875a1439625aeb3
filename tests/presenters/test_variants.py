"""The convolution variants in the session: padding modes, true convolution, groups
and the transposed convolution — every step and output equals the core's op, and a
refused combination leaves the session exactly as it was."""

from __future__ import annotations

import numpy as np
import pytest

from cnnviz.core import ConvTrace, TransposedConvTrace, conv2d, conv_transpose2d, load_demo
from cnnviz.presenters import ConvSessionPresenter, Params

DEMO = load_demo()


@pytest.fixture
def presenter(qapp):
    p = ConvSessionPresenter()
    p.refused = []
    p.error_reported.connect(p.refused.append)
    yield p
    p.pause()
    p.deleteLater()


def _steps_output(p: ConvSessionPresenter) -> np.ndarray:
    """Every step of the convolution stage, put where its output goes."""
    trace = p.stage_trace
    out = np.full(trace.out_shape, np.nan)
    for k in range(len(trace)):
        s = trace[k]
        out[s.filter, s.row, s.col] = s.value
    return out


def _state(p: ConvSessionPresenter) -> tuple:
    return (p.params, p.trace, p.stage_trace, p.step_index, p.stage, p.weights.tobytes())


@pytest.mark.parametrize("mode", ["zeros", "reflect", "replicate", "circular"])
def test_each_padding_mode_steps_to_conv2d_and_the_border_holds_its_copies(presenter, mode):
    assert presenter.set_padding_mode(mode)
    expected = conv2d(DEMO.x[None], DEMO.w, DEMO.b, stride=2, padding=1, padding_mode=mode)[0]
    np.testing.assert_allclose(_steps_output(presenter), expected, atol=1e-5)
    np.testing.assert_allclose(presenter.trace.output, expected, atol=1e-5)
    padded = presenter.trace.padded
    # every border cell names the input cell it copies, and holds its value
    for r, c in [(0, 0), (0, 3), (3, 0), (6, 6), (6, 2)]:
        source = presenter.padding_source_cell(r, c)
        if mode == "zeros":
            assert source is None and padded[0, r, c] == 0
        else:
            assert source is not None and presenter.input_cell_of(*source) is not None
            np.testing.assert_array_equal(padded[:, r, c], padded[:, source[0], source[1]])
    assert presenter.padding_source_cell(3, 3) is None  # inside the input: no source to mark
    if mode == "reflect":
        assert presenter.padding_source_cell(0, 0) == (2, 2)  # mirrors about the edge cell
    if mode == "circular":
        assert presenter.padding_source_cell(0, 0) == (5, 5)  # wraps to the far corner
    # the backward stages belong to the plain convolution
    assert ("grad_w" in presenter.available_stages()) == (mode == "zeros")


def test_true_convolution_multiplies_the_flipped_kernel(presenter):
    assert presenter.set_flip(True)
    step = presenter.current
    assert step.flipped
    np.testing.assert_array_equal(step.weights, DEMO.w[0, :, ::-1, ::-1])
    np.testing.assert_array_equal(presenter.trace.w, DEMO.w)  # the stored filters stay as edited
    expected = conv2d(DEMO.x[None], DEMO.w, DEMO.b, stride=2, padding=1, flip=True)[0]
    np.testing.assert_allclose(_steps_output(presenter), expected, atol=1e-5)
    # a true convolution is the cross-correlation with the rotated kernel
    rotated = conv2d(DEMO.x[None], DEMO.w[:, :, ::-1, ::-1].copy(), DEMO.b, stride=2, padding=1)[0]
    np.testing.assert_allclose(expected, rotated, atol=1e-5)
    assert presenter.set_flip(False) and not presenter.current.flipped


def test_depthwise_groups_cut_the_bank_and_give_it_back(presenter):
    assert presenter.set_filter_count(3)
    full = np.array(presenter.trace.w)
    assert presenter.set_groups(3)
    assert presenter.weights.shape == (3, 1, 3, 3)
    for f in range(3):
        np.testing.assert_array_equal(presenter.weights[f, 0], full[f, f])  # its own channel
        assert presenter.channels_of(f) == (f,)
    assert "Depthwise" in presenter.variant_note
    x, b = presenter.input_x, presenter.biases
    expected = conv2d(x[None], presenter.weights, b, stride=2, padding=1, groups=3)[0]
    np.testing.assert_allclose(_steps_output(presenter), expected, atol=1e-5)
    presenter.seek_output(2, 1, 1)
    assert presenter.current.channels == (2,) and presenter.current.window.shape == (1, 3, 3)
    # back to one group: the weights put aside come back
    assert presenter.set_groups(1)
    np.testing.assert_array_equal(presenter.trace.w, full)
    assert "put aside" in presenter.variant_note


def test_groups_back_to_one_after_an_edit_keep_the_output(presenter):
    assert presenter.set_filter_count(3) and presenter.set_groups(3)
    assert presenter.set_weight(1, 0, 0, 0, 5.0)
    grouped = np.array(presenter.trace.output)
    assert presenter.set_groups(1)
    np.testing.assert_allclose(presenter.trace.output, grouped, atol=1e-5)
    assert presenter.trace.w[1, 0].sum() == 0 and presenter.trace.w[1, 1, 0, 0] == 5.0
    assert "the output is the same" in presenter.variant_note


def test_a_new_input_keeps_groups_that_still_divide_and_says_when_not(presenter):
    assert presenter.set_filter_count(3) and presenter.set_groups(3)
    assert presenter.load_sample("edges")  # one channel: groups 3 no longer divide
    assert presenter.params.groups == 1 and "Groups are back to 1" in presenter.filters_note
    assert presenter.trace.w.shape == (3, 1, 3, 3)


@pytest.mark.parametrize(
    "setup, change, words",
    [
        (None, lambda p: p.set_groups(2), "must divide the input's 3 channel(s)"),
        (None, lambda p: p.set_groups(3), "must divide the number of filters, 2"),
        (lambda p: p.set_padding_mode("reflect"), lambda p: p.set_padding(5), "Reflect padding 5"),
        (lambda p: p.set_padding(5), lambda p: p.set_padding_mode("reflect"), "Reflect padding 5"),
        (lambda p: p.set_padding_mode("circular"), lambda p: p.set_padding(6), "Circular padding 6"),
        (None, lambda p: p.set_output_padding(1), "belongs to the transposed convolution"),
        (lambda p: p.set_flip(True), lambda p: p.set_transposed(True), "switch the true convolution off"),
        (lambda p: p.set_padding_mode("replicate"), lambda p: p.set_transposed(True), "zeros only"),
        (lambda p: p.set_transposed(True), lambda p: p.set_output_padding(2), "smaller than the stride (2)"),
        (lambda p: p.set_transposed(True), lambda p: p.set_padding(6), "Use less padding"),
        (lambda p: p.set_transposed(True), lambda p: p.set_groups(3), "one group"),
        (None, lambda p: p.set_padding_mode("mirror"), "zeros, reflect, replicate or circular"),
    ],
)
def test_impossible_combinations_are_refused_in_words_and_change_nothing(presenter, setup, change, words):
    assert setup is None or setup(presenter)
    presenter.seek(3)
    before = _state(presenter)
    assert not change(presenter)
    assert words in presenter.refused[-1] and presenter.problem == presenter.refused[-1]
    assert _state(presenter) == before


def test_transposed_scatter_steps_accumulate_to_conv_transpose2d(presenter, qtbot):
    with qtbot.waitSignal(presenter.session_changed):
        assert presenter.set_transposed(True)
    assert "(C_in, C_out, KH, KW) = 3×2×3×3" in presenter.variant_note
    t = presenter.stage_trace
    assert isinstance(t, TransposedConvTrace) and presenter.step_index == 0
    assert presenter.num_steps == 3 * 5 * 5  # one step per input cell
    np.testing.assert_array_equal(presenter.weights, DEMO.w.transpose(1, 0, 2, 3))
    expected = conv_transpose2d(DEMO.x[None], presenter.weights, DEMO.b, stride=2, padding=1)[0]
    assert expected.shape == (2, 9, 9)
    np.testing.assert_allclose(t.output, expected, atol=1e-5)
    assert presenter.formulas()[0] == "(5 − 1)·2 − 2·1 + 1·(3 − 1) + 0 + 1 = 9"
    for k in (0, 7, 40, 74):
        presenter.seek(k)
        step = presenter.current
        c, r, q = t.position(k)
        assert (step.channel, step.row, step.col) == (c, r, q)
        np.testing.assert_allclose(step.contributions, DEMO.x[c, r, q] * presenter.weights[c])
        np.testing.assert_allclose(presenter.scatter_sums(), t.accumulated(k))
    np.testing.assert_allclose(presenter.scatter_sums() + DEMO.b[:, None, None], expected, atol=1e-5)
    # ReLU follows the transposed convolution's output; no backward stages
    assert presenter.available_stages() == ("conv", "relu", "pool")
    assert presenter.set_stage("relu")
    np.testing.assert_allclose(presenter.stage_trace.output, np.maximum(expected, 0), atol=1e-5)
    assert not presenter.set_stage("grad_w")
    assert "transposed" in presenter.backward_problem()
    assert not presenter.apply_update(0.1) and "transposed" in presenter.refused[-1]


def test_transposed_direct_picture_is_a_convolution_over_the_zero_inserted_input(presenter):
    assert presenter.set_transposed(True)
    presenter.seek(9)
    assert presenter.set_transposed_picture("direct")
    t = presenter.transposed_trace
    direct = presenter.stage_trace
    assert isinstance(direct, ConvTrace) and direct is presenter.trace
    assert direct.x.shape == (3, 11, 11) and len(direct) == 2 * 9 * 9
    np.testing.assert_array_equal(direct.x, t.zero_inserted())
    np.testing.assert_allclose(_steps_output(presenter), t.output, atol=1e-5)
    assert presenter.current.flipped and presenter.step_index == 0
    np.testing.assert_array_equal(presenter.input_x, DEMO.x)  # the session's own input
    assert presenter.input_cell_of(1, 1) == (0, 0) and presenter.input_cell_of(2, 1) is None
    rows, cols = presenter.inserted_cells()
    assert rows == cols == [1, 3, 5, 7, 9]
    presenter.seek(30)
    assert presenter.set_transposed_picture("scatter")  # each picture keeps its own step
    assert presenter.step_index == 9
    assert presenter.set_transposed_picture("direct") and presenter.step_index == 30
    assert not presenter.set_transposed_picture("sideways")


def test_output_padding_and_a_weight_edit_in_the_transposed_convolution(presenter):
    assert presenter.set_transposed(True) and presenter.set_output_padding(1)
    expected = conv_transpose2d(
        DEMO.x[None], DEMO.w.transpose(1, 0, 2, 3), DEMO.b, stride=2, padding=1, output_padding=1
    )[0]
    assert presenter.trace.out_shape == (2, 10, 10)
    np.testing.assert_allclose(presenter.transposed_trace.output, expected, atol=1e-5)
    assert presenter.formulas()[1].endswith("+ 1 + 1 = 10")
    # the filter panel edits output channel 1's kernel for input channel 2: PyTorch's w[2, 1]
    assert presenter.set_weight(1, 2, 0, 0, 7.0)
    assert presenter.weights[2, 1, 0, 0] == 7.0
    assert presenter.set_transposed(False)
    assert presenter.params.output_padding == 0 and presenter.num_steps == 18
    assert presenter.trace.w[1, 2, 0, 0] == 7.0 and "Ordinary convolution again" in presenter.variant_note


def test_scatter_hover_and_click_an_output(presenter):
    assert presenter.set_transposed(True)
    t = presenter.transposed_trace
    presenter.hover_input(2, 3, 1)
    assert presenter.hovered_outputs == t.feeds(2, 3)
    presenter.seek_scatter_output(4, 4)
    last = max((r, c) for r, c, _, _ in t.sources(4, 4))
    assert presenter.current.channel == 2 and (presenter.current.row, presenter.current.col) == last


def test_configure_takes_the_filters_as_pytorch_lays_them_out(presenter):
    w = np.arange(3 * 4 * 2 * 2, dtype=np.float32).reshape(3, 4, 2, 2) / 10  # (C_in, C_out, KH, KW)
    b = np.array([1, 0, -1, 2], np.float32)
    assert presenter.configure(DEMO.x, w, b, Params(2, 0, 1, transposed=True), "t")
    assert presenter.trace.num_filters == 4
    np.testing.assert_array_equal(presenter.weights, w)
    expected = conv_transpose2d(DEMO.x[None], w, b, stride=2)[0]
    np.testing.assert_allclose(presenter.transposed_trace.output, expected, atol=1e-5)
    g = np.ones((3, 1, 3, 3), np.float32)
    assert presenter.configure(DEMO.x, g, None, Params(1, 1, 1, groups=3, padding_mode="replicate"), "g")
    expected = conv2d(DEMO.x[None], g, None, padding=1, groups=3, padding_mode="replicate")[0]
    np.testing.assert_allclose(presenter.trace.output, expected, atol=1e-5)


def test_load_demo_restores_the_plain_convolution(presenter):
    assert presenter.set_transposed(True)
    assert presenter.load_demo()
    assert presenter.params == Params(2, 1, 1) and presenter.num_steps == 18
    assert presenter.transposed_trace is None and not presenter.shows_scatter
