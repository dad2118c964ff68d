// ProxBalance web console: the shell, hash routing and the render loop.
//
// Stable data-testid attributes (for the browser tests). <node> is a node name, <vmid> a guest
// id, <id> a migration id, <service> scoring | executor | notifier, <path> a settings key path
// as the service names it (e.g. penalties.cpu_threshold, migration_windows[0].start).
//
//   Shell:        reconnecting-banner, broker-banner, cluster-select, user-name, logout-button,
//                 nav-<page> (overview, recommendations, migrations, automation, history,
//                 trends, events, settings-scoring, settings-executor, settings-notifier), toast
//   Login:        login-form, login-username, login-password, login-submit, login-error
//   Overview:     overview, cluster-summary, cluster-health, quorum, collection-age,
//                 collection-stale, services, service-<collector|scoring|executor|notifier|broker>,
//                 plan-message, after-plan-toggle, cluster-map,
//                 node-card-<node>, node-status-<node>, node-maintenance-<node>,
//                 node-ha-maintenance-<node>, node-cpu-<node> ("83.1 %"), node-memory-<node>,
//                 node-iowait-<node>, node-guests-<node> ("7 guests"), node-score-<node>,
//                 node-suitability-<node>, maintenance-toggle-<node>, evacuation-<node>,
//                 evac-move-<vmid>, evac-stays-<vmid>, evacuate-button-<node>,
//                 guest-<vmid>, guest-name-<vmid>, guest-status-<vmid>, guest-ha-<vmid>,
//                 guest-passthrough-<vmid>, guest-moved-<vmid>
//   Guest actions (Overview and Recommendations): migrate-button-<vmid>,
//                 details-button-<vmid>, details-<vmid>, why-<vmid>, options-<vmid>
//   Migrate dialog: migrate-dialog, migrate-target, migrate-options, migrate-dry-run,
//                 migrate-summary, migrate-error, migrate-confirm, migrate-cancel
//   Tray (every page): migrations-tray, migration-<vmid>, migration-progress-<vmid>
//                 (role progressbar, aria-valuenow), migration-percent-<vmid>,
//                 migration-details-<vmid>, migration-state-<vmid> (queued, validating,
//                 running, completed, failed, cancelled, skipped, dry run),
//                 migration-message-<vmid>, migration-error-<vmid>, migration-cancel-<vmid>,
//                 migration-rollback-<vmid>
//   Recommendations: recommendations, plan-summary, plan-status, advisories, no-moves,
//                 rec-card-<vmid>, rec-reason-<vmid>, rec-factors-<vmid>, rec-confidence-<vmid>,
//                 rec-risk-<vmid>, rec-scores-<vmid>, rec-depends-<vmid>, rec-command-<vmid>,
//                 rec-copy-<vmid>, rec-new-<vmid>, rec-retargeted-<vmid>, skipped-list,
//                 skipped-<vmid>, skipped-reason-<vmid>
//   Migrations:   migrations, migrations-empty, migration-row-<id>, migration-row-state-<id>,
//                 migration-progress-<id>, cancel-button-<id>, rollback-<id>,
//                 tasklog-button-<id>, tasklog-<id>, tasklog-download-<id>
//   Automation:   automation, automation-enabled, automation-dry-run, automation-run-now,
//                 automation-last-run, automation-status, automation-summary,
//                 automation-candidates, candidate-<vmid>, candidate-action-<vmid>,
//                 settings-form-automation-windows, settings-form-automation-limits
//   Settings:     settings-<service>, settings-form-<service>, setting-<service>-<path>,
//                 setting-error-<service>-<path>, setting-group-<service>-<path>,
//                 setting-item-<service>-<path>[<i>], setting-add-<service>-<path>,
//                 setting-remove-<service>-<path>[<i>], settings-save-<form>,
//                 settings-reset-<form>, settings-status-<form>, settings-error-<form>,
//                 notifier-test-<destination>, notifier-test-result-<destination>,
//                 notifier-status, notifier-status-result
//   History:      history, history-filters, history-vmid, history-node, history-state,
//                 history-origin, history-from, history-to, history-limit, history-submit,
//                 history-csv, history-json, history-table, history-row-<id>,
//                 history-state-<id>, history-error, history-empty, rollback-button-<id>,
//                 outcomes, outcomes-checkpoints, outcomes-recent, node-charts, chart-<node>
//   Trends:       trends, trends-controls, trends-subject (node:<node> | guest:<vmid>),
//                 trends-window, trends-metric, trends-csv, trends-csv-error, trends-metric-panel
//                 (data-window: the window of the series shown), trends-metric-chart,
//                 trends-metric-chart-svg (data-points), trends-metric-chart-line-<metric>,
//                 trends-metric-chart-band, trends-metric-chart-threshold, trends-evidence,
//                 trends-empty, trends-error, trends-loading, trends-scores, trends-score-chart,
//                 trends-score-chart-line-<series>, trends-score-note, trends-score-empty,
//                 trends-score-error
//   Events:       events, events-severity, events-feed, event-<id>, events-empty
import * as api from './js/api.js';
import { append, byTestId, clear, el } from './js/dom.js';
import { isReconnecting, onConnectionChange, startLive, stopLive } from './js/live.js';
import { getState, subscribe } from './js/state.js';
import { renderTray } from './js/act.js';
import * as automation from './js/views/automation.js';
import * as events from './js/views/events.js';
import * as history from './js/views/history.js';
import * as login from './js/views/login.js';
import * as migrations from './js/views/migrations.js';
import * as overview from './js/views/overview.js';
import * as recommendations from './js/views/recommendations.js';
import * as settings from './js/views/settings.js';
import * as trends from './js/views/trends.js';

const PAGES = [
  { route: 'overview', title: 'Overview', view: overview },
  { route: 'recommendations', title: 'Recommendations', view: recommendations },
  { route: 'migrations', title: 'Migrations', view: migrations },
  { route: 'automation', title: 'Automation', view: automation },
  { route: 'history', title: 'History', view: history },
  { route: 'trends', title: 'Trends', view: trends },
  { route: 'events', title: 'Events', view: events },
  { route: 'settings/scoring', title: 'Scoring settings', view: settings, arg: 'scoring', short: 'Scoring' },
  { route: 'settings/executor', title: 'Executor settings', view: settings, arg: 'executor', short: 'Executor' },
  { route: 'settings/notifier', title: 'Notifier settings', view: settings, arg: 'notifier', short: 'Notifier' },
];

const root = document.getElementById('root');
const banner = document.getElementById('reconnecting-banner');
let screen = 'loading';
let renderPending = false;
let lastPage = null;
let loginMessage = '';

function currentPage() {
  const route = location.hash.replace(/^#\/?/, '');
  return PAGES.find((p) => p.route === route) || PAGES[0];
}

function chosenCluster(state) {
  const names = Object.keys(state?.clusters || {}).sort();
  const stored = localStorage.getItem('pb-cluster');
  return names.includes(stored) ? stored : names[0] || null;
}

function context() {
  const state = getState() || { clusters: {} };
  const cluster = chosenCluster(state);
  return {
    state,
    cluster,
    clusterState: cluster ? state.clusters[cluster] : null,
    operator: api.canOperate(),
    rerender: scheduleRender,
  };
}

function header(ctx, page) {
  const session = api.currentSession();
  const names = Object.keys(ctx.state.clusters || {}).sort();
  const nav = el(
    'nav',
    { 'aria-label': 'Pages' },
    el(
      'ul',
      {},
      PAGES.map((p) =>
        el('li', {}, el('a', { href: `#/${p.route}`, testid: `nav-${p.route.replace('/', '-')}`, 'aria-current': p === page ? 'page' : null }, p.short || p.title)),
      ),
    ),
  );
  const select =
    names.length > 1
      ? el(
          'label',
          { class: 'cluster-select' },
          'Cluster ',
          el(
            'select',
            {
              testid: 'cluster-select',
              on: {
                change: (e) => {
                  localStorage.setItem('pb-cluster', e.target.value);
                  scheduleRender();
                },
              },
            },
            names.map((n) => el('option', { value: n, selected: n === ctx.cluster }, n)),
          ),
        )
      : el('span', { class: 'cluster-name', testid: 'cluster-name' }, ctx.cluster || '');
  return el(
    'header',
    { class: 'topbar' },
    el('div', { class: 'brand' }, el('span', { class: 'logo', 'aria-hidden': 'true' }, '⚖'), ' ProxBalance'),
    select,
    nav,
    el(
      'div',
      { class: 'user' },
      el('span', { testid: 'user-name' }, session ? `${session.user} (${session.role})` : ''),
      el('button', { type: 'button', class: 'small secondary', testid: 'logout-button', on: { click: logout } }, 'Log out'),
    ),
  );
}

function rememberFocus() {
  const active = document.activeElement;
  const id = active?.getAttribute?.('data-testid');
  if (!id) return null;
  let selection = null;
  try {
    if (typeof active.selectionStart === 'number') selection = [active.selectionStart, active.selectionEnd];
  } catch {
    selection = null;
  }
  return { id, selection };
}

function restoreFocus(saved) {
  if (!saved) return;
  const target = byTestId(saved.id);
  if (!target) return;
  target.focus({ preventScroll: true });
  if (saved.selection) {
    try {
      target.setSelectionRange(...saved.selection);
    } catch {
      /* not a text field */
    }
  }
}

function render() {
  renderPending = false;
  banner.hidden = !(screen === 'app' && isReconnecting());
  if (screen === 'login') {
    if (!root.querySelector('[data-testid="login-form"]')) {
      clear(root);
      append(root, login.render(loggedIn, loginMessage));
      document.title = 'Log in — ProxBalance';
    }
    return;
  }
  if (screen !== 'app') return;
  const ctx = context();
  const page = currentPage();
  const saved = rememberFocus();
  const scrollY = window.scrollY;
  clear(root);
  const brokerDown = ctx.state.broker_connected === false;
  append(
    root,
    header(ctx, page),
    brokerDown ? el('div', { class: 'banner banner-warn', role: 'alert', testid: 'broker-banner' }, 'The console has lost the MQTT broker: what you see may be out of date.') : null,
    el(
      'main',
      { id: 'main', tabindex: -1 },
      renderTray(ctx),
      getState() ? (ctx.clusterState || page.arg === 'notifier' ? page.view.render(ctx, page.arg) : el('p', { class: 'empty' }, 'No cluster on the bus yet.')) : el('p', { class: 'empty', testid: 'loading' }, 'Loading…'),
    ),
  );
  document.title = `${page.title} — ProxBalance`;
  if (page !== lastPage) {
    lastPage = page;
    page.view.enter?.(ctx);
  } else {
    window.scrollTo(0, scrollY);
  }
  restoreFocus(saved);
}

function scheduleRender() {
  if (renderPending) return;
  renderPending = true;
  setTimeout(render, 16);
}

function relevant(parts) {
  if (parts.includes('*') || parts.includes('connection') || parts.includes('migrations') || parts.includes('services') || parts.includes('broker_connected')) return true;
  const page = currentPage();
  return parts.some((p) => page.view.parts?.includes(p));
}

function loggedIn(session) {
  screen = 'app';
  loginMessage = '';
  clear(root);
  scheduleRender();
  startLive(sessionLost);
  return session;
}

function sessionLost() {
  stopLive();
  screen = 'login';
  loginMessage = 'Your session has ended: please log in again.';
  clear(root);
  scheduleRender();
}

async function logout() {
  stopLive();
  await api.logout().catch(() => {});
  screen = 'login';
  loginMessage = '';
  clear(root);
  scheduleRender();
}

function tick() {
  const snapshot = context().clusterState?.snapshot;
  for (const node of document.querySelectorAll('[data-age="snapshot"]')) if (snapshot) overview.refreshAge(node, snapshot);
}

async function start() {
  subscribe((parts) => {
    if (relevant(parts)) scheduleRender();
  });
  onConnectionChange(() => scheduleRender());
  api.onUnauthenticated(() => {
    if (screen === 'app') sessionLost();
  });
  window.addEventListener('hashchange', () => {
    scheduleRender();
    window.scrollTo(0, 0);
  });
  setInterval(tick, 1000);
  try {
    await api.checkSession();
    loggedIn();
  } catch (error) {
    screen = 'login';
    loginMessage = error.status === 401 || !error.status ? '' : api.errorText(error);
    scheduleRender();
  }
}

start();
