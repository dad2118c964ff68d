// Pieces shared by the views: badges, bars, sections, the answer of a bus call.
import { el, setWidth } from '../dom.js';
import { loadClass, pct } from '../format.js';

/** A small label: `badge(text, 'warn', 'node-status-pve3')`. */
export function badge(text, kind = '', testid = null) {
  return el('span', { class: ['badge', kind && `badge-${kind}`], testid }, text);
}

/** A labelled horizontal bar for a percentage, with its value as text (`83.1 %`). */
export function bar(label, value, testid, after = null) {
  const fill = el('span', { class: ['bar-fill', loadClass(value)] });
  setWidth(fill, value);
  const track = el('span', { class: 'bar-track', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Number.isFinite(value) ? value.toFixed(1) : 0, 'aria-label': label }, fill);
  if (Number.isFinite(after)) {
    const mark = el('span', { class: 'bar-after' });
    setWidth(mark, after);
    track.appendChild(mark);
  }
  return el('div', { class: 'bar' }, el('span', { class: 'bar-label' }, label), track, el('span', { class: 'bar-value', testid }, pct(value)));
}

/** A titled section. */
export function section(title, testid, ...children) {
  return el('section', { class: 'panel', testid, 'aria-label': title }, el('h2', {}, title), ...children);
}

/** A paragraph saying there is nothing to show. */
export function empty(text, testid = null) {
  return el('p', { class: 'empty', testid }, text);
}

/** A `<dl>` of label → value pairs. */
export function facts(pairs, testidPrefix = null) {
  const list = el('dl', { class: 'facts' });
  for (const [label, value, id] of pairs) {
    list.append(el('dt', {}, label), el('dd', { testid: id || (testidPrefix ? `${testidPrefix}-${label.toLowerCase().replace(/\W+/g, '-')}` : null) }, value));
  }
  return list;
}

/** A table from column titles and rows of cells (strings or nodes). */
export function table(columns, rows, testid = null, caption = null) {
  return el(
    'div',
    { class: 'table-wrap' },
    el(
      'table',
      { testid },
      caption ? el('caption', {}, caption) : null,
      el('thead', {}, el('tr', {}, columns.map((c) => el('th', { scope: 'col' }, c)))),
      el('tbody', {}, rows.map((row) => (row instanceof Node ? row : el('tr', {}, row.map((cell) => el('td', {}, cell)))))),
    ),
  );
}

/** Confidence coloured. */
export function confidence(value, testid) {
  const kind = !Number.isFinite(value) ? 'low' : value >= 75 ? 'ok' : value >= 50 ? 'warn' : 'crit';
  return badge(`confidence ${Number.isFinite(value) ? value.toFixed(0) : '–'} %`, kind, testid);
}

/** Risk level coloured. */
export function risk(level, score, testid) {
  const kind = level === 'low' ? 'ok' : level === 'moderate' || level === 'medium' ? 'warn' : 'crit';
  return badge(`risk ${level || '–'}${Number.isFinite(score) ? ` (${score.toFixed(0)})` : ''}`, kind, testid);
}
