"""The words of the convolution variants: why a combination is refused, and what
a change of variant did to the filters. A mixin of
:class:`~cnnviz.presenters.variants.VariantSession` (``self.tr`` is the session's)."""

from __future__ import annotations

from typing import Any

from cnnviz.core.padding import PADDING_MODES

from .variant_banks import group_of

LISTED_FILTERS = 6  # a note names this many filters' channels, then "…"


def _span(channels: range) -> str:
    return str(channels.start) if len(channels) == 1 else f"{channels.start}–{channels.stop - 1}"


def _shape(shape: tuple[int, ...]) -> str:
    return "×".join(str(n) for n in shape)


class VariantText:
    """Explanations in the interface's language; numbers come from the session."""

    def _explain_variant(self, x_shape: tuple[int, ...], w_shape: tuple[int, ...], p: Any) -> str:
        """A translated sentence for a setting that cannot be computed ('' when it can).

        ``x_shape`` (C, H, W); ``w_shape`` the session's bank (F, C/groups, KH, KW).
        """
        if len(x_shape) != 3:
            return self.tr("The input must be a (channels, height, width) array.")
        if len(w_shape) != 4:
            return self.tr("The filters must be a (filters, channels, height, width) array.")
        c, h, wd = x_shape
        f, per, kh, kw = w_shape
        if p.padding_mode not in PADDING_MODES:
            return self.tr("The padding mode must be zeros, reflect, replicate or circular.")
        if p.groups < 1:
            return self.tr("Groups must be at least 1.")
        if p.output_padding < 0:
            return self.tr("The output padding cannot be negative.")
        if p.transposed:
            return self._explain_transposed((h, wd), (kh, kw), p)
        if p.output_padding:
            return self.tr(
                "Output padding belongs to the transposed convolution: set it to 0, "
                "or switch the transposed convolution on."
            )
        problem = self._explain((h, wd), (kh, kw), p)  # the session's own checks
        if problem:
            return problem
        problem = self._explain_groups(p.groups, c, f, p)
        if problem:
            return problem
        if per * p.groups != c:
            return self.tr(
                "The filters have {0} channel(s) each, but {1} channel(s) in {2} group(s) need {3}."
            ).format(per, c, p.groups, c // p.groups)
        n = min(h, wd)
        if p.padding_mode == "reflect" and p.padding >= n:
            return self.tr(
                "Reflect padding {0} needs an input of more than {0} cells each way; this one is {1}×{2}. "
                "Use padding {3} or less, or another padding mode."
            ).format(p.padding, h, wd, n - 1)
        if p.padding_mode == "circular" and p.padding > n:
            return self.tr(
                "Circular padding {0} would wrap around this {1}×{2} input more than once. "
                "Use padding {3} or less, or another padding mode."
            ).format(p.padding, h, wd, n)
        return ""

    def _explain_groups(self, g: int, c: int, f: int, p: Any) -> str:
        if g < 1:
            return self.tr("Groups must be at least 1.")
        if c % g:
            options = ", ".join(str(d) for d in range(1, c + 1) if c % d == 0)
            text = self.tr("Groups {0} must divide the input's {1} channel(s): use {2}.")
            return text.format(g, c, options)
        if f % g:
            return self.tr(
                "Groups {0} must divide the number of filters, {1}: "
                "set {2} filters (a multiple of {0}) first."
            ).format(g, f, g * max(1, -(-f // g)))
        return ""

    def _explain_transposed(self, in_size: tuple[int, int], kernel: tuple[int, int], p: Any) -> str:
        if p.groups != 1:
            return self.tr("The transposed convolution is shown with one group: set groups to 1 first.")
        if p.padding_mode != "zeros":
            return self.tr(
                "The transposed convolution pads with zeros only (as PyTorch's ConvTranspose2d): "
                "choose the zeros padding mode first."
            )
        if p.flip:
            return self.tr(
                "The transposed convolution's direct picture already flips the kernel: "
                "switch the true convolution off first."
            )
        if p.stride < 1:
            return self.tr("The stride must be at least 1.")
        if p.dilation < 1:
            return self.tr("The dilation must be at least 1.")
        if p.padding < 0:
            return self.tr("The padding cannot be negative.")
        if p.output_padding >= p.stride and p.output_padding >= p.dilation:
            return self.tr(
                "Output padding {0} must be smaller than the stride ({1}) or the dilation ({2}): it only "
                "chooses among output sizes that the stride maps back to the same input size."
            ).format(p.output_padding, p.stride, p.dilation)
        for axis, label in ((0, self.tr("tall")), (1, self.tr("wide"))):
            made = (in_size[axis] - 1) * p.stride + p.dilation * (kernel[axis] - 1) + p.output_padding + 1
            if made - 2 * p.padding < 1:
                return self.tr(
                    "Impossible setting: the transposed convolution makes {0} cells {1}, and padding {2} "
                    "crops 2 × {2} of them, leaving {3}. Use less padding."
                ).format(made, label, p.padding, made - 2 * p.padding)
        return ""

    def _groups_note(self, g: int, c: int, f: int, restored: bool) -> str:
        if g == 1:
            if restored:
                return self.tr(
                    "Groups 1: every filter sees all {0} channels again, with the weights put aside."
                ).format(c)
            return self.tr(
                "Groups 1: every filter sees all {0} channels; those outside its old group are 0, "
                "so the output is the same."
            ).format(c)
        per = c // g
        listed = []
        for i in range(f):
            first = group_of(i, f, g) * per
            listed.append(f"w{i} → {_span(range(first, first + per))}")
        shown = ", ".join(listed[:LISTED_FILTERS]) + (", …" if f > LISTED_FILTERS else "")
        aside = self.tr("The weights for the other channels are put aside until groups is 1 again.")
        if g == c:
            head = self.tr("Depthwise (groups = channels = {0}): each filter sees one channel ({1}).")
            return head.format(c, shown) + " " + aside
        head = self.tr("Groups {0}: each filter sees {1} of the {2} channels ({3}).")
        return head.format(g, per, c, shown) + " " + aside

    def _transposed_note(self, on: bool, shape: tuple[int, ...]) -> str:
        if on:
            return self.tr(
                "Transposed convolution: the same filters, read as PyTorch's conv_transpose2d reads them, "
                "(C_in, C_out, KH, KW) = {0}; filter w0 gives output channel 0, w1 channel 1, and so on."
            ).format(_shape(shape))
        return self.tr(
            "Ordinary convolution again: the filters are (F, C, KH, KW) = {0}; "
            "output channel 0 comes from filter w0 again, and so on."
        ).format(_shape(shape))
