// History: the executor's migration history with filters, CSV and JSON download, the
// outcomes report, task logs, and node charts.
import * as api from '../api.js';
import { el, setText } from '../dom.js';
import { duration, guestLabel, num, when } from '../format.js';
import { download, fetchTaskLog, rollbackMigration, stateBadge } from '../act.js';
import { badge, empty, section, table } from './common.js';
import { nodeChart } from './charts.js';

/** The parts this page shows. */
export const parts = ['*', 'outcomes', 'snapshot'];

const ui = { filters: { vmid: '', node: '', state: '', origin: '', from: '', to: '', limit: '500' }, result: null, error: '', loading: false, logs: new Map() };

function requestBody(format) {
  const f = ui.filters;
  const body = { format };
  if (f.vmid) body.vmid = Number(f.vmid);
  if (f.state) body.state = f.state;
  if (f.origin) body.origin = f.origin;
  if (f.from) body.from = new Date(f.from).toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (f.to) body.to = new Date(f.to).toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (f.limit) body.limit = Number(f.limit);
  return body;
}

function byNode(migrations) {
  const node = ui.filters.node.trim();
  return node ? migrations.filter((m) => m.source === node || m.target === node) : migrations;
}

async function search(ctx) {
  ui.loading = true;
  ui.error = '';
  ctx.rerender();
  try {
    const reply = await api.request(ctx.cluster, 'executor', 'history', requestBody('json'));
    ui.result = byNode(reply?.result?.migrations || []);
  } catch (error) {
    ui.error = api.errorText(error);
  }
  ui.loading = false;
  ctx.rerender();
}

async function exportAs(ctx, format) {
  try {
    const reply = await api.request(ctx.cluster, 'executor', 'history', requestBody(format));
    if (format === 'csv') {
      let csv = reply?.result?.csv || '';
      if (ui.filters.node.trim()) {
        const [header, ...rows] = csv.split('\r\n');
        const cols = header.split(',');
        const s = cols.indexOf('source');
        const t = cols.indexOf('target');
        const n = ui.filters.node.trim();
        csv = [header, ...rows.filter((row) => !row || row.split(',')[s] === n || row.split(',')[t] === n)].join('\r\n');
      }
      download(`migrations-${ctx.cluster}.csv`, csv, 'text/csv');
    } else {
      download(`migrations-${ctx.cluster}.json`, JSON.stringify(byNode(reply?.result?.migrations || []), null, 2), 'application/json');
    }
  } catch (error) {
    ui.error = api.errorText(error);
    ctx.rerender();
  }
}

function input(name, label, attributes = {}) {
  const id = `history-${name}`;
  return el(
    'div',
    { class: 'field' },
    el('label', { for: id }, label),
    el('input', { id, testid: id, value: ui.filters[name], ...attributes, on: { input: (e) => (ui.filters[name] = e.target.value) } }),
  );
}

function select(name, label, choices) {
  const id = `history-${name}`;
  return el(
    'div',
    { class: 'field' },
    el('label', { for: id }, label),
    el('select', { id, testid: id, on: { change: (e) => (ui.filters[name] = e.target.value) } }, [['', 'any'], ...choices.map((c) => [c, c])].map(([v, t]) => el('option', { value: v, selected: ui.filters[name] === v }, t))),
  );
}

/** A task log viewer row for a migration: fetch, show, download. */
export function taskLogControls(ctx, m) {
  const entry = ui.logs.get(m.id);
  const button = el(
    'button',
    {
      type: 'button',
      class: 'small secondary',
      testid: `tasklog-button-${m.id}`,
      on: {
        click: async () => {
          if (ui.logs.has(m.id)) {
            ui.logs.delete(m.id);
            ctx.rerender();
            return;
          }
          ui.logs.set(m.id, { loading: true });
          ctx.rerender();
          try {
            ui.logs.set(m.id, { text: await fetchTaskLog(ctx, m.id) });
          } catch (error) {
            ui.logs.set(m.id, { error: api.errorText(error) });
          }
          ctx.rerender();
        },
      },
    },
    entry ? 'Hide task log' : 'Task log',
  );
  if (!entry?.text) return [button];
  return [button, el('button', { type: 'button', class: 'small secondary', testid: `tasklog-download-${m.id}`, on: { click: () => download(`${m.id}-task.log`, entry.text) } }, 'Download')];
}

/** The task log itself when it was asked for (else null). */
export function taskLogPanel(m) {
  const entry = ui.logs.get(m.id);
  if (!entry) return null;
  const body = entry.loading ? 'Reading the task log…' : entry.error ? entry.error : entry.text;
  return el('pre', { class: 'tasklog', testid: `tasklog-${m.id}`, tabindex: 0, 'aria-label': `Proxmox task log of ${m.id}` }, body);
}

function historyTable(ctx, migrations) {
  return table(
    ['created', 'guest', 'move', 'origin', 'state', 'duration', 'error', ''],
    migrations.flatMap((m) => [
      el(
        'tr',
        { testid: `history-row-${m.id}` },
        el('td', {}, when(m.created_at)),
        el('td', {}, guestLabel(m)),
        el('td', {}, `${m.source} → ${m.target}`),
        el('td', {}, m.origin || '', m.requested_by ? el('span', { class: 'muted' }, ` (${m.requested_by})`) : null),
        el('td', {}, stateBadge(m, `history-state-${m.id}`), m.dry_run ? badge('dry run', 'info') : null),
        el('td', {}, duration(m.duration_seconds)),
        el('td', { class: 'error-text' }, m.error || ''),
        el('td', {}, el('div', { class: 'guest-actions' }, taskLogControls(ctx, m), ctx.operator && m.state === 'completed' && !m.dry_run ? el('button', { type: 'button', class: 'small', testid: `rollback-button-${m.id}`, on: { click: () => rollbackMigration(ctx, m) } }, 'Roll back') : null)),
      ),
      ui.logs.has(m.id) ? el('tr', { class: 'tasklog-row' }, el('td', { colspan: 8 }, taskLogPanel(m))) : null,
    ].filter(Boolean)),
    'history-table',
  );
}

function outcomes(report) {
  if (!report) return empty('No outcome report yet.');
  return el(
    'div',
    { testid: 'outcomes' },
    el('p', {}, `${report.completed ?? 0} completed, ${report.failed ?? 0} failed, success rate ${num(report.success_rate_pct)} %`),
    table(['checkpoint', 'measured', 'mean accuracy', 'improved %'], (report.checkpoints || []).map((c) => [c.checkpoint, String(c.measured ?? 0), num(c.mean_accuracy), num(c.improved_pct)]), 'outcomes-checkpoints'),
    (report.recent || []).length
      ? table(
          ['migration', 'guest', 'move', 'checkpoint', 'source CPU relief', 'predicted', 'accuracy', 'improved'],
          report.recent.map((r) => [r.migration_id, String(r.vmid), `${r.source} → ${r.target}`, r.checkpoint, num(r.source_cpu_relief), num(r.predicted_source_cpu_relief), num(r.accuracy), r.improved ? 'yes' : 'no']),
          'outcomes-recent',
        )
      : empty('No measured migration yet.'),
  );
}

/** The History page. */
export function render(ctx) {
  const c = ctx.clusterState || {};
  const form = el(
    'form',
    { class: 'filters', testid: 'history-filters', on: { submit: (e) => (e.preventDefault(), search(ctx)) } },
    input('vmid', 'Guest (VMID)', { type: 'number', min: 100 }),
    input('node', 'Node', { type: 'text' }),
    select('state', 'State', ['completed', 'failed', 'running', 'cancelled', 'skipped', 'dry_run', 'queued', 'validating']),
    select('origin', 'Origin', ['manual', 'automation', 'evacuation', 'rollback']),
    input('from', 'From', { type: 'datetime-local' }),
    input('to', 'To', { type: 'datetime-local' }),
    input('limit', 'Limit', { type: 'number', min: 1, max: 10000 }),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', testid: 'history-submit' }, 'Search'), el('button', { type: 'button', testid: 'history-csv', on: { click: () => exportAs(ctx, 'csv') } }, 'Download CSV'), el('button', { type: 'button', testid: 'history-json', on: { click: () => exportAs(ctx, 'json') } }, 'Download JSON')),
  );
  let results;
  if (ui.loading) results = el('p', { class: 'muted' }, 'Asking the executor…');
  else if (ui.error) results = el('p', { class: 'error-text', role: 'alert', testid: 'history-error' }, ui.error);
  else if (!ui.result) results = empty('Search to see migrations.');
  else if (!ui.result.length) results = empty('No migration matches.', 'history-empty');
  else results = historyTable(ctx, ui.result);
  return el(
    'div',
    { class: 'page', testid: 'history' },
    section('Migration history', null, form, el('div', { 'aria-live': 'polite' }, results)),
    section('Outcomes', null, outcomes(c.outcomes)),
    section('Node history', 'node-charts', (c.snapshot?.nodes || []).length ? el('div', { class: 'chart-grid' }, c.snapshot.nodes.map(nodeChart)) : empty('No snapshot yet.')),
  );
}

/** Loads the history once when the page is first shown. */
export function enter(ctx) {
  if (!ui.result && !ui.loading) search(ctx);
}

export { setText };
