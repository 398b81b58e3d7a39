"""HTML building blocks of a report: escaping, numbers, cards, sortable tables, the page.

Every piece of text that comes from an instance or a results folder (site names, messages,
ids) passes through :func:`esc` before it is put into markup, attribute values included, so a
name like ``<b>"A" & B</b>`` shows as written and never becomes markup.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from hinterland.model import Instance
from hinterland.solvers.outputs.html.assets import CSS, JS


def esc(text: object) -> str:
    """``text`` as HTML text or attribute value (quotes escaped too)."""
    return html.escape(str(text), quote=True)


def is_missing(value: object) -> bool:
    """Whether ``value`` is no number at all (None, NaN, pandas' NA)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def number(value: object, kind: str = "number") -> str:
    """A number as people read it; ``-`` for a missing one.

    ``kind``: ``money`` (two decimals, thousands separated), ``share`` (a fraction shown in
    percent), ``count`` and ``km`` (whole numbers), ``number`` (up to three decimals, trailing
    zeros dropped), ``exact`` (the shortest text that reads back as the same float).
    """
    if is_missing(value):
        return "-"
    v = float(value)  # type: ignore[arg-type]
    if not math.isfinite(v):
        return "unbounded" if v > 0 else "-unbounded"
    if abs(v) < 5e-10:
        v = 0.0
    if kind == "money":
        return f"{v:,.2f}"
    if kind == "share":
        return f"{100 * v:.1f}%"
    if kind in ("count", "km"):
        return f"{v:,.0f}"
    if kind == "exact":
        return repr(v)
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:,.3f}".rstrip("0").rstrip(".")


def raw(value: object) -> str:
    """The machine-readable value of a number for ``data-v`` attributes ('' when missing)."""
    if is_missing(value):
        return ""
    v = float(value)  # type: ignore[arg-type]
    return repr(v) if math.isfinite(v) else ("Infinity" if v > 0 else "-Infinity")


def attributes(classes: str = "", layers: Iterable[int] | None = None) -> str:
    """`` class="..." data-layers="0 2"`` for an element, bound to layers when given.

    ``layers=None``: shown whatever the layer. Otherwise the element is shown when the layer
    shown is among ``layers``; one not in layer 0 starts hidden (class ``off``), so that the
    page reads right before, or without, the script.
    """
    names = classes.split()
    bound = ""
    if layers is not None:
        indexes = sorted(set(layers))
        bound = f' data-layers="{" ".join(str(i) for i in indexes)}"'
        if 0 not in indexes:
            names.append("off")
    klass = f' class="{" ".join(names)}"' if names else ""
    return klass + bound


@dataclass(frozen=True)
class Card:
    """One headline figure: what it is, its value as shown, the exact value and a detail."""

    key: str
    label: str
    shown: str
    value: object = None
    detail: str = ""
    tone: str = ""


def cards(items: Sequence[Card], layers: Iterable[int] | None = None) -> str:
    """A grid of headline figures; each value carries its exact number in ``data-value``."""
    parts = [f"<div{attributes('cards', layers)}>"]
    for card in items:
        tone = f" {card.tone}" if card.tone else ""
        exact = f' data-value="{esc(raw(card.value))}"' if not is_missing(card.value) else ""
        detail = f'<div class="detail">{esc(card.detail)}</div>' if card.detail else ""
        parts.append(f'<div class="card{tone}" data-key="{esc(card.key)}">'
                     f'<div class="label">{esc(card.label)}</div>'
                     f'<div class="value"{exact}>{esc(card.shown)}</div>{detail}</div>')
    parts.append("</div>")
    return "".join(parts)


@dataclass(frozen=True)
class Column:
    """A table column: its key in the frame, header, kind of number (or ``text``), tooltip."""

    key: str
    title: str
    kind: str = "text"
    tip: str = ""

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


#: A function marking a cell: (row, column key) -> whether the cell is bad.
CellMark = Callable[[pd.Series, str], bool]


def table(frame: pd.DataFrame, columns: Sequence[Column], *, caption: str = "",
          table_id: str = "", layers: Iterable[int] | None = None,
          bad_row: Callable[[pd.Series], bool] | None = None,
          bad_cell: CellMark | None = None, empty: str = "nothing to show") -> str:
    """A sortable table of ``frame``'s ``columns``; numbers keep their exact value in ``data-v``.

    A table without rows says ``empty`` instead, so that a reader knows nothing is missing.
    """
    box = f"<div{attributes('tablebox', layers)}>"
    ident = f' id="{esc(table_id)}"' if table_id else ""
    if frame.empty:
        title = f"<strong>{esc(caption)}</strong>: " if caption else ""
        return f'{box}<p class="note"{ident}>{title}{esc(empty)}</p></div>'
    head = "".join(_header(c) for c in columns)
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for c in columns:
            value = row.get(c.key)
            mark = bool(bad_cell and bad_cell(row, c.key))
            classes = " ".join(n for n, on in (("num", c.numeric), ("bad", mark)) if on)
            klass = f' class="{classes}"' if classes else ""
            if c.numeric:
                cells.append(f'<td{klass} data-v="{esc(raw(value))}">'
                             f"{esc(number(value, c.kind))}</td>")
            else:
                text = "" if is_missing(value) else str(value)
                cells.append(f"<td{klass}>{esc(text)}</td>")
        row_class = ' class="bad"' if bad_row and bad_row(row) else ""
        rows.append(f"<tr{row_class}>{''.join(cells)}</tr>")
    title = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (f'{box}<table class="sortable"{ident}>{title}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def frame_columns(frame: pd.DataFrame) -> list[Column]:
    """A column for each of ``frame``'s, numbers as numbers; a ``gap`` or ``share`` in percent."""
    columns = []
    for name in frame.columns:
        numeric = pd.api.types.is_numeric_dtype(frame[name]) and \
            not pd.api.types.is_bool_dtype(frame[name])
        kind = "share" if name in ("gap", "share") else ("number" if numeric else "text")
        columns.append(Column(str(name), str(name).replace("_", " "), kind))
    return columns


def _header(column: Column) -> str:
    """A header cell whose button sorts the table (numbers by value, text by text)."""
    klass = ' class="num"' if column.numeric else ""
    tip = f' title="{esc(column.tip)}"' if column.tip else ""
    return (f'<th scope="col" aria-sort="none"{klass}{tip}><button type="button">'
            f"{esc(column.title)}</button></th>")


def section(anchor: str, title: str, body: str, note: str = "") -> str:
    """A titled part of the page, reachable as ``#anchor`` from the navigation bar."""
    text = f'<p class="note">{esc(note)}</p>' if note else ""
    return f'<section id="{esc(anchor)}"><h2>{esc(title)}</h2>{text}{body}</section>'


def units_line(instance: Instance) -> str:
    """The footer's word on units: the instance's own, or that it defines them."""
    return f"Units: {instance.settings.units or 'as the instance defines them'}."


def paragraph(text: str, layers: Iterable[int] | None = None) -> str:
    return f"<p{attributes('note', layers)}>{esc(text)}</p>"


def bullet_list(lines: Iterable[str]) -> str:
    items = "".join(f"<li>{esc(line)}</li>" for line in lines)
    return f"<ul>{items}</ul>" if items else ""


@dataclass(frozen=True)
class Page:
    """A whole report: title, subtitle, layer names for the switch, sections, footer lines.

    Each section is ``(anchor, title, body)``: rendered as a :func:`section`, with a link of
    the navigation bar to it.
    """

    title: str
    subtitle: str
    sections: Sequence[tuple[str, str, str]]  # (anchor, title, body markup)
    layers: Sequence[str] = ()
    footer: Sequence[str] = ()

    def render(self) -> str:
        """The complete, self-contained HTML document."""
        links = "".join(f'<a href="#{esc(anchor)}">{esc(label)}</a>'
                        for anchor, label, _ in self.sections)
        switch = ""
        if len(self.layers) > 1:
            buttons = "".join(
                f'<button type="button" data-show="{i}" aria-pressed="{str(i == 0).lower()}">'
                f"{esc(name)}</button>" for i, name in enumerate(self.layers))
            switch = (f'<div class="switch" role="group" aria-label="layout shown">'
                      f"<span>Show</span>{buttons}</div>")
        body = "".join(section(anchor, label, markup) for anchor, label, markup in self.sections)
        footer = "".join(f"<p>{esc(line)}</p>" for line in self.footer)
        return (
            "<!DOCTYPE html>\n"
            '<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(self.title)}</title><style>{CSS}</style></head>"
            '<body data-layer="0">'
            f'<header class="top"><h1>{esc(self.title)}</h1><p>{esc(self.subtitle)}</p>'
            f'</header><nav class="bar">{links}{switch}</nav><main>{body}'
            f"<footer>{footer}</footer></main>"
            f'<div id="tip" role="tooltip"></div><script>{JS}</script></body></html>\n')
