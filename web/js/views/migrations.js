// Migrations: every migration the executor keeps on the bus, newest first, with live
// progress, cancel, rollback and the Proxmox task log.
import { el } from '../dom.js';
import { guestLabel, when } from '../format.js';
import { cancelMigration, progressView, rollbackMigration, stateBadge } from '../act.js';
import { empty, section } from './common.js';
import { taskLogControls, taskLogPanel } from './history.js';

/** The parts this page shows. */
export const parts = ['*', 'migrations'];

const ACTIVE = new Set(['queued', 'validating', 'running']);

/** The Migrations page. */
export function render(ctx) {
  const all = Object.values(ctx.clusterState?.migrations || {}).sort((a, b) => String(b.created_at || '').localeCompare(String(a.created_at || '')));
  return el(
    'div',
    { class: 'page', testid: 'migrations' },
    section(
      'Migrations',
      null,
      all.length
        ? el(
            'ul',
            { class: 'migration-list' },
            all.map((m) =>
              el(
                'li',
                { class: 'migration-row', testid: `migration-row-${m.id}` },
                el('div', { class: 'tray-head' }, el('strong', {}, guestLabel(m)), ` ${m.source} → ${m.target} `, stateBadge(m, `migration-row-state-${m.id}`), el('span', { class: 'muted' }, ` ${m.origin || ''}${m.requested_by ? ` by ${m.requested_by}` : ''} · ${when(m.created_at)} · ${m.id}`)),
                progressView(m, m.id),
                m.message ? el('div', { class: 'muted' }, m.message) : null,
                m.error ? el('div', { class: 'error-text' }, m.error) : null,
                (m.validation?.checks || []).some((c) => !c.passed) ? el('ul', { class: 'notes' }, m.validation.checks.filter((c) => !c.passed).map((c) => el('li', {}, `${c.name}: ${c.detail}`))) : null,
                el(
                  'div',
                  { class: 'guest-actions' },
                  ctx.operator && ACTIVE.has(m.state) ? el('button', { type: 'button', class: 'small danger', testid: `cancel-button-${m.id}`, on: { click: () => cancelMigration(ctx, m) } }, 'Cancel') : null,
                  ctx.operator && m.state === 'completed' && !m.dry_run ? el('button', { type: 'button', class: 'small', testid: `rollback-${m.id}`, on: { click: () => rollbackMigration(ctx, m) } }, 'Roll back') : null,
                  taskLogControls(ctx, m),
                ),
                taskLogPanel(m),
              ),
            ),
          )
        : empty('No migration on the bus.', 'migrations-empty'),
    ),
  );
}
