"""Predict, then reveal: the current step's result stays hidden until the lecturer shows it.

With :attr:`PredictReveal.predict_mode` on, every step (and every tap of a
tap walk, see :mod:`cnnviz.presenters.taps`) starts with its result hidden;
the products and the inputs stay visible, so the class can work the answer
out first. :meth:`PredictReveal.reveal` shows it. A step is revealed once:
moving on hides the next one, coming back hides it again.

- Keys (the main window): **R** turns the mode on and off; **Return**
  reveals; **→** (and Page Down, a presentation clicker's "next") reveals
  first when the result is hidden, and steps on the next time.
- Playback holds at each hidden result and goes on a full interval after
  it is revealed.

Views never decide what is hidden: they ask :attr:`value_hidden` (the
arithmetic's results) and :attr:`output_pending` (the output cell), and write
"?" with :func:`hidden_result`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot

from cnnviz.core.formatting import split_equation

#: what a hidden number is written as
HIDDEN = "?"


def hidden_result(text: str) -> str:
    """``"1*0 + 0*1 ≈ 0.333"`` → ``"1*0 + 0*1 = ?"``: the result hidden, its sign
    too (an ``≈`` would give away that the answer is not a round number)."""
    try:
        lhs, _, _ = split_equation(text)
    except ValueError:
        return HIDDEN
    return f"{lhs} = {HIDDEN}"


class PredictReveal:
    """The predict-then-reveal state of a :class:`~cnnviz.presenters.StageSession`.

    A mixin: the session supplies ``stage``, ``step_index``, ``tap``,
    ``is_playing`` and ``_timer``.

    Signals
    -------
    predict_mode_changed(bool) : the mode was turned on or off
    revealed_changed(bool) : the current result was revealed (True) or hidden again (False)
    """

    predict_mode_changed = Signal(bool)
    revealed_changed = Signal(bool)

    _predict: bool = False
    _revealed_at: tuple[Any, ...] | None = None

    # -- state (read by views) ---------------------------------------------------
    @property
    def predict_mode(self) -> bool:
        return self._predict

    @property
    def revealed(self) -> bool:
        """Whether the current result is shown: always outside predict mode."""
        return not self._predict or self._revealed_at == self._reveal_key()

    @property
    def value_hidden(self) -> bool:
        """Whether the current result (a step's value, sums and total, or a tap's
        running sum) is written as "?"."""
        return not self.revealed

    @property
    def output_pending(self) -> bool:
        """Whether the current output cell is still unknown to the class: hidden,
        or a tap walk has not reached the bias yet."""
        tap, n = self.tap, self.num_taps  # type: ignore[attr-defined]
        return self.value_hidden or (tap >= 0 and tap < n - 1)

    def _ask_again(self) -> None:
        """Forget what was revealed (the session moved): the result shown next is hidden."""
        self._revealed_at = None

    def _reveal_key(self) -> tuple[Any, ...]:
        return (self.stage, self.step_index, self.tap)  # type: ignore[attr-defined]

    # -- intent ----------------------------------------------------------------------
    @Slot(bool)
    def set_predict_mode(self, on: bool) -> None:
        """Turn predict-then-reveal on (the current result is hidden at once) or off."""
        on = bool(on)
        if on == self._predict:
            return
        self._predict = on
        self._revealed_at = None
        self.predict_mode_changed.emit(on)
        self.revealed_changed.emit(not on)

    @Slot()
    def toggle_predict_mode(self) -> None:
        self.set_predict_mode(not self._predict)

    @Slot()
    def reveal(self) -> bool:
        """Show the current result; False when nothing was hidden."""
        if not self.value_hidden:
            return False
        self._revealed_at = self._reveal_key()
        if self.is_playing:  # type: ignore[attr-defined]
            self._timer.start()  # type: ignore[attr-defined]  # a full interval to read it
        self.revealed_changed.emit(True)
        return True
