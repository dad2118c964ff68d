// A time-series line chart as hand-written SVG: lines (broken where samples are missing), an
// optional min–max band behind the first line, a dashed threshold line, axes with times in the
// browser's locale, and a title and description for screen readers. Values are only ever
// written as attributes and text (dom.js), never parsed as markup.
import { el, svg } from './dom.js';

const WIDTH = 720;
const HEIGHT = 260;
const LEFT = 60;
const RIGHT = 14;
const TOP = 12;
const BOTTOM = 34;

/** A "nice" upper bound for the value axis: 1, 2, 2.5 or 5 times a power of ten, at least `value`. */
export function niceCeiling(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((n) => n >= value);
}

/** Splits time-ordered `[t, …]` rows wherever two neighbours are more than `gapMs` apart. */
export function segments(rows, gapMs) {
  const out = [];
  let current = [];
  for (const row of rows) {
    if (current.length && row[0] - current[current.length - 1][0] > gapMs) {
      out.push(current);
      current = [];
    }
    current.push(row);
  }
  if (current.length) out.push(current);
  return out;
}

/** Time labels for the axis: clock times up to 36 h, day and hour up to 8 d, dates beyond. */
function timeFormat(spanMs) {
  if (spanMs <= 36 * 3600e3) return new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  if (spanMs <= 8 * 86400e3) return new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit' });
  return new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
}

/**
 * The chart as a `<figure>`:
 * `lineChart({testid, title, description, from, to, stepMs, yMax, format, threshold, series})`.
 * `series` is `[{key, label, rows: [[t, value, low?, high?], …]}]` (t in ms; the first series'
 * `low`/`high` draw its band); `threshold` `{value, label}` or null; `format(v)` labels values.
 */
export function lineChart({ testid, title, description, from, to, stepMs, yMax, format, threshold = null, series }) {
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const start = from;
  const span = Math.max(1, to - from);
  const top = niceCeiling(yMax);
  const x = (t) => LEFT + ((t - start) / span) * plotWidth;
  const y = (v) => TOP + plotHeight - (Math.max(0, Math.min(top, v)) / top) * plotHeight;
  const fx = (n) => n.toFixed(1);
  const parts = [svg('title', { id: `${testid}-title` }, title), svg('desc', { id: `${testid}-desc` }, description)];

  for (let i = 0; i <= 4; i += 1) {
    const value = (top * i) / 4;
    parts.push(svg('line', { x1: LEFT, x2: WIDTH - RIGHT, y1: fx(y(value)), y2: fx(y(value)), class: 'grid' }));
    parts.push(svg('text', { x: LEFT - 6, y: fx(y(value) + 4), class: 'axis', 'text-anchor': 'end' }, format(value)));
  }
  const labels = timeFormat(span);
  for (let i = 0; i <= 5; i += 1) {
    const t = start + (span * i) / 5;
    parts.push(svg('line', { x1: fx(x(t)), x2: fx(x(t)), y1: TOP + plotHeight, y2: TOP + plotHeight + 4, class: 'grid' }));
    parts.push(svg('text', { x: fx(x(t)), y: HEIGHT - 12, class: 'axis', 'text-anchor': i === 0 ? 'start' : i === 5 ? 'end' : 'middle' }, labels.format(new Date(t))));
  }

  const gapMs = 2 * stepMs;
  let drawn = 0;
  series.forEach((s, index) => {
    const rows = s.rows.filter((r) => Number.isFinite(r[1])).sort((a, b) => a[0] - b[0]);
    drawn += rows.length;
    const pieces = segments(rows, gapMs);
    if (index === 0) {
      const bands = pieces
        .filter((piece) => piece.every((r) => Number.isFinite(r[2]) && Number.isFinite(r[3])))
        .map((piece) => {
          const upper = piece.map((r) => `${fx(x(r[0]))},${fx(y(r[3]))}`);
          const lower = piece.map((r) => `${fx(x(r[0]))},${fx(y(r[2]))}`).reverse();
          return `M${upper.join('L')}L${lower.join('L')}Z`;
        });
      if (bands.length) parts.push(svg('path', { d: bands.join(''), class: 'band', testid: `${testid}-band` }));
    }
    const d = pieces.map((piece) => `M${piece.map((r) => `${fx(x(r[0]))},${fx(y(r[1]))}`).join('L')}`).join('');
    if (d) parts.push(svg('path', { d, class: `line series-${index}`, testid: `${testid}-line-${s.key}` }));
    for (const piece of pieces.filter((p) => p.length === 1)) {
      parts.push(svg('circle', { cx: fx(x(piece[0][0])), cy: fx(y(piece[0][1])), r: 2.5, class: `dot series-${index}` }));
    }
  });

  if (threshold && Number.isFinite(threshold.value)) {
    parts.push(svg('line', { x1: LEFT, x2: WIDTH - RIGHT, y1: fx(y(threshold.value)), y2: fx(y(threshold.value)), class: 'threshold', testid: `${testid}-threshold` }));
  }

  const legend = [
    ...series.map((s, index) => el('span', { class: 'legend' }, el('span', { class: `swatch series-${index}` }), s.label)),
    series[0]?.band ? el('span', { class: 'legend' }, el('span', { class: 'swatch band' }), series[0].band) : null,
    threshold ? el('span', { class: 'legend' }, el('span', { class: 'swatch threshold' }), threshold.label) : null,
  ];
  return el(
    'figure',
    { class: 'chart line-chart', testid },
    svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-labelledby': `${testid}-title ${testid}-desc`, 'data-points': drawn, testid: `${testid}-svg` }, parts),
    el('figcaption', {}, el('strong', {}, title), ' ', legend),
  );
}
