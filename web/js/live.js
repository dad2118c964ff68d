// The live stream: an EventSource on /api/events (`state`, then `update` events). While it is
// down a "reconnecting…" banner shows; it reconnects by itself, backing off up to 10 s, after a
// network drop or a restart of the server. Before each new attempt it asks /api/session: a 401
// means the session is gone (the server restarted without it, or it expired) and the login
// screen shows instead.
import { ApiError, checkSession } from './api.js';
import { applyUpdate, setState, touch } from './state.js';

let source = null;
let retryTimer = null;
let attempt = 0;
let connected = false;
let reconnecting = false;
let running = false;
let onSessionLost = () => {};
const statusListeners = new Set();

/** Whether the stream is up (a `state` event arrived on the current connection). */
export function isConnected() {
  return connected;
}

/** Whether the stream failed and is being reopened (the banner shows then). */
export function isReconnecting() {
  return running && reconnecting;
}

/** Calls `listener(connected)` when the stream goes up or down. */
export function onConnectionChange(listener) {
  statusListeners.add(listener);
}

function setConnected(value) {
  const wasReconnecting = reconnecting;
  reconnecting = !value;
  if (connected === value && wasReconnecting === reconnecting) return;
  connected = value;
  for (const listener of statusListeners) listener(value);
  touch('connection');
}

/** Opens the stream; `sessionLost` is called when the server no longer knows the session. */
export function startLive(sessionLost) {
  onSessionLost = sessionLost || onSessionLost;
  running = true;
  attempt = 0;
  open();
}

/** Closes the stream (logout). */
export function stopLive() {
  running = false;
  clearTimeout(retryTimer);
  retryTimer = null;
  if (source) source.close();
  source = null;
  connected = false;
  reconnecting = false;
}

function open() {
  if (!running) return;
  if (source) source.close();
  const stream = new EventSource('/api/events', { withCredentials: true });
  source = stream;
  stream.addEventListener('state', (event) => {
    if (stream !== source) return;
    try {
      setState(JSON.parse(event.data));
    } catch (error) {
      console.error('bad state event', error);
      return;
    }
    attempt = 0;
    setConnected(true);
  });
  stream.addEventListener('update', (event) => {
    if (stream !== source) return;
    try {
      applyUpdate(JSON.parse(event.data));
    } catch (error) {
      console.error('bad update event', error);
    }
  });
  stream.addEventListener('error', () => {
    if (stream !== source) return;
    // Take over from EventSource's own retry: a restarted server may answer 401 or 503, which
    // EventSource would give up on; we check the session and open a new stream.
    stream.close();
    source = null;
    setConnected(false);
    scheduleRetry();
  });
}

function scheduleRetry() {
  if (!running) return;
  clearTimeout(retryTimer);
  const delay = Math.min(10000, 500 * 2 ** Math.min(attempt, 5));
  attempt += 1;
  retryTimer = setTimeout(retry, delay);
}

async function retry() {
  retryTimer = null;
  if (!running) return;
  try {
    await checkSession();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      stopLive();
      onSessionLost();
      return;
    }
    scheduleRetry();
    return;
  }
  open();
}
