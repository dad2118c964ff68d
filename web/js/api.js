// The console's HTTP API (docs/web-console.md): JSON over fetch with the session cookie and,
// on every POST but login, the session's X-CSRF-Token.

/** An answer that was not 2xx: `status`, the error's `code` and `message`, and the decoded `body`. */
export class ApiError extends Error {
  constructor(status, code, message, body) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

let csrfToken = '';
let session = null;
const unauthenticatedListeners = new Set();

/** Calls `listener` whenever an API call answers 401 (the session ended). */
export function onUnauthenticated(listener) {
  unauthenticatedListeners.add(listener);
}

/** The current session `{user, role, csrf_token}`, or null. */
export function currentSession() {
  return session;
}

/** Whether the signed-in user may send commands (role operator). */
export function canOperate() {
  return session?.role === 'operator';
}

function remember(answer) {
  session = answer;
  csrfToken = answer?.csrf_token || '';
  return answer;
}

async function call(method, path, body, { notifyUnauthenticated = true } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, 'network', `The console cannot be reached (${error.message})`, null);
  }
  let decoded = null;
  const text = await response.text();
  if (text) {
    try {
      decoded = JSON.parse(text);
    } catch {
      decoded = null;
    }
  }
  if (response.ok) return decoded;
  const error = decoded?.error || {};
  if (response.status === 401 && notifyUnauthenticated) {
    remember(null);
    for (const listener of unauthenticatedListeners) listener();
  }
  const failure = new ApiError(response.status, error.code || `http_${response.status}`, error.message || response.statusText, decoded);
  const retryAfter = response.headers.get('Retry-After');
  if (retryAfter) failure.retryAfter = Number(retryAfter);
  throw failure;
}

/** `POST /api/login`: signs in and keeps the CSRF token. */
export async function login(username, password) {
  return remember(await call('POST', '/api/login', { username, password }, { notifyUnauthenticated: false }));
}

/** `GET /api/session`: the current session, or throws ApiError 401. */
export async function checkSession() {
  return remember(await call('GET', '/api/session', undefined, { notifyUnauthenticated: false }));
}

/** `POST /api/logout`. */
export async function logout() {
  try {
    await call('POST', '/api/logout', {}, { notifyUnauthenticated: false });
  } finally {
    remember(null);
  }
}

/** `GET /api/state`: the whole ConsoleState. */
export function fetchState() {
  return call('GET', '/api/state');
}

const enc = encodeURIComponent;

/**
 * `POST /api/clusters/<cluster>/<service>/request/<op>`: a bus request; resolves with the
 * service's Reply (`ok` true), throws ApiError with the Reply as `body` otherwise.
 */
export function request(cluster, service, op, payload = {}) {
  return call('POST', `/api/clusters/${enc(cluster)}/${enc(service)}/request/${enc(op)}`, payload);
}

/** `POST /api/clusters/<cluster>/<service>/settings`: a partial settings update. */
export function updateSettings(cluster, service, patch) {
  return call('POST', `/api/clusters/${enc(cluster)}/${enc(service)}/settings`, patch);
}

/** `POST /api/clusters/<cluster>/nodes/<node>/maintenance`. */
export function setMaintenance(cluster, node, enabled) {
  return call('POST', `/api/clusters/${enc(cluster)}/nodes/${enc(node)}/maintenance`, { enabled });
}

/** The message to show for a failed call: the service's own error message when there is one. */
export function errorText(error) {
  if (error instanceof ApiError) {
    if (error.status === 403 && error.code === 'forbidden') return 'Your account may only read (viewer).';
    if (error.status === 429) return `Too many attempts: try again in ${error.retryAfter || 60} s.`;
    return error.message || error.code;
  }
  return String(error?.message || error);
}
