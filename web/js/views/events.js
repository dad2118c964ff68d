// The live events feed: every BusEvent of the cluster, newest first.
import { el } from '../dom.js';
import { when } from '../format.js';
import { badge, empty, section } from './common.js';

/** The parts this page shows. */
export const parts = ['*', 'events'];

const ui = { severity: '' };
const RANK = { info: 0, warning: 1, critical: 2 };

/** The Events page. */
export function render(ctx) {
  const events = [...(ctx.clusterState?.events || [])].reverse().filter((e) => !ui.severity || (RANK[e.severity] ?? 0) >= RANK[ui.severity]);
  const filter = el(
    'div',
    { class: 'field inline' },
    el('label', { for: 'events-severity' }, 'At least'),
    el('select', { id: 'events-severity', testid: 'events-severity', on: { change: (e) => ((ui.severity = e.target.value), ctx.rerender()) } }, [['', 'any severity'], ['warning', 'warning'], ['critical', 'critical']].map(([v, t]) => el('option', { value: v, selected: ui.severity === v }, t))),
  );
  return el(
    'div',
    { class: 'page', testid: 'events' },
    section(
      'Events',
      null,
      filter,
      events.length
        ? el(
            'ol',
            { class: 'events-feed', testid: 'events-feed', 'aria-live': 'polite' },
            events.map((e) =>
              el(
                'li',
                { class: `event sev-${e.severity}`, testid: `event-${e.id}` },
                el('div', {}, badge(e.severity, e.severity === 'critical' ? 'crit' : e.severity === 'warning' ? 'warn' : 'info'), ' ', badge(`${e.category}.${e.kind}`, 'muted'), ' ', el('strong', {}, e.title || ''), el('span', { class: 'muted' }, ` ${when(e.at)}`)),
                e.message ? el('p', {}, e.message) : null,
              ),
            ),
          )
        : empty('No event yet.', 'events-empty'),
    ),
  );
}
