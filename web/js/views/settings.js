// Settings pages for scoring, executor and notifier, generated from their settings JSON.
import * as api from '../api.js';
import { el, setText } from '../dom.js';
import { settingsForm } from './settingsform.js';
import { section } from './common.js';

/** The parts this page shows. */
export const parts = ['*', 'settings', 'notifier_settings'];

/** The notifier settings that serve the cluster: its own notifier's, else the bus-wide one's. */
export function notifierSettings(ctx) {
  return ctx.clusterState?.settings?.notifier || ctx.state?.notifier_settings || null;
}

function testButton(ctx, path, destination) {
  if (!ctx.operator || !destination?.id) return null;
  const result = el('span', { class: 'muted', role: 'status', testid: `notifier-test-result-${destination.id}` });
  const button = el('button', {
    type: 'button',
    class: 'small',
    testid: `notifier-test-${destination.id}`,
    on: {
      click: async () => {
        button.disabled = true;
        setText(result, 'Sending a test message…');
        try {
          const reply = await api.request(ctx.cluster, 'notifier', 'test', { destination: destination.id });
          const r = reply?.result || {};
          setText(result, `${r.outcome || 'sent'}${r.status ? ` (HTTP ${r.status})` : ''}${r.message ? `: ${r.message}` : ''}`);
        } catch (error) {
          setText(result, api.errorText(error));
        } finally {
          button.disabled = false;
        }
      },
    },
  }, `Send test to ${destination.id}`);
  return el('div', { class: 'actions' }, button, result);
}

function statusPanel(ctx) {
  const out = el('div', { testid: 'notifier-status-result' });
  const button = el('button', {
    type: 'button',
    class: 'small secondary',
    testid: 'notifier-status',
    on: {
      click: async () => {
        setText(out, 'Asking the notifier…');
        try {
          const reply = await api.request(ctx.cluster, 'notifier', 'status', {});
          const rows = (reply?.result?.destinations || []).map((d) => `${d.id} (${d.kind}): ${d.enabled ? 'enabled' : `disabled${d.disabled_reason ? ` — ${d.disabled_reason}` : ''}`}, ${d.pending ?? 0} pending, ${d.delivered ?? 0} delivered, ${d.dead ?? 0} given up`);
          setText(out, rows.length ? rows.join('\n') : 'No destination.');
        } catch (error) {
          setText(out, api.errorText(error));
        }
      },
    },
  }, 'Delivery status');
  return el('div', { class: 'status-panel' }, button, out);
}

/** A settings page for `service`. */
export function render(ctx, service) {
  if (service === 'notifier') {
    const settings = notifierSettings(ctx);
    return el(
      'div',
      { class: 'page', testid: 'settings-notifier' },
      section(
        'Notifier settings',
        null,
        el('p', { class: 'muted' }, 'URLs, tokens and header values are shown redacted; a redacted value sent back unchanged keeps the stored secret.'),
        settingsForm(ctx, { service, settings, extras: (path, item) => (path[0] === 'destinations' ? testButton(ctx, path, item) : null) }),
        statusPanel(ctx),
      ),
    );
  }
  const settings = ctx.clusterState?.settings?.[service];
  const title = service === 'scoring' ? 'Scoring settings' : 'Executor settings';
  return el('div', { class: 'page', testid: `settings-${service}` }, section(title, null, settingsForm(ctx, { service, settings })));
}
