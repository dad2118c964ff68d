// Recommendations: the plan's summary and advisories, one card per move in plan order, and the
// guests that stay with their reasons.
import { el } from '../dom.js';
import { guestLabel, humanize, num, when } from '../format.js';
import { migrateButton, toast } from '../act.js';
import { badge, confidence, empty, risk, section, table } from './common.js';
import { detailsButton, detailsPanel } from './details.js';

/** The parts of a cluster this page shows. */
export const parts = ['*', 'recommendations', 'connection', 'migrations'];

function scoreRow(label, before, after) {
  const arrow = (a, b) => `${num(a)} → ${num(b)}`;
  return [label, arrow(before?.total, after?.total), arrow(before?.cpu_pct, after?.cpu_pct), arrow(before?.memory_pct, after?.memory_pct)];
}

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    const selection = window.getSelection();
    const range = document.createRange();
    range.selectNodeContents(button.previousElementSibling);
    selection.removeAllRanges();
    selection.addRange(range);
    toast('Press Ctrl+C to copy the selected command');
  }
}

function card(ctx, r, changes) {
  const badges = [badge(`step ${r.step}`, 'muted'), badge(humanize(r.kind), r.kind === 'maintenance_evacuation' ? 'warn' : 'info'), badge(`urgency ${r.urgency}`, r.urgency === 'critical' || r.urgency === 'high' ? 'crit' : 'warn')];
  if ((changes?.added || []).includes(r.vmid)) badges.push(badge('NEW', 'new', `rec-new-${r.vmid}`));
  const retargeted = (changes?.retargeted || []).find((x) => x.vmid === r.vmid);
  if (retargeted) badges.push(badge(`TARGET CHANGED (was ${retargeted.from})`, 'warn', `rec-retargeted-${r.vmid}`));
  if (r.ha_managed) badges.push(badge('HA', 'info'));
  const factors = r.reason?.contributing_factors || [];
  const command = el('code', { testid: `rec-command-${r.vmid}` }, r.command || '');
  const copyButton = el('button', { type: 'button', class: 'small secondary', testid: `rec-copy-${r.vmid}`, 'aria-label': `Copy the command for ${guestLabel(r)}` }, 'Copy');
  copyButton.addEventListener('click', () => copy(r.command || '', copyButton));
  return el(
    'article',
    { class: 'rec-card', testid: `rec-card-${r.vmid}`, 'aria-label': `Move ${guestLabel(r)}` },
    el('header', { class: 'rec-head' }, el('h3', {}, guestLabel(r), ' ', el('span', { class: 'route' }, `${r.source} → ${r.target}`)), el('div', { class: 'badges' }, badges)),
    el('p', { class: 'rec-reason', testid: `rec-reason-${r.vmid}` }, el('strong', {}, r.reason?.primary_label || humanize(r.reason?.primary_reason)), ': ', r.reason?.summary || ''),
    factors.length ? el('ul', { class: 'factors', testid: `rec-factors-${r.vmid}` }, factors.map((f) => el('li', { class: `weight-${f.weight}` }, f.label, ' ', badge(f.weight, 'muted')))) : null,
    el('div', { class: 'badges' }, confidence(r.confidence, `rec-confidence-${r.vmid}`), risk(r.risk?.level, r.risk?.score, `rec-risk-${r.vmid}`), badge(`improvement ${num(r.score_improvement)}`, 'muted')),
    (r.risk?.notes || []).length ? el('ul', { class: 'notes' }, r.risk.notes.map((n) => el('li', {}, n))) : null,
    table(['node', 'score', 'CPU %', 'memory %'], [scoreRow(`${r.source} (source)`, r.source_before, r.source_after), scoreRow(`${r.target} (target)`, r.target_before, r.target_after)], `rec-scores-${r.vmid}`, 'Before → after (score: lower is better)'),
    el('p', { class: 'muted', testid: `rec-depends-${r.vmid}` }, (r.depends_on || []).length ? `Depends on step ${r.depends_on.join(', ')}` : 'No dependencies'),
    el('div', { class: 'command' }, command, copyButton),
    el('div', { class: 'guest-actions' }, detailsButton(ctx, r), migrateButton(ctx, { vmid: r.vmid, name: r.name, type: r.type, node: r.source }, r.target)),
    detailsPanel(ctx, r),
  );
}

function skippedItem(ctx, s) {
  return el(
    'li',
    { class: 'skipped', testid: `skipped-${s.vmid}` },
    el('div', { class: 'guest-foot' }, el('div', {}, el('strong', {}, guestLabel(s)), ` on ${s.node}: `, badge(humanize(s.reason), 'muted', `skipped-reason-${s.vmid}`), ' ', s.detail || ''), el('div', { class: 'guest-actions' }, detailsButton(ctx, s))),
    (s.disqualified || []).length ? el('ul', { class: 'disqualified' }, s.disqualified.map((d) => el('li', {}, `${d.node}: ${d.detail || d.rule}`))) : null,
    detailsPanel(ctx, s),
  );
}

/** The Recommendations page. */
export function render(ctx) {
  const plan = ctx.clusterState?.recommendations;
  if (!plan) return section('Recommendations', 'recommendations', empty('No plan yet: waiting for scoring.'));
  const s = plan.summary || {};
  const advisories = s.advisories || [];
  return el(
    'div',
    { class: 'page', testid: 'recommendations' },
    section(
      'Plan',
      'plan-summary',
      el('p', { class: 'plan-message', testid: 'plan-status' }, badge(plan.status, plan.status === 'recommendations' ? 'warn' : plan.status === 'balanced' ? 'ok' : 'muted'), ' ', plan.message || ''),
      el(
        'ul',
        { class: 'inline-list' },
        el('li', {}, `urgency ${s.urgency ?? '–'}`),
        el('li', {}, `${s.moves ?? 0} moves`),
        el('li', {}, `health ${num(s.cluster_health_before)} → ${num(s.cluster_health_after)}`),
        el('li', {}, `CPU spread ${num(s.cpu_spread_before)} → ${num(s.cpu_spread_after)}`),
        el('li', {}, `max CPU ${num(s.max_cpu_pct_before)} % → ${num(s.max_cpu_pct_after)} %`),
        el('li', {}, `generated ${when(plan.generated_at)}`),
      ),
      advisories.length
        ? el('ul', { class: 'advisories', testid: 'advisories' }, advisories.map((a) => el('li', { class: `sev-${a.severity}` }, badge(a.severity || 'info', a.severity === 'critical' ? 'crit' : 'warn'), ' ', a.message || a.title || humanize(a.kind))))
        : null,
    ),
    el('section', { class: 'panel', 'aria-label': 'Moves' }, el('h2', {}, 'Moves in plan order'), (plan.recommendations || []).length ? el('div', { class: 'rec-list' }, plan.recommendations.map((r) => card(ctx, r, plan.changes))) : empty('Nothing to move.', 'no-moves')),
    section('Not recommended', 'skipped-list', (plan.skipped || []).length ? el('ul', { class: 'skipped-list' }, plan.skipped.map((x) => skippedItem(ctx, x))) : empty('Every guest is considered.')),
  );
}
