"""The style sheet and the script every report carries inline.

A report must open from a file on a machine without a network, so nothing is fetched: no
font, no library, no tile. The script is small vanilla JavaScript with three jobs, and the
page reads fully without it (the first layer shown, tables in their written order):

* switch the layer every ``[data-layers]`` element and every site's fill belong to;
* show the tooltip of the element under the pointer (``data-tip``, or ``data-tip-<layer>``
  for text that depends on the layer shown);
* sort a table by the column whose header is clicked (numbers by their ``data-v`` value).

Tooltip text is set with ``textContent``, never parsed as HTML, so a site name can hold any
character without becoming markup.
"""

from __future__ import annotations

#: Latin fonts first, then the CJK fonts of Linux, Windows and macOS, so that Chinese site
#: names render wherever the report is opened.
FONTS = ('system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", '
         '"Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", "Source Han Sans SC", '
         "sans-serif")

CSS = """
:root { --ink: #1d232b; --muted: #5b6570; --line: #d9dee3; --band: #f5f7f9;
  --accent: #1f4e79; --bad: #b3261e; --good: #2e7d32; }
* { box-sizing: border-box; }
body { margin: 0; font-family: @FONTS@; color: var(--ink); background: #fff;
  line-height: 1.45; font-size: 15px; }
header.top { background: var(--accent); color: #fff; padding: 18px 28px 14px; }
header.top h1 { margin: 0 0 4px; font-size: 24px; font-weight: 650; }
header.top p { margin: 0; opacity: 0.9; }
nav.bar { position: sticky; top: 0; z-index: 5; background: #fff; border-bottom: 1px solid
  var(--line); padding: 8px 28px; display: flex; gap: 18px; align-items: center;
  flex-wrap: wrap; }
nav.bar a { color: var(--accent); text-decoration: none; font-size: 14px; }
nav.bar a:hover { text-decoration: underline; }
.switch { display: inline-flex; border: 1px solid var(--accent); border-radius: 6px;
  overflow: hidden; margin-left: auto; }
.switch span { padding: 5px 10px; font-size: 13px; color: var(--muted); }
.switch button { border: 0; border-left: 1px solid var(--accent); background: #fff;
  color: var(--accent); padding: 5px 14px; font: inherit; font-size: 14px; cursor: pointer; }
.switch button[aria-pressed="true"] { background: var(--accent); color: #fff; }
main { max-width: 1320px; margin: 0 auto; padding: 8px 28px 40px; }
section { margin-top: 28px; }
h2 { font-size: 19px; margin: 0 0 10px; padding-bottom: 4px; border-bottom: 2px solid
  var(--line); }
h3 { font-size: 16px; margin: 18px 0 6px; }
p.note { color: var(--muted); margin: 4px 0 10px; max-width: 70em; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
  gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px;
  background: var(--band); }
.card .label { font-size: 12.5px; color: var(--muted); }
.card .value { font-size: 21px; font-weight: 650; font-variant-numeric: tabular-nums; }
.card .detail { font-size: 12.5px; color: var(--muted); }
.card.bad .value { color: var(--bad); }
.card.good .value { color: var(--good); }
.maprow { display: flex; gap: 18px; align-items: flex-start; flex-wrap: wrap; }
.mapbox { flex: 1 1 720px; min-width: 320px; border: 1px solid var(--line);
  border-radius: 8px; background: #fbfcfd; }
svg.map { display: block; width: 100%; height: auto; }
svg.map path.site { stroke: #fff; stroke-width: 0.6; stroke-linejoin: round; }
svg.map path.site.developed { stroke: #333; stroke-width: 1.1; }
svg.map path.site:hover { stroke: #000; stroke-width: 1.8; }
svg.map .borders { fill: none; stroke: #555; stroke-width: 0.8; pointer-events: none; }
svg.map .hatches path { pointer-events: none; }
svg.map .inset rect { fill: #fff; stroke: #888; }
svg.map text { font-family: @FONTS@; }
.legend { flex: 0 1 300px; font-size: 13px; }
.legend .entry { display: flex; align-items: center; gap: 8px; margin: 3px 0; }
.legend .swatch { width: 16px; height: 12px; border: 1px solid #999; flex: none; }
.off { display: none !important; }
table { border-collapse: collapse; font-size: 13.5px; margin: 6px 0 14px; }
.tablebox { overflow-x: auto; max-width: 100%; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { padding: 4px 9px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--band); text-align: left; white-space: nowrap; }
th button { all: unset; cursor: pointer; }
th button::after { content: " \\2195"; color: #aab2ba; font-size: 11px; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; color: var(--accent); }
th[aria-sort="descending"] button::after { content: " \\25BC"; color: var(--accent); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.bad td { background: #fdf0ef; }
td.bad { color: var(--bad); font-weight: 600; }
tbody tr:hover td { background: #eef3f8; }
figure { margin: 8px 0 16px; }
figcaption { color: var(--muted); font-size: 13px; }
svg.chart { display: block; max-width: 100%; height: auto; font-size: 12px;
  font-family: @FONTS@; }
svg.chart .axis line, svg.chart .axis path { stroke: #777; }
svg.chart .grid line { stroke: #e6e9ec; }
#tip { position: fixed; z-index: 10; pointer-events: none; background: rgba(25, 30, 36, 0.94);
  color: #fff; padding: 7px 10px; border-radius: 6px; font-size: 13px; white-space: pre-line;
  max-width: 360px; display: none; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.25); }
footer { color: var(--muted); font-size: 12.5px; border-top: 1px solid var(--line);
  margin-top: 36px; padding-top: 10px; }
code { font-size: 12.5px; background: var(--band); padding: 0 3px; border-radius: 3px; }
""".replace("@FONTS@", FONTS)

JS = """
(function () {
  'use strict';
  var layer = document.body.getAttribute('data-layer') || '0';

  function show(k) {
    layer = k;
    document.body.setAttribute('data-layer', k);
    document.querySelectorAll('[data-layers]').forEach(function (el) {
      el.classList.toggle('off', el.getAttribute('data-layers').split(' ').indexOf(k) < 0);
    });
    document.querySelectorAll('path.site').forEach(function (p) {
      var fill = p.getAttribute('data-fill-' + k);
      if (fill) { p.setAttribute('fill', fill); }
      p.classList.toggle('developed', p.hasAttribute('data-dev-' + k));
    });
    document.querySelectorAll('button[data-show]').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-show') === k));
    });
  }
  document.querySelectorAll('button[data-show]').forEach(function (b) {
    b.addEventListener('click', function () { show(b.getAttribute('data-show')); });
  });

  var tip = document.getElementById('tip');
  function tipText(el) {
    for (var node = el; node && node.getAttribute; node = node.parentNode) {
      var text = node.getAttribute('data-tip-' + layer) || node.getAttribute('data-tip');
      if (text) { return text; }
    }
    return '';
  }
  document.addEventListener('mousemove', function (event) {
    var text = tipText(event.target);
    if (!text) { tip.style.display = 'none'; return; }
    tip.textContent = text;
    tip.style.display = 'block';
    var x = event.clientX + 14, y = event.clientY + 14;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 4) { x = event.clientX - w - 14; }
    if (y + h > window.innerHeight - 4) { y = event.clientY - h - 14; }
    tip.style.left = Math.max(4, x) + 'px';
    tip.style.top = Math.max(4, y) + 'px';
  });
  document.addEventListener('mouseleave', function () { tip.style.display = 'none'; });

  function cellKey(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) { return numeric ? NaN : ''; }
    if (numeric) {
      var v = cell.getAttribute('data-v');
      return v === null || v === '' ? NaN : parseFloat(v);
    }
    return cell.textContent.trim();
  }
  document.querySelectorAll('table.sortable th').forEach(function (th) {
    var button = th.querySelector('button');
    if (!button) { return; }
    button.addEventListener('click', function () {
      var table = th.closest('table'), body = table.tBodies[0];
      var index = Array.prototype.indexOf.call(th.parentNode.children, th);
      var numeric = th.classList.contains('num');
      var ascending = th.getAttribute('aria-sort') !== 'ascending';
      th.parentNode.querySelectorAll('th').forEach(function (other) {
        other.setAttribute('aria-sort', 'none');
      });
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = cellKey(a, index, numeric), y = cellKey(b, index, numeric);
        var order;
        if (numeric) {
          if (isNaN(x) && isNaN(y)) { order = 0; }
          else if (isNaN(x)) { return 1; }
          else if (isNaN(y)) { return -1; }
          else { order = x - y; }
        } else {
          order = x.localeCompare(y, undefined, {numeric: true});
        }
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
}());
"""
