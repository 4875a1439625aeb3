"""One multiply-add at a time: a walk over the taps of the current convolution window.

A convolution step multiplies every tap of its window by its weight and adds
them up, channel by channel, then adds the bias. :class:`TapWalk` gives the
session a finer position, :attr:`TapWalk.tap`: ``-1`` shows the whole step
(the usual view), ``0 .. C'·KH·KW - 1`` the multiply-add of one tap (its
channel, row and column in :attr:`TapWalk.tap_position`), and the last,
``C'·KH·KW``, the bias added to the channel sums. The running sum each
writes comes from :func:`cnnviz.core.formatting.format_running_sum`.

The walk runs on across steps: after the bias comes the next step's first
tap (Shift+→), and back before the first tap the previous step's bias
(Shift+←); moving by whole steps (→, a click, playback) leaves the walk.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot

from cnnviz.core.formatting import format_running_sum, running_taps

#: the stages whose steps have taps to walk
TAP_STAGES = ("conv",)


class TapWalk:
    """The tap walk of a :class:`~cnnviz.presenters.StageSession` (a mixin: the
    session supplies ``stage``, ``current``, ``step_index``, ``num_steps``,
    ``seek``, ``value_hidden`` and ``reveal``).

    Signals
    -------
    tap_changed(int) : the tap shown changed within the current step (-1: the whole step);
        a move to another step emits ``step_changed`` and then this
    """

    tap_changed = Signal(int)

    _tap: int = -1

    # -- state (read by views) ------------------------------------------------------
    @property
    def tap(self) -> int:
        """The multiply-add shown: -1 for the whole step, else ``0 .. num_taps - 1``."""
        return self._tap

    @property
    def num_taps(self) -> int:
        """Multiply-adds in the current step, the bias included (0 where there is no window)."""
        if self.stage not in TAP_STAGES:  # type: ignore[attr-defined]
            return 0
        step = self.current  # type: ignore[attr-defined]
        if not all(hasattr(step, a) for a in ("window", "products", "channel_sums")):
            return 0  # e.g. a transposed convolution's scatter step: no window to walk
        return running_taps(step)

    @property
    def tap_position(self) -> tuple[int, int, int] | None:
        """``(channel, row, col)`` of the current tap in the window (``channel``
        indexes the step's ``window``); None for the whole step or the bias."""
        if self._tap < 0 or self._tap >= self.num_taps - 1:
            return None
        _, kh, kw = self.current.weights.shape  # type: ignore[attr-defined]
        channel, rest = divmod(self._tap, kh * kw)
        return (channel, *divmod(rest, kw))

    def running_sum_text(self, tap: int | None = None, bias_label: str | None = None) -> str:
        """What multiply-add ``tap`` (default: the current one) writes: ``"+ 1*0 = 0"``."""
        t = self._tap if tap is None else int(tap)
        return format_running_sum(self.current, t, bias_label=bias_label)  # type: ignore[attr-defined]

    # -- intent ------------------------------------------------------------------------
    @Slot(int)
    def set_tap(self, tap: int) -> None:
        """Show multiply-add ``tap`` of the current step (-1: the whole step); clamped."""
        n = self.num_taps
        t = -1 if n == 0 else min(max(int(tap), -1), n - 1)
        if t != self._tap:
            self._tap = t
            self._ask_again()  # type: ignore[attr-defined]
            self.tap_changed.emit(t)

    def seek_tap(self, k: int, tap: int) -> None:
        """Go to step ``k`` and show its multiply-add ``tap`` (for exporting frames)."""
        self.seek(k)  # type: ignore[attr-defined]
        self.set_tap(tap)

    @Slot()
    def tap_forward(self) -> None:
        """The next multiply-add (reveals first when predict mode hides the current one)."""
        n = self.num_taps
        if n == 0 or (self.value_hidden and self.reveal()):  # type: ignore[attr-defined]
            return
        if self._tap < n - 1:
            self.set_tap(self._tap + 1)
        elif self.step_index < self.num_steps - 1:  # type: ignore[attr-defined]
            self.seek_tap(self.step_index + 1, 0)  # type: ignore[attr-defined]
        else:
            self.set_tap(-1)  # the walk is over: the last step, whole

    @Slot()
    def tap_back(self) -> None:
        """The previous multiply-add; from the whole step, its bias."""
        n = self.num_taps
        if n == 0:
            return
        if self._tap == -1:
            self.set_tap(n - 1)
        elif self._tap > 0:
            self.set_tap(self._tap - 1)
        elif self.step_index > 0:  # type: ignore[attr-defined]
            self.seek_tap(self.step_index - 1, n - 1)  # type: ignore[attr-defined]
        else:
            self.set_tap(-1)

    def _leave_tap_walk(self) -> None:
        """Back to whole steps, quietly (the caller emits ``step_changed``)."""
        self._tap = -1
