// Per guest "details": scoring's `why` answer and `migration_options` (every node's
// suitability, why a node is disqualified), fetched on demand and kept while the page lives.
import * as api from '../api.js';
import { el } from '../dom.js';
import { guestLabel, num } from '../format.js';
import { table } from './common.js';

const cache = new Map();

function key(ctx, vmid) {
  return `${ctx.cluster}/${vmid}`;
}

async function load(ctx, guest) {
  const entry = { loading: true };
  cache.set(key(ctx, guest.vmid), entry);
  ctx.rerender();
  const [why, options] = await Promise.allSettled([
    api.request(ctx.cluster, 'scoring', 'why', { vmid: guest.vmid }),
    api.request(ctx.cluster, 'scoring', 'migration_options', { vmid: guest.vmid }),
  ]);
  entry.loading = false;
  entry.why = why.status === 'fulfilled' ? why.value?.result : null;
  entry.whyError = why.status === 'rejected' ? api.errorText(why.reason) : null;
  entry.options = options.status === 'fulfilled' ? options.value?.result : null;
  entry.optionsError = options.status === 'rejected' ? api.errorText(options.reason) : null;
  ctx.rerender();
}

/** The "Details" button for `guest` ({vmid, name, type}). */
export function detailsButton(ctx, guest) {
  const open = cache.has(key(ctx, guest.vmid));
  return el(
    'button',
    {
      type: 'button',
      class: 'small secondary',
      testid: `details-button-${guest.vmid}`,
      'aria-expanded': open ? 'true' : 'false',
      'aria-controls': `details-${guest.vmid}`,
      'aria-label': `Details of ${guestLabel(guest)}`,
      on: {
        click: () => {
          if (cache.has(key(ctx, guest.vmid))) {
            cache.delete(key(ctx, guest.vmid));
            ctx.rerender();
          } else {
            load(ctx, guest);
          }
        },
      },
    },
    open ? 'Hide details' : 'Details',
  );
}

/** The details panel when open (else null). */
export function detailsPanel(ctx, guest) {
  const entry = cache.get(key(ctx, guest.vmid));
  if (!entry) return null;
  if (entry.loading) return el('div', { class: 'details', id: `details-${guest.vmid}`, testid: `details-${guest.vmid}` }, 'Asking scoring…');
  const options = entry.options;
  return el(
    'div',
    { class: 'details', id: `details-${guest.vmid}`, testid: `details-${guest.vmid}` },
    el('h3', {}, 'Why'),
    el('p', { testid: `why-${guest.vmid}` }, entry.why?.answer || entry.whyError || '–'),
    el('h3', {}, 'Migration options'),
    entry.optionsError ? el('p', { class: 'error-text' }, entry.optionsError) : null,
    options?.blocked_by ? el('p', { class: 'warn-text' }, `May not move: ${options.blocked_by}`) : null,
    options
      ? table(
          ['node', 'suitability', 'score', 'improvement', 'verdict'],
          [
            ...(options.options || []).map((o) => [o.node, num(o.suitability), num(o.score?.total), num(o.improvement), 'allowed']),
            ...(options.disqualified || []).map((d) => [d.node, '–', '–', '–', `${d.rule}: ${d.detail}`]),
          ],
          `options-${guest.vmid}`,
        )
      : null,
  );
}
