// Automation: enabled and dry-run switches, windows and blackouts, limits, run now, and the
// last run's every candidate with its action and reason.
import * as api from '../api.js';
import { el } from '../dom.js';
import { guestLabel, humanize, num, when } from '../format.js';
import { runAutomation, toast } from '../act.js';
import { badge, empty, section, table } from './common.js';
import { settingsForm } from './settingsform.js';

/** The parts this page shows. */
export const parts = ['*', 'automation', 'settings'];

const WINDOWS = ['timezone', 'migration_windows', 'blackout_windows'];
const LIMITS = ['check_interval_seconds', 'max_migrations_per_run', 'max_concurrent', 'cooldown_minutes', 'cooldown_escalation', 'min_confidence', 'risk_gate', 'observation_periods', 'rollback_detection', 'rollback_window_hours', 'require_auto_migrate_ok_tag', 'include_distribution_balancing', 'abort_on_failure', 'migration_timeout_seconds'];

function toggle(ctx, settings, key, label) {
  const id = `automation-${key}`;
  const input = el('input', {
    type: 'checkbox',
    role: 'switch',
    id,
    testid: key === 'enabled' ? 'automation-enabled' : 'automation-dry-run',
    checked: Boolean(settings?.[key]),
    disabled: !ctx.operator || !settings,
    on: {
      change: async (event) => {
        const value = event.target.checked;
        event.target.disabled = true;
        try {
          await api.updateSettings(ctx.cluster, 'executor', { [key]: value });
          toast(`${label}: ${value ? 'on' : 'off'}`);
        } catch (error) {
          event.target.checked = !value;
          toast(api.errorText(error), 'error');
        } finally {
          event.target.disabled = !ctx.operator;
        }
      },
    },
  });
  return el('label', { class: 'switch', for: id }, input, el('span', {}, label));
}

function lastRun(state) {
  if (!state) return empty('No automation run yet.', 'automation-none');
  const checks = Object.entries(state.safety_checks || {});
  return el(
    'div',
    { testid: 'automation-last-run' },
    el('p', {}, badge(state.status, state.status === 'success' || state.status === 'ready' ? 'ok' : state.status === 'failed' ? 'crit' : 'warn', 'automation-status'), ' ', el('span', { testid: 'automation-summary' }, state.summary || ''), el('span', { class: 'muted' }, ` — ${when(state.at)}, mode ${state.mode || '–'}, budget ${state.budget ?? '–'}`)),
    checks.length ? el('ul', { class: 'inline-list' }, checks.map(([name, c]) => el('li', { title: c.detail || '' }, badge(`${humanize(name)}: ${c.ok === false ? 'no' : 'ok'}`, c.ok === false ? 'crit' : 'ok'), ' ', el('span', { class: 'muted' }, c.detail || '')))) : null,
    (state.candidates || []).length
      ? table(
          ['#', 'guest', 'move', 'confidence', 'risk', 'action', 'reason'],
          state.candidates.map((c) => el('tr', { testid: `candidate-${c.vmid}` }, el('td', {}, String(c.rank)), el('td', {}, guestLabel(c)), el('td', {}, `${c.source} → ${c.target}`), el('td', {}, num(c.confidence)), el('td', {}, num(c.risk_score)), el('td', {}, badge(c.action, c.action === 'executed' || c.action === 'dry_run' ? 'ok' : c.action === 'failed' ? 'crit' : 'muted', `candidate-action-${c.vmid}`), ' ', el('span', { class: 'muted' }, c.code || '')), el('td', {}, c.reason || ''))),
          'automation-candidates',
          'Candidates of the last run',
        )
      : empty('The last run had no candidate.'),
  );
}

/** The Automation page. */
export function render(ctx) {
  const settings = ctx.clusterState?.settings?.executor;
  return el(
    'div',
    { class: 'page', testid: 'automation' },
    section(
      'Automation',
      null,
      el('div', { class: 'switches' }, toggle(ctx, settings, 'enabled', 'Automation enabled'), toggle(ctx, settings, 'dry_run', 'Dry run')),
      ctx.operator ? el('button', { type: 'button', class: 'primary', testid: 'automation-run-now', on: { click: () => runAutomation(ctx) } }, 'Run automation now') : null,
    ),
    section('Last run', null, lastRun(ctx.clusterState?.automation)),
    section('Windows and blackouts', null, settingsForm(ctx, { service: 'executor', key: 'automation-windows', settings, include: WINDOWS })),
    section('Limits', null, settingsForm(ctx, { service: 'executor', key: 'automation-limits', settings, include: LIMITS })),
  );
}
