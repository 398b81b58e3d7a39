"""The report's interactive map: inline SVG drawn from the instance's own site shapes.

Nothing is fetched: there are no tiles, only the outlines of
:mod:`hinterland.solvers.outputs.html.shapes`.

Every site is one ``<path class="site" data-site="...">``. A map shows several layers (today
and the optimum, say): each path carries its fill, whether it is developed, and its tooltip
for every layer (``data-fill-<k>``, ``data-dev-<k>``, ``data-tip-<k>``) and the page's script
switches between them; the markers, one per hosted item, are a group per layer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from matplotlib import colors, ticker

from hinterland.solvers.outputs import maps
from hinterland.solvers.outputs.html.markup import attributes, esc
from hinterland.solvers.outputs.html.shapes import SiteShapes

#: Colour of the markers of each task; other tasks are grey.
TASK_COLOURS = {"reserve": "#1f77b4", "backup": "#8e44ad", "integration": "#2e9d3a"}
OTHER_TASK = "#666666"
#: Markers are larger on maps of at most this many sites (provinces, not prefectures).
FEW_SITES = maps.MAX_LABELLED_SITES


@dataclass(frozen=True)
class ColourScale:
    """Values to colours, and the legend that explains them."""

    title: str
    norm: colors.Normalize
    cmap: colors.Colormap = field(default_factory=lambda: maps.CMAP)
    #: Whether the values are counts (whole-number ticks).
    integer: bool = False

    @classmethod
    def investment(cls, values: np.ndarray, unit: str) -> ColourScale:
        """The scale of :func:`hinterland.solvers.outputs.maps.draw_comparison` (log when values
        span widely)."""
        title = f"Investment per site ({unit})" if unit else "Investment per site"
        return cls(title, maps.colour_norm(np.asarray(values, dtype=float)))

    def colour(self, value: float) -> str:
        low = self.norm.vmin if isinstance(self.norm, colors.LogNorm) else -math.inf
        return colors.to_hex(self.cmap(self.norm(max(float(value), low))))

    def legend(self, layers: Sequence[int] | None = None) -> str:
        """A colour bar with ticks, as a small SVG."""
        width, left = 236.0, 16.0
        steps = 64
        stops = np.linspace(0, 1, steps)
        rects = "".join(
            f'<rect x="{left + i * width / steps:.2f}" y="18" width="{width / steps + 0.4:.2f}"'
            f' height="12" fill="{colors.to_hex(self.cmap(s))}"/>' for i, s in enumerate(stops))
        vmin, vmax = float(self.norm.vmin), float(self.norm.vmax)
        if isinstance(self.norm, colors.LogNorm):
            ticks = ticker.LogLocator(subs=(1.0, 2.0, 5.0)).tick_values(vmin, vmax)
        else:
            ticks = ticker.MaxNLocator(5, integer=self.integer).tick_values(vmin, vmax)
        marks = []
        last = -math.inf
        for t in ticks:
            if not vmin - 1e-9 * abs(vmax) <= t <= vmax * (1 + 1e-9):
                continue
            x = left + float(self.norm(t)) * width
            if x - last < 46:  # labels would touch: keep the earlier one
                continue
            last = x
            marks.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="30" y2="34" stroke="#555"/>'
                         f'<text x="{x:.1f}" y="45" text-anchor="middle">{esc(f"{t:,g}")}'
                         "</text>")
        return (f'<div{attributes("scale", layers)}><svg class="chart" viewBox="0 0 280 50" '
                f'width="280" height="50" role="img" aria-label="{esc(self.title)}">'
                f'<text x="{left}" y="12">{esc(self.title)}</text>{rects}{"".join(marks)}'
                "</svg></div>")


@dataclass(frozen=True)
class Marker:
    """One item at one site: its colour (by task) and its tooltip."""

    site_id: str
    colour: str
    tip: str


@dataclass(frozen=True)
class MapLayer:
    """What one layer shows: fills, developed sites, tooltips, markers, the legend."""

    name: str
    fills: Mapping[str, str]
    developed: frozenset[str]
    tips: Mapping[str, str]
    markers: Sequence[Marker]
    legend: str = ""


def render(shapes: SiteShapes, layers: Sequence[MapLayer], *, label: str) -> str:
    """The map as inline SVG, the first layer showing."""
    parts = [f'<svg class="map" id="map" viewBox="0 0 {shapes.width:.0f} {shapes.height:.0f}" '
             f'role="img" aria-label="{esc(label)}">',
             '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
             'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" '
             f'stroke="{maps.HATCH_COLOUR}" stroke-width="1.1"/></pattern></defs>']
    if shapes.inset is not None:
        x, y, w, h = shapes.inset
        parts.append(f'<g class="inset"><rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" '
                     f'height="{h:.1f}"/><text x="{x + w / 2:.1f}" y="{y - 4:.1f}" '
                     'text-anchor="middle" font-size="11" fill="#444">outlying islands'
                     "</text></g>")
    parts.append('<g class="sites">')
    for site, data in shapes.paths.items():
        base = (maps.NO_INVESTMENT if shapes.hinterland.get(site, True)
                else maps.OUTSIDE_FILL)
        fills = [layer.fills.get(site, base) for layer in layers]
        attrs = [f'data-site="{esc(site)}"', f'fill="{fills[0]}"']
        developed = [site in layer.developed for layer in layers]
        for k, layer in enumerate(layers):
            attrs.append(f'data-fill-{k}="{fills[k]}"')
            if developed[k]:
                attrs.append(f'data-dev-{k}=""')
            tip = layer.tips.get(site)
            if tip:
                attrs.append(f'data-tip-{k}="{esc(tip)}"')
        klass = "site developed" if developed and developed[0] else "site"
        parts.append(f'<path class="{klass}" {" ".join(attrs)} fill-rule="evenodd" '
                     f'd="{data}"/>')
    parts.append("</g>")
    outside = [s for s in shapes.paths if not shapes.hinterland.get(s, True)]
    if outside:
        parts.append('<g class="hatches">' + "".join(
            f'<path d="{shapes.paths[s]}" fill="url(#hatch)" fill-rule="evenodd"/>'
            for s in outside) + "</g>")
    if shapes.borders:
        parts.append(f'<path class="borders" d="{shapes.borders}"/>')
    if shapes.inset_outline:
        parts.append(f'<path class="borders" d="{shapes.inset_outline}" stroke-width="0.5"/>')
    for k, layer in enumerate(layers):
        parts.append(_markers(shapes, layer, k))
    parts.append(_labels(shapes))
    parts.append(_centres(shapes))
    parts.append("</svg>")
    return "".join(parts)


def _markers(shapes: SiteShapes, layer: MapLayer, k: int) -> str:
    """One dot per item hosted at each site, in a small grid on the site's anchor."""
    radius = 4.2 if len(shapes.paths) <= FEW_SITES else 2.6
    by_site: dict[str, list[Marker]] = {}
    for marker in layer.markers:
        if marker.site_id in shapes.anchors:
            by_site.setdefault(marker.site_id, []).append(marker)
    out = [f"<g{attributes('markers', [k])}>"]
    for site, markers in by_site.items():
        x, y = shapes.anchors[site]
        columns = min(len(markers), max(1, math.ceil(math.sqrt(len(markers)))))
        rows = math.ceil(len(markers) / columns)
        step = 2.3 * radius
        for i, marker in enumerate(markers):
            row, column = divmod(i, columns)
            cx = x + (column - (columns - 1) / 2) * step
            cy = y + (row - (rows - 1) / 2) * step
            out.append(f'<circle class="marker" cx="{cx:.1f}" cy="{cy:.1f}" r="{radius}" '
                       f'fill="{marker.colour}" stroke="#fff" stroke-width="0.8" '
                       f'data-tip="{esc(marker.tip)}"/>')
    out.append("</g>")
    return "".join(out)


def _labels(shapes: SiteShapes) -> str:
    """The names of the sites drawn as dots (an instance without polygons is small)."""
    if not shapes.labels:
        return ""
    return ('<g class="labels" pointer-events="none">' + "".join(
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="13" fill="#333" stroke="#fff" '
        f'stroke-width="3" paint-order="stroke">{esc(name)}</text>'
        for name, x, y in shapes.labels.values()) + "</g>")


def _centres(shapes: SiteShapes) -> str:
    """A star at every centre, with its id."""
    out = ['<g class="centres">']
    for centre, name, x, y in shapes.centres:
        points = []
        for i in range(10):
            r = 8.0 if i % 2 == 0 else 3.4
            angle = math.pi / 2 + i * math.pi / 5
            points.append(f"{x + r * math.cos(angle):.1f},{y - r * math.sin(angle):.1f}")
        out.append(f'<polygon points="{" ".join(points)}" fill="{maps.CENTRE_COLOUR}" '
                   f'stroke="#fff" stroke-width="1" data-tip="centre {esc(centre)}: '
                   f'{esc(name)}"/><text x="{x + 10:.1f}" y="{y + 4:.1f}" font-size="12" '
                   f'font-weight="700" fill="{maps.CENTRE_COLOUR}" stroke="#fff" '
                   f'stroke-width="3" paint-order="stroke">{esc(centre)}</text>')
    out.append("</g>")
    return "".join(out)


def task_colour(task: str) -> str:
    return TASK_COLOURS.get(str(task), OTHER_TASK)


def base_legend(shapes: SiteShapes, tasks: Sequence[str]) -> str:
    """Swatches for what every layer shares: idle, outside, developed, items, centres."""
    entries = [(f'<span class="swatch" style="background:{maps.NO_INVESTMENT}"></span>',
                "hinterland site, nothing placed")]
    if not all(shapes.hinterland.get(s, True) for s in shapes.paths):
        entries.append(('<svg width="16" height="12"><rect width="16" height="12" '
                        f'fill="{maps.OUTSIDE_FILL}"/><rect width="16" height="12" '
                        'fill="url(#hatch)"/></svg>', "outside the hinterland (hatched)"))
    entries.append(('<span class="swatch" style="background:#f4a259;border:2px solid #333">'
                    "</span>", "developed site (outlined)"))
    for task in tasks:
        entries.append((f'<svg width="16" height="12"><circle cx="8" cy="6" r="5" '
                        f'fill="{task_colour(task)}"/></svg>', f"one item of task {task}"))
    if shapes.borders:
        entries.append(('<svg width="16" height="12"><line x1="0" y1="6" x2="16" y2="6" '
                        'stroke="#555" stroke-width="1.2"/></svg>', "province border"))
    if shapes.centres:
        entries.append((f'<svg width="16" height="14"><polygon points="8,0 10,5 15,5 11,8 '
                        f'13,14 8,10 3,14 5,8 1,5 6,5" fill="{maps.CENTRE_COLOUR}"/></svg>',
                        "centre served (centre_id)"))
    rows = "".join(f'<div class="entry">{icon}<span>{esc(text)}</span></div>'
                   for icon, text in entries)
    missing = ""
    if shapes.missing:
        missing = (f'<p class="note">{len(shapes.missing)} site(s) without coordinates not '
                   "drawn.</p>")
    return rows + missing
