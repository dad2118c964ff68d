// The console's copy of ConsoleState and the merge of ConsoleUpdate messages into it.

let state = null;
let clockOffsetMs = 0;
const listeners = new Set();

/** The current ConsoleState (null before the first). */
export function getState() {
  return state;
}

/** Calls `listener(parts)` after every change; `parts` is the list of changed part names ('*' for all). */
export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(parts) {
  for (const listener of listeners) listener(parts);
}

/** Milliseconds to add to the browser's clock to get the server's. */
export function serverNow() {
  return Date.now() + clockOffsetMs;
}

/** Replaces the whole state (the `state` event). */
export function setState(next) {
  state = next || null;
  if (state?.server_time) {
    const server = Date.parse(state.server_time);
    if (!Number.isNaN(server)) clockOffsetMs = server - Date.now();
  }
  notify(['*']);
}

/** Events kept per cluster, newest last. */
export const MAX_EVENTS = 200;

/**
 * Merges one ConsoleUpdate into `target` (a ConsoleState) and returns the changed part's
 * name. `part` is a top-level key of the cluster (`snapshot`, `recommendations`, …), a
 * dotted `settings.<service>` / `availability.<service>` / `migrations.<id>` (value null:
 * removed), or `events` (value: one new event); without `cluster`, a bus-wide part
 * (`services.<service>`, `notifier_settings`).
 */
export function mergeUpdate(target, update) {
  const part = String(update?.part || '');
  if (!part) return null;
  const value = update.value === undefined ? null : update.value;
  let container;
  if (update.cluster) {
    target.clusters ||= {};
    container = target.clusters[update.cluster] ||= {};
  } else {
    container = target;
  }
  if (update.cluster && part === 'events') {
    const events = (container.events ||= []);
    if (value !== null) events.push(value);
    if (events.length > MAX_EVENTS) events.splice(0, events.length - MAX_EVENTS);
    return part;
  }
  const dot = part.indexOf('.');
  if (dot < 0) {
    if (value === null) delete container[part];
    else container[part] = value;
  } else {
    const head = part.slice(0, dot);
    const key = part.slice(dot + 1);
    const map = (container[head] ||= {});
    if (value === null) delete map[key];
    else map[key] = value;
  }
  return part;
}

/** Applies one ConsoleUpdate to the current state and tells the listeners. */
export function applyUpdate(update) {
  if (!state) return;
  const part = mergeUpdate(state, update);
  if (part) notify([update.cluster ? part.split('.')[0] : part.split('.')[0]]);
}

/** Tells the listeners that something outside ConsoleState changed (e.g. the connection). */
export function touch(part) {
  notify([part]);
}
