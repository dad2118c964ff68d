// Node charts drawn as SVG from the snapshot's history figures (average and maximum over the
// last hour, day and week) for CPU, memory and IO wait.
import { el, svg } from '../dom.js';
import { num } from '../format.js';

const WINDOWS = [
  ['last_hour', '1 h'],
  ['last_day', '24 h'],
  ['last_week', '7 d'],
];
const METRICS = [
  ['cpu_pct', 'CPU'],
  ['memory_pct', 'Memory'],
  ['iowait_pct', 'IOWait'],
];

/** One node's chart: per metric, per window, a bar for the average and a tick for the maximum. */
export function nodeChart(node) {
  const width = 360;
  const height = 160;
  const left = 30;
  const bottom = 130;
  const plot = bottom - 10;
  const groupWidth = (width - left) / METRICS.length;
  const barWidth = groupWidth / (WINDOWS.length + 1);
  const y = (v) => bottom - (Math.max(0, Math.min(100, v)) / 100) * plot;
  const parts = [];
  for (const tick of [0, 50, 100]) {
    parts.push(svg('line', { x1: left, x2: width, y1: y(tick), y2: y(tick), class: 'grid' }));
    parts.push(svg('text', { x: left - 4, y: y(tick) + 4, class: 'axis', 'text-anchor': 'end' }, String(tick)));
  }
  METRICS.forEach(([metric, label], m) => {
    const x0 = left + m * groupWidth + barWidth / 2;
    WINDOWS.forEach(([window, wlabel], w) => {
      const figure = node.history?.[metric]?.[window];
      const x = x0 + w * barWidth;
      if (figure && Number.isFinite(figure.avg)) {
        parts.push(svg('rect', { x: x + 2, y: y(figure.avg), width: barWidth - 4, height: bottom - y(figure.avg), class: `series-${w}` }, svg('title', {}, `${label} ${wlabel}: average ${num(figure.avg)} %, max ${num(figure.max)} %`)));
        if (Number.isFinite(figure.max)) parts.push(svg('line', { x1: x + 2, x2: x + barWidth - 2, y1: y(figure.max), y2: y(figure.max), class: 'max-mark' }));
      }
    });
    parts.push(svg('text', { x: x0 + (WINDOWS.length * barWidth) / 2, y: bottom + 18, class: 'axis', 'text-anchor': 'middle' }, label));
  });
  return el(
    'figure',
    { class: 'chart', testid: `chart-${node.name}` },
    svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${node.name}: CPU, memory and IO wait averages over 1 h, 24 h and 7 d` }, parts),
    el(
      'figcaption',
      {},
      el('strong', {}, node.name),
      ' ',
      WINDOWS.map(([, wlabel], w) => el('span', { class: 'legend' }, el('span', { class: `swatch series-${w}` }), `avg ${wlabel}`)),
      el('span', { class: 'legend' }, el('span', { class: 'swatch max-mark' }), 'max'),
    ),
  );
}
