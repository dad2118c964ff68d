// Trends: a node's or guest's metrics over a window (scoring's `history`: the average as a
// line in its min–max band, scoring's threshold, how much history stands behind it, CSV
// download) and the score history (scoring's `score_history`: a node's score and suitability,
// or for a guest the cluster's health).
import * as api from '../api.js';
import { el } from '../dom.js';
import { guestLabel, num } from '../format.js';
import { download } from '../act.js';
import { lineChart } from '../linechart.js';
import { empty, section } from './common.js';
import { METRICS, WINDOWS, evidence, formatterFor, highest, metricFor, metricRows, scoreRows, scoreWindow, stepText, thresholdFor } from './trendseries.js';

/** The parts this page shows (the thresholds come from scoring's settings). */
export const parts = ['settings'];

const ui = { subject: '', window: '24h', metric: 'cpu', metrics: null, scores: null, csvError: '', sequence: 0 };

/** `{kind: 'node', name}` or `{kind: 'guest', vmid}` for a subject value (`node:pve1`, `guest:101`). */
function parseSubject(value) {
  const [kind, id] = String(value).split(/:(.*)/s);
  return kind === 'guest' ? { kind, vmid: Number(id), label: `guest ${id}` } : { kind: 'node', name: id, label: id };
}

function subjectFields(subject) {
  return subject.kind === 'guest' ? { vmid: subject.vmid } : { node: subject.name };
}

function defaultSubject(ctx) {
  const first = ctx.clusterState?.snapshot?.nodes?.[0]?.name;
  return first ? `node:${first}` : '';
}

/** Asks scoring for both series of the current choice; a later choice wins over a slower answer. */
async function load(ctx) {
  if (!ui.subject) ui.subject = defaultSubject(ctx);
  if (!ui.subject) return;
  const subject = parseSubject(ui.subject);
  const window = ui.window;
  const sequence = (ui.sequence += 1);
  ui.metrics = { loading: true, window };
  ui.scores = { loading: true, window };
  ctx.rerender();
  const scoreFields = subject.kind === 'node' ? { node: subject.name, window: scoreWindow(window) } : { window: scoreWindow(window) };
  const ask = async (op, fields) => {
    try {
      return { window, series: (await api.request(ctx.cluster, 'scoring', op, fields))?.result };
    } catch (error) {
      return { window, error: api.errorText(error) };
    }
  };
  const [metrics, scores] = await Promise.all([ask('history', { ...subjectFields(subject), window }), ask('score_history', scoreFields)]);
  if (sequence !== ui.sequence) return;
  ui.metrics = metrics;
  ui.scores = scores;
  ctx.rerender();
}

async function downloadCSV(ctx) {
  ui.csvError = '';
  const subject = parseSubject(ui.subject);
  try {
    const reply = await api.request(ctx.cluster, 'scoring', 'history', { ...subjectFields(subject), window: ui.window, format: 'csv' });
    const name = subject.kind === 'guest' ? `guest-${subject.vmid}` : subject.name;
    download(`history-${ctx.cluster}-${name}-${ui.window}.csv`, typeof reply?.result === 'string' ? reply.result : '', 'text/csv');
  } catch (error) {
    ui.csvError = api.errorText(error);
  }
  ctx.rerender();
}

function choice(id, label, value, options, onChange) {
  return el(
    'div',
    { class: 'field' },
    el('label', { for: id }, label),
    el('select', { id, testid: id, on: { change: (e) => onChange(e.target.value) } }, options.map((o) => (o instanceof Node ? o : el('option', { value: o[0], selected: o[0] === value }, o[1])))),
  );
}

function controls(ctx, subject) {
  const snapshot = ctx.clusterState?.snapshot || {};
  const subjects = [
    el('optgroup', { label: 'Nodes' }, (snapshot.nodes || []).map((n) => el('option', { value: `node:${n.name}`, selected: ui.subject === `node:${n.name}` }, n.name))),
    el('optgroup', { label: 'Guests' }, (snapshot.guests || []).filter((g) => !g.template).map((g) => el('option', { value: `guest:${g.vmid}`, selected: ui.subject === `guest:${g.vmid}` }, guestLabel(g)))),
  ];
  const reload = (apply) => (value) => {
    apply(value);
    load(ctx);
  };
  return el(
    'form',
    { class: 'filters', testid: 'trends-controls', on: { submit: (e) => e.preventDefault() } },
    choice('trends-subject', 'Node or guest', ui.subject, subjects, reload((v) => (ui.subject = v))),
    choice('trends-window', 'Window', ui.window, WINDOWS.map((w) => [w, w]), reload((v) => (ui.window = v))),
    choice('trends-metric', 'Metric', metricFor(subject.kind, ui.metric).choice, METRICS[subject.kind].map((m) => [m.choice, m.label]), (v) => ((ui.metric = v), ctx.rerender())),
    el('div', { class: 'actions' }, el('button', { type: 'button', testid: 'trends-csv', disabled: !ui.subject, on: { click: () => downloadCSV(ctx) } }, 'Download CSV')),
    ui.csvError ? el('p', { class: 'error-text', role: 'alert', testid: 'trends-csv-error' }, ui.csvError) : null,
  );
}

function metricPanel(ctx, subject) {
  const answer = ui.metrics;
  if (!answer || answer.loading) return el('p', { class: 'muted', testid: 'trends-loading' }, 'Asking scoring…');
  if (answer.error) return el('p', { class: 'error-text', role: 'alert', testid: 'trends-error' }, answer.error);
  const metric = metricFor(subject.kind, ui.metric);
  const rows = metricRows(answer.series, metric.key);
  const note = el('p', { class: 'muted', testid: 'trends-evidence' }, evidence(answer.series));
  if (!rows.length) return [empty(`No history yet for ${subject.label} (${metric.label}) in the last ${answer.window}.`, 'trends-empty'), note];
  const threshold = subject.kind === 'node' ? thresholdFor(metric, ctx.clusterState?.settings?.scoring) : null;
  const format = formatterFor(metric.key);
  const top = Math.max(highest(rows), threshold?.value || 0, metric.key.endsWith('_pct') ? 100 : 0);
  return [
    lineChart({
      testid: 'trends-metric-chart',
      title: `${subject.label}: ${metric.label}, last ${answer.window}`,
      description: `Average ${metric.label} per ${stepText(answer.series.step_seconds)} with its minimum–maximum band, ${rows.length} points, average of the averages ${format(rows.reduce((s, r) => s + r[1], 0) / rows.length)}, highest ${format(highest(rows))}${threshold ? `; ${threshold.label}` : ''}.`,
      from: Date.parse(answer.series.from),
      to: Date.parse(answer.series.to),
      stepMs: answer.series.step_seconds * 1000,
      yMax: top,
      format,
      threshold,
      series: [{ key: metric.key, label: `average ${metric.label}`, band: 'minimum–maximum', rows }],
    }),
    note,
  ];
}

function scorePanel(subject) {
  const answer = ui.scores;
  if (!answer || answer.loading) return el('p', { class: 'muted' }, 'Asking scoring…');
  if (answer.error) return el('p', { class: 'error-text', role: 'alert', testid: 'trends-score-error' }, answer.error);
  const node = subject.kind === 'node';
  const lines = node
    ? [
        { key: 'score_before', label: 'score (lower is better)' },
        { key: 'suitability', label: 'suitability' },
      ]
    : [
        { key: 'health_before', label: 'cluster health' },
        { key: 'health_after', label: 'health after the plan' },
      ];
  const series = lines.map((l) => ({ ...l, rows: scoreRows(answer.series, l.key) }));
  const who = node ? subject.name : 'the cluster';
  const window = scoreWindow(answer.window);
  if (!series.some((s) => s.rows.length)) return empty(`No score history yet for ${who} in the last ${window}.`, 'trends-score-empty');
  const plans = (answer.series.points || []).reduce((sum, p) => sum + (Number(p.plans) || 0), 0);
  return [
    lineChart({
      testid: 'trends-score-chart',
      title: node ? `${subject.name}: score and suitability, last ${window}` : `Cluster health, last ${window}`,
      description: `${lines.map((l) => l.label).join(' and ')}, mean per ${stepText(answer.series.step_seconds)} over ${plans} plans.`,
      from: Date.parse(answer.series.from),
      to: Date.parse(answer.series.to),
      stepMs: answer.series.step_seconds * 1000,
      yMax: Math.max(100, ...series.map((s) => highest(s.rows))),
      format: (v) => num(v, 0),
      series,
    }),
    el('p', { class: 'muted', testid: 'trends-score-note' }, `Mean of ${plans} plan${plans === 1 ? '' : 's'}, a point per ${stepText(answer.series.step_seconds)}${answer.window !== window ? `; scoring keeps 30 days of scores` : ''}.`),
  ];
}

/** The Trends page. */
export function render(ctx) {
  if (!ui.subject) ui.subject = defaultSubject(ctx);
  if (!ui.subject) return el('div', { class: 'page', testid: 'trends' }, empty('No snapshot yet.'));
  const subject = parseSubject(ui.subject);
  return el(
    'div',
    { class: 'page', testid: 'trends' },
    section('Metrics history', 'trends-metrics', controls(ctx, subject), el('div', { 'aria-live': 'polite', testid: 'trends-metric-panel', dataset: { window: ui.metrics && !ui.metrics.loading ? ui.metrics.window : '' } }, metricPanel(ctx, subject))),
    section(subject.kind === 'node' ? 'Score history' : 'Cluster health history', 'trends-scores', el('div', { 'aria-live': 'polite' }, scorePanel(subject))),
  );
}

/** Asks for the series when the page is shown. */
export function enter(ctx) {
  load(ctx);
}
