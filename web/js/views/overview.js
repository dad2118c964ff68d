// Overview: health now → after the plan, quorum, collection age (STALE past 3 intervals),
// every service's availability, and the cluster map (a card per node with its guests), with a
// toggle that shows the cluster as the plan would leave it; maintenance per node.
import * as api from '../api.js';
import { el } from '../dom.js';
import { bytes, duration, guestKind, guestLabel, num, pct } from '../format.js';
import { serverNow } from '../state.js';
import { evacuate, migrateButton, toast } from '../act.js';
import { badge, bar, empty, section } from './common.js';
import { detailsButton, detailsPanel } from './details.js';

/** The parts of a cluster this page shows. */
export const parts = ['*', 'snapshot', 'scores', 'recommendations', 'maintenance', 'availability', 'services', 'connection', 'migrations'];

const ui = { afterPlan: false };

/** Seconds since the snapshot was collected, and whether that is stale (over 3 intervals). */
export function snapshotAge(snapshot, now = serverNow()) {
  const collected = Date.parse(snapshot?.collected_at || '');
  if (Number.isNaN(collected)) return { seconds: NaN, stale: true };
  const seconds = (now - collected) / 1000;
  const interval = snapshot.collection?.interval_seconds || 60;
  return { seconds, stale: seconds > 3 * interval };
}

/** Fills the collection age element (called every second by the app). */
export function refreshAge(node, snapshot) {
  const { seconds, stale } = snapshotAge(snapshot);
  node.textContent = `${duration(seconds)} ago`;
  const staleBadge = node.parentElement?.querySelector('[data-testid="collection-stale"]');
  if (staleBadge) staleBadge.hidden = !stale;
  node.classList.toggle('stale', stale);
}

function availabilityOf(ctx, service) {
  return ctx.clusterState?.availability?.[service] || ctx.state?.services?.[service] || 'unknown';
}

function header(ctx) {
  const c = ctx.clusterState;
  const snapshot = c.snapshot;
  const summary = c.recommendations?.summary;
  const quorum = snapshot?.quorum;
  const age = el('span', { testid: 'collection-age', 'data-age': 'snapshot' });
  if (snapshot) refreshAge(age, snapshot);
  const stale = badge('STALE', 'crit', 'collection-stale');
  stale.hidden = !snapshotAge(snapshot).stale;
  const services = ['collector', 'scoring', 'executor', 'notifier'].map((s) => {
    const value = availabilityOf(ctx, s);
    return el('li', {}, `${s} `, badge(value, value === 'online' ? 'ok' : 'crit', `service-${s}`));
  });
  services.push(el('li', {}, 'broker ', badge(ctx.state.broker_connected === false ? 'disconnected' : 'connected', ctx.state.broker_connected === false ? 'crit' : 'ok', 'service-broker')));
  const before = summary?.cluster_health_before;
  const after = summary?.cluster_health_after;
  return el(
    'div',
    { class: 'summary-grid' },
    el(
      'div',
      { class: 'stat' },
      el('span', { class: 'stat-label' }, 'Cluster health'),
      el('span', { class: 'stat-value', testid: 'cluster-health' }, Number.isFinite(before) ? `${num(before)}${Number.isFinite(after) ? ` → ${num(after)}` : ''}` : '–'),
      el('span', { class: 'muted' }, 'now → after the plan'),
    ),
    el(
      'div',
      { class: 'stat' },
      el('span', { class: 'stat-label' }, 'Quorum'),
      el('span', { class: ['stat-value', quorum?.quorate ? 'ok-text' : 'crit-text'], testid: 'quorum' }, quorum ? `${quorum.quorate ? 'quorate' : 'NO QUORUM'} (${quorum.nodes_online}/${quorum.nodes_total} nodes)` : '–'),
    ),
    el('div', { class: 'stat' }, el('span', { class: 'stat-label' }, 'Last collection'), el('span', { class: 'stat-value' }, age, ' ', stale), el('span', { class: 'muted' }, snapshot ? `cycle ${snapshot.collection?.cycle ?? '–'}, every ${snapshot.collection?.interval_seconds ?? '–'} s` : 'no snapshot yet')),
    el('div', { class: 'stat' }, el('span', { class: 'stat-label' }, 'Services'), el('ul', { class: 'inline-list', testid: 'services' }, services)),
  );
}

function guestRow(ctx, guest, movedFrom) {
  const badges = [badge(guestKind(guest.type), 'kind')];
  badges.push(badge(guest.status, guest.status === 'running' ? 'ok' : 'muted', `guest-status-${guest.vmid}`));
  if (guest.template) badges.push(badge('template', 'muted'));
  if (guest.lock) badges.push(badge(`lock ${guest.lock}`, 'warn'));
  if (guest.ha) badges.push(badge(`HA ${guest.ha.state || ''}`.trim(), 'info', `guest-ha-${guest.vmid}`));
  if (guest.passthrough?.length) badges.push(badge(`passthrough ${guest.passthrough.join(', ')}`, 'warn', `guest-passthrough-${guest.vmid}`));
  for (const mount of guest.bind_mounts || []) badges.push(badge(`bind ${mount.mount_path}${mount.shared ? ' (shared)' : ' (local)'}`, mount.shared ? 'muted' : 'warn', null));
  for (const tag of guest.tags || []) badges.push(badge(tag, 'tag'));
  if (movedFrom) badges.push(badge(`moved from ${movedFrom}`, 'info', `guest-moved-${guest.vmid}`));
  const movable = guest.status === 'running' && !guest.template;
  return el(
    'li',
    { class: ['guest', movedFrom && 'guest-moved'], testid: `guest-${guest.vmid}` },
    el(
      'div',
      { class: 'guest-line' },
      el('span', { class: 'guest-name' }, el('span', { class: 'vmid' }, String(guest.vmid)), ' ', el('span', { testid: `guest-name-${guest.vmid}` }, guest.name || '')),
      el('span', { class: 'guest-load' }, `CPU ${pct(guest.cpu_pct)} · ${bytes(guest.memory_used_bytes)} / ${bytes(guest.memory_max_bytes)}`),
    ),
    el('div', { class: 'guest-foot' }, el('div', { class: 'badges' }, badges), el('div', { class: 'guest-actions' }, detailsButton(ctx, guest), movable && !movedFrom ? migrateButton(ctx, guest, planTargetOf(ctx, guest.vmid)) : null)),
    detailsPanel(ctx, guest),
  );
}

function planTargetOf(ctx, vmid) {
  return (ctx.clusterState.recommendations?.recommendations || []).find((r) => r.vmid === vmid)?.target || null;
}

function maintenanceControls(ctx, node, inMaintenance) {
  const c = ctx.clusterState;
  const id = `maintenance-${node.name}`;
  const toggle = el('input', {
    type: 'checkbox',
    role: 'switch',
    id,
    testid: `maintenance-toggle-${node.name}`,
    checked: inMaintenance,
    disabled: !ctx.operator,
    'aria-checked': inMaintenance ? 'true' : 'false',
    on: {
      change: async (event) => {
        const enabled = event.target.checked;
        event.target.disabled = true;
        try {
          await api.setMaintenance(ctx.cluster, node.name, enabled);
          toast(`${node.name}: maintenance ${enabled ? 'on' : 'off'}`);
        } catch (error) {
          event.target.checked = !enabled;
          toast(api.errorText(error), 'error');
        } finally {
          event.target.disabled = !ctx.operator;
        }
      },
    },
  });
  const parts = [el('label', { class: 'switch', for: id }, toggle, el('span', {}, 'Maintenance'))];
  if (inMaintenance) {
    const plan = c.recommendations;
    const moves = (plan?.recommendations || []).filter((r) => r.kind === 'maintenance_evacuation' && r.source === node.name);
    const stays = (plan?.skipped || []).filter((s) => s.node === node.name);
    const pending = plan && c.maintenance?.updated_at && Date.parse(plan.generated_at) < Date.parse(c.maintenance.updated_at);
    parts.push(
      el(
        'div',
        { class: 'evacuation', testid: `evacuation-${node.name}` },
        el('h4', {}, 'Evacuation plan'),
        pending ? el('p', { class: 'muted' }, 'Waiting for scoring to plan the evacuation…') : null,
        moves.length
          ? el('ul', {}, moves.map((r) => el('li', { testid: `evac-move-${r.vmid}` }, `${guestLabel(r)} → ${r.target}`)))
          : el('p', { class: 'muted' }, 'No guest to move.'),
        stays.length ? el('h4', {}, 'Stays') : null,
        stays.length ? el('ul', {}, stays.map((s) => el('li', { testid: `evac-stays-${s.vmid}` }, String(s.detail || '').startsWith(guestLabel(s)) ? s.detail : `${guestLabel(s)}: ${s.detail || s.reason}`))) : null,
        ctx.operator && moves.length
          ? el('button', { type: 'button', class: 'primary', testid: `evacuate-button-${node.name}`, on: { click: () => evacuate(ctx, node.name) } }, `Evacuate ${node.name}`)
          : null,
      ),
    );
  }
  return el('div', { class: 'maintenance' }, parts);
}

function nodeCard(ctx, node, guests, moved, after) {
  const c = ctx.clusterState;
  const score = (c.scores?.nodes || []).find((n) => n.node === node.name);
  const inMaintenance = (c.maintenance?.nodes || []).includes(node.name);
  const planned = after ? (c.recommendations?.summary?.nodes || []).find((n) => n.node === node.name) : null;
  const cpu = planned ? planned.cpu_pct_after : node.cpu_pct;
  const memory = planned ? planned.memory_pct_after : node.memory_pct;
  const badges = [badge(node.status, node.status === 'online' ? 'ok' : 'crit', `node-status-${node.name}`)];
  if (inMaintenance) badges.push(badge('maintenance', 'warn', `node-maintenance-${node.name}`));
  if (node.ha_maintenance) badges.push(badge('HA maintenance', 'warn', `node-ha-maintenance-${node.name}`));
  return el(
    'article',
    { class: ['node-card', node.status !== 'online' && 'offline'], testid: `node-card-${node.name}`, 'aria-label': `Node ${node.name}` },
    el('header', { class: 'node-head' }, el('h3', {}, node.name), el('div', { class: 'badges' }, badges)),
    bar('CPU', cpu, `node-cpu-${node.name}`),
    bar('Memory', memory, `node-memory-${node.name}`),
    bar('IOWait', node.iowait_pct, `node-iowait-${node.name}`),
    el(
      'p',
      { class: 'node-facts' },
      el('span', { testid: `node-guests-${node.name}` }, `${guests.length} guests`),
      ' · ',
      el('span', { testid: `node-score-${node.name}` }, score ? `score ${num(score.score?.total)}` : 'score –'),
      ' · ',
      el('span', { testid: `node-suitability-${node.name}` }, score ? `suitability ${num(score.score?.suitability)}` : 'suitability –'),
      planned ? el('span', { class: 'muted' }, ` · after plan: score ${num(planned.score_after)}`) : null,
    ),
    maintenanceControls(ctx, node, inMaintenance),
    el('ul', { class: 'guest-list', 'aria-label': `Guests on ${node.name}` }, guests.map((g) => guestRow(ctx, g, moved.get(g.vmid)))),
  );
}

/** The Overview page. */
export function render(ctx) {
  const c = ctx.clusterState;
  const snapshot = c?.snapshot;
  if (!snapshot) return section('Overview', 'overview', empty('No cluster snapshot yet: waiting for the collector.', 'overview-empty'));
  const after = ui.afterPlan;
  const moves = new Map((c.recommendations?.recommendations || []).map((r) => [r.vmid, r]));
  const moved = new Map();
  const byNode = new Map(snapshot.nodes.map((n) => [n.name, []]));
  for (const guest of [...snapshot.guests].sort((a, b) => a.vmid - b.vmid)) {
    let node = guest.node;
    const move = moves.get(guest.vmid);
    if (after && move && move.source === guest.node) {
      node = move.target;
      moved.set(guest.vmid, guest.node);
    }
    if (!byNode.has(node)) byNode.set(node, []);
    byNode.get(node).push(guest);
  }
  const toggle = el('input', {
    type: 'checkbox',
    role: 'switch',
    id: 'after-plan',
    testid: 'after-plan-toggle',
    checked: after,
    on: {
      change: (event) => {
        ui.afterPlan = event.target.checked;
        ctx.rerender();
      },
    },
  });
  return el(
    'div',
    { class: 'page', testid: 'overview' },
    section('Cluster', 'cluster-summary', header(ctx), c.recommendations?.message ? el('p', { class: 'plan-message', testid: 'plan-message' }, c.recommendations.message) : null),
    el(
      'section',
      { class: 'panel', 'aria-label': 'Cluster map' },
      el('div', { class: 'panel-head' }, el('h2', {}, after ? 'Cluster map — after the plan' : 'Cluster map'), el('label', { class: 'switch', for: 'after-plan' }, toggle, el('span', {}, 'After plan'))),
      el('div', { class: 'node-grid', testid: 'cluster-map' }, snapshot.nodes.map((n) => nodeCard(ctx, n, byNode.get(n.name) || [], moved, after))),
    ),
  );
}
