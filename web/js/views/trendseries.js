// What the Trends page draws from scoring's `history` and `score_history` answers: the
// metrics offered, chart rows, the threshold from scoring's settings and the note on how much
// history stands behind a series.
import { bytes, duration, num, when } from '../format.js';

/** The windows offered (scoring's `window` values). */
export const WINDOWS = ['1h', '6h', '24h', '7d', '30d', '90d'];

/** `score_history` keeps 30 days: a longer window asks for this one. */
export const SCORE_WINDOW_MAX = '30d';

/** The metrics offered: for nodes CPU, memory and IO wait; for guests CPU and memory. */
export const METRICS = {
  node: [
    { choice: 'cpu', label: 'CPU', key: 'cpu_pct', threshold: 'cpu_threshold' },
    { choice: 'memory', label: 'Memory', key: 'memory_pct', threshold: 'mem_threshold' },
    { choice: 'iowait', label: 'IO wait', key: 'iowait_pct', threshold: 'iowait_threshold' },
  ],
  guest: [
    { choice: 'cpu', label: 'CPU', key: 'cpu_pct' },
    { choice: 'memory', label: 'Memory', key: 'memory_used_bytes' },
  ],
};

/** The metric of `kind` (node or guest) for `choice`, else the first. */
export function metricFor(kind, choice) {
  const list = METRICS[kind] || METRICS.node;
  return list.find((m) => m.choice === choice) || list[0];
}

/** How a metric's values read: `41.5 %` or `2.0 GiB`. */
export function formatterFor(key) {
  return key.endsWith('_bytes') ? (v) => bytes(v) : (v) => `${num(v)} %`;
}

/** `[[t, avg, min, max], …]` for `key` from a HistorySeries (points without it left out). */
export function metricRows(series, key) {
  return (series?.points || [])
    .map((p) => {
      const stats = p?.values?.[key];
      return [Date.parse(p?.at), Number(stats?.avg), Number(stats?.min), Number(stats?.max)];
    })
    .filter((r) => Number.isFinite(r[0]) && Number.isFinite(r[1]));
}

/** `[[t, value], …]` for `key` from a ScoreHistorySeries. */
export function scoreRows(series, key) {
  return (series?.points || []).map((p) => [Date.parse(p?.at), Number(p?.[key])]).filter((r) => Number.isFinite(r[0]) && Number.isFinite(r[1]));
}

/** The highest value of rows (their max column when there is one). */
export function highest(rows) {
  return rows.reduce((top, r) => Math.max(top, Number.isFinite(r[3]) ? r[3] : r[1]), 0);
}

/** Scoring's threshold for a node metric (`penalties.<name>` of its settings), or null. */
export function thresholdFor(metric, scoringSettings) {
  const value = metric.threshold ? Number(scoringSettings?.penalties?.[metric.threshold]) : NaN;
  return Number.isFinite(value) ? { value, label: `threshold ${num(value)} %` } : null;
}

/** A step as people say it: `1 min`, `1 h`, `6 h`, `1 d`. */
export function stepText(seconds) {
  const s = Number(seconds) || 0;
  if (s % 86400 === 0 && s >= 86400) return `${s / 86400} d`;
  if (s % 3600 === 0 && s >= 3600) return `${s / 3600} h`;
  if (s % 60 === 0 && s >= 60) return `${s / 60} min`;
  return `${s} s`;
}

/** The note under a metric chart: samples, span, first and last, gaps, backfilled. */
export function evidence(series) {
  const c = series?.coverage || {};
  if (!c.samples) return 'No samples in this window.';
  const parts = [`${c.samples} sample${c.samples === 1 ? '' : 's'} over ${duration(c.span_seconds)}`, `from ${when(c.first)} to ${when(c.last)}`];
  const gaps = (c.gaps || []).length;
  parts.push(gaps || c.gap_seconds ? `${gaps} gap${gaps === 1 ? '' : 's'} (${duration(c.gap_seconds)} without samples)` : 'no gaps');
  if (c.backfilled_samples) parts.push(`${c.backfilled_samples} backfilled from Proxmox's RRD (real samples over ${duration(c.real_span_seconds || 0)})`);
  parts.push(`a point per ${stepText(series.step_seconds)}`);
  return `History behind this chart: ${parts.join(', ')}.`;
}

/** The score window for a metrics window: the same, at most 30 days. */
export function scoreWindow(window) {
  return WINDOWS.indexOf(window) > WINDOWS.indexOf(SCORE_WINDOW_MAX) ? SCORE_WINDOW_MAX : window;
}
