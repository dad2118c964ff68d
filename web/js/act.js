// Commands: the migrate dialog, cancel, rollback, evacuate, run automation, and the tray of
// migrations in progress (a live bar per guest from the `migrations.<id>` updates).
import * as api from './api.js';
import { append, clear, el, setText, setWidth } from './dom.js';
import { bytes, duration, guestLabel, pct, rate, when } from './format.js';
import { serverNow } from './state.js';
import { badge } from './views/common.js';

const ACTIVE = new Set(['queued', 'validating', 'running']);
/** How long an ended migration stays in the tray. */
const TRAY_KEEP_MS = 15 * 60 * 1000;

/** Shows a short message at the bottom of the page (role status). */
export function toast(message, kind = 'info') {
  const box = document.getElementById('toasts');
  if (!box) return;
  const item = el('div', { class: ['toast', `toast-${kind}`], role: kind === 'error' ? 'alert' : 'status', testid: 'toast' }, message);
  box.appendChild(item);
  setTimeout(() => item.remove(), kind === 'error' ? 10000 : 5000);
}

function newestFirst(a, b) {
  return String(b.created_at || '').localeCompare(String(a.created_at || ''));
}

/** The migrations shown in the tray: running ones and those ended in the last 15 minutes, the newest per guest. */
export function trayMigrations(clusterState) {
  const all = Object.values(clusterState?.migrations || {}).sort(newestFirst);
  const now = serverNow();
  const seen = new Set();
  const shown = [];
  for (const m of all) {
    if (seen.has(m.vmid)) continue;
    const ended = Date.parse(m.finished_at || m.created_at || '');
    if (!ACTIVE.has(m.state) && !(now - ended < TRAY_KEEP_MS)) continue;
    seen.add(m.vmid);
    shown.push(m);
  }
  return shown;
}

/** A bar and the facts of one migration's progress. */
export function progressView(m, testidSuffix) {
  const p = m.progress || {};
  const done = m.state === 'completed' || m.state === 'dry_run';
  const percent = done ? 100 : Number.isFinite(p.percent) ? p.percent : 0;
  const fill = el('span', { class: ['bar-fill', m.state === 'failed' ? 'crit' : done ? 'ok' : 'run'] });
  setWidth(fill, percent);
  const details = [];
  if (p.phase) details.push(`phase ${p.phase}`);
  if (Number.isFinite(p.transferred_bytes)) details.push(`${bytes(p.transferred_bytes)}${Number.isFinite(p.total_bytes) ? ` of ${bytes(p.total_bytes)}` : ''}`);
  if (Number.isFinite(p.bytes_per_second) && m.state === 'running') details.push(rate(p.bytes_per_second));
  if (Number.isFinite(m.duration_seconds)) details.push(`took ${duration(m.duration_seconds)}`);
  return el(
    'div',
    { class: 'progress' },
    el(
      'div',
      { class: 'bar-track', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': percent.toFixed(0), 'aria-label': `Progress of ${guestLabel(m)}`, testid: `migration-progress-${testidSuffix}` },
      fill,
    ),
    el('span', { class: 'progress-text', testid: `migration-percent-${testidSuffix}` }, `${percent.toFixed(0)} %`),
    details.length ? el('span', { class: 'muted', testid: `migration-details-${testidSuffix}` }, details.join(' · ')) : null,
  );
}

function stateKind(state) {
  return state === 'completed' ? 'ok' : state === 'failed' ? 'crit' : state === 'cancelled' || state === 'skipped' ? 'warn' : state === 'dry_run' ? 'info' : 'run';
}

/** The state badge of a migration. */
export function stateBadge(m, testid) {
  return badge(m.dry_run && m.state === 'dry_run' ? 'dry run' : m.state, stateKind(m.state), testid);
}

/** The tray: one row per shown migration with its live bar, cancel while running and rollback once completed. */
export function renderTray(ctx) {
  const list = trayMigrations(ctx.clusterState);
  if (!list.length) return null;
  return el(
    'section',
    { class: 'tray', testid: 'migrations-tray', 'aria-label': 'Migrations in progress', 'aria-live': 'polite' },
    list.map((m) =>
      el(
        'div',
        { class: 'tray-row', testid: `migration-${m.vmid}` },
        el(
          'div',
          { class: 'tray-head' },
          el('strong', {}, guestLabel(m)),
          ` ${m.source} → ${m.target} `,
          stateBadge(m, `migration-state-${m.vmid}`),
          m.dry_run ? badge('dry run', 'info') : null,
          el(
            'div',
            { class: 'guest-actions' },
            ctx.operator && ACTIVE.has(m.state)
              ? el('button', { type: 'button', class: 'small danger', testid: `migration-cancel-${m.vmid}`, on: { click: () => cancelMigration(ctx, m) } }, 'Cancel')
              : null,
            ctx.operator && m.state === 'completed' && !m.dry_run
              ? el('button', { type: 'button', class: 'small', testid: `migration-rollback-${m.vmid}`, on: { click: () => rollbackMigration(ctx, m) } }, 'Roll back')
              : null,
          ),
        ),
        progressView(m, m.vmid),
        m.message && ACTIVE.has(m.state) ? el('div', { class: 'muted', testid: `migration-message-${m.vmid}` }, m.message) : null,
        m.error ? el('div', { class: 'error-text', testid: `migration-error-${m.vmid}` }, m.error) : null,
      ),
    ),
  );
}

function sentAt() {
  return new Date(serverNow()).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Cancels a running migration (after confirming). */
export async function cancelMigration(ctx, m) {
  if (!window.confirm(`Cancel the migration of ${guestLabel(m)} (${m.source} → ${m.target})?`)) return;
  try {
    await api.request(ctx.cluster, 'executor', 'cancel', { migration_id: m.id, sent_at: sentAt() });
    toast(`Cancelling ${guestLabel(m)}`);
  } catch (error) {
    toast(api.errorText(error), 'error');
  }
}

/** Moves a completed migration's guest back (after confirming). */
export async function rollbackMigration(ctx, m) {
  if (!window.confirm(`Move ${guestLabel(m)} back from ${m.target} to ${m.source}?`)) return;
  try {
    const reply = await api.request(ctx.cluster, 'executor', 'rollback', { migration_id: m.id, sent_at: sentAt() });
    toast(reply?.result?.conditions || `Rolling back ${guestLabel(m)}`);
  } catch (error) {
    toast(api.errorText(error), 'error');
  }
}

/** Starts the evacuation of a node in maintenance. */
export async function evacuate(ctx, node, dryRun = false) {
  if (!window.confirm(`Evacuate ${node}: move every guest the plan moves off it${dryRun ? ' (dry run)' : ''}?`)) return null;
  try {
    const reply = await api.request(ctx.cluster, 'executor', 'evacuate', { node, dry_run: dryRun, sent_at: sentAt() });
    const result = reply?.result || {};
    toast(`Evacuating ${node}: ${(result.migrations || []).length} moves, ${(result.cannot_move || []).length} cannot move`);
    return result;
  } catch (error) {
    toast(api.errorText(error), 'error');
    return null;
  }
}

/** Asks the executor for an automation run now. */
export async function runAutomation(ctx) {
  try {
    const reply = await api.request(ctx.cluster, 'executor', 'run_automation', { sent_at: sentAt() });
    toast(reply?.result?.summary || 'Automation run requested');
    return reply?.result;
  } catch (error) {
    toast(api.errorText(error), 'error');
    return null;
  }
}

/** Fetches a migration's Proxmox task log; resolves with its text. */
export async function fetchTaskLog(ctx, migrationId) {
  const reply = await api.request(ctx.cluster, 'executor', 'task_log', { migration_id: migrationId });
  const result = reply?.result;
  if (typeof result === 'string') return result;
  if (Array.isArray(result?.lines)) return result.lines.map((line) => (typeof line === 'string' ? line : line?.t ?? JSON.stringify(line))).join('\n');
  if (typeof result?.log === 'string') return result.log;
  if (typeof result?.text === 'string') return result.text;
  return JSON.stringify(result, null, 2);
}

/** Starts a download of `text` as a file. */
export function download(filename, text, type = 'text/plain') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el('a', { href: url, download: filename, hidden: true });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// The migrate dialog --------------------------------------------------------------------------

let dialog = null;

function dialogElement() {
  if (!dialog) {
    dialog = el('dialog', { class: 'dialog', testid: 'migrate-dialog', 'aria-labelledby': 'migrate-title' });
    document.body.appendChild(dialog);
  }
  return dialog;
}

/**
 * Opens the migrate dialog for `guest` ({vmid, name, type, node}); `planTarget` is the plan's
 * target when the plan moves it. Targets come from scoring's migration_options.
 */
export function openMigrate(ctx, guest, planTarget = null) {
  const box = dialogElement();
  clear(box);
  const title = el('h2', { id: 'migrate-title' }, `Migrate ${guestLabel(guest)}`);
  const select = el('select', { id: 'migrate-target', testid: 'migrate-target', required: true });
  if (planTarget) select.appendChild(el('option', { value: planTarget }, `${planTarget} (plan target)`));
  else select.appendChild(el('option', { value: '', disabled: true, selected: true }, 'Loading targets…'));
  const dryRun = el('input', { type: 'checkbox', id: 'migrate-dry-run', testid: 'migrate-dry-run' });
  const summary = el('p', { class: 'confirm-text', testid: 'migrate-summary' });
  const status = el('p', { class: 'error-text', role: 'alert', testid: 'migrate-error' });
  const optionsInfo = el('div', { class: 'muted', testid: 'migrate-options' });
  const confirm = el('button', { type: 'submit', class: 'primary', testid: 'migrate-confirm' }, 'Migrate');
  const cancel = el('button', { type: 'button', testid: 'migrate-cancel', on: { click: () => box.close() } }, 'Cancel');

  const describe = () => {
    const target = select.value;
    confirm.disabled = !target;
    setText(summary, target ? `${guestLabel(guest)} will ${dryRun.checked ? 'be checked (dry run, nothing moves) for a move' : 'move'} from ${guest.node} to ${target}.` : 'Choose a target node.');
  };
  select.addEventListener('change', describe);
  dryRun.addEventListener('change', describe);

  const form = el(
    'form',
    { method: 'dialog', class: 'form', on: { submit: (event) => submit(event) } },
    title,
    el('p', {}, `Now on ${guest.node}.`),
    el('label', { for: 'migrate-target' }, 'Target node'),
    select,
    optionsInfo,
    el('label', { class: 'check' }, dryRun, ' Dry run (validate and record only)'),
    summary,
    status,
    el('div', { class: 'actions' }, cancel, confirm),
  );
  box.appendChild(form);
  describe();
  box.showModal();

  async function submit(event) {
    event.preventDefault();
    const target = select.value;
    if (!target) return;
    confirm.disabled = true;
    setText(status, '');
    try {
      const reply = await api.request(ctx.cluster, 'executor', 'migrate', { vmid: guest.vmid, target, dry_run: dryRun.checked, sent_at: sentAt() });
      box.close();
      toast(reply?.result?.message || `${guestLabel(guest)} queued`);
    } catch (error) {
      setText(status, api.errorText(error));
      confirm.disabled = false;
    }
  }

  api
    .request(ctx.cluster, 'scoring', 'migration_options', { vmid: guest.vmid })
    .then((reply) => {
      const result = reply?.result || {};
      const chosen = select.value;
      clear(select);
      const options = result.options || [];
      if (planTarget && !options.some((o) => o.node === planTarget)) select.appendChild(el('option', { value: planTarget }, `${planTarget} (plan target)`));
      for (const option of options) {
        const label = `${option.node}${option.node === planTarget ? ' (plan target)' : ''} — suitability ${option.suitability?.toFixed?.(1) ?? '–'}, improvement ${option.improvement?.toFixed?.(1) ?? '–'}`;
        select.appendChild(el('option', { value: option.node }, label));
      }
      for (const d of result.disqualified || []) {
        select.appendChild(el('option', { value: d.node, disabled: true }, `${d.node} — not allowed: ${d.detail || d.rule}`));
      }
      if (!select.options.length) select.appendChild(el('option', { value: '', disabled: true, selected: true }, 'No allowed target'));
      select.value = chosen || planTarget || options[0]?.node || '';
      if (result.blocked_by) append(clear(optionsInfo), `This guest may not move: ${result.blocked_by}`);
      describe();
    })
    .catch((error) => {
      if (!planTarget) {
        clear(select);
        select.appendChild(el('option', { value: '', disabled: true, selected: true }, 'No targets known'));
      }
      append(clear(optionsInfo), `Migration options unavailable: ${api.errorText(error)}`);
      describe();
    });
}

/** A migrate button for a guest (nothing for a viewer). */
export function migrateButton(ctx, guest, planTarget = null) {
  if (!ctx.operator) return null;
  return el(
    'button',
    { type: 'button', class: 'small', testid: `migrate-button-${guest.vmid}`, 'aria-label': `Migrate ${guestLabel(guest)}`, on: { click: () => openMigrate(ctx, guest, planTarget) } },
    'Migrate',
  );
}

export { when };
