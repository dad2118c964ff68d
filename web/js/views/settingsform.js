// A settings form generated from a service's settings JSON: a field per leaf. Save sends only
// what changed as a partial update (nested objects by key, a changed list whole). A refused
// update (422) names the key in error.message (`penalties.cpu_threshold: must be …`): the
// message shows next to that field and nothing else changes.
import * as api from '../api.js';
import { el } from '../dom.js';
import { humanize } from '../format.js';

const forms = new Map();

const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** New items for the lists of objects the console knows. */
const TEMPLATES = {
  migration_windows: { name: 'window', enabled: true, days: [], start: '22:00', end: '06:00' },
  blackout_windows: { name: 'blackout', enabled: true, days: [], start: '08:00', end: '18:00' },
  destinations: { id: 'new', kind: 'webhook', url: 'https://', enabled: true, min_severity: 'warning' },
};

const CHOICES = {
  min_severity: ['info', 'warning', 'critical'],
  kind: ['slack', 'discord', 'ntfy', 'gotify', 'webhook'],
  sensitivity: ['conservative', 'balanced', 'aggressive'],
  trend_weight: ['low', 'medium', 'high'],
};

const FIRST = ['id', 'name', 'kind', 'url', 'enabled'];

/** An item's keys with the identifying ones first. */
function ordered(item) {
  const rank = (key) => (FIRST.includes(key) ? FIRST.indexOf(key) : FIRST.length);
  return Object.entries(item).sort(([a], [b]) => rank(a) - rank(b));
}

/** The changed keys of `draft` against `original`: objects by key, anything else whole. */
export function diff(original, draft) {
  const patch = {};
  for (const [key, value] of Object.entries(draft || {})) {
    if (key === 'v') continue;
    const before = original?.[key];
    if (value && typeof value === 'object' && !Array.isArray(value) && before && typeof before === 'object' && !Array.isArray(before)) {
      const inner = diff(before, value);
      if (Object.keys(inner).length) patch[key] = inner;
    } else if (!same(before, value)) {
      patch[key] = clone(value);
    }
  }
  return patch;
}

/** The key a refusal names: the text before the first `: `. */
export function errorKey(message) {
  const match = /^([A-Za-z0-9_.[\]-]+):\s/.exec(String(message || ''));
  return match ? match[1] : null;
}

function pathText(path) {
  return path.reduce((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}

function getAt(object, path) {
  return path.reduce((value, part) => (value == null ? undefined : value[part]), object);
}

function setAt(object, path, value) {
  let target = object;
  for (const part of path.slice(0, -1)) target = target[part];
  target[path[path.length - 1]] = value;
}

function safeId(text) {
  return text.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * The form state for `key` (one per page form): created from `settings`, refreshed from new
 * settings while nothing was edited.
 */
function formState(key, settings) {
  let form = forms.get(key);
  if (!form) {
    form = { original: clone(settings), draft: clone(settings), errors: {}, general: '', status: '' };
    forms.set(key, form);
  } else if (!same(form.original, settings)) {
    const dirty = Object.keys(diff(form.original, form.draft)).length > 0;
    form.original = clone(settings);
    if (!dirty) form.draft = clone(settings);
  }
  return form;
}

/**
 * Renders the form. `service` is scoring, executor or notifier; `key` names the form's state;
 * `include` limits the top-level keys; `extras(path, value)` may add controls to a list item.
 */
export function settingsForm(ctx, { service, key = service, settings, include = null, title = null, extras = null }) {
  if (!settings) return el('p', { class: 'empty' }, `No ${service} settings yet: waiting for the service.`);
  const form = formState(key, settings);
  const readOnly = !ctx.operator;

  function field(path, value) {
    const name = pathText(path);
    const id = `f-${key}-${safeId(name)}`;
    const errorId = `${id}-error`;
    const last = path[path.length - 1];
    const label = typeof last === 'number' ? `#${last + 1}` : humanize(last);
    const common = { id, name, testid: `setting-${service}-${name}`, 'aria-describedby': errorId, disabled: readOnly, 'data-path': name };
    let input;
    if (typeof value === 'boolean') {
      input = el('input', { ...common, type: 'checkbox', checked: value, on: { change: (e) => setAt(form.draft, path, e.target.checked) } });
    } else if (typeof value === 'number') {
      input = el('input', { ...common, type: 'number', step: 'any', value: String(value), on: { input: (e) => setAt(form.draft, path, e.target.value === '' ? '' : Number(e.target.value)) } });
    } else if (Array.isArray(value)) {
      input = el('input', {
        ...common,
        type: 'text',
        value: value.join(', '),
        placeholder: 'comma-separated',
        on: { input: (e) => setAt(form.draft, path, e.target.value.split(',').map((s) => s.trim()).filter(Boolean)) },
      });
    } else if (CHOICES[last]) {
      input = el('select', { ...common, on: { change: (e) => setAt(form.draft, path, e.target.value) } }, CHOICES[last].map((c) => el('option', { value: c, selected: c === value }, c)));
    } else {
      input = el('input', { ...common, type: 'text', value: value ?? '', on: { input: (e) => setAt(form.draft, path, e.target.value) } });
    }
    const error = form.errors[name];
    return el(
      'div',
      { class: ['field', typeof value === 'boolean' && 'field-check', error && 'field-invalid'] },
      el('label', { for: id }, label, el('span', { class: 'key' }, name)),
      input,
      el('span', { class: 'field-error', id: errorId, role: error ? 'alert' : null, testid: `setting-error-${service}-${name}` }, error || ''),
    );
  }

  function group(path, value) {
    const name = pathText(path);
    const last = path[path.length - 1];
    if (Array.isArray(value) && (value.length === 0 ? TEMPLATES[last] : typeof value[0] === 'object')) {
      const items = value.map((item, index) =>
        el(
          'fieldset',
          { class: 'list-item', testid: `setting-item-${service}-${name}[${index}]` },
          el('legend', {}, `${humanize(last)} #${index + 1}${item?.id ? ` (${item.id})` : item?.name ? ` (${item.name})` : ''}`),
          ordered(item).map(([k, v]) => node([...path, index, k], v)),
          extras ? extras([...path, index], item) : null,
          readOnly
            ? null
            : el(
                'button',
                {
                  type: 'button',
                  class: 'small danger',
                  testid: `setting-remove-${service}-${name}[${index}]`,
                  on: {
                    click: () => {
                      getAt(form.draft, path).splice(index, 1);
                      ctx.rerender();
                    },
                  },
                },
                'Remove',
              ),
        ),
      );
      return el(
        'fieldset',
        { class: 'group', testid: `setting-group-${service}-${name}` },
        el('legend', {}, humanize(last)),
        items.length ? items : el('p', { class: 'muted' }, 'None.'),
        readOnly || !TEMPLATES[last]
          ? null
          : el(
              'button',
              {
                type: 'button',
                class: 'small',
                testid: `setting-add-${service}-${name}`,
                on: {
                  click: () => {
                    getAt(form.draft, path).push(clone(TEMPLATES[last]));
                    ctx.rerender();
                  },
                },
              },
              `Add ${humanize(last).toLowerCase().replace(/s$/, '')}`,
            ),
        el('span', { class: 'field-error', role: form.errors[name] ? 'alert' : null, testid: `setting-error-${service}-${name}` }, form.errors[name] || ''),
      );
    }
    const entries = Object.entries(value);
    return el(
      'fieldset',
      { class: 'group', testid: `setting-group-${service}-${name}` },
      el('legend', {}, humanize(last)),
      entries.length ? entries.map(([k, v]) => node([...path, k], v)) : el('p', { class: 'muted' }, 'None.'),
    );
  }

  function node(path, value) {
    if (value && typeof value === 'object' && !(Array.isArray(value) && !(value.length === 0 ? TEMPLATES[path[path.length - 1]] : typeof value[0] === 'object'))) return group(path, value);
    return field(path, value);
  }

  async function save(event) {
    event.preventDefault();
    let patch = diff(form.original, form.draft);
    if (include) patch = Object.fromEntries(Object.entries(patch).filter(([k]) => include.includes(k)));
    form.errors = {};
    form.general = '';
    if (!Object.keys(patch).length) {
      form.status = 'Nothing changed.';
      ctx.rerender();
      return;
    }
    form.status = 'Saving…';
    ctx.rerender();
    try {
      const reply = await api.updateSettings(ctx.cluster, service, patch);
      const saved = reply?.result || form.draft;
      form.original = clone(saved);
      form.draft = clone(saved);
      form.status = `Saved: ${Object.keys(patch).join(', ')}.`;
    } catch (error) {
      form.status = '';
      const message = api.errorText(error);
      const name = errorKey(message);
      if (name && error.status === 422) form.errors[name] = message;
      else form.general = message;
      if (name && error.status === 422 && !document.querySelector(`[data-path="${CSS.escape(name)}"]`) && !existsAsGroup(name)) {
        delete form.errors[name];
        form.general = message;
      }
    }
    ctx.rerender();
  }

  function existsAsGroup(name) {
    return Boolean(document.querySelector(`[data-testid="${CSS.escape(`setting-group-${service}-${name}`)}"]`));
  }

  function reset() {
    form.draft = clone(form.original);
    form.errors = {};
    form.general = '';
    form.status = '';
    ctx.rerender();
  }

  const entries = Object.entries(form.draft).filter(([k]) => k !== 'v' && (!include || include.includes(k)));
  return el(
    'form',
    { class: 'settings-form', testid: `settings-form-${key}`, novalidate: true, on: { submit: save } },
    title ? el('h2', {}, title) : null,
    entries.map(([k, v]) => node([k], v)),
    el('p', { class: 'error-text', role: form.general ? 'alert' : null, testid: `settings-error-${key}` }, form.general),
    el('p', { class: 'muted', role: 'status', testid: `settings-status-${key}` }, form.status),
    readOnly
      ? el('p', { class: 'muted' }, 'Read only (viewer).')
      : el('div', { class: 'actions' }, el('button', { type: 'button', testid: `settings-reset-${key}`, on: { click: reset } }, 'Undo changes'), el('button', { type: 'submit', class: 'primary', testid: `settings-save-${key}` }, 'Save')),
  );
}
