"""Charts drawn as inline SVG: a report carries them in its own file and scripts nothing.

:class:`Plot` is a small x-y plot (axes, nice ticks, grid, lines, points with tooltips);
:func:`stacked_bars` and :func:`share_bars` draw the cost composition and the regional shares
against their bounds. Every point and bar carries a ``data-tip`` with its exact numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from matplotlib import ticker

from hinterland.solvers.outputs.html.markup import attributes, esc, number

#: Colours of series, in order (matplotlib's tab10).
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf")
BAD = "#c0392b"


def _ticks(low: float, high: float, count: int = 6) -> np.ndarray:
    if not math.isfinite(low) or not math.isfinite(high):
        return np.array([0.0, 1.0])
    if high - low < 1e-12 * max(1.0, abs(high)):
        pad = max(abs(high) * 0.05, 1.0)
        low, high = low - pad, high + pad
    return np.asarray(ticker.MaxNLocator(count).tick_values(low, high), dtype=float)


def tick_label(value: float) -> str:
    """A tick's text: thousands separated, no needless decimals."""
    if abs(value) < 1e-12:
        return "0"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.6g}"


@dataclass
class Plot:
    """An x-y plot in SVG: data ranges with nice ticks, then lines and points."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    x_label: str
    y_label: str
    #: (value, label) ticks for a categorical x axis; None for numbers.
    x_categories: Sequence[tuple[float, str]] | None = None
    width: float = 760.0
    height: float = 380.0
    left: float = 78.0
    right: float = 24.0
    top: float = 18.0
    bottom: float = 54.0
    items: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.x_ticks = (np.array([v for v, _ in self.x_categories])
                        if self.x_categories is not None else _ticks(*self.x_range))
        self.y_ticks = _ticks(*self.y_range)
        if self.x_categories is None:
            self.x_lo, self.x_hi = float(self.x_ticks[0]), float(self.x_ticks[-1])
        else:
            self.x_lo, self.x_hi = self.x_range[0] - 0.5, self.x_range[1] + 0.5
        self.y_lo, self.y_hi = float(self.y_ticks[0]), float(self.y_ticks[-1])

    def x(self, value: float) -> float:
        span = self.x_hi - self.x_lo or 1.0
        return self.left + (value - self.x_lo) / span * (self.width - self.left - self.right)

    def y(self, value: float) -> float:
        span = self.y_hi - self.y_lo or 1.0
        return self.height - self.bottom - (value - self.y_lo) / span * (
            self.height - self.top - self.bottom)

    def line(self, xs: Sequence[float], ys: Sequence[float], colour: str, *,
             dash: str = "", width: float = 2.0, tip: str = "") -> None:
        if len(xs) < 2:
            return
        points = " ".join(f"{self.x(a):.1f},{self.y(b):.1f}" for a, b in zip(xs, ys,
                                                                              strict=True))
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        title = f' data-tip="{esc(tip)}"' if tip else ""
        self.items.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                          f'stroke-width="{width}"{extra}{title}/>')

    def point(self, x: float, y: float, colour: str, tip: str, *, shape: str = "dot",
              size: float = 4.5, css: str = "point") -> None:
        """A dot, a ring (circle outline) or a cross at ``(x, y)``, with its tooltip."""
        cx, cy = self.x(x), self.y(y)
        common = f'class="{css}" data-tip="{esc(tip)}"'
        if shape == "cross":
            d = (f"M{cx - size:.1f} {cy - size:.1f}L{cx + size:.1f} {cy + size:.1f}"
                 f"M{cx - size:.1f} {cy + size:.1f}L{cx + size:.1f} {cy - size:.1f}")
            self.items.append(f'<path {common} d="{d}" stroke="{colour}" stroke-width="2.4"/>')
        elif shape == "ring":
            self.items.append(f'<circle {common} cx="{cx:.1f}" cy="{cy:.1f}" r="{size}" '
                              f'fill="none" stroke="{colour}" stroke-width="2.5"/>')
        else:
            self.items.append(f'<circle {common} cx="{cx:.1f}" cy="{cy:.1f}" r="{size}" '
                              f'fill="{colour}" stroke="#fff" stroke-width="1"/>')

    def bar(self, x: float, value: float, width: float, colour: str, tip: str, *,
            css: str = "bar") -> None:
        """A bar from the x axis (or 0, if the axis starts below) to ``value``, centred on
        ``x`` and ``width`` wide in the x axis' units."""
        base = self.y(max(self.y_lo, 0.0))
        top = self.y(value)
        left = self.x(x - width / 2)
        self.items.append(f'<rect class="{css}" x="{left:.1f}" y="{min(base, top):.1f}" '
                          f'width="{self.x(x + width / 2) - left:.1f}" '
                          f'height="{abs(base - top):.1f}" fill="{colour}" '
                          f'data-tip="{esc(tip)}"/>')

    def text(self, x: float, y: float, text: str, *, dx: float = 6, dy: float = -6,
             anchor: str = "start", colour: str = "#333") -> None:
        self.items.append(f'<text x="{self.x(x) + dx:.1f}" y="{self.y(y) + dy:.1f}" '
                          f'text-anchor="{anchor}" fill="{colour}" stroke="#fff" '
                          f'stroke-width="3" paint-order="stroke">{esc(text)}</text>')

    def svg(self, label: str, chart_id: str = "") -> str:
        """The plot with its axes, grid and labels."""
        bottom, left = self.height - self.bottom, self.left
        right = self.width - self.right
        grid, axis = [], []
        for t in self.y_ticks:
            y = self.y(float(t))
            grid.append(f'<line x1="{left:.1f}" x2="{right:.1f}" y1="{y:.1f}" y2="{y:.1f}"/>')
            axis.append(f'<text x="{left - 6:.1f}" y="{y + 4:.1f}" text-anchor="end">'
                        f"{esc(tick_label(float(t)))}</text>")
        labels = (self.x_categories if self.x_categories is not None
                  else [(float(t), tick_label(float(t))) for t in self.x_ticks])
        for value, text in labels:
            x = self.x(value)
            grid.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{self.top:.1f}" '
                        f'y2="{bottom:.1f}"/>')
            axis.append(f'<text x="{x:.1f}" y="{bottom + 17:.1f}" text-anchor="middle">'
                        f"{esc(text)}</text>")
        ident = f' id="{esc(chart_id)}"' if chart_id else ""
        middle = (self.top + bottom) / 2
        return (
            f'<svg class="chart"{ident} viewBox="0 0 {self.width:.0f} {self.height:.0f}" '
            f'width="{self.width:.0f}" role="img" aria-label="{esc(label)}">'
            f'<g class="grid">{"".join(grid)}</g>'
            f'<g class="axis"><line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}"/>'
            f'<line x1="{left}" x2="{left}" y1="{self.top}" y2="{bottom}"/>'
            f'{"".join(axis)}</g>'
            f'<text x="{(left + right) / 2:.1f}" y="{self.height - 8:.1f}" '
            f'text-anchor="middle" font-weight="600">{esc(self.x_label)}</text>'
            f'<text transform="translate(16 {middle:.1f}) rotate(-90)" text-anchor="middle" '
            f'font-weight="600">{esc(self.y_label)}</text>'
            f'{"".join(self.items)}</svg>')


def padded(values: Sequence[float], share: float = 0.06) -> tuple[float, float]:
    """The range of ``values`` grown by ``share`` of its span on each side."""
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if not finite:
        return 0.0, 1.0
    low, high = min(finite), max(finite)
    pad = (high - low) * share or max(abs(high) * share, 1.0)
    return low - pad, high + pad


def legend(entries: Sequence[tuple[str, str]]) -> str:
    """A line of coloured swatches naming the series of a chart."""
    spans = "".join(f'<span class="entry"><span class="swatch" style="background:{colour}">'
                    f"</span>{esc(name)}</span>" for name, colour in entries)
    return f'<div class="legend" style="display:flex;gap:16px;flex-wrap:wrap">{spans}</div>'


def stacked_bars(rows: Sequence[tuple[str, Sequence[tuple[str, float, str]]]], unit: str,
                 layers: Sequence[int] | None = None) -> str:
    """Horizontal bars, one per row, stacked from (name, value, colour) segments."""
    width, left, right, bar, gap = 760.0, 110.0, 90.0, 26.0, 14.0
    totals = [sum(max(v, 0.0) for _, v, _ in parts) for _, parts in rows]
    top = max([*totals, 1e-12])
    height = len(rows) * (bar + gap) + 30
    scale = (width - left - right) / top
    out = []
    for i, (name, parts) in enumerate(rows):
        y = 8 + i * (bar + gap)
        out.append(f'<text x="{left - 8}" y="{y + bar / 2 + 4:.1f}" text-anchor="end" '
                   f'font-weight="600">{esc(name)}</text>')
        x = left
        for part, value, colour in parts:
            w = max(value, 0.0) * scale
            share = value / totals[i] if totals[i] else 0.0
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{bar}" '
                       f'fill="{colour}" data-tip="{esc(name)}: {esc(part)} '
                       f'{esc(number(value, "money"))} {esc(unit)} '
                       f'({esc(number(share, "share"))})"/>')
            x += w
        out.append(f'<text x="{x + 6:.1f}" y="{y + bar / 2 + 4:.1f}">'
                   f'{esc(number(totals[i], "money"))}</text>')
    names = []
    for _, parts in rows[:1]:
        names = [(part, colour) for part, _, colour in parts]
    return (f'<div{attributes("", layers)}><svg class="chart" viewBox="0 0 {width:.0f} '
            f'{height:.0f}" width="{width:.0f}" role="img" aria-label="cost composition">'
            f'{"".join(out)}</svg>{legend(names)}</div>')


@dataclass(frozen=True)
class ShareBar:
    """A region's share of investment and its bounds (None where unbounded)."""

    name: str
    share: float
    low: float | None
    high: float | None
    target: float | None
    broken: bool


def share_bars(bars: Sequence[ShareBar], layers: Sequence[int] | None = None) -> str:
    """Each region's share of investment on a 0-100% scale, its allowed band shaded and its
    target marked: a bar outside the band is drawn red."""
    width, left, right, bar, gap = 760.0, 110.0, 70.0, 20.0, 12.0
    height = len(bars) * (bar + gap) + 34
    span = width - left - right
    out = []
    for t in range(0, 101, 20):
        x = left + span * t / 100
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="4" y2="{height - 24:.1f}" '
                   f'stroke="#e6e9ec"/><text x="{x:.1f}" y="{height - 8:.1f}" '
                   f'text-anchor="middle">{t}%</text>')
    for i, b in enumerate(bars):
        y = 8 + i * (bar + gap)
        low = 0.0 if b.low is None else b.low
        high = 1.0 if b.high is None else b.high
        out.append(f'<text x="{left - 8}" y="{y + bar / 2 + 4:.1f}" text-anchor="end" '
                   f'font-weight="600">{esc(b.name)}</text>')
        if b.low is not None or b.high is not None:
            out.append(f'<rect x="{left + span * low:.1f}" y="{y - 3:.1f}" '
                       f'width="{span * (high - low):.1f}" height="{bar + 6}" fill="#dff0e0" '
                       f'data-tip="{esc(b.name)}: allowed {esc(number(low, "share"))} to '
                       f'{esc(number(high, "share"))}"/>')
        colour = BAD if b.broken else "#4a7fb0"
        bounds = ", ".join(text for text in (
            f"min {number(b.low, 'share')}" if b.low is not None else "",
            f"max {number(b.high, 'share')}" if b.high is not None else "",
            f"target {number(b.target, 'share')}" if b.target is not None else "") if text)
        tip = f"{b.name}: {number(b.share, 'share')} of investment" + (
            f" ({bounds})" if bounds else "") + (" - outside its bounds" if b.broken else "")
        out.append(f'<rect class="share" x="{left}" y="{y:.1f}" width="{span * b.share:.1f}" '
                   f'height="{bar}" fill="{colour}" data-tip="{esc(tip)}"/>')
        out.append(f'<text x="{left + span * b.share + 6:.1f}" y="{y + bar / 2 + 4:.1f}">'
                   f'{esc(number(b.share, "share"))}</text>')
        if b.target is not None:
            x = left + span * b.target
            out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 4:.1f}" '
                       f'y2="{y + bar + 4:.1f}" stroke="#222" stroke-width="2.5" '
                       f'data-tip="{esc(b.name)}: target {esc(number(b.target, "share"))}"/>')
    key = legend([("share of investment", "#4a7fb0"), ("outside its bounds", BAD),
                  ("allowed band", "#dff0e0"), ("target (black tick)", "#222")])
    return (f'<div{attributes("", layers)}><svg class="chart" viewBox="0 0 {width:.0f} '
            f'{height:.0f}" width="{width:.0f}" role="img" aria-label="regional shares">'
            f'{"".join(out)}</svg>{key}</div>')


@dataclass(frozen=True)
class BudgetBar:
    """A period's investment added against its budget (None: the period has none)."""

    name: str
    added: float
    budget: float | None
    #: Whether the period's budget rule is broken (as the plan's evaluation says).
    broken: bool


def budget_bars(bars: Sequence[BudgetBar], unit: str) -> str:
    """Investment added in each period as a bar, its budget as a dashed line across it: a bar
    over its budget is drawn red."""
    top = max([*(b.added for b in bars), *(b.budget or 0.0 for b in bars), 1e-9])
    plot = Plot((0.0, float(len(bars) - 1)), (0.0, top * 1.12), "period",
                f"investment added ({unit})" if unit else "investment added",
                x_categories=[(float(i), b.name) for i, b in enumerate(bars)],
                width=min(760.0, 280.0 + 200.0 * len(bars)), height=280.0, right=96.0)
    for i, b in enumerate(bars):
        budget = (f"budget {number(b.budget, 'money')}" if b.budget is not None
                  else "no budget for the period")
        tip = (f"{b.name}: investment added {number(b.added, 'money')} {unit}".rstrip()
               + f"; {budget}" + (" - over its budget" if b.broken else ""))
        plot.bar(float(i), b.added, 0.4, BAD if b.broken else "#4a7fb0", tip)
        plot.text(float(i), b.added, number(b.added, "money"), dx=0, anchor="middle")
        if b.budget is not None:
            plot.line([i - 0.3, i + 0.3], [b.budget, b.budget], "#222", dash="6 3",
                      width=2.0, tip=f"{b.name}: {budget}")
            if len(bars) <= 4:  # room beside the line for its figure
                plot.text(i + 0.3, b.budget, budget, dx=4, dy=4)
    key = legend([("investment added", "#4a7fb0"), ("over its budget", BAD),
                  ("the period's budget (dashed)", "#222")])
    return f"{plot.svg('investment added per period', 'chart-budget')}{key}"
