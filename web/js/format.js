// Number, size, time and label formatting for the console.

/** `83.1 %` (one decimal), or `–` when absent. */
export function pct(value) {
  return Number.isFinite(value) ? `${value.toFixed(1)} %` : '–';
}

/** A number with at most `digits` decimals. */
export function num(value, digits = 1) {
  if (!Number.isFinite(value)) return '–';
  return Number(value.toFixed(digits)).toString();
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** `8.0 GiB`. */
export function bytes(value) {
  if (!Number.isFinite(value)) return '–';
  let v = value;
  let unit = 0;
  while (Math.abs(v) >= 1024 && unit < UNITS.length - 1) {
    v /= 1024;
    unit += 1;
  }
  return `${v.toFixed(unit === 0 ? 0 : 1)} ${UNITS[unit]}`;
}

/** `399.0 MiB/s`. */
export function rate(value) {
  return Number.isFinite(value) ? `${bytes(value)}/s` : '–';
}

/** `42 s`, `3 min 5 s`, `2 h 4 min`, `3 d 2 h`. */
export function duration(seconds) {
  if (!Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

/** A timestamp as local date and time, e.g. `2026-11-23 09:00:00`. */
export function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** `VM` for qemu, `CT` for lxc. */
export function guestKind(type) {
  return type === 'lxc' ? 'CT' : 'VM';
}

/** `VM 116 (Firewall999)`. */
export function guestLabel(guest) {
  return `${guestKind(guest.type)} ${guest.vmid}${guest.name ? ` (${guest.name})` : ''}`;
}

const ACRONYMS = { cpu: 'CPU', ha: 'HA', io: 'IO', iowait: 'IOWait', gib: 'GiB', 'n plus one': 'N+1', id: 'ID', url: 'URL', pct: '%' };

/** `snake_case_words` → `Snake case words`. */
export function humanize(key) {
  const text = String(key ?? '')
    .replace(/[_.]+/g, ' ')
    .trim()
    .replace(/\b(cpu|ha|io|iowait|gib|n plus one|id|url|pct)\b/gi, (word) => ACRONYMS[word.toLowerCase()] || word);
  return text ? text[0].toUpperCase() + text.slice(1) : '';
}

/** A CSS class for a confidence value: conf-high (≥ 75), conf-mid (≥ 50), conf-low. */
export function confidenceClass(value) {
  if (!Number.isFinite(value)) return 'conf-low';
  return value >= 75 ? 'conf-high' : value >= 50 ? 'conf-mid' : 'conf-low';
}

/** A CSS class for a load percentage: ok, warn (≥ 60), crit (≥ 80). */
export function loadClass(value) {
  if (!Number.isFinite(value)) return 'ok';
  return value >= 80 ? 'crit' : value >= 60 ? 'warn' : 'ok';
}
